// My iGOT on the home page (GET /me/home): what to continue learning, courses recommended from the gap
// between what the official's post requires and their verified passport (each with its reason), and the new
// curated programmes for their ministry. "My plan" (cbphome.js) shows the plan items with their filters.

import { h, replace } from './dom.js';
import { t, localName, language } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { alertBox, formatDate, formatNumber, screenMemory } from './ui.js';
import { contentTitle, kindWord, durationText } from './catalogshared.js';
import { learnStyles, progressBar } from './learnshared.js';

const remember = screenMemory(() => ({ home: null, error: null, pending: null }));

function continueCard(e) {
  const title = contentTitle(e);
  return h('li', { class: 'cbp-mine', 'data-content-id': String(e.content_id) },
    h('h3', { class: 'cbp-mine__title' }, h('a', { href: `#/learning/${e.content_id}` }, title)),
    h('p', { class: 'cbp-mine__meta' }, h('span', null, kindWord(e.kind)),
      e.duration_minutes ? h('span', null, icon('clock', 'icon icon--small'), h('span', null, durationText(e.duration_minutes))) : null),
    progressBar(e.progress || 0, t('cbp.home.progress', { title })));
}

function recommendationCard(r) {
  const c = r.content;
  const title = contentTitle(c);
  return h('li', { class: 'cbp-mine cbp-rec', 'data-content-id': String(c.id) },
    h('h3', { class: 'cbp-mine__title' }, h('a', { href: `#/contents/${c.id}` }, title)),
    h('p', { class: 'cbp-mine__meta' },
      h('span', { class: 'tag tag--area' }, t('cbp.home.rec.comp', { competency: localName(r.competency), level: formatNumber(r.level) })),
      c.provider ? h('span', null, icon('building', 'icon icon--small'), h('span', null, localName(c.provider))) : null),
    h('p', { class: 'cbp-rec__why' }, icon('info', 'icon icon--small'),
      h('span', { lang: language() === 'hi' && r.reason_hi ? 'hi' : 'en' }, language() === 'hi' && r.reason_hi ? r.reason_hi : r.reason)));
}

function curatedCard(p) {
  const c = p.content;
  return h('li', { class: 'cbp-mine', 'data-content-id': String(c.id) },
    h('h3', { class: 'cbp-mine__title' }, h('a', { href: `#/contents/${c.id}` }, contentTitle(c))),
    h('p', { class: 'cbp-mine__meta' },
      c.provider ? h('span', null, icon('building', 'icon icon--small'), h('span', null, localName(c.provider))) : null,
      p.published_at ? h('span', null, t('cbp.home.curated.since', { date: formatDate(p.published_at) })) : null));
}

function block(id, titleKey, leadKey, items, card, emptyKey) {
  return h('section', { class: 'block', 'aria-labelledby': id },
    h('div', { class: 'block__header' }, h('h2', { id }, t(titleKey)), h('p', { class: 'muted' }, t(leadKey))),
    items.length ? h('ul', { class: 'cbp-mines', 'aria-label': t(titleKey) }, items.map(card)) : h('p', { class: 'empty' }, t(emptyKey)));
}

/** Continue learning, recommendations and curated programmes for `user`, loaded once per visit. */
export function myIgotSections({ user, visit }) {
  learnStyles();
  const st = remember(`${visit}:${user.id}`);
  const box = h('div', { class: 'cbp-igot' });
  const draw = () => {
    if (st.error) return replace(box, alertBox(st.error));
    if (!st.home) return replace(box, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
    const home = st.home;
    return replace(box,
      block('home-continue', 'cbp.home.continue', 'cbp.home.continue.lead', home.continue || [], continueCard, 'cbp.home.continue.none'),
      block('home-recs', 'cbp.home.recs', 'cbp.home.recs.lead', home.recommendations || [], recommendationCard, 'cbp.home.recs.none'),
      block('home-curated', 'cbp.home.curated', 'cbp.home.curated.lead', home.curated || [], curatedCard, 'cbp.home.curated.none'));
  };
  if (!st.home && !st.error && !st.pending) {
    st.pending = api('GET', '/me/home').then((r) => { st.home = r; }, (error) => { st.error = error; })
      .finally(() => { st.pending = null; });
  }
  if (st.pending) st.pending.then(draw);
  draw();
  return box;
}
