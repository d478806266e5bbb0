// An official's competency gaps (#/gaps for oneself, #/officials/{id}/gaps): for each competency their posts
// require, the required level against the verified one, drawn as bars on a 0–5 scale (a self-declared level
// is marked, never counted), largest gaps first; the same numbers as a table under the chart.

import { h, s } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, screenMemory, loadedPage } from './ui.js';
import { competencyLink, tiles, personTabs, LEVELS, postTitle } from './fracshared.js';

const remember = screenMemory(() => ({ gaps: null, self: false }));
const UNIT = 100; // SVG units per level

function gapWords(item) {
  return item.gap ? t('frac.gap.short', { n: formatNumber(item.gap) }) : t('frac.gap.met');
}

function barLabel(item) {
  return t('frac.gap.bar', {
    competency: localName(item.competency), required: formatNumber(item.required_level), verified: formatNumber(item.verified_level),
    gap: gapWords(item),
  }) + (item.self_declared_level ? ` ${t('frac.gap.bar.self', { level: formatNumber(item.self_declared_level) })}` : '');
}

/** One competency's bar: verified level filled, the shortfall up to the required level hatched, a marker at required. */
function gapBar(item) {
  const req = item.required_level * UNIT;
  const ver = Math.min(item.verified_level, 5) * UNIT;
  return s('svg', { class: 'gapbar', viewBox: '0 0 500 30', role: 'img', 'aria-label': barLabel(item),
    focusable: 'false' },
  LEVELS.map((n) => s('rect', { x: (n - 1) * UNIT + 1, y: 6, width: UNIT - 2, height: 16, class: 'gapbar__cell' })),
  ver ? s('rect', { x: 0, y: 6, width: ver, height: 16, class: `gapbar__verified${item.gap ? '' : ' gapbar__verified--met'}` }) : null,
  item.gap ? s('rect', { x: ver, y: 6, width: req - ver, height: 16, class: 'gapbar__gap' }) : null,
  s('rect', { x: Math.min(req - 3, 494), y: 0, width: 6, height: 28, class: 'gapbar__required' }),
  item.self_declared_level ? s('circle', { cx: item.self_declared_level * UNIT - 12, cy: 14, r: 6, class: 'gapbar__self' }) : null);
}

function legend() {
  const swatch = (cls) => h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' });
  return h('ul', { class: 'legend', 'aria-label': t('frac.gap.legend') },
    h('li', null, swatch('swatch--verified'), t('frac.gap.legend.verified')),
    h('li', null, swatch('swatch--met'), t('frac.gap.legend.met')),
    h('li', null, swatch('swatch--gap'), t('frac.gap.legend.gap')),
    h('li', null, swatch('swatch--required'), t('frac.gap.legend.required')),
    h('li', null, swatch('swatch--self'), t('frac.gap.legend.self')));
}

function chart(items) {
  return h('div', { class: 'gapchart' },
    h('div', { class: 'gapchart__axis', 'aria-hidden': 'true' },
      h('span', { class: 'gapchart__name' }),
      h('span', { class: 'gapchart__scale' }, LEVELS.map((n) => h('span', null, formatNumber(n)))),
      h('span', { class: 'gapchart__words' })),
    h('ul', { class: 'gapchart__rows', 'aria-label': t('frac.gap.chart') }, items.map((item) => h('li', { class: 'gapchart__row' },
      h('span', { class: 'gapchart__name' }, competencyLink(item.competency)),
      h('span', { class: 'gapchart__scale' }, gapBar(item)),
      h('span', { class: `gapchart__words${item.gap ? ' gapchart__words--gap' : ' gapchart__words--met'}` },
        icon(item.gap ? 'alert' : 'check', 'icon icon--small'),
        h('span', null, gapWords(item)))))));
}

function table(items) {
  return h('details', { class: 'as-table' },
    h('summary', null, t('frac.gap.table.show')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('frac.gap.table')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('frac.col.competency')),
        h('th', { scope: 'col', class: 'num' }, t('frac.col.required')),
        h('th', { scope: 'col', class: 'num' }, t('frac.col.verified')),
        h('th', { scope: 'col', class: 'num' }, t('frac.col.self')),
        h('th', { scope: 'col', class: 'num' }, t('frac.col.gap')))),
      h('tbody', null, items.map((i) => h('tr', null,
        h('th', { scope: 'row' }, localName(i.competency)),
        h('td', { class: 'num' }, formatNumber(i.required_level)),
        h('td', { class: 'num' }, formatNumber(i.verified_level)),
        h('td', { class: 'num' }, i.self_declared_level ? formatNumber(i.self_declared_level) : '—'),
        h('td', { class: 'num' }, formatNumber(i.gap))))))));
}

function draw(st) {
  const g = st.gaps;
  const person = g.official;
  const title = st.self ? t('frac.gaps.mine') : t('frac.gaps.of', { name: localName(person) });
  const summary = g.summary || {};
  const positions = g.positions || [];
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') }, { label: title }]),
    pageHeader('chart', title,
      h('p', { class: 'lead' }, positions.length
        ? t('frac.gaps.for', { posts: positions.map(postTitle).join(', ') })
        : t('frac.gaps.lead'))),
    personTabs(`#/officials/${person.id}`, 'gaps', { self: st.self }),
    positions.length ? [
      tiles([
        [t('frac.gaps.required'), summary.required],
        [t('frac.gaps.met'), summary.met, 'ok'],
        [t('frac.gaps.gaps'), summary.gaps, summary.gaps ? 'bad' : 'ok'],
      ], t('frac.gaps.summary')),
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'gaps-chart' },
        h('h2', { id: 'gaps-chart' }, t('frac.gap.chart')),
        h('p', { class: 'muted' }, t('frac.gap.chart.lead')),
        legend(),
        g.items.length ? chart(g.items) : h('p', { class: 'empty' }, t('frac.gaps.no_reqs')),
        g.items.length ? table(g.items) : null),
      st.self && summary.gaps ? h('p', null, h('a', { class: 'button button--secondary', href: '#/passport' }, icon('plus'),
        h('span', null, t('frac.gaps.declare')))) : null,
    ] : h('div', { class: 'notice' }, icon('info', 'icon notice__icon'),
      h('div', null, h('p', { class: 'notice__title' }, t('frac.gaps.no_post')), h('p', null, t('frac.gaps.no_post.text')))),
  ];
}

/** The gaps of ctx.officialId, or of the signed-in person when ctx.self. */
export function renderGaps(ctx) {
  const id = ctx.self ? ctx.user.id : ctx.officialId;
  const st = remember(`${ctx.visit}:${id}`);
  return loadedPage({
    state: st, title: t(ctx.self ? 'frac.gaps.mine' : 'frac.gaps.title'),
    load: async () => {
      st.gaps = await api('GET', `/officials/${id}/gaps`);
      st.self = st.gaps.official.id === ctx.user.id;
    },
    draw: () => draw(st),
  });
}
