// The competency gap heatmap of an organisation (#/orgs/{id}/gaps), for its administrators: for each
// competency its posts require, how many of the officials holding them meet it and how many fall short by
// 1 to 5 levels. A table whose cells are shaded by their share of the row, so it reads as a picture and as
// numbers; the competencies with the most officials short come first.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, orgTrail, pageHeader, formatNumber, screenMemory, loadedPage } from './ui.js';
import { competencyLink, tiles, showWorking } from './fracshared.js';

const GAPS = [0, 1, 2, 3, 4, 5];

const remember = screenMemory(() => ({ org: null, data: null, subtree: true }));

function cell(count, total, k, item) {
  const share = total ? count / total : 0;
  const label = k === 0
    ? t('frac.heat.cell.met', { count: formatNumber(count), total: formatNumber(total), competency: localName(item.competency) })
    : t('frac.heat.cell.gap', { count: formatNumber(count), total: formatNumber(total), k: formatNumber(k), competency: localName(item.competency) });
  const td = h('td', { class: `heat__cell heat__cell--${k === 0 ? 'met' : `g${k}`}${count ? '' : ' heat__cell--zero'}`, title: label },
    h('span', { 'aria-hidden': 'true' }, formatNumber(count)),
    h('span', { class: 'visually-hidden' }, label));
  // The shade is the share of the row's officials in this cell: 0 is white, the whole row full colour.
  td.style.setProperty('--share', String(Math.round(share * 100) / 100));
  return td;
}

function heatmap(data) {
  return h('div', { class: 'table-wrap heat-wrap' }, h('table', { class: 'table heat' },
    h('caption', null, t('frac.heat.caption', { org: localName(data.org) })),
    h('thead', null,
      h('tr', null,
        h('th', { scope: 'col', rowspan: '2' }, t('frac.col.competency')),
        h('th', { scope: 'col', rowspan: '2', class: 'num' }, t('frac.heat.requiring')),
        h('th', { scope: 'col', rowspan: '2', class: 'heat__head heat__head--met' }, t('frac.heat.met')),
        h('th', { scope: 'colgroup', colspan: '5', class: 'heat__group' }, t('frac.heat.short'))),
      h('tr', null, GAPS.slice(1).map((k) => h('th', { scope: 'col', class: 'heat__head' },
        h('span', { 'aria-hidden': 'true' }, formatNumber(k)),
        h('span', { class: 'visually-hidden' }, t('frac.heat.short_by', { k: formatNumber(k) })))))),
    h('tbody', null, data.items.map((item) => h('tr', null,
      h('th', { scope: 'row' }, competencyLink(item.competency)),
      h('td', { class: 'num' }, formatNumber(item.officials_requiring)),
      GAPS.map((k) => cell((item.by_gap || [])[k] || 0, item.officials_requiring, k, item)))))));
}

function legend() {
  return h('div', { class: 'heat-legend', 'aria-hidden': 'true' },
    h('span', null, t('frac.heat.legend.few')),
    h('span', { class: 'heat-legend__ramp heat-legend__ramp--gap' }),
    h('span', null, t('frac.heat.legend.many')),
    h('span', { class: 'heat-legend__sep' }),
    h('span', { class: 'heat-legend__ramp heat-legend__ramp--met' }),
    h('span', null, t('frac.heat.legend.met')));
}

function draw(st, page) {
  const { org, data } = st;
  const withGap = data.items.reduce((n, i) => n + (i.officials_requiring - ((i.by_gap || [])[0] || 0)), 0);
  return [
    breadcrumb([...orgTrail(org), { label: t('frac.heat.title') }]),
    pageHeader('grid', t('frac.heat.heading', { org: localName(org) }), h('p', { class: 'lead' }, t('frac.heat.lead'))),
    h('div', { class: 'toolbar' },
      h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/positions` }, icon('building'), h('span', null, t('frac.positions.title'))),
      h('div', { class: 'field field--check toolbar__end' },
        h('input', { id: 'heat-subtree', type: 'checkbox', class: 'check', checked: st.subtree, 'data-focus-key': 'heat-subtree',
          onchange: (e) => {
            st.subtree = e.target.checked;
            showWorking(document.getElementById('heat-status'), t('frac.heat.working'));
            page.reloadData();
          } }),
        h('label', { for: 'heat-subtree' }, t('staff.subtree'))),
      h('p', { class: 'list-status', role: 'status', id: 'heat-status' })),
    tiles([
      [t('frac.heat.officials'), data.officials],
      [t('frac.heat.competencies'), data.items.length],
      [t('frac.heat.short_total'), withGap, withGap ? 'bad' : 'ok'],
    ], t('frac.heat.summary')),
    data.items.length
      ? h('section', { class: 'panel panel--wide', 'aria-labelledby': 'heat-title' },
        h('h2', { id: 'heat-title' }, t('frac.heat.title')),
        h('p', { class: 'muted' }, t('frac.heat.how')),
        legend(),
        heatmap(data))
      : h('div', { class: 'notice' }, icon('info', 'icon notice__icon'), h('p', null, t('frac.heat.none', { org: localName(org) }))),
  ];
}

/** The gap heatmap of ctx.orgId. */
export function renderHeatmap(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  const holder = {};
  const page = loadedPage({
    state: st, title: t('frac.heat.title'),
    load: async () => {
      const [org, data] = await Promise.all([
        st.org ? Promise.resolve(st.org) : api('GET', `/orgs/${ctx.orgId}`),
        api('GET', `/orgs/${ctx.orgId}/competency-gaps?subtree=${st.subtree ? 1 : 0}`)]);
      st.org = org;
      st.data = data;
    },
    draw: () => draw(st, holder),
  });
  holder.reloadData = () => st.reload('#heat-subtree');
  return page;
}
