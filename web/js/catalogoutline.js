// The outline editor of a course (part of #/contents/{id}/edit): modules in order, each with its resources
// (video uploaded or by https address, PDF uploaded, HTML page, external link, quiz reference), added,
// removed and moved; a file uploads as soon as it is chosen, with a progress bar (POST /api/v1/files);
// saving replaces the outline (PUT /contents/{id}/outline) and puts the server's errors beside their fields.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api, upload } from './api.js';
import { formatNumber, alertBox, setAlert, successBox, setSuccess, showFieldErrors, clearFieldErrors, busy } from './ui.js';
import { RESOURCE_KINDS, resourceWord, resourceIcon, fieldAliases } from './catalogshared.js';
import { commentsOn } from './catalogtrail.js';

let keys = 0;
const nextKey = () => { keys += 1; return `k${keys}`; };

const FILE_KINDS = { video: 'video', pdf: 'pdf' };
const ACCEPT = { video: 'video/mp4,video/webm,.mp4,.webm', pdf: 'application/pdf,.pdf' };

function resourceModel(r = {}) {
  return { key: nextKey(), id: r.id || null, kind: r.kind || 'link', title: r.title || '', title_hi: r.title_hi || '',
    file: r.file || null, url: r.url || '', html: r.html || '', assessment_ref: r.assessment_ref || '',
    duration_minutes: r.duration_minutes ? String(r.duration_minutes) : '', required: r.required !== false };
}

/** The editable outline of a content item: [{key, id, title, title_hi, resources: [...]}]. */
export function outlineModel(c) {
  return (c.modules || []).map((m) => ({ key: nextKey(), id: m.id, title: m.title || '', title_hi: m.title_hi || '',
    resources: (m.resources || []).map(resourceModel) }));
}

const clean = (s) => (s || '').trim();

/** The body of PUT /outline for the model. */
export function outlineBody(modules) {
  return {
    modules: modules.map((m) => {
      const mod = { title: clean(m.title), resources: [] };
      if (clean(m.title_hi)) mod.title_hi = clean(m.title_hi);
      mod.resources = m.resources.map((r) => {
        const out = { kind: r.kind, title: clean(r.title), required: Boolean(r.required) };
        if (clean(r.title_hi)) out.title_hi = clean(r.title_hi);
        if (clean(r.duration_minutes)) out.duration_minutes = Number(clean(r.duration_minutes));
        if (r.kind === 'video' && r.file) out.file_id = r.file.id;
        else if (r.kind === 'video' || r.kind === 'link') out.url = clean(r.url);
        if (r.kind === 'pdf' && r.file) out.file_id = r.file.id;
        if (r.kind === 'html') out.html = r.html;
        if (r.kind === 'quiz') out.assessment_ref = clean(r.assessment_ref);
        return out;
      });
      return mod;
    }),
  };
}

export function formatBytes(n) {
  if (n >= 1048576) return t('cat.file.mb', { n: formatNumber(Math.round((n / 1048576) * 10) / 10) });
  if (n >= 1024) return t('cat.file.kb', { n: formatNumber(Math.round(n / 1024)) });
  return t('cat.file.b', { n: formatNumber(n) });
}

// One labelled control whose server errors land under it (data-field = the API's path).
function control({ path, label, obj, key, type = 'text', area, hint, required, attrs = {} }) {
  const id = `ol-${path}`.replace(/[^\w-]/g, '-');
  const input = h(area ? 'textarea' : 'input', {
    id, type: area ? null : type, class: `field__input${area ? ' field__input--area' : ''}`, value: obj[key] ?? '',
    'data-focus-key': id, rows: area ? 5 : null, 'aria-describedby': [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
    oninput: (e) => { obj[key] = e.target.value; }, ...attrs,
  });
  return h('div', { class: 'field', 'data-field': path },
    h('label', { class: 'field__label', for: id }, label,
      required ? h('span', { class: 'field__required' }, ` ${t('form.required')}`) : null),
    input,
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

// The file of a video or PDF resource: what is there, and a chooser that uploads at once with progress.
function fileBox(r, path, names, onUploaded) {
  const id = `ol-${path}-file`.replace(/[^\w-]/g, '-');
  const alert = alertBox(null);
  const progress = h('progress', { class: 'progress', max: 100, 'aria-labelledby': `${id}-progress` });
  const progressText = h('span', { id: `${id}-progress` });
  const progressBox = h('div', { class: 'progress-box', hidden: true }, progress, progressText);
  const current = h('p', { class: 'file__name', id: `${id}-current` });
  const showCurrent = () => {
    if (!r.file) {
      current.textContent = t('cat.file.none');
      return;
    }
    replace(current, icon('check', 'icon icon--small'), ' ',
      h('a', { href: r.file.url || `/api/v1/files/${r.file.id}`, target: '_blank', rel: 'noopener' },
        t('cat.file.stored', { name: r.fileName || r.file.name || t(`cat.res.${r.kind}`), size: formatBytes(r.file.size || 0) })));
  };
  const input = h('input', { id, type: 'file', class: 'file__input', accept: ACCEPT[r.kind], 'data-focus-key': id,
    'aria-describedby': `${id}-current ${id}-hint` });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    setAlert(alert, null);
    const form = new FormData();
    form.append('file', file, file.name);
    progressBox.hidden = false;
    progress.value = 0;
    progressText.textContent = t('cat.file.sending', { name: file.name, pct: formatNumber(0) });
    input.disabled = true;
    try {
      r.file = await upload('POST', `/files?kind=${FILE_KINDS[r.kind]}`, form, null, (sent, total) => {
        if (total && sent < total) {
          const pct = Math.floor((sent / total) * 100);
          progress.value = pct;
          progressText.textContent = t('cat.file.sending', { name: file.name, pct: formatNumber(pct) });
        } else {
          progress.value = 100;
          progressText.textContent = t('cat.file.checking', { name: file.name });
        }
      });
      r.fileName = file.name;
      r.url = '';
      showCurrent();
      if (onUploaded) onUploaded();
    } catch (error) {
      setAlert(alert, error.code === 'payload_too_large' ? t('cat.file.too_large') : error);
    } finally {
      input.disabled = false;
      input.value = '';
      progressBox.hidden = true;
    }
  });
  showCurrent();
  return h('div', { class: 'field', 'data-field': `${path}.file_id` },
    h('span', { class: 'field__label' }, t(`cat.file.label.${r.kind}`)),
    h('div', { class: 'file' }, input,
      h('label', { class: 'button button--secondary button--small file__button', for: id },
        icon('upload', 'icon icon--small'), h('span', null, t('cat.file.choose')),
        h('span', { class: 'visually-hidden' }, ` ${names}`)),
      current),
    h('p', { class: 'field__hint', id: `${id}-hint` }, t(`cat.file.hint.${r.kind}`)),
    progressBox, alert,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

function moveButtons(list, index, redraw, what) {
  const move = (to) => {
    const [item] = list.splice(index, 1);
    list.splice(to, 0, item);
    redraw(`${item.key}-up`);
  };
  return [
    h('button', { type: 'button', class: 'button button--secondary button--small', disabled: index === 0, 'data-focus-key': `${list[index].key}-up`,
      onclick: () => move(index - 1) }, icon('arrowUp', 'icon icon--small'), h('span', { class: 'visually-hidden' }, t('cat.ol.up', { what }))),
    h('button', { type: 'button', class: 'button button--secondary button--small', disabled: index === list.length - 1,
      onclick: () => move(index + 1) }, icon('arrowDown', 'icon icon--small'), h('span', { class: 'visually-hidden' }, t('cat.ol.down', { what }))),
    h('button', { type: 'button', class: 'button button--danger button--small',
      onclick: () => { list.splice(index, 1); redraw(null); } }, icon('x', 'icon icon--small'), h('span', null, t('cat.ol.remove')),
    h('span', { class: 'visually-hidden' }, ` ${what}`)),
  ];
}

function resourceEditor(r, path, list, index, redraw, comments, mnum) {
  const n = `${formatNumber(mnum)}.${formatNumber(index + 1)}`;
  const what = t('cat.ol.resource_n', { n });
  const kindId = `ol-${path}-kind`.replace(/[^\w-]/g, '-');
  const kind = h('select', { id: kindId, class: 'field__input', 'data-focus-key': kindId,
    onchange: (e) => { r.kind = e.target.value; redraw(kindId); } },
  RESOURCE_KINDS.map((k) => h('option', { value: k }, resourceWord(k))));
  kind.value = r.kind;
  const body = [];
  if (r.kind === 'video') {
    // An uploaded file is the video; until there is one, an https address may be given instead.
    const address = r.file ? null : control({ path: `${path}.url`, label: t('cat.res.video_url'), obj: r, key: 'url', type: 'url',
      hint: t('cat.res.video_url.hint') });
    body.push(fileBox(r, path, what, () => address?.remove()), address);
  } else if (r.kind === 'pdf') {
    body.push(fileBox(r, path, what));
  } else if (r.kind === 'link') {
    body.push(control({ path: `${path}.url`, label: t('cat.res.url'), obj: r, key: 'url', type: 'url', required: true, hint: t('cat.res.url.hint') }));
  } else if (r.kind === 'html') {
    body.push(control({ path: `${path}.html`, label: t('cat.res.html'), obj: r, key: 'html', area: true, required: true, hint: t('cat.res.html.hint') }));
  } else if (r.kind === 'quiz') {
    body.push(control({ path: `${path}.assessment_ref`, label: t('cat.res.quiz'), obj: r, key: 'assessment_ref', required: true, hint: t('cat.res.quiz.hint') }));
  }
  const reqId = `ol-${path}-required`.replace(/[^\w-]/g, '-');
  return h('li', { class: 'ol-res' },
    h('fieldset', { class: 'ol-res__box' },
      h('legend', { class: 'ol-res__legend' }, resourceIcon(r.kind, 'icon icon--small'), h('span', null, what)),
      h('div', { class: 'ol-res__tools' }, moveButtons(list, index, redraw, what)),
      h('div', { class: 'form__grid' },
        h('div', { class: 'field', 'data-field': `${path}.kind` }, h('label', { class: 'field__label', for: kindId }, t('cat.res.kind')), kind,
          h('p', { class: 'field__error' })),
        control({ path: `${path}.duration_minutes`, label: t('cat.res.duration'), obj: r, key: 'duration_minutes', type: 'number',
          attrs: { min: 1, max: 100000, inputmode: 'numeric' } }),
        control({ path: `${path}.title`, label: t('cat.field.title_en'), obj: r, key: 'title', required: true }),
        control({ path: `${path}.title_hi`, label: t('cat.field.title_hi'), obj: r, key: 'title_hi', attrs: { lang: 'hi' } })),
      body,
      h('div', { class: 'field field--check' },
        h('input', { type: 'checkbox', class: 'check', id: reqId, checked: r.required, 'data-focus-key': reqId,
          onchange: (e) => { r.required = e.target.checked; } }),
        h('label', { for: reqId }, t('cat.res.required'))),
      r.id ? commentsOn(comments, `resource:${r.id}`) : null));
}

function moduleEditor(m, index, modules, redraw, comments) {
  const path = `modules[${index}]`;
  const what = t('cat.ol.module_n', { n: formatNumber(index + 1) });
  const addId = `${m.key}-add`;
  return h('li', { class: 'ol-mod' },
    h('section', { class: 'ol-mod__box', 'aria-label': what },
      h('div', { class: 'ol-mod__head' },
        h('h3', null, what),
        h('div', { class: 'ol-res__tools' }, moveButtons(modules, index, redraw, what))),
      m.id ? commentsOn(comments, `module:${m.id}`) : null,
      h('div', { class: 'form__grid' },
        control({ path: `${path}.title`, label: t('cat.ol.module_title'), obj: m, key: 'title', required: true }),
        control({ path: `${path}.title_hi`, label: t('cat.ol.module_title_hi'), obj: m, key: 'title_hi', attrs: { lang: 'hi' } })),
      h('div', { class: 'field', 'data-field': `${path}.resources` }, h('p', { class: 'field__error' })),
      h('ol', { class: 'ol-res-list' }, m.resources.map((r, j) => resourceEditor(r, `${path}.resources[${j}]`, m.resources, j, redraw, comments, index + 1))),
      h('div', { class: 'form__actions' },
        h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': addId,
          onclick: () => { const r = resourceModel({ kind: 'video' }); m.resources.push(r); redraw(`ol-${path}-resources-${m.resources.length - 1}--kind`.replace(/[^\w-]/g, '-')); } },
        icon('plus', 'icon icon--small'), h('span', null, t('cat.ol.add_resource')), h('span', { class: 'visually-hidden' }, ` ${what}`)))));
}

/**
 * The outline editor: `st.outline` is the model, `st.content` the version shown; onSaved(content) after a
 * save. `readOnly` shows it without a way to save (a version in review).
 */
export function outlineEditor({ st, comments, readOnly, onSaved }) {
  const alert = alertBox(null);
  const done = successBox({ tabindex: '-1' });
  const holder = h('div');
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t('cat.ol.save')));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'ol-heading' });
  const redraw = (focusKey) => {
    replace(holder,
      h('div', { class: 'field', 'data-field': 'modules' }, h('p', { class: 'field__error' })),
      st.outline.length ? h('ol', { class: 'ol-mods' }, st.outline.map((m, i) => moduleEditor(m, i, st.outline, redraw, comments)))
        : h('p', { class: 'muted' }, t('cat.ol.empty')));
    if (focusKey) form.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  };
  const addModule = h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'ol-add-module',
    onclick: () => {
      st.outline.push({ key: nextKey(), id: null, title: '', title_hi: '', resources: [] });
      redraw(`ol-modules-${st.outline.length - 1}--title`);
    } }, icon('plus'), h('span', null, t('cat.ol.add_module')));
  redraw(null);
  replace(form, h('fieldset', { class: 'ol-fieldset', disabled: Boolean(readOnly) }, holder,
    h('div', { class: 'form__actions' }, addModule, readOnly ? null : save)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    clearFieldErrors(form);
    try {
      const answer = await busy(save, t('cat.sending'), () => api('PUT', `/contents/${st.content.id}/outline`, outlineBody(st.outline)));
      const sanitised = ((answer && answer.modules) || []).some((m) => (m.resources || []).some((r) => r.sanitised));
      onSaved(answer, sanitised ? t('cat.ol.saved_sanitised') : t('cat.ol.saved'));
    } catch (error) {
      const rest = showFieldErrors(form, error, fieldAliases(form, error));
      if (rest.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return { element: h('div', null, alert, done, form), done };
}
