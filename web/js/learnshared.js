// Pieces the learning screens share: an enrolment's title and provider in the chosen language (English when
// there is no Hindi), its status as a tag, the progress bar, and the learning screens' stylesheet.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { formatNumber } from './ui.js';

let styled = false;

/** Adds learn.css to the page once (the shell's app.css stays shared; this section's looks live apart). */
export function learnStyles() {
  if (styled) return;
  styled = true;
  if (!document.querySelector('link[data-learn-css]')) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/css/learn.css', 'data-learn-css': '' }));
  }
}

/** A title carried as title_en / title_hi (enrolments, modules, resources, a programme's courses). */
export const learnTitle = (item) => (item ? localName({ name: item.title_en, name_hi: item.title_hi }) : '');

export const providerName = (p) => (p ? localName({ name: p.name_en, name_hi: p.name_hi }) : '');

const STATUS_MODS = { enrolled: 'plain', in_progress: 'warn', completed: 'ok', left: 'muted' };

/** An enrolment's status as a tag ("Not started", "In progress", "Completed", "Left"). */
export function enrolStatusTag(status) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_MODS, status) ? status : 'enrolled';
  return h('span', { class: `tag tag--status tag--${STATUS_MODS[known]}` }, t(`learn.status.${known}`));
}

const clamp = (n) => Math.max(0, Math.min(100, Math.round(Number(n) || 0)));

/** A progress bar (role progressbar with its value) and the percent written beside it. */
export function progressBar(percent, label) {
  const p = clamp(percent);
  const fill = h('span', { class: 'lbar__fill' });
  fill.style.width = `${p}%`; // through CSSOM: the page's CSP allows no inline style attributes
  const text = t('learn.percent', { percent: formatNumber(p) });
  return h('div', { class: 'lbar' },
    h('div', { class: 'lbar__track', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(p), 'aria-valuetext': text, 'aria-label': label }, fill),
    h('span', { class: 'lbar__text', 'aria-hidden': 'true' }, text));
}
