// The invitation outbox of an organisation and its units (#/orgs/{id}/outbox). There is no mail server:
// invitations wait here, a page at a time, for an administrator to read or export as CSV and deliver.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatNumber, formatDateTime, breadcrumb, orgTrail, pageHeader, pagedList, newStore, screenMemory, loadedPage, countKey } from './ui.js';

const PAGE = 50;

const remember = screenMemory(() => ({ org: null, store: newStore() }));

function messageRow(item) {
  return h('tr', null,
    h('td', null, h('time', { datetime: item.created_at }, formatDateTime(item.created_at))),
    h('td', null, item.official_id ? h('a', { href: `#/officials/${item.official_id}` }, item.to_email) : item.to_email),
    h('td', null, t(`outbox.kind.${item.kind === 'invitation' ? 'invitation' : 'other'}`)),
    h('td', null,
      h('details', { class: 'message' },
        h('summary', null, item.subject),
        h('pre', { class: 'message__body' }, item.body))));
}

function draw(st) {
  const org = st.org;
  const body = h('tbody');
  const paged = pagedList({
    container: body, store: st.store, renderItem: messageRow,
    wrap: (tbody) => h('div', { class: 'table-wrap' },
      h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('outbox.table', { org: localName(org) })),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('outbox.col.when')),
          h('th', { scope: 'col' }, t('outbox.col.to')),
          h('th', { scope: 'col' }, t('outbox.col.kind')),
          h('th', { scope: 'col' }, t('outbox.col.message')))),
        tbody)),
    fetchPage: (cursor) => api('GET', `/outbox?org_id=${org.id}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    countText: (n, more) => t(countKey('outbox.count', n, more), { count: formatNumber(n) }),
    emptyText: t('outbox.none'),
  });
  return [
    breadcrumb([...orgTrail(org), { label: t('outbox.title') }]),
    pageHeader('inbox', t('outbox.heading', { org: localName(org) }), h('p', { class: 'lead' }, t('outbox.lead'))),
    h('div', { class: 'toolbar' },
      h('a', { class: 'button button--primary', href: `/api/v1/outbox.csv?org_id=${org.id}`, download: `outbox-${org.code}.csv` },
        icon('download'), h('span', null, t('outbox.export')))),
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'outbox-list' },
      h('h2', { id: 'outbox-list' }, t('outbox.list')),
      paged.element),
  ];
}

/** The outbox of ctx.orgId. */
export function renderOutbox(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  return loadedPage({
    state: st, title: t('outbox.title'),
    load: async () => { st.org = await api('GET', `/orgs/${ctx.orgId}`); },
    draw: () => draw(st),
  });
}
