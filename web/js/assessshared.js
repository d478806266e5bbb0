// Pieces the assessment screens share: a question's and an option's text in the chosen language, the words
// for question kinds and assessment purposes, scores as a person reads them ("6.5 of 10"), the countdown's
// clock face, and where a quiz player goes back to when the learner is done.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { formatNumber } from './ui.js';

export const QUESTION_KINDS = ['single', 'multiple', 'true_false', 'fill_blank'];
export const PURPOSES = ['final', 'practice', 'proficiency', 'pre_test', 'post_test'];

/** A question's (or an option's) text in the chosen language, else the English one. */
export const qText = (item) => (item ? localName({ name: item.text, name_hi: item.text_hi }) : '');

/** A question's explanation in the chosen language, else the English one. */
export const explanationText = (q) => (q ? localName({ name: q.explanation, name_hi: q.explanation_hi }) : '');

/** A bank's or an assessment's title in the chosen language. */
export const titleText = (item) => (item ? localName({ name: item.title, name_hi: item.title_hi }) : '');

export const kindWord = (kind) => t(`assess.kind.${QUESTION_KINDS.includes(kind) ? kind : 'single'}`);
export const purposeWord = (p) => t(`assess.purpose.${PURPOSES.includes(p) ? p : 'final'}`);

/** A score in points, up to two decimals, in the person's language ("6.5"). */
export function points(n) {
  const v = Number(n) || 0;
  return formatNumber(Math.round(v * 100) / 100);
}

/** Seconds as a clock face: "9:05", "1:02:03". */
export function clockText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Pass or fail as a tag. */
export function outcomeTag(passed) {
  return h('span', { class: `tag tag--status tag--${passed ? 'ok' : 'bad'}` }, t(passed ? 'assess.result.passed' : 'assess.result.failed'));
}

// ---- Where the player goes back to (the course player that started it, else the assessment's page)

const BACK_KEY = 'ky_attempt_back';

/** Remembers that attempt `id` was started from the route `path` ("learning/12?r=40"). */
export function rememberBack(id, path) {
  try {
    const all = JSON.parse(sessionStorage.getItem(BACK_KEY) || '{}');
    all[id] = path;
    sessionStorage.setItem(BACK_KEY, JSON.stringify(all));
  } catch (_) { /* storage blocked: the player links to the assessment's page */ }
}

/** The route to go back to from attempt `a`: where it was started, else the assessment's page. */
export function backPath(a) {
  try {
    const all = JSON.parse(sessionStorage.getItem(BACK_KEY) || '{}');
    if (typeof all[a.id] === 'string') return all[a.id];
  } catch (_) { /* as above */ }
  return `contents/${a.content_id}`;
}
