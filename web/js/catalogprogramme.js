// The outline editor of a programme, a curated programme and a blended programme (part of
// #/contents/{id}/edit): its published courses found with a search of the catalogue (GET /catalogue?kind=course),
// put in order (move up and down, by keyboard too) and removed; a blended programme's plan of offline sessions
// (title in English and Hindi, classroom, field or virtual, minutes). Saving replaces the outline
// (PUT /contents/{id}/outline) and puts the server's errors beside their rows. A standalone assessment has no
// outline: its panel says that its questions come with the assessment engine.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatNumber, alertBox, setAlert, showFieldErrors, clearFieldErrors, busy } from './ui.js';
import { contentTitle, durationText, fieldAliases } from './catalogshared.js';

export const PROGRAMME_KINDS = ['programme', 'curated_programme', 'blended_programme'];
const MODES = ['classroom', 'field', 'virtual'];

let keys = 0;
const nextKey = () => { keys += 1; return `p${keys}`; };

const courseRef = (c) => ({ id: c.id, code: c.code, title: c.title, title_hi: c.title_hi });

/** The editable outline of a programme: {items: [{key, course}], sessions: [{key, title, title_hi, mode, duration_minutes}]}. */
export function programmeModel(c) {
  return {
    items: (c.items || []).map((it) => ({ key: nextKey(), course: courseRef(it.course || {}) })),
    sessions: (c.sessions || []).map((sn) => ({ key: nextKey(), title: sn.title || '', title_hi: sn.title_hi || '',
      mode: MODES.includes(sn.mode) ? sn.mode : 'classroom', duration_minutes: sn.duration_minutes ? String(sn.duration_minutes) : '' })),
    found: null, q: '',
  };
}

/** The body of PUT /outline for the model. */
export function programmeBody(kind, m) {
  const body = { items: m.items.map((it) => it.course.id) };
  if (kind === 'blended_programme') {
    body.sessions = m.sessions.map((sn) => {
      const out = { title: sn.title.trim(), mode: sn.mode, duration_minutes: sn.duration_minutes.trim() ? Number(sn.duration_minutes.trim()) : null };
      if (sn.title_hi.trim()) out.title_hi = sn.title_hi.trim();
      return out;
    });
  }
  return body;
}

// Up, down and remove for row `index` of `list`; `what` names the row for screen readers. The moved row
// keeps focus on the same button (or the other one, when it reached an end).
function rowTools(list, index, redraw, what, prefix) {
  const move = (to, dir) => {
    const [row] = list.splice(index, 1);
    list.splice(to, 0, row);
    const end = dir === 'up' ? to === 0 : to === list.length - 1;
    redraw(`${row.key}-${end ? (dir === 'up' ? 'down' : 'up') : dir}`);
  };
  return h('div', { class: 'ol-res__tools' },
    h('button', { type: 'button', class: 'button button--secondary button--small', disabled: index === 0, 'data-focus-key': `${list[index].key}-up`,
      onclick: () => move(index - 1, 'up') }, icon('arrowUp', 'icon icon--small'), h('span', { class: 'visually-hidden' }, t(`${prefix}.up`, { what }))),
    h('button', { type: 'button', class: 'button button--secondary button--small', disabled: index === list.length - 1,
      'data-focus-key': `${list[index].key}-down`, onclick: () => move(index + 1, 'down') },
    icon('arrowDown', 'icon icon--small'), h('span', { class: 'visually-hidden' }, t(`${prefix}.down`, { what }))),
    h('button', { type: 'button', class: 'button button--danger button--small',
      onclick: () => { list.splice(index, 1); redraw(list.length ? `${list[Math.min(index, list.length - 1)].key}-up` : `${prefix}-empty`); } },
    icon('x', 'icon icon--small'), h('span', null, t('cat.ol.remove')), h('span', { class: 'visually-hidden' }, ` ${what}`)));
}

function itemRow(m, index, redraw) {
  const it = m.items[index];
  const what = contentTitle(it.course);
  return h('li', { class: 'prog-item', 'data-field': `items[${index}]` },
    h('span', { class: 'prog-item__n', 'aria-hidden': 'true' }, formatNumber(index + 1)),
    h('div', { class: 'prog-item__main' },
      h('a', { class: 'prog-item__title', href: `#/contents/${it.course.id}` }, what),
      it.course.code ? h('span', { class: 'code code--plain' }, it.course.code) : null,
      h('p', { class: 'field__error' })),
    rowTools(m.items, index, redraw, what, 'cat.au.item'));
}

// The catalogue search that adds a published course to the programme.
function coursePicker(m, redraw) {
  const id = 'prog-find';
  const note = h('p', { class: 'picker__note', role: 'status' });
  const results = h('ul', { class: 'picker__results', 'aria-label': t('cat.au.find.results') });
  const input = h('input', { id, type: 'search', class: 'field__input', autocomplete: 'off', value: m.q, 'data-focus-key': id,
    placeholder: t('cat.au.find.placeholder'), 'aria-describedby': `${id}-hint`,
    oninput: (e) => { m.q = e.target.value; },
    onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); run(); } } });
  const showFound = () => {
    if (!m.found) return;
    const chosen = new Set(m.items.map((it) => it.course.id));
    note.textContent = m.found.length ? t('picker.found', { count: formatNumber(m.found.length) }) : t('cat.au.find.nothing');
    replace(results, m.found.map((c) => {
      const inside = chosen.has(c.id);
      return h('li', null, h('button', { type: 'button', class: 'picker__option', disabled: inside, 'data-focus-key': `prog-add-${c.id}`,
        onclick: () => { m.items.push({ key: nextKey(), course: courseRef(c) }); redraw(`prog-add-${c.id}`); } },
      h('span', { class: 'picker__name' }, icon(inside ? 'check' : 'plus', 'icon icon--small'), ' ',
        h('span', { class: 'visually-hidden' }, `${t(inside ? 'cat.au.find.added' : 'cat.au.find.add')} `), contentTitle(c)),
      h('span', { class: 'picker__meta' }, [c.code, c.provider ? c.provider.code : null, durationText(c.duration_minutes),
        inside ? t('cat.au.find.added') : null].filter(Boolean).join(' · '))));
    }));
  };
  async function run() {
    const q = input.value.trim();
    results.replaceChildren();
    m.found = null;
    if (!q) {
      note.textContent = t('picker.type');
      return;
    }
    replace(note, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` ${t('common.loading')}`);
    try {
      const answer = await api('GET', `/catalogue?kind=course&q=${encodeURIComponent(q)}&limit=20`);
      m.found = answer.items || [];
      showFound();
    } catch (error) {
      note.textContent = error.localized ? error.localized() : t('problem.unknown');
    }
  }
  showFound();
  return h('div', { class: 'field picker prog-find' },
    h('label', { class: 'field__label', for: id }, t('cat.au.find.label')),
    h('p', { class: 'field__hint', id: `${id}-hint` }, t('cat.au.find.hint')),
    h('div', { class: 'picker__row' }, input,
      h('button', { type: 'button', class: 'button button--secondary button--small', onclick: () => run() },
        icon('search', 'icon icon--small'), h('span', null, t('picker.search')))),
    note, results);
}

function control({ path, label, obj, key, type = 'text', attrs = {} }) {
  const id = `pg-${path}`.replace(/[^\w-]/g, '-');
  return h('div', { class: 'field', 'data-field': path },
    h('label', { class: 'field__label', for: id }, label),
    h('input', { id, type, class: 'field__input', value: obj[key] ?? '', 'data-focus-key': id, 'aria-describedby': `${id}-error`,
      oninput: (e) => { obj[key] = e.target.value; }, ...attrs }),
    h('p', { class: 'field__error', id: `${id}-error` }));
}

function sessionRow(m, index, redraw) {
  const sn = m.sessions[index];
  const path = `sessions[${index}]`;
  const what = t('cat.au.session_n', { n: formatNumber(index + 1) });
  const modeId = `pg-${path}-mode`.replace(/[^\w-]/g, '-');
  const mode = h('select', { id: modeId, class: 'field__input', 'data-focus-key': modeId, onchange: (e) => { sn.mode = e.target.value; } },
    MODES.map((md) => h('option', { value: md }, t(`cat.session.${md}`))));
  mode.value = sn.mode;
  return h('li', { class: 'ol-res' },
    h('fieldset', { class: 'ol-res__box' },
      h('legend', { class: 'ol-res__legend' }, icon('users', 'icon icon--small'), h('span', null, what)),
      rowTools(m.sessions, index, redraw, what, 'cat.au.session'),
      h('div', { class: 'form__grid' },
        control({ path: `${path}.title`, label: t('cat.field.title_en'), obj: sn, key: 'title' }),
        control({ path: `${path}.title_hi`, label: t('cat.field.title_hi'), obj: sn, key: 'title_hi', attrs: { lang: 'hi' } }),
        h('div', { class: 'field', 'data-field': `${path}.mode` },
          h('label', { class: 'field__label', for: modeId }, t('cat.au.session.mode')), mode, h('p', { class: 'field__error' })),
        control({ path: `${path}.duration_minutes`, label: t('cat.res.duration'), obj: sn, key: 'duration_minutes', type: 'number',
          attrs: { min: 1, max: 10000, inputmode: 'numeric' } }))));
}

/**
 * The programme editor: `st.programme` is the model, `st.content` the version shown; onSaved(content, text)
 * after a save. `readOnly` shows it without a way to change it (a version in review).
 */
export function programmeEditor({ st, readOnly, onSaved }) {
  const c = st.content;
  const m = st.programme;
  const blended = c.kind === 'blended_programme';
  const alert = alertBox(null);
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'pg-heading' });
  const itemsBox = h('div');
  const sessionsBox = h('div');
  const finder = h('div');
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'),
    h('span', null, t(blended ? 'cat.au.save' : 'cat.au.save_items')));
  const redraw = (focusKey) => {
    replace(itemsBox,
      h('div', { class: 'field', 'data-field': 'items' }, h('p', { class: 'field__error' })),
      m.items.length ? h('ol', { class: 'prog-items', 'aria-label': t('cat.au.items') }, m.items.map((_, i) => itemRow(m, i, redraw)))
        : h('p', { class: 'muted', tabindex: '-1', 'data-focus-key': 'cat.au.item-empty' }, t('cat.au.items.none')));
    if (blended) {
      replace(sessionsBox,
        h('h3', null, t('cat.programme.sessions')),
        h('div', { class: 'field', 'data-field': 'sessions' }, h('p', { class: 'field__error' })),
        m.sessions.length ? h('ol', { class: 'ol-res-list' }, m.sessions.map((_, i) => sessionRow(m, i, redraw)))
          : h('p', { class: 'muted', tabindex: '-1', 'data-focus-key': 'cat.au.session-empty' }, t('cat.au.sessions.none')),
        readOnly ? null : h('div', { class: 'form__actions' },
          h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'pg-add-session',
            onclick: () => {
              m.sessions.push({ key: nextKey(), title: '', title_hi: '', mode: 'classroom', duration_minutes: '' });
              redraw(`pg-sessions-${m.sessions.length - 1}--title`);
            } }, icon('plus', 'icon icon--small'), h('span', null, t('cat.au.session.add')))));
    }
    replace(finder, readOnly ? null : coursePicker(m, redraw));
    if (focusKey) {
      const target = form.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      (target && !target.disabled ? target : form.querySelector('[data-focus-key="prog-find"]'))?.focus();
    }
  };
  redraw(null);
  replace(form, h('fieldset', { class: 'ol-fieldset', disabled: Boolean(readOnly) },
    blended ? h('h3', null, t('cat.programme.courses')) : null,
    h('p', { class: 'muted' }, t(blended ? 'cat.au.items.lead_blended' : 'cat.au.items.lead')),
    itemsBox, finder, sessionsBox,
    readOnly ? null : h('div', { class: 'form__actions' }, save)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    try {
      const answer = await busy(save, t('cat.sending'), () => api('PUT', `/contents/${c.id}/outline`, programmeBody(c.kind, m)));
      onSaved(answer, t(blended ? 'cat.au.saved' : 'cat.au.saved_items'));
    } catch (error) {
      const rest = showFieldErrors(form, error, fieldAliases(form, error));
      if (rest.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('div', null, alert, form);
}

/** What a standalone assessment's editor shows where an outline would be. */
export function assessmentNote() {
  return h('div', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
    h('div', null, h('p', { class: 'notice__title' }, t('cat.au.assess.title')), h('p', null, t('cat.au.assess.later'))));
}
