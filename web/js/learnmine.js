// My learning (#/learning[?tab=active|completed|left]): the official's enrolments, newest activity first, a
// page at a time (GET /me/enrolments?status=). Each card: title, provider, progress, status, due date, and
// the way on: "Continue" into the player, "View certificate" once completed, "Leave" (after a confirmation,
// DELETE /contents/{id}/enrolment; progress is kept for coming back), "Enrol again" after leaving.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, formatDate, pagedList, newStore, screenMemory, countKey, alertBox, setAlert, busy } from './ui.js';
import { learnStyles, learnTitle, providerName, enrolStatusTag, progressBar } from './learnshared.js';

const PAGE = 20;
const TABS = ['active', 'completed', 'left'];
const remember = screenMemory(() => ({ stores: {}, said: '' }));

function tabs(current) {
  return h('nav', { class: 'tabs', 'aria-label': t('learn.mine.tabs') },
    h('ul', null, TABS.map((tab) => h('li', null,
      h('a', { class: 'tabs__link', href: tab === 'active' ? '#/learning' : `#/learning?tab=${tab}`,
        'aria-current': tab === current ? 'page' : null }, t(`learn.tab.${tab}`))))));
}

// The confirmation that replaces a card's actions before leaving.
function confirmLeave(e, actionsEl, restore, onLeft) {
  const title = learnTitle(e);
  const alert = alertBox(null);
  const yes = h('button', { type: 'button', class: 'button button--danger button--small' }, t('learn.leave.yes'));
  const no = h('button', { type: 'button', class: 'button button--secondary button--small' }, t('learn.leave.no'));
  const box = h('div', { class: 'lcard__confirm', role: 'group', 'aria-label': t('learn.leave.confirm', { title }) },
    h('p', null, t('learn.leave.confirm', { title })), h('p', { class: 'muted' }, t('learn.leave.kept')), alert,
    h('div', { class: 'toolbar toolbar--tight' }, yes, no));
  no.addEventListener('click', restore);
  yes.addEventListener('click', async () => {
    setAlert(alert, null);
    try {
      await busy(yes, t('learn.leave.busy'), () => api('DELETE', `/contents/${e.content_id}/enrolment`));
      onLeft();
    } catch (error) {
      setAlert(alert, error);
    }
  });
  replace(actionsEl, box);
  yes.focus();
}

function card(e, st, tab, announce) {
  const title = learnTitle(e);
  const actionsEl = h('div', { class: 'lcard__actions' });
  const li = h('li', { class: 'lcard', 'data-content-id': String(e.content_id) });

  const drawActions = () => {
    const leave = e.status === 'enrolled' || e.status === 'in_progress'
      ? h('button', { type: 'button', class: 'button button--secondary button--small', 'aria-label': t('learn.leave.label', { title }) },
        icon('x', 'icon icon--small'), h('span', null, t('learn.leave'))) : null;
    if (leave) {
      leave.addEventListener('click', () => confirmLeave(e, actionsEl, () => { drawActions(); leave.focus(); }, () => {
        const store = st.stores[tab];
        store.items = store.items.filter((x) => x.content_id !== e.content_id);
        delete st.stores.left; // the left tab loads afresh with it
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        announce(t('learn.leave.done', { title }));
        (next?.querySelector('a') || document.querySelector('[data-focus-heading]'))?.focus();
      }));
    }
    replace(actionsEl,
      e.status === 'completed'
        ? h('a', { class: 'button button--primary button--small', href: '#/learning/certificates', 'aria-label': t('learn.cert.view.label', { title }) },
          icon('file', 'icon icon--small'), h('span', null, t('learn.cert.view')))
        : e.status === 'left'
          ? h('a', { class: 'button button--secondary button--small', href: `#/contents/${e.content_id}`, 'aria-label': t('learn.enrol.again.label', { title }) },
            icon('arrowRight', 'icon icon--small'), h('span', null, t('learn.course.page')))
          : h('a', { class: 'button button--primary button--small', href: `#/learning/${e.content_id}`, 'aria-label': t('learn.continue.label', { title }) },
            icon('play', 'icon icon--small'), h('span', null, t('learn.continue'))),
      leave);
  };
  drawActions();

  replace(li,
    h('div', { class: 'lcard__main' },
      h('h2', { class: 'lcard__title' },
        h('a', { href: e.status === 'left' ? `#/contents/${e.content_id}` : `#/learning/${e.content_id}` }, title)),
      h('p', { class: 'lcard__meta' },
        e.provider ? h('span', null, icon('building', 'icon icon--small'), h('span', null, providerName(e.provider))) : null,
        enrolStatusTag(e.status),
        e.due_at ? h('span', { class: 'lcard__due' }, icon('clock', 'icon icon--small'),
          h('span', null, t('learn.due', { date: formatDate(e.due_at) }))) : null,
        e.source && e.source !== 'self' ? h('span', { class: 'muted' }, t(`learn.source.${e.source}`)) : null,
        e.completed_at ? h('span', { class: 'muted' }, t('learn.completed_on', { date: formatDate(e.completed_at) })) : null),
      progressBar(e.progress, t('learn.progress.of', { title }))),
    actionsEl);
  return li;
}

/** The "My learning" screen. */
export function renderMyLearning(ctx) {
  learnStyles();
  const q = ctx.route.query.get('tab');
  const tab = TABS.includes(q) ? q : 'active';
  const st = remember(String(ctx.visit));
  if (!st.stores[tab]) st.stores[tab] = newStore();
  const said = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const announce = (text) => { said.textContent = text; };
  const list = h('ul', { class: 'lcards', 'aria-label': t(`learn.tab.${tab}`) });
  const paged = pagedList({
    container: list,
    store: st.stores[tab],
    fetchPage: (cursor) => api('GET', `/me/enrolments?status=${tab}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    renderItem: (e) => card(e, st, tab, announce),
    countText: (n, more) => t(countKey('learn.mine.count', n, more), { count: formatNumber(n) }),
    emptyText: t(`learn.mine.empty.${tab}`),
  });
  return h('div', { class: 'page page--learning' },
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('learn.mine.title') }]),
    pageHeader('book', t('learn.mine.title'), h('p', { class: 'lead' }, t('learn.mine.lead'))),
    h('p', { class: 'toolbar toolbar--tight' },
      h('a', { class: 'button button--secondary button--small', href: '#/learning/certificates' }, icon('file', 'icon icon--small'), h('span', null, t('learn.link.certificates'))),
      h('a', { class: 'button button--secondary button--small', href: '#/learning/hours' }, icon('clock', 'icon icon--small'), h('span', null, t('learn.link.hours'))),
      h('a', { class: 'button button--secondary button--small', href: '#/catalogue' }, icon('search', 'icon icon--small'), h('span', null, t('learn.link.catalogue')))),
    tabs(tab),
    said,
    paged.element);
}
