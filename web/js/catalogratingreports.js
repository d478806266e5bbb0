// Reported reviews (#/rating-reports): the platform's moderators (an spv_admin, or a content reviewer of the
// platform organisation) see reports by status, a page at a time, each with the review as written, who wrote
// it, who reported it and why; an open report is upheld (the review's text is hidden, its stars still count)
// or dismissed. The server decides who is a moderator; anyone else sees its refusal.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, alertBox, setAlert, selectField, busy, pagedList, newStore,
  screenMemory, countKey,
} from './ui.js';
import { contentTitle } from './catalogshared.js';
import { starsView, starsText, ratingError, ratingStyles } from './catalogratings.js';

const PAGE = 20;
const STATUSES = ['open', 'upheld', 'dismissed'];

const remember = screenMemory(() => ({ filters: { status: 'open' }, store: newStore() }));

function reportItem(report, onDecided) {
  const r = report.rating || {};
  const alert = alertBox(null);
  const decide = (decision) => async (e) => {
    setAlert(alert, null);
    try {
      await busy(e.currentTarget, t('cat.rating.saving'), () => api('POST', `/rating-reports/${report.id}/decision`, { decision }));
      onDecided(decision);
    } catch (error) {
      setAlert(alert, ratingError(error));
    }
  };
  return h('li', { class: 'report-card', 'data-report-id': String(report.id) },
    h('p', { class: 'report-card__content' },
      h('a', { href: `#/contents/${report.content.id}` }, contentTitle(report.content))),
    h('p', { class: 'rating-review__head' }, starsView(r.stars, 'stars--small', starsText(r.stars)),
      h('span', { class: 'rating-review__author' }, t('cat.rating.mod.author', { name: localName(r.author) })),
      r.hidden ? h('span', { class: 'tag tag--muted' }, t('cat.rating.mod.hidden')) : null),
    h('blockquote', { class: 'report-card__review' }, r.review || ''),
    h('dl', { class: 'facts' },
      h('dt', null, t('cat.rating.mod.reason')), h('dd', null, report.reason),
      h('dt', null, t('cat.rating.mod.reporter')), h('dd', null, localName(report.reporter),
        ' · ', h('time', { datetime: report.created_at }, formatDateTime(report.created_at))),
      report.decided_by ? [h('dt', null, t('cat.rating.mod.decided')), h('dd', null, localName(report.decided_by),
        ' · ', h('time', { datetime: report.decided_at }, formatDateTime(report.decided_at)))] : null),
    alert,
    report.status === 'open' ? h('div', { class: 'toolbar toolbar--tight' },
      h('button', { type: 'button', class: 'button button--danger', onclick: decide('upheld') }, t('cat.rating.mod.uphold')),
      h('button', { type: 'button', class: 'button button--secondary', onclick: decide('dismissed') }, t('cat.rating.mod.dismiss'))) : null);
}

/** The moderators' list of reported reviews. */
export function renderRatingReports(ctx) {
  ratingStyles();
  const st = remember(`${ctx.visit}`);
  const page = h('div', { class: 'page page--wide' });
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' });
  const draw = () => {
    const list = h('ul', { class: 'report-cards' });
    const paged = pagedList({
      container: list,
      store: st.store,
      renderItem: (report) => reportItem(report, (decision) => {
        st.store = newStore();
        draw();
        page.querySelector('.list-status--decided').textContent = t(`cat.rating.mod.done.${decision}`);
      }),
      fetchPage: (cursor) => {
        const params = new URLSearchParams({ status: st.filters.status, limit: String(PAGE) });
        if (cursor) params.set('cursor', cursor);
        return api('GET', `/rating-reports?${params}`);
      },
      countText: (n, more) => t(countKey('cat.rating.mod.shown', n, more), { count: formatNumber(n) }),
      emptyText: t('cat.rating.mod.empty'),
    });
    status.className = 'list-status list-status--decided';
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('cat.rating.mod.title') }]),
      pageHeader('alert', t('cat.rating.mod.title'), h('p', { class: 'lead' }, t('cat.rating.mod.lead'))),
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'reports-list' },
        h('h2', { id: 'reports-list' }, t(`cat.rating.mod.status.${st.filters.status}`)),
        h('div', { class: 'filters filters--one' }, selectField({ form: 'reports', name: 'status', label: t('cat.field.status'),
          model: st.filters, options: STATUSES.map((s) => [s, t(`cat.rating.mod.status.${s}`)]),
          onChange: () => { st.store = newStore(); status.textContent = ''; draw(); page.querySelector('#reports-status')?.focus(); } })),
        status, paged.element));
  };
  draw();
  return page;
}
