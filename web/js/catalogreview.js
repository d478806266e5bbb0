// Review (#/review and #/contents/{id}/review): the queue of submitted content by status, a page at a time;
// and one version side by side with its comments, each part (title, description, metadata, every module
// and resource) beside the comments anchored to it and a form to add one; the reviewer starts the review,
// requests changes with a comment or approves; a publisher publishes an approved version and retires a
// published one; the history trail under it. Nobody is offered a step on their own work. A programme shows its
// courses in order (and a blended one its sessions, a curated one its audience) with its metadata, an
// assessment its settings and draws (assesssettings.js); any comment can be marked resolved or reopened here.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, alertBox, setAlert, successBox, setSuccess, selectField, busy,
  pagedList, newStore, screenMemory, loadedPage, countKey, facts,
} from './ui.js';
import {
  contentTitle, contentStatusTag, kindWord, durationText, resourceWord, resourceIcon, languageTags, groupWord,
  competencyList, isReviewer, isPublisher, htmlView,
} from './catalogshared.js';
import { commentsOn, commentForm, commentItem, commentCount, historyView, strayComments, anchorsOf } from './catalogtrail.js';
import { formatBytes } from './catalogoutline.js';
import { thumbnailImage } from './catalogthumb.js';
import { settingsSummary } from './assesssettings.js';

const PAGE = 25;
const QUEUE = ['submitted', 'in_review', 'changes_requested'];

const rememberQueue = screenMemory(() => ({ filters: { status: 'submitted' }, store: newStore() }));
const rememberReview = screenMemory(() => ({ content: null, comments: [], history: [], flash: null }));

// ---- The queue

function queueRow(c) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/contents/${c.id}/review` }, contentTitle(c)),
      h('span', { class: 'cell__sub' }, h('span', { class: 'code code--plain' }, c.code))),
    h('td', null, c.provider ? localName(c.provider) : ''),
    h('td', null, c.author ? localName(c.author) : ''),
    h('td', null, contentStatusTag(c.status), c.approved ? [' ', h('span', { class: 'tag tag--ok tag--status' }, t('cat.action.approve'))] : null),
    h('td', { class: 'num' }, formatNumber(c.version || 1)),
    h('td', null, c.submitted_at ? h('time', { datetime: c.submitted_at }, formatDateTime(c.submitted_at)) : ''));
}

/** The review queue. */
export function renderQueue(ctx) {
  const st = rememberQueue(`${ctx.visit}`);
  const page = h('div', { class: 'page page--wide' });
  const draw = () => {
    const body = h('tbody');
    const list = pagedList({
      container: body, store: st.store, renderItem: queueRow,
      wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('cat.queue.table')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('cat.field.title')),
          h('th', { scope: 'col' }, t('cat.field.provider')),
          h('th', { scope: 'col' }, t('cat.field.author')),
          h('th', { scope: 'col' }, t('cat.field.status')),
          h('th', { scope: 'col', class: 'num' }, t('cat.field.version')),
          h('th', { scope: 'col' }, t('cat.field.submitted_at')))),
        tbody)),
      fetchPage: (cursor) => {
        const params = new URLSearchParams({ status: st.filters.status, limit: String(PAGE) });
        if (cursor) params.set('cursor', cursor);
        return api('GET', `/review-queue?${params}`);
      },
      countText: (n, more) => t(countKey('cat.queue.count', n, more), { count: formatNumber(n) }),
      emptyText: t(`cat.queue.none.${st.filters.status}`),
    });
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('cat.queue.title') }]),
      pageHeader('inbox', t('cat.queue.title'), h('p', { class: 'lead' }, t('cat.queue.lead'))),
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'queue-list' },
        h('h2', { id: 'queue-list' }, t(`cat.queue.heading.${st.filters.status}`)),
        h('div', { class: 'filters filters--one' }, selectField({ form: 'queue', name: 'status', label: t('cat.field.status'),
          model: st.filters, options: QUEUE.map((s) => [s, t(`cat.status.${s}`)]),
          onChange: () => { st.store = newStore(); draw(); page.querySelector('#queue-status')?.focus(); } })),
        list.element));
  };
  draw();
  return page;
}

// ---- One version, side by side with its comments

function resourceBody(r) {
  if ((r.kind === 'video' || r.kind === 'pdf') && r.file) {
    return h('p', null, h('a', { href: r.file.url || `/api/v1/files/${r.file.id}`, target: '_blank', rel: 'noopener' },
      icon('download', 'icon icon--small'), ' ', t('cat.review.open_file', { mime: r.file.mime || '', size: formatBytes(r.file.size || 0) })));
  }
  if ((r.kind === 'video' || r.kind === 'link') && r.url) {
    return h('p', { class: 'rpart__url' }, h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, r.url));
  }
  if (r.kind === 'html' && r.html) {
    return htmlView(r.html, { class: 'htmlpage rpart__html', role: 'region', 'aria-label': t('cat.review.html', { title: contentTitle(r) }) });
  }
  if (r.kind === 'quiz') return h('p', null, h('code', null, r.assessment_ref || ''));
  return h('p', { class: 'muted' }, t('cat.review.nothing'));
}

function bilingual(en, hi) {
  return h('div', { class: 'bilingual' },
    h('div', { class: 'bilingual__col' }, h('p', { class: 'bilingual__lang' }, t('lang.en')), h('p', null, en || '—')),
    h('div', { class: 'bilingual__col', lang: 'hi' }, h('p', { class: 'bilingual__lang' }, t('lang.hi')), h('p', null, hi || '—')));
}

// What a programme is made of: its courses in order, a blended programme's sessions, a curated one's audience.
function programmeParts(c) {
  const a = c.audience;
  const who = a ? [[a.org ? localName(a.org) : null, null], [a.text, null], [a.text_hi, 'hi']].filter(([w]) => w) : [];
  return [
    who.length ? [h('h4', { class: 'rpart__sub' }, t('cat.au.audience')),
      h('ul', { class: 'rpart__list rpart__list--plain' }, who.map(([w, lang]) => h('li', { lang }, w)))] : null,
    (c.items || []).length ? [h('h4', { class: 'rpart__sub' }, t('cat.programme.courses')),
      h('ol', { class: 'rpart__list', 'aria-label': t('cat.programme.courses') }, c.items.map((it) => h('li', null,
        h('a', { href: `#/contents/${it.course.id}` }, contentTitle(it.course)), ' ',
        h('span', { class: 'code code--plain' }, it.course.code || ''))))] : null,
    (c.sessions || []).length ? [h('h4', { class: 'rpart__sub' }, t('cat.programme.sessions')),
      h('ol', { class: 'rpart__list', 'aria-label': t('cat.programme.sessions') }, c.sessions.map((sn) => h('li', null,
        [contentTitle(sn), t(`cat.session.${['classroom', 'field', 'virtual'].includes(sn.mode) ? sn.mode : 'classroom'}`),
          durationText(sn.duration_minutes)].filter(Boolean).join(' · '))))] : null,
  ];
}

function metadataBody(c) {
  const thumb = thumbnailImage(c, 'thumb thumb--review');
  return h('div', null,
    thumb ? h('figure', { class: 'rpart__thumb' }, thumb, h('figcaption', { class: 'muted' }, t('cat.au.thumb.label'))) : null,
    facts([
      [t('cat.field.kind'), kindWord(c.kind)],
      [t('cat.field.languages'), h('span', { class: 'tags' }, languageTags(c.languages))],
      [t('cat.field.duration'), durationText(c.duration_minutes)],
      [t('cat.field.groups'), (c.target_groups || []).map(groupWord).join(', ')],
      [t('cat.field.designations'), (c.designations || []).map(localName).join(', ')],
      [t('cat.field.keywords'), (c.keywords || []).join(', ')],
    ], { class: 'facts facts--two' }),
    h('h4', { class: 'rpart__sub' }, t('cat.comp.title')),
    competencyList(c.competencies),
    programmeParts(c));
}

/** The rows of the side-by-side view: [anchor, label, body node, css modifier]. */
function parts(c) {
  const labels = new Map(anchorsOf(c));
  const rows = [
    ['title', labels.get('title'), bilingual(c.title, c.title_hi)],
    ['description', labels.get('description'), bilingual(c.description, c.description_hi)],
    ['metadata', labels.get('metadata'), metadataBody(c)],
  ];
  for (const m of c.modules || []) {
    rows.push([`module:${m.id}`, labels.get(`module:${m.id}`), bilingual(m.title, m.title_hi), 'module']);
    for (const r of m.resources || []) {
      rows.push([`resource:${r.id}`, labels.get(`resource:${r.id}`), h('div', null,
        h('p', { class: 'rpart__kind' }, resourceIcon(r.kind, 'icon icon--small'), h('span', null, [resourceWord(r.kind),
          durationText(r.duration_minutes), r.required === false ? t('cat.res.optional') : null].filter(Boolean).join(' · '))),
        bilingual(r.title, r.title_hi), resourceBody(r)), 'resource']);
    }
  }
  return rows;
}

function sideBySide(st, ctx, canComment) {
  const c = st.content;
  const stray = strayComments(st.comments, anchorsOf(c));
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'rv-parts' },
    h('h2', { id: 'rv-parts' }, t('cat.review.parts')),
    commentCount(st.comments),
    h('div', { class: 'rgrid__head', 'aria-hidden': 'true' }, h('span', null, t('cat.review.col_version')), h('span', null, t('cat.review.col_comments'))),
    h('ol', { class: 'rgrid' }, parts(c).map(([anchor, label, body, mod]) => h('li', { class: `rpart${mod ? ` rpart--${mod}` : ''}` },
      h('div', { class: 'rpart__main' }, h('h3', { class: 'rpart__label' }, label), body),
      h('div', { class: 'rpart__side', role: 'group', 'aria-label': t('cat.comment.on', { part: label }) },
        commentsOn(st.comments, anchor) || h('p', { class: 'muted rpart__none' }, t('cat.comment.none_here')),
        canComment ? h('details', { class: 'rcomment-add', open: st.open === anchor },
          h('summary', { class: 'rcomment-add__open', 'aria-label': t('cat.comment.label', { part: label }) },
            icon('plus', 'icon icon--small'), h('span', null, t('cat.comment.add'))),
          commentForm({ contentId: c.id, anchor, label, onDone: (cm) => {
            st.comments.push(cm);
            st.open = null;
            st.flash = t('cat.comment.saved');
            st.redraw('#rv-flash');
          } })) : null)))),
    stray.length ? h('div', null, h('h3', null, t('cat.anchor.other')), h('ul', { class: 'rcomments' }, stray.map(commentItem))) : null);
}

function actionsPanel(st, ctx) {
  const c = st.content;
  const mine = c.author && c.author.id === ctx.user.id;
  const alert = alertBox(null);
  const model = { comment: '' };
  const run = async (button, action, flash, needsComment) => {
    setAlert(alert, null);
    const comment = model.comment.trim();
    if (needsComment && !comment) {
      setAlert(alert, t('cat.review.comment_needed'));
      document.getElementById('rv-comment')?.focus();
      return;
    }
    try {
      await busy(button, t('cat.sending'), () => api('POST', `/contents/${c.id}/transitions`, comment ? { action, comment } : { action }));
      st.flash = flash;
      st.reload('#rv-flash');
    } catch (error) {
      setAlert(alert, error);
    }
  };
  const button = (action, cls, iconName, flash, needsComment) => {
    const b = h('button', { type: 'button', class: `button ${cls}`, 'data-focus-key': `rv-${action}` }, icon(iconName), h('span', null, t(`cat.review.do.${action}`)));
    b.addEventListener('click', () => run(b, action, flash, needsComment));
    return b;
  };
  const buttons = [];
  let note = null;
  let withComment = false;
  if (mine) {
    note = t('cat.review.own');
  } else if (c.status === 'submitted' && isReviewer(ctx.user)) {
    buttons.push(button('start_review', 'button--primary', 'inbox', t('cat.review.started')));
  } else if (c.status === 'in_review') {
    if (c.approved_by) {
      note = t('cat.review.approved_by', { name: localName(c.approved_by) });
      if (isPublisher(ctx.user)) buttons.push(button('publish', 'button--primary', 'check', t('cat.review.published')));
    } else if (isReviewer(ctx.user)) {
      withComment = true;
      buttons.push(button('approve', 'button--primary', 'check', t('cat.review.approved')),
        button('request_changes', 'button--danger', 'alert', t('cat.review.changes_asked'), true));
    }
  } else if (c.status === 'published' && isPublisher(ctx.user)) {
    buttons.push(button('retire', 'button--danger', 'x', t('cat.review.retired')));
  } else {
    note = t(`cat.review.state.${['changes_requested', 'draft'].includes(c.status) ? c.status : 'other'}`);
  }
  const textarea = withComment ? h('div', { class: 'field' },
    h('label', { class: 'field__label', for: 'rv-comment' }, t('cat.review.comment')),
    h('textarea', { id: 'rv-comment', class: 'field__input field__input--area', rows: 3, 'data-focus-key': 'rv-comment',
      oninput: (e) => { model.comment = e.target.value; } }),
    h('p', { class: 'field__hint' }, t('cat.review.comment.hint'))) : null;
  return h('section', { class: 'panel panel--form', 'aria-labelledby': 'rv-actions' },
    h('h2', { id: 'rv-actions' }, t('cat.review.decide')),
    h('p', null, contentStatusTag(c.status), ' ', h('span', { class: 'muted' }, t('cat.history.version', { version: formatNumber(c.version) }))),
    note ? h('p', { class: 'muted' }, note) : null,
    alert, textarea,
    buttons.length ? h('div', { class: 'form__actions' }, buttons) : null);
}

/** The review page of content `contentId`. */
export function renderReview(ctx) {
  const st = rememberReview(`${ctx.visit}:${ctx.contentId}`);
  return loadedPage({
    state: st,
    title: t('cat.review.title'),
    load: async () => {
      const c = await api('GET', `/contents/${ctx.contentId}`);
      const [comments, history] = await Promise.all([
        api('GET', `/contents/${ctx.contentId}/comments?version=${c.version}`).then((a) => a.items || a || [], () => []),
        api('GET', `/contents/${ctx.contentId}/history`).then((a) => a.items || a || [], () => []),
      ]);
      Object.assign(st, { content: c, comments, history });
    },
    draw: () => {
      const c = st.content;
      const flash = successBox({ id: 'rv-flash', tabindex: '-1' });
      if (st.flash) setSuccess(flash, st.flash);
      st.flash = null;
      const mine = c.author && c.author.id === ctx.user.id;
      const canComment = (c.status === 'in_review' && isReviewer(ctx.user) && !mine) || mine;
      return h('div', { class: 'page page--wide' },
        breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/review', label: t('cat.queue.title') }, { label: contentTitle(c) }]),
        pageHeader('inbox', contentTitle(c),
          h('p', { class: 'page-header__tags' }, contentStatusTag(c.status), h('span', { class: 'code code--plain' }, c.code),
            c.provider ? h('span', null, localName(c.provider)) : null,
            c.author ? h('span', null, t('cat.review.by', { name: localName(c.author) })) : null,
            c.published_version ? h('a', { href: `#/contents/${c.id}` }, t('cat.edit.view')) : null)),
        flash,
        h('div', { class: 'split split--review' },
          h('div', { class: 'split__main' }, sideBySide(st, ctx, canComment), c.kind === 'assessment' ? settingsSummary(c) : null),
          h('div', { class: 'split__side' },
            actionsPanel(st, ctx),
            h('section', { class: 'panel', 'aria-labelledby': 'rv-hist' },
              h('h2', { id: 'rv-hist' }, t('cat.history.title')),
              historyView(st.history)))));
    },
  });
}
