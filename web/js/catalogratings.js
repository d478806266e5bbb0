// Learners' ratings on a course page: the summary (average as stars, count, the spread of stars drawn as
// bars), the official's own rating form once they completed the item (the ratings answer says so), and the
// reviews a page at a time, each with a way to report it. Also the stars a
// catalogue card shows. The server checks everything again: this only offers what it would accept.

import { h, s, replace } from './dom.js';
import { t, localName, locale } from './i18n.js';
import { api } from './api.js';
import { formatNumber, formatDate, alertBox, setAlert, successBox, setSuccess, busy, pagedList, newStore,
  countKey, showFieldErrors, clearFieldErrors } from './ui.js';

const REVIEW_MAX = 2000;
const REASON_MAX = 500;
const OWN_CODES = ['not_completed', 'own_review', 'already_reported', 'no_review', 'already_decided'];

let stylesLoaded = false;
/** This module's styles, linked once (the page's own sheet stays untouched). */
export function ratingStyles() {
  if (stylesLoaded || document.querySelector('link[data-ratings-css]')) return;
  stylesLoaded = true;
  document.head.append(h('link', { rel: 'stylesheet', href: '/css/ratings.css', 'data-ratings-css': '' }));
}

/** What to say for a failed call: this module's own problem codes in the person's language. */
export function ratingError(error) {
  if (error && OWN_CODES.includes(error.code)) return t(`cat.rating.problem.${error.code}`);
  return error;
}

/** "4 stars" for one rating's stars. */
export const starsText = (n) => t(n === 1 ? 'cat.rating.stars_one' : 'cat.rating.stars', { n: formatNumber(n) });

export function formatAverage(n) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n || 0);
}

const countText = (n) => t(n === 1 ? 'cat.rating.count_one' : 'cat.rating.count', { count: formatNumber(n) });

/** Five stars filled to `value` (0..5), read out as "4.5 out of 5". */
export function starsView(value, cls = '', label = t('cat.rating.average', { average: formatAverage(value) })) {
  const pct = Math.max(0, Math.min(100, ((value || 0) / 5) * 100));
  const fill = h('span', { class: 'stars__fill', 'aria-hidden': 'true' }, '★★★★★');
  fill.style.width = `${pct}%`; // through the CSSOM: the page's CSP refuses style attributes
  return h('span', { class: `stars ${cls}`.trim(), role: 'img', 'aria-label': label },
    h('span', { class: 'stars__base', 'aria-hidden': 'true' }, '★★★★★'), fill);
}

/** The stars on a catalogue card; nothing while the item has no ratings. */
export function ratingBadge(rating) {
  if (!rating || !rating.count) return null;
  ratingStyles();
  return h('span', { class: 'rating-badge' }, starsView(rating.average, 'stars--small'),
    h('span', { class: 'rating-badge__text' }, `${formatAverage(rating.average)} (${formatNumber(rating.count)})`));
}

/** How many gave each number of stars, drawn as bars (5 at the top). */
function distribution(summary) {
  const most = Math.max(1, ...[1, 2, 3, 4, 5].map((n) => summary.distribution[n] || 0));
  return h('ul', { class: 'rating-dist', 'aria-label': t('cat.rating.dist') }, [5, 4, 3, 2, 1].map((n) => {
    const count = summary.distribution[n] || 0;
    return h('li', { class: 'rating-dist__row' },
      h('span', { class: 'visually-hidden' }, t('cat.rating.bar', { stars: formatNumber(n), count: formatNumber(count) })),
      h('span', { class: 'rating-dist__label', 'aria-hidden': 'true' }, starsText(n)),
      s('svg', { class: 'rating-dist__bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
        s('rect', { x: 0, y: 0, width: 100, height: 8, rx: 2, class: 'rating-dist__track' }),
        s('rect', { x: 0, y: 0, width: (count / most) * 100, height: 8, rx: 2, class: 'rating-dist__value' })),
      h('span', { class: 'rating-dist__count', 'aria-hidden': 'true' }, formatNumber(count)));
  }));
}

function summaryView(summary) {
  if (!summary.count) return h('p', { class: 'muted rating-summary__none' }, t('cat.rating.none'));
  return h('div', { class: 'rating-summary' },
    h('div', { class: 'rating-summary__head' },
      h('span', { class: 'rating-summary__avg', 'data-rating-average': String(summary.average) }, formatAverage(summary.average)),
      h('span', null, starsView(summary.average), h('span', { class: 'rating-summary__count' }, countText(summary.count)))),
    distribution(summary));
}

/** The form for one's own rating: stars as a radio group, an optional review, save and remove. */
function ratingForm(st, onChanged) {
  const mine = st.data.mine;
  const model = st.form || (st.form = { stars: mine ? mine.stars : 0, review: mine && mine.review ? mine.review : '' });
  const alert = alertBox(null);
  const done = successBox();
  if (st.flash) setSuccess(done, st.flash);
  st.flash = null;
  const radios = [1, 2, 3, 4, 5].map((n) => {
    const id = `rt-star-${n}`;
    return [h('input', { type: 'radio', name: 'stars', id, value: String(n), class: 'visually-hidden', checked: model.stars === n,
      'data-focus-key': id, onchange: () => { model.stars = n; paint(); } }),
    h('label', { for: id, class: 'star-pick__star', title: t(n === 1 ? 'cat.rating.stars_one' : 'cat.rating.stars', { n: formatNumber(n) }) },
      h('span', { 'aria-hidden': 'true' }, '★'),
      h('span', { class: 'visually-hidden' }, t(n === 1 ? 'cat.rating.stars_one' : 'cat.rating.stars', { n: formatNumber(n) })))];
  });
  const picker = h('fieldset', { class: 'star-pick field', 'data-field': 'stars' },
    h('legend', { class: 'field__label' }, t('cat.rating.stars_legend')),
    h('div', { class: 'star-pick__row' }, radios.flat()),
    h('p', { class: 'field__error', id: 'rt-stars-error' }));
  function paint() {
    picker.querySelectorAll('.star-pick__star').forEach((label, i) => label.classList.toggle('star-pick__star--on', i < model.stars));
  }
  paint();
  const review = h('div', { class: 'field', 'data-field': 'review' },
    h('label', { class: 'field__label', for: 'rt-review' }, t('cat.rating.review')),
    h('textarea', { id: 'rt-review', class: 'field__input field__input--area', rows: 4, maxlength: String(REVIEW_MAX),
      'aria-describedby': 'rt-review-hint rt-review-error', 'data-focus-key': 'rt-review',
      oninput: (e) => { model.review = e.target.value; } }, model.review),
    h('p', { class: 'field__hint', id: 'rt-review-hint' }, t('cat.rating.review_hint')),
    h('p', { class: 'field__error', id: 'rt-review-error' }));
  const save = h('button', { type: 'submit', class: 'button' }, t('cat.rating.save'));
  const remove = mine ? h('button', { type: 'button', class: 'button button--secondary', onclick: async () => {
    setAlert(alert, null);
    try {
      await busy(remove, t('cat.rating.saving'), () => api('DELETE', `/contents/${st.contentId}/my-rating`));
      st.form = null;
      st.flash = t('cat.rating.removed');
      onChanged();
    } catch (error) {
      setAlert(alert, ratingError(error));
    }
  } }, t('cat.rating.remove')) : null;
  const form = h('form', { class: 'rating-form', 'aria-labelledby': 'rt-form-title', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    if (!model.stars) {
      setAlert(alert, t('cat.rating.pick_stars'));
      picker.querySelector('input')?.focus();
      return;
    }
    try {
      const text = model.review.trim();
      await busy(save, t('cat.rating.saving'), () => api('PUT', `/contents/${st.contentId}/my-rating`,
        { stars: model.stars, review: text || null }));
      st.form = null;
      st.flash = t('cat.rating.saved');
      onChanged();
    } catch (error) {
      if (error.code === 'validation_failed') showFieldErrors(form, error);
      setAlert(alert, ratingError(error));
    }
  } },
  h('h3', { id: 'rt-form-title' }, t(mine ? 'cat.rating.yours' : 'cat.rating.rate')),
  mine && mine.hidden ? h('p', { class: 'notice notice--tight' }, t('cat.rating.hidden_mine')) : null,
  done, alert, picker, review,
  h('div', { class: 'toolbar toolbar--tight' }, save, remove));
  return form;
}

/** The report form under a review, opened by its "Report" button. */
function reportForm(item, onDone, onCancel) {
  const model = { reason: '' };
  const alert = alertBox(null);
  const id = `rt-reason-${item.id}`;
  const send = h('button', { type: 'submit', class: 'button' }, t('cat.rating.report_send'));
  const form = h('form', { class: 'rating-report', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    if (!model.reason.trim()) {
      setAlert(alert, t('cat.rating.report_empty'));
      form.querySelector('textarea').focus();
      return;
    }
    try {
      await busy(send, t('cat.rating.saving'), () => api('POST', `/ratings/${item.id}/reports`, { reason: model.reason.trim() }));
      onDone();
    } catch (error) {
      setAlert(alert, ratingError(error));
    }
  } },
  alert,
  h('div', { class: 'field' },
    h('label', { class: 'field__label', for: id }, t('cat.rating.report_reason')),
    h('textarea', { id, class: 'field__input field__input--area', rows: 2, maxlength: String(REASON_MAX),
      oninput: (e) => { model.reason = e.target.value; } })),
  h('div', { class: 'toolbar toolbar--tight' }, send,
    h('button', { type: 'button', class: 'button button--secondary', onclick: onCancel }, t('cat.rating.report_cancel'))));
  return form;
}

function reviewItem(item) {
  const li = h('li', { class: 'rating-review', 'data-rating-id': String(item.id) });
  const status = h('p', { class: 'rating-review__status', role: 'status' });
  const draw = (open) => {
    const canReport = !item.mine && item.review && !item.reported_by_me;
    const reportButton = canReport && !open ? h('button', { type: 'button', class: 'button button--secondary button--small rating-review__report',
      'aria-expanded': 'false', onclick: () => draw(true) }, t('cat.rating.report')) : null;
    replace(li,
      h('p', { class: 'rating-review__head' },
        starsView(item.stars, 'stars--small', starsText(item.stars)),
        h('span', { class: 'rating-review__author' }, item.mine ? t('cat.rating.you') : localName(item.author)),
        h('time', { class: 'rating-review__date muted', datetime: item.updated_at }, formatDate(item.updated_at))),
      item.hidden ? h('p', { class: 'rating-review__hidden muted' }, t('cat.rating.hidden'))
        : item.review ? h('p', { class: 'rating-review__text' }, item.review) : null,
      item.reported_by_me ? h('p', { class: 'rating-review__reported muted' }, t('cat.rating.reported')) : null,
      reportButton, status,
      open ? reportForm(item, () => {
        item.reported_by_me = true;
        draw(false);
        li.querySelector('.rating-review__status').textContent = t('cat.rating.report_sent');
        li.querySelector('.rating-review__status').focus?.();
      }, () => { draw(false); li.querySelector('.rating-review__report')?.focus(); }) : null);
    if (open) li.querySelector('textarea').focus();
  };
  draw(false);
  return li;
}

// Per course page visit: what was loaded, the reviews' pages, what is typed in the form.
let memo = null;
function memory(key, contentId) {
  if (!memo || memo.key !== key) memo = { key, contentId, data: null, completed: false, error: null, pending: null, store: newStore(), form: null, flash: null };
  return memo;
}

async function load(st) {
  st.data = await api('GET', `/contents/${st.contentId}/ratings?limit=1`);
  st.completed = Boolean(st.data.can_rate); // the server asks learn whether the caller completed it
}

/** The ratings panel of a course page (content: the page's CONTENT). Loads itself; kept across re-renders. */
export function ratingsPanel(ctx, content) {
  ratingStyles();
  const st = memory(`${ctx.visit}:${content.id}`, content.id);
  const body = h('div', { class: 'ratings__body' });
  const panel = h('section', { class: 'panel ratings', 'aria-labelledby': 'course-ratings', 'data-ratings': String(content.id) },
    h('h2', { id: 'course-ratings' }, t('cat.rating.title')), body);
  const start = () => {
    st.pending = load(st).catch((error) => { st.error = error; }).finally(() => { st.pending = null; });
    return st.pending;
  };
  const refresh = () => {
    st.store = newStore();
    start().then(draw);
  };
  function draw() {
    if (st.error) {
      replace(body, alertBox(st.error));
      return;
    }
    if (!st.data) {
      replace(body, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
      return;
    }
    const canRate = st.completed || Boolean(st.data.mine);
    const list = h('ul', { class: 'rating-reviews' });
    const paged = pagedList({
      container: list,
      store: st.store,
      label: t('cat.rating.reviews'),
      fetchPage: (cursor) => api('GET', `/contents/${st.contentId}/ratings?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      renderItem: reviewItem,
      countText: (n, more) => t(countKey('cat.rating.shown', n, more), { count: formatNumber(n) }),
      emptyText: t('cat.rating.no_reviews'),
    });
    replace(body, summaryView(st.data),
      canRate ? ratingForm(st, refresh) : h('p', { class: 'muted rating-finish' }, t('cat.rating.finish_first')),
      h('h3', { class: 'rating-reviews__title' }, t('cat.rating.reviews')), paged.element);
    const flash = body.querySelector('.success');
    if (flash && flash.childNodes.length) flash.setAttribute('tabindex', '-1');
  }
  if (!st.data && !st.error) (st.pending || start()).then(draw);
  draw();
  return panel;
}
