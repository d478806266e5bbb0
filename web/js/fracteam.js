// A reporting officer's page (#/team): the competencies their team has declared and that wait for them to
// verify, oldest first, each with verify and reject at hand; and the officials who report to them, with
// their posts and links to each one's passport and gaps.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDate, successBox, setSuccess, pagedList, newStore, screenMemory, loadedPage, countKey,
} from './ui.js';
import { levelMeter, levelLabel, competencyLink, officialLine, entryStatusTag, postTitle } from './fracshared.js';
import { reviewForm } from './fracreview.js';

const PAGE = 20;

const remember = screenMemory(() => ({ queue: newStore(), team: [], flash: null }));

function queueItem(st, entry) {
  const person = entry.official;
  return h('li', { class: 'entry entry--pending entry--self' },
    h('div', { class: 'entry__head' },
      h('h3', { class: 'entry__title' }, competencyLink(entry.competency, { version: entry.version })),
      entryStatusTag(entry)),
    h('p', { class: 'entry__who' }, officialLine(person, `#/officials/${person.id}/passport`)),
    h('div', { class: 'entry__level' }, levelMeter(entry.claimed_level || entry.level),
      h('span', { class: 'entry__level-text' }, t('frac.team.declared', { level: levelLabel(entry.claimed_level || entry.level) }))),
    h('p', { class: 'entry__meta' }, t('frac.entry.earned', { date: formatDate(entry.earned_on) }), ' · ',
      t('frac.team.asked', { date: formatDate(entry.created_at) })),
    entry.evidence || entry.evidence_ref ? h('div', { class: 'entry__evidence' },
      h('span', { class: 'entry__label' }, t('frac.entry.evidence')),
      entry.evidence ? h('p', null, entry.evidence) : null,
      entry.evidence_ref ? h('p', null, entry.evidence_ref) : null) : null,
    reviewForm(entry, async (updated, verb) => {
      st.flash = t(verb === 'verify' ? 'frac.review.verified' : 'frac.review.rejected',
        { competency: localName(entry.competency), name: localName(person) });
      await st.reload('#team-flash');
    }));
}

function teamTable(st) {
  if (!st.team.length) return h('p', { class: 'empty' }, t('frac.team.none'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, t('frac.team.members')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('official.field.name')),
      h('th', { scope: 'col' }, t('frac.team.post')),
      h('th', { scope: 'col', class: 'num' }, t('frac.team.pending')),
      h('th', { scope: 'col' }, t('frac.team.open')))),
    h('tbody', null, st.team.map((r) => h('tr', null,
      h('th', { scope: 'row' }, officialLine(r.official)),
      h('td', null, postTitle(r.position)),
      h('td', { class: 'num' }, r.pending_verifications
        ? h('span', { class: 'tag tag--warn' }, formatNumber(r.pending_verifications)) : formatNumber(0)),
      h('td', null, h('span', { class: 'link-row' },
        h('a', { href: `#/officials/${r.official.id}/passport`, 'aria-label': t('frac.team.passport_of', { name: localName(r.official) }) },
          t('frac.tab.passport')),
        h('a', { href: `#/officials/${r.official.id}/gaps`, 'aria-label': t('frac.team.gaps_of', { name: localName(r.official) }) },
          t('frac.tab.gaps')))))))));
}

function queueList(st) {
  const list = h('ul', { class: 'entries', 'aria-labelledby': 'team-queue' });
  return pagedList({
    container: list, store: st.queue, renderItem: (e) => queueItem(st, e),
    fetchPage: (cursor) => api('GET', `/me/verifications?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    countText: (n, more) => t(countKey('frac.team.queue.count', n, more), { count: formatNumber(n) }),
    emptyText: t('frac.team.queue.none'),
  }).element;
}

function draw(st) {
  const pending = st.team.reduce((n, r) => n + (r.pending_verifications || 0), 0);
  const flash = successBox({ id: 'team-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  st.flash = null;
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
      { label: t('frac.team.title') }]),
    pageHeader('users', t('frac.team.title'), h('p', { class: 'lead' }, t('frac.team.lead'))),
    flash,
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'team-queue' },
      h('h2', { id: 'team-queue' }, t('frac.team.queue'), ' ', h('span', { class: 'count-badge' }, formatNumber(pending))),
      h('p', { class: 'muted' }, t('frac.team.queue.lead')),
      queueList(st)),
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'team-members' },
      h('h2', { id: 'team-members' }, t('frac.team.members')),
      teamTable(st)),
  ];
}

/** The signed-in person's team and verification queue. */
export function renderTeam(ctx) {
  const st = remember(`${ctx.visit}`);
  return loadedPage({
    state: st, title: t('frac.team.title'),
    load: async () => {
      st.team = (await api('GET', '/me/reportees')).items || [];
      st.queue = newStore(); // the queue loads a page at a time, below
    },
    draw: () => draw(st),
  });
}
