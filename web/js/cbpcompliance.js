// The compliance dashboard of a plan (#/plans/{id}/compliance): for each item how many officials are
// assigned, enrolled, in progress, completed and overdue, with a completion bar; then, for one item
// (?item=ID), the same by organisation (GET .../compliance/orgs?item_id=); then, for one organisation
// (&org=ID, &status= to keep one standing), its officials a page at a time (GET .../compliance/officials).

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { canBrowseOrgs } from './session.js';
import { breadcrumb, pageHeader, loadedPage, screenMemory, formatNumber, formatDate, pagedList, newStore, countKey,
  selectField } from './ui.js';
import { contentTitle } from './catalogshared.js';
import { planTitle, yearText, mandatoryTag, completionBar, barLegend, COUNTS } from './cbpshared.js';

const PAGE = 50;
const STANDINGS = ['assigned', 'enrolled', 'in_progress', 'completed', 'overdue'];
const remember = screenMemory(() => ({ plan: null, items: [], orgs: null, store: newStore(), filter: { status: '' } }));

function counts(c) {
  return h('dl', { class: 'cbp-counts' }, COUNTS.map((k) => h('div', { class: `cbp-counts__item cbp-counts__item--${k}`, 'data-count': k },
    h('dt', null, t(`cbp.count.${k}`)), h('dd', null, formatNumber(c[k])))));
}

function itemCard(planId, item) {
  const title = contentTitle(item.content);
  return h('li', { class: 'cbp-comp', 'data-item-id': String(item.id) },
    h('div', { class: 'cbp-comp__head' },
      h('h3', { class: 'cbp-comp__title' }, title),
      mandatoryTag(item.mandatory),
      h('span', { class: 'muted' }, t('cbp.due', { date: formatDate(item.due) }))),
    completionBar(item.compliance, title),
    counts(item.compliance),
    h('p', null, h('a', { class: 'button button--secondary button--small', href: `#/plans/${planId}/compliance?item=${item.id}`,
      'aria-label': t('cbp.comp.byorg.label', { title }) }, icon('building', 'icon icon--small'), h('span', null, t('cbp.comp.byorg')))));
}

function orgsTable(planId, itemId, rows) {
  if (!rows.length) return h('p', { class: 'empty' }, t('cbp.comp.noorgs'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'aria-label': t('cbp.comp.orgs') },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('cbp.col.org')), h('th', { scope: 'col' }, t('cbp.col.completion')),
      COUNTS.map((k) => h('th', { scope: 'col', class: 'num' }, t(`cbp.count.${k}`))))),
    h('tbody', null, rows.map((r) => h('tr', { 'data-org-id': String(r.org.id) },
      h('th', { scope: 'row' }, h('a', { href: `#/plans/${planId}/compliance?item=${itemId}&org=${r.org.id}` }, localName(r.org)),
        h('span', { class: 'code code--plain' }, r.org.code)),
      h('td', { class: 'cbp-cell-bar' }, completionBar(r.compliance, localName(r.org))),
      COUNTS.map((k) => h('td', { class: 'num' }, formatNumber(r.compliance[k]))))))));
}

// An official's page is offered to those who administer people (MDO and platform admins); a CBP admin reads the name.
function officialRow(o, linked) {
  return h('tr', { 'data-official-id': String(o.id) },
    h('th', { scope: 'row' }, linked ? h('a', { href: `#/officials/${o.id}` }, localName(o)) : h('span', null, localName(o)),
      h('span', { class: 'cell__sub' }, o.email)),
    h('td', null, o.designation || '—'),
    h('td', null, o.org ? localName(o.org) : '—'),
    h('td', null, h('span', { class: `tag tag--status cbp-standing cbp-standing--${o.status}` }, t(`cbp.count.${o.status}`))),
    h('td', { class: 'num' }, t('cbp.percent', { percent: formatNumber(o.progress ?? 0) })),
    h('td', null, o.completed_at ? formatDate(o.completed_at) : '—'));
}

function officials(ctx, st, itemId, orgId, status) {
  const tbody = h('tbody');
  const paged = pagedList({
    container: tbody,
    store: st.store,
    wrap: (body) => h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'aria-label': t('cbp.comp.officials') },
      h('thead', null, h('tr', null, ['cbp.col.name', 'cbp.col.designation', 'cbp.col.org', 'cbp.col.standing', 'cbp.col.progress', 'cbp.col.completed']
        .map((k) => h('th', { scope: 'col' }, t(k))))), body)),
    fetchPage: (cursor) => api('GET', `/cbp-plans/${ctx.planId}/compliance/officials?item_id=${itemId}&org_id=${orgId}`
      + `${status ? `&status=${status}` : ''}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    renderItem: (o) => officialRow(o, canBrowseOrgs(ctx.user)),
    countText: (n, more) => t(countKey('cbp.comp.officials.count', n, more), { count: formatNumber(n) }),
    emptyText: t('cbp.comp.officials.none'),
  });
  st.filter.status = status;
  const filter = selectField({ form: 'cbp-comp', name: 'status', label: t('cbp.comp.standing'), model: st.filter,
    options: [['', t('cbp.comp.standing.all')], ...STANDINGS.map((s) => [s, t(`cbp.count.${s}`)])],
    onChange: (v) => ctx.go(`plans/${ctx.planId}/compliance?item=${itemId}&org=${orgId}${v ? `&status=${v}` : ''}`) });
  return h('section', { class: 'block', 'aria-labelledby': 'cbp-off-h' },
    h('h2', { id: 'cbp-off-h' }, t('cbp.comp.officials')),
    h('div', { class: 'filters filters--one' }, filter),
    paged.element);
}

/** The compliance dashboard. */
export function renderCompliance(ctx) {
  const q = ctx.route.query;
  const itemId = Number(q.get('item')) || null;
  const orgId = itemId ? Number(q.get('org')) || null : null;
  const status = orgId && STANDINGS.includes(q.get('status')) ? q.get('status') : '';
  const st = remember(`${ctx.visit}:${ctx.planId}:${itemId}:${orgId}:${status}`);
  return loadedPage({
    state: st,
    title: t('cbp.comp.title'),
    load: async () => {
      const [plan, comp] = await Promise.all([api('GET', `/cbp-plans/${ctx.planId}`), api('GET', `/cbp-plans/${ctx.planId}/compliance`)]);
      st.plan = plan;
      st.items = comp.items;
      if (itemId) st.orgs = (await api('GET', `/cbp-plans/${ctx.planId}/compliance/orgs?item_id=${itemId}`)).items;
    },
    draw: () => {
      const plan = st.plan;
      const item = itemId ? st.items.find((i) => i.id === itemId) : null;
      const org = orgId && st.orgs ? st.orgs.find((r) => r.org.id === orgId) : null;
      const base = `#/plans/${plan.id}/compliance`;
      const crumbs = [{ href: '#/home', label: t('nav.home') }, { href: `#/plans?org=${plan.org.id}`, label: t('cbp.plans.title') },
        { href: `#/plans/${plan.id}`, label: planTitle(plan) }, { href: base, label: t('cbp.comp.title') }];
      if (item) crumbs.push({ href: `${base}?item=${item.id}`, label: contentTitle(item.content) });
      if (org) crumbs.push({ href: '', label: localName(org.org) });
      return h('div', { class: 'cbp' },
        breadcrumb(crumbs),
        pageHeader('chart', t('cbp.comp.title'),
          h('p', { class: 'lead' }, t('cbp.comp.lead', { plan: planTitle(plan), org: localName(plan.org), year: yearText(plan.year) }))),
        barLegend(),
        !itemId ? h('section', { class: 'block', 'aria-labelledby': 'cbp-comp-items' },
          h('h2', { id: 'cbp-comp-items' }, t('cbp.comp.items')),
          st.items.length ? h('ul', { class: 'cbp-comps', 'aria-label': t('cbp.comp.items') }, st.items.map((i) => itemCard(plan.id, i)))
            : h('p', { class: 'empty' }, t('cbp.items.none'))) : null,
        item ? h('section', { class: 'block', 'aria-labelledby': 'cbp-comp-item' },
          h('h2', { id: 'cbp-comp-item' }, contentTitle(item.content)),
          completionBar(item.compliance, contentTitle(item.content)),
          counts(item.compliance)) : null,
        item && !orgId ? h('section', { class: 'block', 'aria-labelledby': 'cbp-comp-orgs' },
          h('h2', { id: 'cbp-comp-orgs' }, t('cbp.comp.orgs')),
          orgsTable(plan.id, item.id, st.orgs || [])) : null,
        item && orgId ? h('section', { class: 'block', 'aria-labelledby': 'cbp-comp-org' },
          h('h2', { id: 'cbp-comp-org' }, org ? localName(org.org) : `#${orgId}`),
          org ? completionBar(org.compliance, localName(org.org)) : null,
          org ? counts(org.compliance) : null,
          h('p', null, h('a', { href: `${base}?item=${item.id}` }, icon('arrowLeft', 'icon icon--small'), h('span', null, t('cbp.comp.back'))))) : null,
        item && orgId ? officials(ctx, st, item.id, orgId, status) : null);
    },
  });
}
