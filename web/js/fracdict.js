// The competencies section (#/competencies): the way into one's passport, gaps and matching posts (and, for
// a supervisor, their team; for an administrator, roles, positions, gaps and the proposal queue), and the
// dictionary itself: search, filter by status, and the competencies of each area a page at a time.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, otherName, statusTag, pagedList, newStore, screenMemory, countKey } from './ui.js';
import { AREAS, areaLabel, adminOrgs, isAdmin } from './fracshared.js';

const PAGE = 20;

const remember = screenMemory(() => ({
  filters: { q: '', status: 'active', area: '' }, applied: null, stores: {}, team: null,
}));

function quickCard(href, iconName, title, text, extra) {
  return h('li', { class: 'card card--quick' },
    h('span', { class: 'card__icon' }, icon(iconName)),
    h('h3', { class: 'card__title' }, h('a', { class: 'card__link', href }, title)),
    h('p', { class: 'card__text' }, text),
    extra || null);
}

function quickLinks(st, user) {
  const orgs = adminOrgs(user);
  const home = orgs[0];
  const team = st.team && st.team.length
    ? quickCard('#/team', 'users', t('frac.team.title'), t('frac.hub.team.text'),
      h('p', { class: 'card__status card__status--live' }, t('frac.hub.team.count', { count: formatNumber(st.team.length),
        pending: formatNumber(st.team.reduce((n, r) => n + (r.pending_verifications || 0), 0)) })))
    : null;
  return h('section', { class: 'block', 'aria-labelledby': 'frac-hub' },
    h('h2', { id: 'frac-hub', class: 'visually-hidden' }, t('frac.hub.title')),
    h('ul', { class: 'cards cards--quick' },
      quickCard('#/passport', 'file', t('frac.passport.mine'), t('frac.hub.passport.text')),
      quickCard('#/gaps', 'chart', t('frac.gaps.mine'), t('frac.hub.gaps.text')),
      quickCard('#/posts-i-fit', 'target', t('frac.fit.title'), t('frac.hub.fit.text')),
      team,
      isAdmin(user) ? quickCard('#/roles', 'clipboard', t('frac.roles.title'), t('frac.hub.roles.text')) : null,
      home ? quickCard(`#/orgs/${home.id}/positions`, 'building', t('frac.positions.title'), t('frac.hub.positions.text', { org: home.code })) : null,
      home ? quickCard(`#/orgs/${home.id}/gaps`, 'grid', t('frac.heat.title'), t('frac.hub.heat.text', { org: home.code })) : null,
      isAdmin(user) ? quickCard('#/competencies/proposals', 'inbox', t('frac.proposals.title'), t('frac.hub.proposals.text')) : null));
}

function competencyRow(c) {
  const other = otherName(c);
  return h('li', { class: 'row' },
    h('span', { class: `row__icon row__icon--${c.area}` }, icon('target', 'icon icon--small')),
    h('span', { class: 'row__main' },
      h('a', { class: 'row__title', href: `#/competencies/${c.id}` }, localName(c)),
      h('span', { class: 'row__meta' },
        h('span', { class: 'code code--plain' }, c.code), ' ',
        other ? h('span', { lang: other === c.name_hi ? 'hi' : 'en' }, other) : null),
      c.description ? h('span', { class: 'row__text' }, localName({ name: c.description, name_hi: c.description_hi })) : null),
    h('span', { class: 'row__side' },
      c.status !== 'active' ? statusTag(c.status) : null,
      h('span', { class: 'tag tag--muted' }, t('frac.version.short', { version: formatNumber(c.version) }))));
}

function areaSection(st, area) {
  const f = st.applied;
  if (!st.stores[area]) st.stores[area] = newStore();
  const list = h('ul', { class: 'rows', 'aria-labelledby': `frac-area-${area}` });
  const paged = pagedList({
    container: list, store: st.stores[area], renderItem: competencyRow,
    fetchPage: (cursor) => {
      const params = new URLSearchParams({ area, limit: String(PAGE) });
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.status) params.set('status', f.status);
      if (cursor) params.set('cursor', cursor);
      return api('GET', `/competencies?${params}`);
    },
    countText: (n, more) => t(countKey('frac.dict.count', n, more), { count: formatNumber(n) }),
    emptyText: f.q.trim() ? t('frac.dict.none.q', { q: f.q.trim() }) : t('frac.dict.none'),
  });
  return h('section', { class: `panel panel--wide area area--${area}`, 'aria-labelledby': `frac-area-${area}` },
    h('h2', { id: `frac-area-${area}` }, areaLabel(area)),
    h('p', { class: 'muted' }, t(`frac.area.${area}.lead`)),
    paged.element);
}

function dictionary(st) {
  const f = st.filters;
  const out = h('div', { class: 'areas' });
  const show = () => {
    const areas = st.applied.area ? [st.applied.area] : AREAS;
    replace(out, areas.map((a) => areaSection(st, a)));
  };
  const apply = () => {
    st.applied = { ...f };
    st.stores = {};
    show();
  };
  if (!st.applied) st.applied = { ...f };
  show();
  const select = (name, label, options) => h('div', { class: 'field' },
    h('label', { class: 'field__label', for: `dict-${name}` }, label),
    h('select', { id: `dict-${name}`, class: 'field__input', 'data-focus-key': `dict-${name}`,
      onchange: (e) => { f[name] = e.target.value; apply(); } },
    options.map(([value, text]) => h('option', { value, selected: f[name] === value }, text))));
  const form = h('form', { class: 'filters filters--dict', role: 'search', 'aria-label': t('frac.dict.filters'),
    onsubmit: (e) => { e.preventDefault(); apply(); } },
  h('div', { class: 'field filters__q' },
    h('label', { class: 'field__label', for: 'dict-q' }, t('frac.dict.q')),
    h('div', { class: 'search__row' },
      h('input', { id: 'dict-q', type: 'search', class: 'field__input', value: f.q, autocomplete: 'off', 'data-focus-key': 'dict-q',
        'aria-describedby': 'dict-q-hint', oninput: (e) => { f.q = e.target.value; } }),
      h('button', { type: 'submit', class: 'button button--primary' }, icon('search'), h('span', null, t('frac.dict.search')))),
    h('p', { class: 'field__hint', id: 'dict-q-hint' }, t('frac.dict.q.hint'))),
  select('area', t('frac.field.area'), [['', t('frac.dict.all_areas')], ...AREAS.map((a) => [a, areaLabel(a)])]),
  select('status', t('frac.field.status'), [['active', t('status.active')], ['retired', t('status.retired')], ['', t('frac.dict.any_status')]]));
  return h('section', { class: 'dictionary', 'aria-labelledby': 'frac-dict' },
    h('h2', { id: 'frac-dict' }, t('frac.dict.title')),
    h('p', { class: 'muted' }, t('frac.dict.lead')),
    form, out);
}

/** The competencies section. */
export function renderDictionary(ctx) {
  const st = remember(`${ctx.visit}`);
  const page = h('div', { class: 'page page--frac' });
  const draw = () => replace(page,
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('section.competencies.title') }]),
    pageHeader('target', t('section.competencies.title'), h('p', { class: 'lead' }, t('frac.hub.lead'))),
    quickLinks(st, ctx.user),
    dictionary(st));
  draw();
  if (st.team === null) {
    st.team = [];
    // Whether anyone reports to this person decides the "My team" card; the page stands without it.
    api('GET', '/me/reportees').then((answer) => {
      st.team = answer.items || [];
      if (st.team.length && page.isConnected) {
        const old = page.querySelector('.cards--quick')?.closest('section');
        if (old) old.replaceWith(quickLinks(st, ctx.user));
      }
    }, () => {});
  }
  return page;
}
