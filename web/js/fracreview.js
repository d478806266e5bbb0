// A reporting officer's review of a self-declared passport entry, used on the official's passport and in the
// "to verify" queue: verify (at the declared level or lower, with a comment) or reject (a comment is required).

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { alertBox, setAlert, showFieldErrors, clearFieldErrors, busy, selectField, formatNumber } from './ui.js';
import { LEVELS, textArea } from './fracshared.js';

/** The verify/reject form for `entry`; `onDone(updated, verb)` after the server took it. */
export function reviewForm(entry, onDone) {
  const claimed = entry.claimed_level || entry.level;
  const model = { level: String(claimed), comment: '' };
  const key = `review-${entry.id}`;
  const alert = alertBox(null);
  const name = localName(entry.competency);
  const verify = h('button', { type: 'button', class: 'button button--primary button--small', 'data-focus-key': `${key}-verify` },
    icon('check', 'icon icon--small'), h('span', null, t('frac.review.verify')));
  const reject = h('button', { type: 'button', class: 'button button--danger button--small', 'data-focus-key': `${key}-reject` },
    icon('x', 'icon icon--small'), h('span', null, t('frac.review.reject')));
  verify.setAttribute('aria-label', t('frac.review.verify.label', { competency: name }));
  reject.setAttribute('aria-label', t('frac.review.reject.label', { competency: name }));
  const form = h('form', { class: 'review', novalidate: true, 'aria-label': t('frac.review.label', { competency: name }) },
    alert,
    h('div', { class: 'review__fields' },
      selectField({ form: key, name: 'level', label: t('frac.review.level'), model, hint: t('frac.review.level.hint'),
        options: LEVELS.filter((n) => n <= claimed).reverse().map((n) => [String(n), t('frac.level.named', { level: formatNumber(n), name: t(`frac.level.${n}`) })]) }),
      textArea({ form: key, name: 'comment', label: t('frac.review.comment'), model, rows: 2, hint: t('frac.review.comment.hint') })),
    h('div', { class: 'form__actions' }, verify, reject));
  form.addEventListener('submit', (e) => e.preventDefault());
  const act = async (button, verb) => {
    setAlert(alert, null);
    clearFieldErrors(form);
    const comment = model.comment.trim();
    if (verb === 'reject' && !comment) {
      showFieldErrors(form, { errors: [{ field: 'comment', message: t('frac.review.reason') }] });
      return;
    }
    const body = {};
    if (comment) body.comment = comment;
    if (verb === 'verify' && Number(model.level) !== claimed) body.level = Number(model.level);
    try {
      const updated = await busy(button, t('frac.sending'), () => api('POST', `/passport-entries/${entry.id}/${verb}`, body));
      onDone(updated, verb);
    } catch (error) {
      if (error.code === 'conflict') setAlert(alert, t('frac.review.conflict'));
      else if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  };
  verify.addEventListener('click', () => act(verify, 'verify'));
  reject.addEventListener('click', () => act(reject, 'reject'));
  return form;
}
