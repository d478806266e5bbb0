// A content item's editor (#/contents/{id}/edit), for the provider's creators: its metadata (titles and
// descriptions in English and Hindi, thumbnail, languages, duration, keywords, target groups, designations,
// competencies with levels, a curated programme's audience), its outline (a course's modules in
// catalogoutline.js, a programme's courses and sessions in catalogprogramme.js, an assessment's settings and
// draws in assesssettings.js), the reviewer's comments beside the parts they name (each resolvable), submitting for review (or
// taking it back), and the history. A version in review reads only.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, alertBox, setAlert, successBox, setSuccess, field, showFieldErrors,
  clearFieldErrors, busy, screenMemory, loadedPage,
} from './ui.js';
import { textArea, levelPicker } from './fracshared.js';
import { competencyPicker } from './fracpicker.js';
import {
  CONTENT_LANGUAGES, TARGET_GROUPS, contentTitle, contentStatusTag, languageWord, groupWord, fieldAliases,
} from './catalogshared.js';
import { outlineModel, outlineEditor } from './catalogoutline.js';
import { PROGRAMME_KINDS, programmeModel, programmeEditor } from './catalogprogramme.js';
import { assessmentSettings } from './assesssettings.js';
import { thumbnailField } from './catalogthumb.js';
import { orgPicker } from './picker.js';
import { anchorsOf, commentsOn, commentItem, commentCount, strayComments, historyView } from './catalogtrail.js';

const EDITABLE = ['draft', 'changes_requested', 'published'];
const remember = screenMemory(() => ({ content: null, comments: [], history: [], designations: [], meta: null,
  outline: null, flash: null }));
let rowKeys = 0;

function metaModel(c) {
  return {
    title: c.title || '', title_hi: c.title_hi || '', description: c.description || '', description_hi: c.description_hi || '',
    languages: [...(c.languages || [])], duration_minutes: c.duration_minutes ? String(c.duration_minutes) : '',
    keywords: (c.keywords || []).join(', '), target_groups: [...(c.target_groups || [])],
    designations: (c.designations || []).map((d) => d.code),
    competencies: (c.competencies || []).map((x) => {
      rowKeys += 1;
      return { key: `c${rowKeys}`, competency: x.competency, level: x.level };
    }),
    thumbnail: c.thumbnail || null, thumbnailName: null,
    audience_org: (c.audience && c.audience.org) || null,
    audience_text: (c.audience && c.audience.text) || '', audience_text_hi: (c.audience && c.audience.text_hi) || '',
  };
}

const orNull = (s) => (s.trim() ? s.trim() : null);

function metaBody(m, kind) {
  const audience = kind !== 'curated_programme' ? {} : {
    audience_org_id: m.audience_org ? m.audience_org.id : null, audience_text: orNull(m.audience_text),
    audience_text_hi: orNull(m.audience_text_hi),
  };
  return {
    ...audience,
    thumbnail_file_id: m.thumbnail ? m.thumbnail.id : null,
    title: m.title.trim(), title_hi: orNull(m.title_hi), description: orNull(m.description), description_hi: orNull(m.description_hi),
    languages: m.languages, duration_minutes: m.duration_minutes.trim() ? Number(m.duration_minutes.trim()) : null,
    keywords: m.keywords.split(/[,،]/).map((k) => k.trim()).filter(Boolean), target_groups: m.target_groups,
    designations: m.designations,
    competencies: m.competencies.filter((r) => r.competency).map((r) => ({ competency_id: r.competency.id, level: Number(r.level) || 0 })),
  };
}

/** A set of checkboxes for the values of list `model[name]`. */
function checkGroup({ name, legend, values, model, hint, cls = '' }) {
  return h('fieldset', { class: `field checks ${cls}`, 'data-field': name },
    h('legend', { class: 'field__label' }, legend),
    hint ? h('p', { class: 'field__hint' }, hint) : null,
    h('div', { class: 'checks__list' }, values.map(([value, label, lang]) => {
      const id = `meta-${name}-${value}`.replace(/[^\w-]/g, '-');
      return h('span', { class: 'field--check' },
        h('input', { type: 'checkbox', class: 'check', id, 'data-focus-key': id, checked: model[name].includes(value),
          onchange: (e) => {
            model[name] = e.target.checked ? [...model[name].filter((v) => v !== value), value] : model[name].filter((v) => v !== value);
          } }),
        h('label', { for: id, lang: lang || null }, label));
    })),
    h('p', { class: 'field__error' }));
}

function competencyRows(m, redrawRows) {
  return m.competencies.map((row, i) => h('li', { class: 'edit-rows__item' },
    h('div', { 'data-field': `competencies[${i}].competency_id` },
      competencyPicker({ form: `meta-${row.key}`, name: 'competency', label: t('cat.meta.comp_n', { n: formatNumber(i + 1) }), model: row,
        required: true })),
    h('div', { 'data-field': `competencies[${i}].level` },
      levelPicker({ form: `meta-${row.key}`, name: 'level', label: t('cat.meta.level_n', { n: formatNumber(i + 1) }), model: row })),
    h('button', { type: 'button', class: 'button button--danger button--small edit-rows__remove',
      onclick: () => { m.competencies.splice(i, 1); redrawRows(); } }, icon('x', 'icon icon--small'),
    h('span', null, t('cat.ol.remove')), h('span', { class: 'visually-hidden' }, ` ${t('cat.meta.comp_n', { n: formatNumber(i + 1) })}`))));
}

/** A curated programme's audience: the organisation it is made for, and who in words (English, Hindi). */
function audienceFields(m) {
  return h('fieldset', { class: 'fieldset', 'data-field': 'audience' },
    h('legend', null, t('cat.au.audience')),
    h('p', { class: 'field__hint' }, t('cat.au.audience.hint')),
    h('div', { 'data-field': 'audience_org_id' },
      orgPicker({ form: 'meta', name: 'audience_org', label: t('cat.au.audience.org'), model: m })),
    h('div', { class: 'form__grid' },
      textArea({ form: 'meta', name: 'audience_text', label: t('cat.au.audience.text'), model: m, rows: 2 }),
      textArea({ form: 'meta', name: 'audience_text_hi', label: t('cat.au.audience.text_hi'), model: m, rows: 2, attrs: { lang: 'hi' } })));
}

function metaForm(st, readOnly, onSaved) {
  const m = st.meta;
  const alert = alertBox(null);
  const comments = st.comments;
  const rows = h('ol', { class: 'edit-rows' });
  const redrawRows = (focusLast) => {
    replace(rows, competencyRows(m, redrawRows));
    if (focusLast) rows.querySelector('li:last-child input[type="search"]')?.focus();
  };
  redrawRows(false);
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t('cat.meta.save')));
  // The comments sit between the parts, outside the fieldsets a version in review disables, so the author can
  // still mark them resolved.
  const part = (...children) => h('fieldset', { class: 'ol-fieldset', disabled: Boolean(readOnly) }, children);
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'meta-heading' },
    part(
      h('div', { class: 'form__grid' },
        field({ form: 'meta', name: 'title', label: t('cat.field.title_en'), model: m, required: true }),
        field({ form: 'meta', name: 'title_hi', label: t('cat.field.title_hi'), model: m, attrs: { lang: 'hi' } }))),
    commentsOn(comments, 'title'),
    part(
      h('div', { class: 'form__grid' },
        textArea({ form: 'meta', name: 'description', label: t('cat.field.desc_en'), model: m, rows: 4 }),
        textArea({ form: 'meta', name: 'description_hi', label: t('cat.field.desc_hi'), model: m, rows: 4, attrs: { lang: 'hi' } }))),
    commentsOn(comments, 'description'),
    part(
      thumbnailField({ model: m, disabled: readOnly }),
      st.content.kind === 'curated_programme' ? audienceFields(m) : null,
      h('div', { class: 'form__grid' },
        checkGroup({ name: 'languages', legend: t('cat.field.languages'), model: m, values: CONTENT_LANGUAGES.map((l) => [l, languageWord(l), l]) }),
        checkGroup({ name: 'target_groups', legend: t('cat.field.groups'), model: m, values: TARGET_GROUPS.map((g) => [g, groupWord(g)]) }),
        field({ form: 'meta', name: 'duration_minutes', label: t('cat.field.duration_min'), model: m, type: 'number',
          attrs: { min: 1, max: 100000, inputmode: 'numeric' } })),
      field({ form: 'meta', name: 'keywords', label: t('cat.field.keywords'), model: m, hint: t('cat.field.keywords.hint') }),
      checkGroup({ name: 'designations', legend: t('cat.field.designations'), model: m, cls: 'checks--many',
        values: st.designations.map((d) => [d.code, localName(d)]) }),
      h('fieldset', { class: 'fieldset', 'data-field': 'competencies' },
        h('legend', null, t('cat.comp.title')),
        h('p', { class: 'field__hint' }, t('cat.meta.comp.hint')),
        h('p', { class: 'field__error' }),
        rows,
        h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'meta-add-comp',
          onclick: () => { rowKeys += 1; m.competencies.push({ key: `c${rowKeys}`, competency: null, level: 2 }); redrawRows(true); } },
        icon('plus', 'icon icon--small'), h('span', null, t('cat.meta.add_comp'))))),
    commentsOn(comments, 'metadata'),
    readOnly ? null : h('div', { class: 'form__actions' }, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    try {
      const answer = await busy(save, t('cat.sending'), () => api('PATCH', `/contents/${st.content.id}`, metaBody(m, st.content.kind)));
      onSaved(answer, answer.version !== st.content.version
        ? t('cat.meta.saved_new', { version: formatNumber(answer.version) }) : t('cat.meta.saved'));
    } catch (error) {
      const rest = showFieldErrors(form, error, fieldAliases(form, error));
      if (rest.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('div', null, alert, form);
}

function workflowPanel(st, reload) {
  const c = st.content;
  const alert = alertBox(null);
  const act = async (button, action, flash) => {
    setAlert(alert, null);
    try {
      await busy(button, t('cat.sending'), () => api('POST', `/contents/${c.id}/transitions`, { action }));
      st.flash = flash;
      reload();
    } catch (error) {
      setAlert(alert, error);
    }
  };
  let button = null;
  let note = null;
  if (c.status === 'draft' || c.status === 'changes_requested') {
    button = h('button', { type: 'button', class: 'button button--primary' }, icon('send'), h('span', null, t('cat.wf.submit')));
    button.addEventListener('click', () => act(button, 'submit', t('cat.wf.submitted')));
    note = t('cat.wf.submit.note');
  } else if (c.status === 'submitted') {
    button = h('button', { type: 'button', class: 'button button--secondary' }, icon('arrowLeft'), h('span', null, t('cat.wf.withdraw')));
    button.addEventListener('click', () => act(button, 'withdraw', t('cat.wf.withdrawn')));
    note = t('cat.wf.waiting');
  } else if (c.status === 'in_review') {
    note = t('cat.wf.in_review');
  } else if (c.status === 'published') {
    note = t('cat.wf.published');
  } else {
    note = t('cat.wf.retired');
  }
  return h('section', { class: 'panel panel--form', 'aria-labelledby': 'wf-title' },
    h('h2', { id: 'wf-title' }, t('cat.wf.title')),
    h('p', null, contentStatusTag(c.status), ' ', h('span', { class: 'muted' }, t('cat.history.version', { version: formatNumber(c.version) }))),
    h('p', { class: 'muted' }, note),
    alert,
    button ? h('div', { class: 'form__actions' }, button) : null);
}

function commentsPanel(st) {
  const anchors = anchorsOf(st.content);
  const stray = strayComments(st.comments, anchors);
  const byPart = anchors.map(([a, label]) => [label, st.comments.filter((cm) => cm.anchor === a)]).filter(([, l]) => l.length);
  if (stray.length) byPart.push([t('cat.anchor.other'), stray]);
  return h('section', { class: 'panel', 'aria-labelledby': 'cm-title' },
    h('h2', { id: 'cm-title' }, t('cat.comment.title')),
    commentCount(st.comments),
    byPart.length ? h('ul', { class: 'rparts' }, byPart.map(([label, list]) => h('li', null,
      h('h3', { class: 'rparts__label' }, label), h('ul', { class: 'rcomments' }, list.map(commentItem)))))
      : h('p', { class: 'muted' }, t('cat.comment.none')));
}

async function loadAll(st, id) {
  const c = await api('GET', `/contents/${id}`);
  const [comments, history, designations] = await Promise.all([
    api('GET', `/contents/${id}/comments?version=${c.version}`).then((a) => a.items || a || [], () => []),
    api('GET', `/contents/${id}/history`).then((a) => a.items || a || [], () => []),
    st.designations.length ? st.designations : api('GET', '/designations').then((a) => a.items, () => []),
  ]);
  const keep = st.keep; // the part not just saved keeps what was typed in it
  st.keep = null;
  Object.assign(st, { content: c, comments, history, designations,
    meta: keep === 'meta' && st.meta ? st.meta : metaModel(c), outline: keep === 'outline' && st.outline ? st.outline : outlineModel(c),
    programme: keep === 'outline' && st.programme ? st.programme : programmeModel(c) });
}

/** The second panel of the editor: what the content is made of, by its kind. */
function outlinePart(st, readOnly, onSaved) {
  const c = st.content;
  if (c.kind === 'assessment') return assessmentSettings({ st, readOnly, onSaved });
  if (PROGRAMME_KINDS.includes(c.kind)) {
    return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'pg-heading' },
      h('h2', { id: 'pg-heading' }, t(c.kind === 'blended_programme' ? 'cat.au.heading_blended' : 'cat.au.heading')),
      programmeEditor({ st, readOnly, onSaved }));
  }
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'ol-heading' },
    h('h2', { id: 'ol-heading' }, t('cat.outline.title')),
    h('p', { class: 'muted' }, t('cat.ol.lead')),
    outlineEditor({ st, comments: st.comments, readOnly, onSaved }).element);
}

/** The editor of content `contentId`. */
export function renderEditor(ctx) {
  const st = remember(`${ctx.visit}:${ctx.contentId}`);
  const reload = () => st.reload('#cat-flash');
  return loadedPage({
    state: st,
    title: t('cat.edit.title'),
    load: () => loadAll(st, ctx.contentId),
    draw: () => {
      const c = st.content;
      const readOnly = !EDITABLE.includes(c.status);
      const flash = successBox({ id: 'cat-flash', tabindex: '-1' });
      if (st.flash) setSuccess(flash, st.flash);
      st.flash = null;
      const onSaved = (answer, text, keep) => {
        st.flash = text;
        st.keep = keep;
        if (answer && answer.id) st.content = answer;
        reload();
      };
      const outline = outlinePart(st, readOnly, (a, text) => onSaved(a, text, 'meta'));
      return h('div', { class: 'page page--wide' },
        breadcrumb([{ href: '#/home', label: t('nav.home') },
          { href: c.provider ? `#/providers/${c.provider.id}/workspace` : '#/home', label: t('cat.ws.title') },
          { label: contentTitle(c) }]),
        pageHeader('edit', contentTitle(c),
          h('p', { class: 'page-header__tags' }, contentStatusTag(c.status), h('span', { class: 'code code--plain' }, c.code),
            h('span', null, t('cat.history.version', { version: formatNumber(c.version) })),
            c.published_version ? h('a', { href: `#/contents/${c.id}` }, t('cat.edit.view')) : null)),
        flash,
        readOnly ? h('div', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
          h('div', null, h('p', null, t(c.status === 'retired' ? 'cat.wf.retired' : 'cat.edit.readonly')))) : null,
        h('div', { class: 'split' },
          h('div', { class: 'split__main' },
            h('section', { class: 'panel panel--wide', 'aria-labelledby': 'meta-heading' },
              h('h2', { id: 'meta-heading' }, t('cat.meta.title')),
              c.status === 'published' ? h('p', { class: 'muted' }, t('cat.meta.new_version')) : null,
              metaForm(st, readOnly, (a, text) => onSaved(a, text, 'outline'))),
            outline),
          h('div', { class: 'split__side' },
            workflowPanel(st, reload),
            commentsPanel(st),
            h('section', { class: 'panel', 'aria-labelledby': 'hist-title' },
              h('h2', { id: 'hist-title' }, t('cat.history.title')),
              historyView(st.history)))));
    },
  });
}
