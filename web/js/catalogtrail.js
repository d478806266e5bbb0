// The review trail the editor and the review page share: reviewers' comments on one part of a version
// (title, description, metadata, a module, a resource), each marked resolved or reopened in place
// (PATCH /review-comments/{id}), the form that adds one, and the history of a content item's workflow steps.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatDateTime, formatNumber, alertBox, setAlert, busy } from './ui.js';
import { contentTitle, contentStatusTag } from './catalogshared.js';

/** The parts a comment can be anchored to, in the order of the page: [anchor, label]. */
export function anchorsOf(c) {
  const out = [['title', t('cat.anchor.title')], ['description', t('cat.anchor.description')], ['metadata', t('cat.anchor.metadata')]];
  (c.modules || []).forEach((m, i) => {
    out.push([`module:${m.id}`, t('cat.anchor.module', { n: formatNumber(i + 1), title: contentTitle(m) })]);
    (m.resources || []).forEach((r, j) => out.push([`resource:${r.id}`,
      t('cat.anchor.resource', { n: `${formatNumber(i + 1)}.${formatNumber(j + 1)}`, title: contentTitle(r) })]));
  });
  return out;
}

const countText = (open, resolved) => t('cat.au.comment.count', { open: formatNumber(open), resolved: formatNumber(resolved) });

/** "2 open, 1 resolved" for `comments`; kept right when one is resolved on the page (each comment listed once in its section). */
export function commentCount(comments) {
  const done = (comments || []).filter((cm) => cm.resolved).length;
  return (comments || []).length ? h('p', { class: 'muted', 'data-comment-count': '' }, countText(comments.length - done, done)) : null;
}

function refreshCounts() {
  for (const el of document.querySelectorAll('[data-comment-count]')) {
    const box = el.closest('section') || document;
    const all = box.querySelectorAll('.rcomment[data-comment]').length;
    const done = box.querySelectorAll('.rcomment--resolved[data-comment]').length;
    el.textContent = countText(all - done, done);
  }
}

// Marks comment `cm` resolved (or open again); every place the page shows it is redrawn, and focus stays on
// the button of the copy that was used.
async function toggleResolved(cm, button, alert) {
  setAlert(alert, null);
  try {
    const answer = await busy(button, t('cat.sending'), () => api('PATCH', `/review-comments/${cm.id}`, { resolved: !cm.resolved }));
    Object.assign(cm, answer && typeof answer === 'object' ? answer : { resolved: !cm.resolved });
  } catch (error) {
    setAlert(alert, error);
    return;
  }
  const used = button.closest('.rcomment');
  for (const node of document.querySelectorAll(`.rcomment[data-comment="${CSS.escape(String(cm.id))}"]`)) {
    const fresh = commentItem(cm);
    node.replaceWith(fresh);
    if (node === used) fresh.querySelector('.rcomment__resolve')?.focus();
  }
  refreshCounts();
}

/** One comment: who, when, what; resolved ones marked, with the button that resolves or reopens it. */
export function commentItem(cm) {
  const alert = alertBox(null);
  const button = cm.id ? h('button', { type: 'button', class: 'button button--secondary button--small rcomment__resolve' },
  icon(cm.resolved ? 'arrowLeft' : 'check', 'icon icon--small'),
  h('span', null, t(cm.resolved ? 'cat.au.comment.reopen' : 'cat.au.comment.resolve')),
  h('span', { class: 'visually-hidden' }, ` ${t('cat.au.comment.by', { name: cm.author ? localName(cm.author) : '' })}`)) : null;
  if (button) button.addEventListener('click', () => toggleResolved(cm, button, alert));
  return h('li', { class: `rcomment${cm.resolved ? ' rcomment--resolved' : ''}`, 'data-comment': cm.id ? String(cm.id) : null },
    h('p', { class: 'rcomment__meta' },
      h('span', { class: 'rcomment__who' }, cm.author ? localName(cm.author) : ''),
      h('time', { datetime: cm.created_at }, formatDateTime(cm.created_at)),
      cm.resolved ? h('span', { class: 'tag tag--ok' }, icon('check', 'icon icon--small'), h('span', null, t('cat.comment.resolved'))) : null),
    h('p', { class: 'rcomment__body' }, cm.body),
    button ? h('div', { class: 'rcomment__tools' }, button) : null,
    alert);
}

/** The comments on `anchor` (a list, or null when there are none). */
export function commentsOn(comments, anchor) {
  const mine = (comments || []).filter((cm) => cm.anchor === anchor);
  return mine.length ? h('ul', { class: 'rcomments', 'aria-label': t('cat.comment.on_part') }, mine.map(commentItem)) : null;
}

/** Comments whose anchor names no part shown (a module since replaced): [{anchor, ...}]. */
export function strayComments(comments, anchors) {
  const known = new Set(anchors.map(([a]) => a));
  return (comments || []).filter((cm) => !known.has(cm.anchor));
}

/** The form that adds a comment on `anchor`; onDone(comment) after it is saved. */
export function commentForm({ contentId, anchor, label, onDone }) {
  const id = `cm-${anchor.replace(/[^\w-]/g, '-')}`;
  const alert = alertBox(null);
  const area = h('textarea', { id, class: 'field__input field__input--area', rows: 2, 'data-focus-key': id });
  const send = h('button', { type: 'submit', class: 'button button--secondary button--small' },
    icon('send', 'icon icon--small'), h('span', null, t('cat.comment.add')));
  const form = h('form', { class: 'rcomment-form', novalidate: true },
    h('label', { class: 'field__label', for: id }, t('cat.comment.label', { part: label })),
    area, alert, h('div', { class: 'form__actions' }, send));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    const body = area.value.trim();
    if (!body) {
      setAlert(alert, t('cat.comment.empty'));
      area.focus();
      return;
    }
    try {
      const cm = await busy(send, t('cat.sending'), () => api('POST', `/contents/${contentId}/comments`, { anchor, body }));
      area.value = '';
      onDone(cm);
    } catch (error) {
      setAlert(alert, error);
    }
  });
  return form;
}

const ACTIONS = ['create', 'submit', 'withdraw', 'start_review', 'request_changes', 'approve', 'publish', 'retire', 'edit'];

/** The workflow history, oldest first. */
export function historyView(items) {
  if (!items || !items.length) return h('p', { class: 'muted' }, t('cat.history.none'));
  return h('ol', { class: 'timeline' }, items.map((step) => h('li', { class: 'timeline__item' },
    h('span', { class: 'timeline__icon' }, icon(step.action === 'publish' ? 'check' : step.action === 'request_changes' ? 'alert' : 'dot', 'icon icon--small')),
    h('div', null,
      h('p', { class: 'timeline__text' },
        t(ACTIONS.includes(step.action) ? `cat.action.${step.action}` : 'cat.action.other', { action: step.action }), ' ',
        step.to ? contentStatusTag(step.to) : null),
      h('p', { class: 'timeline__meta' }, [step.by ? localName(step.by) : null,
        step.version ? t('cat.history.version', { version: formatNumber(step.version) }) : null,
        formatDateTime(step.at)].filter(Boolean).join(' · ')),
      step.comment ? h('p', { class: 'timeline__comment' }, step.comment) : null))));
}
