// "My plan" on the home page: what the published capacity-building plans ask of the signed-in official
// (GET /me/plan-items), by due date, filtered as upcoming, overdue or completed; each item opens its content
// page, mandatory ones are marked and overdue ones stand out.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { alertBox, formatDate, formatNumber, screenMemory } from './ui.js';
import { contentTitle } from './catalogshared.js';
import { mandatoryTag } from './cbpshared.js';

const FILTERS = ['upcoming', 'overdue', 'completed', 'all'];
const remember = screenMemory(() => ({ items: null, error: null, pending: null, filter: 'upcoming' }));

const inFilter = (item, filter) => filter === 'all'
  || (filter === 'upcoming' ? item.status !== 'completed' && item.status !== 'overdue' : item.status === filter);

function itemCard(item) {
  const title = contentTitle(item.content);
  const overdue = item.status === 'overdue';
  return h('li', { class: `cbp-mine${overdue ? ' cbp-mine--overdue' : ''}`, 'data-content-id': String(item.content.id) },
    h('h3', { class: 'cbp-mine__title' }, h('a', { href: `#/contents/${item.content.id}` }, title)),
    h('p', { class: 'cbp-mine__meta' },
      item.mandatory ? mandatoryTag(true) : mandatoryTag(false),
      h('span', { class: overdue ? 'cbp-mine__due cbp-mine__due--overdue' : 'cbp-mine__due' }, icon(overdue ? 'alert' : 'clock', 'icon icon--small'),
        h('span', null, t(overdue ? 'cbp.mine.overdue_since' : 'cbp.due', { date: formatDate(item.due) }))),
      h('span', { class: `tag tag--status cbp-standing cbp-standing--${item.status}` }, t(`cbp.count.${item.status}`)),
      item.progress ? h('span', { class: 'muted' }, t('cbp.percent', { percent: formatNumber(item.progress) })) : null),
    h('p', { class: 'muted cbp-mine__plan' }, t('cbp.mine.from', { org: localName({ name: item.plan.org_name, name_hi: item.plan.org_name_hi }) })));
}

/** The "My plan" section for `user`; `visit` keeps what was loaded across a re-render (a language switch). */
export function myPlanSection({ user, visit }) {
  const st = remember(`${visit}:${user.id}`);
  const body = h('div', { class: 'cbp-mine-body' });
  const said = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  function draw() {
    if (st.error) return replace(body, alertBox(st.error));
    if (!st.items) return replace(body, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
    if (!st.items.length) return replace(body, h('p', { class: 'empty' }, t('cbp.mine.none')));
    const shown = st.items.filter((i) => inFilter(i, st.filter));
    const chips = h('div', { class: 'cbp-filters', role: 'group', 'aria-label': t('cbp.mine.filter') },
      FILTERS.map((f) => {
        const n = st.items.filter((i) => inFilter(i, f)).length;
        return h('button', { type: 'button', class: `chip cbp-filter${f === st.filter ? ' cbp-filter--on' : ''}`, 'aria-pressed': String(f === st.filter),
          'data-focus-key': `cbp-mine-${f}`, onclick: (e) => {
            st.filter = f;
            draw();
            body.querySelector(`[data-focus-key="cbp-mine-${f}"]`)?.focus();
            said.textContent = t('cbp.mine.showing', { count: formatNumber(st.items.filter((i) => inFilter(i, f)).length), filter: t(`cbp.mine.f.${f}`) });
            e.preventDefault();
          } }, t(`cbp.mine.f.${f}`), h('span', { class: 'count-badge' }, formatNumber(n)));
      }));
    return replace(body, chips,
      shown.length ? h('ul', { class: 'cbp-mines', 'aria-label': t('cbp.mine.list', { filter: t(`cbp.mine.f.${st.filter}`) }) }, shown.map(itemCard))
        : h('p', { class: 'empty' }, t(`cbp.mine.none.${st.filter}`)));
  }

  if (!st.items && !st.error && !st.pending) {
    st.pending = api('GET', '/me/plan-items').then((r) => { st.items = r.items; }, (error) => { st.error = error; })
      .finally(() => { st.pending = null; });
  }
  if (st.pending) st.pending.then(() => draw());
  draw();
  return h('section', { class: 'block cbp-mine-block', 'aria-labelledby': 'home-plan' },
    h('div', { class: 'block__header' },
      h('h2', { id: 'home-plan' }, t('cbp.mine.title')),
      h('p', { class: 'muted' }, t('cbp.mine.lead'))),
    said, body);
}
