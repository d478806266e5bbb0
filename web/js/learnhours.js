// Learning hours and points (#/learning/hours): the minutes an official learnt in each month of a year drawn
// against the month's share of their yearly target, the year's total against the target, what they
// completed, their karma points with the ledger, and the leaderboard of their organisation or ministry. An
// admin also gets the forms to set a yearly target and karma rules (learnhoursadmin.js).

import { h, s, replace } from './dom.js';
import { t, has, language, locale, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, countKey, pageHeader, formatNumber, formatDate, pagedList, screenMemory, loadedPage, alertBox, setAlert,
  selectField } from './ui.js';
import { adminPanels } from './learnhoursadmin.js';

const remember = screenMemory(() => ({ hours: null, karma: null, ledger: null, board: null, rules: null,
  choice: { year: String(new Date().getUTCFullYear()), period: 'month', scope: 'org' }, admin: {} }));

const named = (record) => localName({ name: record.name_en, name_hi: record.name_hi });
const inHindi = (en, hi) => (language() === 'hi' && hi ? hi : en);
const hoursOf = (minutes) => formatNumber(Math.round((minutes / 60) * 10) / 10);
const monthName = (month) => new Intl.DateTimeFormat(locale(), { month: 'short', timeZone: 'UTC' })
  .format(new Date(Date.UTC(2026, month - 1, 1)));
/** An event's words, or its code for an event this screen does not know. */
export const eventLabel = (event) => (has(`karma.event.${event}`) ? t(`karma.event.${event}`) : event);

/** The years one may look at: this one and the four before. */
export function recentYears() {
  const now = new Date().getUTCFullYear();
  return [0, 1, 2, 3, 4].map((n) => String(now - n));
}

/** Numbers side by side: items [[label, value text, modifier]]. */
function numberTiles(items, label) {
  return h('dl', { class: 'counts counts--frac', 'aria-label': label },
    items.map(([text, value, mod]) => h('div', { class: `counts__item${mod ? ` counts__item--${mod}` : ''}` },
      h('dt', null, text), h('dd', null, value))));
}

// ---- The month chart

const CHART = { left: 56, top: 30, width: 660, height: 190, bar: 30 };

/** A round axis maximum at or above `n` minutes. */
function axisMax(n) {
  const steps = [60, 120, 300, 600, 1200, 3000, 6000, 12000, 30000, 60000];
  return steps.find((x) => x >= n) || Math.ceil(n / 60000) * 60000;
}

function monthChart(hours) {
  const share = hours.target_hours === null ? null : (hours.target_hours * 60) / 12;
  const top = axisMax(Math.max(...hours.months.map((m) => m.minutes), share || 0, 1));
  const y = (minutes) => CHART.top + CHART.height - (minutes / top) * CHART.height;
  const slot = CHART.width / 12;
  const ticks = [0, top / 2, top];
  const summary = t(share === null ? 'hours.chart.summary' : 'hours.chart.summary.target', {
    year: hours.year, hours: hoursOf(hours.total_minutes), share: share === null ? '' : formatNumber(Math.round(share)) });
  return s('svg', { class: 'hours-chart', viewBox: '0 0 730 250', role: 'img', 'aria-label': summary, focusable: 'false',
    'data-chart': 'months', width: '100%' },
  ticks.map((v) => [
    s('line', { x1: CHART.left, x2: CHART.left + CHART.width, y1: y(v), y2: y(v), stroke: '#d9dee8', 'stroke-width': 1 }),
    s('text', { x: CHART.left - 8, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#4a5568' }, formatNumber(v)),
  ]),
  s('text', { x: 4, y: 12, 'font-size': 11, fill: '#4a5568' }, t('hours.chart.axis')),
  hours.months.map((m, i) => {
    const x = CHART.left + i * slot + (slot - CHART.bar) / 2;
    const met = share !== null && m.minutes >= share;
    const label = t(share === null ? 'hours.chart.bar' : 'hours.chart.bar.target', { month: monthName(m.month),
      minutes: formatNumber(m.minutes), share: share === null ? '' : formatNumber(Math.round(share)) });
    return s('g', { 'data-month': m.month, 'data-minutes': m.minutes },
      s('title', null, label),
      m.minutes ? s('rect', { x, y: y(m.minutes), width: CHART.bar, height: CHART.top + CHART.height - y(m.minutes), rx: 3,
        fill: met ? '#138808' : '#2d3c60' }) : null,
      s('text', { x: x + CHART.bar / 2, y: CHART.top + CHART.height + 18, 'text-anchor': 'middle', 'font-size': 12,
        fill: '#1c2333' }, monthName(m.month)));
  }),
  share === null ? null : s('g', { 'data-share': Math.round(share) },
    s('line', { x1: CHART.left, x2: CHART.left + CHART.width, y1: y(share), y2: y(share), stroke: '#7a1b12',
      'stroke-width': 2, 'stroke-dasharray': '6 4' }),
    s('text', { x: CHART.left + CHART.width, y: y(share) - 6, 'text-anchor': 'end', 'font-size': 12, fill: '#7a1b12' },
      t('hours.chart.share', { minutes: formatNumber(Math.round(share)) }))),
  s('line', { x1: CHART.left, x2: CHART.left + CHART.width, y1: CHART.top + CHART.height, y2: CHART.top + CHART.height,
    stroke: '#6b7588', 'stroke-width': 1 }));
}

function legend(hasTarget) {
  // The gap chart's swatches (app.css), in the colours this chart uses.
  const swatch = (cls) => h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' });
  return h('ul', { class: 'legend', 'aria-label': t('hours.legend') },
    h('li', null, swatch('swatch--verified'), t('hours.legend.minutes')),
    hasTarget ? h('li', null, swatch('swatch--met'), t('hours.legend.met')) : null,
    hasTarget ? h('li', null, swatch('swatch--required'), t('hours.legend.share')) : null);
}

function monthTable(hours) {
  return h('details', { class: 'as-table' },
    h('summary', null, t('hours.table.show')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('hours.chart.title')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('hours.col.month')),
        h('th', { scope: 'col', class: 'num' }, t('hours.col.minutes')))),
      h('tbody', null, hours.months.map((m) => h('tr', null, h('th', { scope: 'row' }, monthName(m.month)),
        h('td', { class: 'num' }, formatNumber(m.minutes))))))));
}

/** The year's total against the target, as a bar. */
function yearBar(hours) {
  if (hours.target_hours === null) {
    return h('p', { class: 'muted', 'data-year-total': '' }, t('hours.year.no_target', { hours: hoursOf(hours.total_minutes) }));
  }
  const target = hours.target_hours * 60;
  const part = target ? Math.min(1, hours.total_minutes / target) : 1;
  const percent = target ? Math.round((hours.total_minutes / target) * 100) : 100;
  const text = t('hours.year.against', { hours: hoursOf(hours.total_minutes), target: formatNumber(hours.target_hours),
    percent: formatNumber(percent) });
  return h('div', { 'data-year-total': '' },
    h('p', null, text),
    s('svg', { viewBox: '0 0 600 16', preserveAspectRatio: 'none', role: 'img', 'aria-label': text, focusable: 'false',
      width: '100%', height: 16 },
    s('rect', { x: 0, y: 0, width: 600, height: 16, rx: 8, fill: '#eef1f7' }),
    part ? s('rect', { x: 0, y: 0, width: Math.max(16, 600 * part), height: 16, rx: 8, fill: percent >= 100 ? '#138808' : '#f28c28' }) : null),
    h('p', { class: 'muted' }, t('hours.target.from', { org: named(hours.target_org) })));
}

function completedTable(hours) {
  if (!hours.items.length) return h('p', { class: 'empty' }, t('hours.items.none'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-completed': '' },
    h('caption', null, t('hours.items.title', { year: hours.year })),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('hours.col.content')),
      h('th', { scope: 'col' }, t('hours.col.completed')), h('th', { scope: 'col', class: 'num' }, t('hours.col.minutes')))),
    h('tbody', null, hours.items.map((i) => h('tr', null,
      h('th', { scope: 'row' }, h('a', { href: `#/learning/${i.content_id}` }, inHindi(i.title_en, i.title_hi))),
      h('td', null, h('time', { datetime: i.completed_at }, formatDate(i.completed_at))),
      h('td', { class: 'num' }, formatNumber(i.minutes)))))));
}

// ---- Points

function ledgerRow(item) {
  return h('tr', { 'data-event': item.event },
    h('th', { scope: 'row' }, eventLabel(item.event),
      item.content ? h('span', { class: 'muted' }, ` · ${inHindi(item.content.title_en, item.content.title_hi)}`) : null),
    h('td', null, h('time', { datetime: item.at }, formatDate(item.at))),
    h('td', { class: 'num' }, `+${formatNumber(item.points)}`));
}

function ledger(st) {
  return pagedList({
    container: h('tbody'),
    wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-ledger': '' },
      h('caption', { class: 'visually-hidden' }, t('karma.ledger')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('karma.col.event')),
        h('th', { scope: 'col' }, t('karma.col.when')), h('th', { scope: 'col', class: 'num' }, t('karma.col.points')))),
      tbody)),
    store: st.ledger,
    renderItem: ledgerRow,
    fetchPage: (cursor) => api('GET', `/me/karma?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    countText: (n, more) => t(countKey('karma.ledger.count', n, more), { count: formatNumber(n) }),
    emptyText: t('karma.ledger.none'),
    label: t('karma.ledger'),
  }).element;
}

function boardTable(board, me) {
  if (!board.items.length) return h('p', { class: 'empty' }, t('karma.board.none'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-board': board.org.code },
    h('caption', null, t('karma.board.caption', { org: named(board.org), period: t(`karma.period.${board.period}`) })),
    h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, t('karma.col.rank')),
      h('th', { scope: 'col' }, t('karma.col.official')), h('th', { scope: 'col' }, t('karma.col.org')),
      h('th', { scope: 'col', class: 'num' }, t('karma.col.points')))),
    h('tbody', null, board.items.map((row) => {
      const mine = row.official.id === me;
      return h('tr', { 'aria-current': mine ? 'true' : null, class: mine ? 'row--current' : null },
        h('td', { class: 'num' }, formatNumber(row.rank)),
        h('th', { scope: 'row' }, named(row.official), mine ? h('strong', null, ` ${t('karma.board.you')}`) : null),
        h('td', null, named(row.official.org)),
        h('td', { class: 'num' }, formatNumber(row.points)));
    }))),
  board.me && !board.items.some((r) => r.official.id === me)
    ? h('p', null, t('karma.board.me', { rank: formatNumber(board.me.rank), points: formatNumber(board.me.points) })) : null);
}

function boardSection(st, ctx) {
  const holder = h('div', { 'aria-live': 'polite' }, st.board ? boardTable(st.board, ctx.user.id) : null);
  const alert = alertBox(null);
  const orgOf = () => (st.choice.scope === 'ministry' && st.karma.rank.ministry ? st.karma.rank.ministry.id : ctx.user.org.id);
  const reload = async () => {
    setAlert(alert, null);
    try {
      st.board = await api('GET', `/orgs/${orgOf()}/leaderboard?period=${st.choice.period}&limit=20`);
      replace(holder, boardTable(st.board, ctx.user.id));
    } catch (error) {
      setAlert(alert, error);
    }
  };
  const scopes = [['org', localName(ctx.user.org)]];
  if (st.karma.rank.ministry && st.karma.rank.ministry.id !== ctx.user.org.id) scopes.push(['ministry', named(st.karma.rank.ministry)]);
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'karma-board' },
    h('h2', { id: 'karma-board' }, t('karma.board.title')),
    h('div', { class: 'form__grid' },
      scopes.length > 1 ? selectField({ form: 'board', name: 'scope', label: t('karma.board.scope'), options: scopes,
        model: st.choice, onChange: reload }) : null,
      selectField({ form: 'board', name: 'period', label: t('karma.board.period'),
        options: ['month', 'year', 'all'].map((p) => [p, t(`karma.period.${p}`)]), model: st.choice, onChange: reload })),
    alert, holder);
}

/** How points are earned where the official works: each rule, national or their ministry's own. */
function rulesSection(st) {
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'karma-rules' },
    h('h2', { id: 'karma-rules' }, t('karma.rules.title')),
    h('p', { class: 'muted' }, t('karma.rules.lead')),
    rulesTable(st.rules.items));
}

/** The rules as a table; `actions(rule)` may add a cell of buttons. */
export function rulesTable(items, actions) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-rules': '' },
    h('caption', { class: 'visually-hidden' }, t('karma.rules.title')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('karma.col.event')),
      h('th', { scope: 'col', class: 'num' }, t('karma.col.points')), h('th', { scope: 'col' }, t('karma.col.cap')),
      h('th', { scope: 'col' }, t('karma.col.scope')), actions ? h('th', { scope: 'col' }, t('karma.col.actions')) : null)),
    h('tbody', null, items.map((r) => h('tr', { 'data-rule': r.event },
      h('th', { scope: 'row' }, eventLabel(r.event)),
      h('td', { class: 'num' }, formatNumber(r.points)),
      h('td', null, r.monthly_cap === null ? t('karma.cap.none') : t('karma.cap.value', { n: formatNumber(r.monthly_cap) })),
      h('td', null, h('span', { class: `tag ${r.scope === 'ministry' ? 'tag--ok' : 'tag--muted'}` }, t(`karma.scope.${r.scope}`))),
      actions ? h('td', null, actions(r)) : null)))));
}

// ---- The page

function draw(st, ctx) {
  const { hours, karma } = st;
  const title = t('hours.title');
  const rank = karma.rank;
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/learning', label: t('section.learning.title') },
      { label: title }]),
    pageHeader('chart', title, h('p', { class: 'lead' }, t('hours.lead'))),
    h('div', { class: 'form__grid' }, selectField({ form: 'hours', name: 'year', label: t('hours.year'),
      options: recentYears().map((y) => [y, y]), model: st.choice,
      onChange: () => { st.hours = null; st.reload('#hours-year'); } })),
    numberTiles([
      [t('hours.tile.learnt'), hoursOf(hours.total_minutes), hours.target_hours !== null
        && hours.total_minutes >= hours.target_hours * 60 ? 'ok' : null],
      [t('hours.tile.target'), hours.target_hours === null ? t('hours.tile.no_target') : formatNumber(hours.target_hours)],
      [t('hours.tile.completed'), formatNumber(hours.items.length)],
    ], t('hours.tiles')),
    hours.target_hours === null ? h('p', { class: 'muted' }, t('hours.target.none')) : null,
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'hours-chart' },
      h('h2', { id: 'hours-chart' }, t('hours.chart.title')),
      legend(hours.target_hours !== null),
      monthChart(hours),
      monthTable(hours),
      h('h3', null, t('hours.year.title', { year: hours.year })),
      yearBar(hours)),
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'hours-items' },
      h('h2', { id: 'hours-items' }, t('hours.items.heading')),
      completedTable(hours)),
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'karma-points' },
      h('h2', { id: 'karma-points' }, icon('target'), ' ', t('karma.title')),
      numberTiles([
        [t('karma.tile.total'), formatNumber(karma.total)],
        [t('karma.tile.month'), formatNumber(karma.this_month)],
        [t('karma.tile.rank'), t('karma.tile.rank.value', { position: formatNumber(rank.position), of: formatNumber(rank.of) })],
      ], t('karma.tiles')),
      h('p', { 'data-rank': '' }, t('karma.rank', { position: formatNumber(rank.position), of: formatNumber(rank.of),
        ministry: named(rank.ministry) })),
      h('h3', null, t('karma.ledger')),
      ledger(st)),
    boardSection(st, ctx),
    rulesSection(st),
    adminPanels(st, ctx, (focus) => st.reload(focus)),
  ];
}

/** The signed-in official's learning hours and points. */
export function renderHours(ctx) {
  const st = remember(`${ctx.visit}`);
  return loadedPage({
    state: st, title: t('hours.title'),
    load: async () => {
      const needKarma = !st.karma;
      const [hours, karma, board, rules] = await Promise.all([
        api('GET', `/me/learning-hours?year=${st.choice.year}`),
        needKarma ? api('GET', '/me/karma?limit=20') : null,
        st.board ? null : api('GET', `/orgs/${ctx.user.org.id}/leaderboard?period=${st.choice.period}&limit=20`),
        st.rules ? null : api('GET', `/karma-rules?org_id=${ctx.user.org.id}`),
      ]);
      if (rules) st.rules = rules;
      st.hours = hours;
      if (needKarma) {
        st.karma = karma;
        st.ledger = { items: karma.items, cursor: karma.next_cursor, loaded: true };
      }
      if (board) st.board = board;
    },
    draw: () => draw(st, ctx),
  });
}
