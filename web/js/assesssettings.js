// An assessment's settings in its editor (part of #/contents/{id}/edit for kind assessment): what it is for
// (a course's final test, a practice quiz, a standalone proficiency test that grants a competency at a level,
// a pre-test or post-test), the pass mark, the attempts and time allowed, shuffling and review, and the draws:
// how many questions each attempt takes from which of the provider's banks, optionally only those tagged with
// a competency and a level, with how many the bank holds that fit. GET / PUT /contents/{id}/assessment; a
// published version's settings never change, so saving one makes a new draft like every other edit.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  formatNumber, alertBox, setAlert, field, selectField, showFieldErrors, clearFieldErrors, busy,
} from './ui.js';
import { levelPicker, levelLabel } from './fracshared.js';
import { competencyPicker } from './fracpicker.js';
import { fieldAliases } from './catalogshared.js';
import { PURPOSES, purposeWord, titleText, points } from './assessshared.js';

let keys = 0;
const key = () => { keys += 1; return `d${keys}`; };
const str = (v) => (v === null || v === undefined ? '' : String(v));

function drawModel(d = {}) {
  return { key: key(), bank_id: str(d.bank_id), competency_id: str(d.competency_id), level: str(d.level), count: str(d.count || 5),
    saved: d.bank_id ? { bank_id: str(d.bank_id), competency_id: str(d.competency_id), level: str(d.level), available: d.available } : null };
}

function modelOf(s) {
  const x = s || {};
  return {
    purpose: x.purpose || 'final', pass_percent: str(x.pass_percent ?? 60), max_attempts: str(x.max_attempts),
    time_limit_minutes: str(x.time_limit_minutes), shuffle_questions: x.shuffle_questions !== false,
    shuffle_options: x.shuffle_options !== false, allow_review: x.allow_review !== false,
    grant_competency: x.grant && x.grant.competency_id ? { id: x.grant.competency_id, code: x.grant.competency_code || '',
      name: x.grant.competency_name || x.grant.name || '', name_hi: x.grant.competency_name_hi || x.grant.name_hi || null } : null,
    grant_level: (x.grant && x.grant.level) || 2,
    draws: (x.draws || []).length ? x.draws.map(drawModel) : [drawModel()],
  };
}

const numOrNull = (s) => (String(s).trim() ? Number(String(s).trim()) : null);

function bodyOf(m) {
  return {
    purpose: m.purpose, pass_percent: Number(m.pass_percent), max_attempts: numOrNull(m.max_attempts),
    time_limit_minutes: numOrNull(m.time_limit_minutes), shuffle_questions: m.shuffle_questions, shuffle_options: m.shuffle_options,
    allow_review: m.allow_review,
    grant: m.purpose === 'proficiency' && m.grant_competency ? { competency_id: m.grant_competency.id, level: Number(m.grant_level) } : null,
    draws: m.draws.map((d) => ({ bank_id: Number(d.bank_id) || null, competency_id: numOrNull(d.competency_id),
      level: numOrNull(d.level), count: Number(d.count) || 0 })),
  };
}

// How many active questions of the bank fit the draw: the server's figure for the draw as saved, else worked
// out from the bank's tags.
function available(d, banks) {
  const s = d.saved;
  if (s && s.bank_id === d.bank_id && s.competency_id === d.competency_id && s.level === d.level && typeof s.available === 'number') return s.available;
  const bank = banks.find((b) => String(b.id) === d.bank_id);
  if (!bank) return null;
  if (!d.competency_id && !d.level) return bank.question_count || 0;
  return (bank.tags || []).filter((x) => (!d.competency_id || String(x.competency_id) === d.competency_id)
    && (!d.level || String(x.level) === d.level)).reduce((n, x) => n + (x.count || 0), 0);
}

function competenciesOf(bank) {
  const out = new Map();
  for (const x of (bank && bank.tags) || []) {
    if (x.competency_id && !out.has(x.competency_id)) out.set(x.competency_id, localName({ name: x.competency_name, name_hi: x.competency_name_hi }));
  }
  return [...out];
}

function drawRow(m, d, i, banks, redraw) {
  const n = formatNumber(i + 1);
  const bank = banks.find((b) => String(b.id) === d.bank_id);
  const avail = h('p', { class: 'aset-draw__avail', 'aria-live': 'polite', id: `draw-${d.key}-avail` });
  const showAvail = () => {
    const a = available(d, banks);
    const need = Number(d.count) || 0;
    replace(avail, a === null ? '' : h('span', { class: a < need ? 'aset-draw__short' : '' },
      t('assess.set.available', { count: formatNumber(a) }), a < need ? ` · ${t('assess.set.too_few')}` : ''));
  };
  showAvail();
  return h('li', { class: 'aset-draw', 'data-field': `draws[${i}]` },
    h('fieldset', { class: 'aq-opt__box' },
      h('legend', { class: 'aq-opt__legend' }, t('assess.set.draw_n', { n })),
      h('div', { class: 'aset-draw__grid' },
        selectField({ form: `draw-${d.key}`, name: 'bank_id', label: t('assess.set.bank'), model: d, required: true,
          options: [['', t('assess.set.pick_bank')], ...banks.map((b) => [String(b.id), `${titleText(b)} (${b.code})`])],
          onChange: () => { d.competency_id = ''; redraw(`[data-focus-key="draw-${d.key}-bank_id"]`); } }),
        selectField({ form: `draw-${d.key}`, name: 'competency_id', label: t('assess.q.competency'), model: d,
          options: [['', t('assess.any_comp')], ...competenciesOf(bank).map(([id, name]) => [String(id), name])], onChange: showAvail }),
        selectField({ form: `draw-${d.key}`, name: 'level', label: t('assess.q.level'), model: d,
          options: [['', t('assess.any_level')], ...[1, 2, 3, 4, 5].map((x) => [String(x), levelLabel(x)])], onChange: showAvail }),
        field({ form: `draw-${d.key}`, name: 'count', label: t('assess.set.count'), model: d, type: 'number', required: true,
          attrs: { min: 1, max: 200, inputmode: 'numeric', 'aria-describedby': `draw-${d.key}-avail draw-${d.key}-count-error`, oninput: (e) => { d.count = e.target.value; showAvail(); } } })),
      avail,
      m.draws.length > 1 ? h('button', { type: 'button', class: 'button button--danger button--small',
        onclick: () => { m.draws.splice(i, 1); redraw('[data-focus-key="draw-add"]'); } },
      icon('x', 'icon icon--small'), h('span', null, t('assess.set.remove_draw', { n }))) : null));
}

function grantPart(m) {
  return h('fieldset', { class: 'fieldset', 'data-field': 'grant' },
    h('legend', null, t('assess.set.grant')),
    h('p', { class: 'field__hint' }, t('assess.set.grant.hint')),
    h('p', { class: 'field__error' }),
    h('div', { 'data-field': 'grant.competency_id' },
      competencyPicker({ form: 'aset', name: 'grant_competency', label: t('assess.set.grant_comp'), model: m, required: true })),
    h('div', { 'data-field': 'grant.level' },
      levelPicker({ form: 'aset', name: 'grant_level', label: t('assess.set.grant_level'), model: m })));
}

function check(m, name, label, hint) {
  const id = `aset-${name}`;
  return h('div', { class: 'aset-check', 'data-field': name },
    h('span', { class: 'field--check' },
      h('input', { type: 'checkbox', class: 'check', id, checked: m[name], 'data-focus-key': id,
        'aria-describedby': hint ? `${id}-hint` : null, onchange: (e) => { m[name] = e.target.checked; } }),
      h('label', { for: id }, label)),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null);
}

function form(sa, content, readOnly, onSaved) {
  const m = sa.model;
  const alert = alertBox(null);
  const grant = h('div');
  const draws = h('ol', { class: 'aset-draws' });
  const redrawDraws = (focus) => {
    replace(draws, m.draws.map((d, i) => drawRow(m, d, i, sa.banks, redrawDraws)));
    if (focus) draws.parentElement?.querySelector(focus)?.focus();
  };
  const redrawGrant = () => replace(grant, m.purpose === 'proficiency' ? grantPart(m) : null);
  redrawDraws();
  redrawGrant();
  const s = sa.settings;
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t('assess.set.save')));
  const f = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'as-heading' },
    h('fieldset', { class: 'ol-fieldset', disabled: Boolean(readOnly) },
      h('div', { class: 'form__grid' },
        selectField({ form: 'aset', name: 'purpose', label: t('assess.set.purpose'), model: m, required: true,
          options: PURPOSES.map((p) => [p, purposeWord(p)]), onChange: redrawGrant, hint: t('assess.set.purpose.hint') }),
        field({ form: 'aset', name: 'pass_percent', label: t('assess.set.pass'), model: m, type: 'number', required: true,
          attrs: { min: 0, max: 100, inputmode: 'numeric' } }),
        field({ form: 'aset', name: 'max_attempts', label: t('assess.set.attempts'), model: m, type: 'number',
          hint: t('assess.set.attempts.hint'), attrs: { min: 1, max: 100, inputmode: 'numeric' } }),
        field({ form: 'aset', name: 'time_limit_minutes', label: t('assess.set.time'), model: m, type: 'number',
          hint: t('assess.set.time.hint'), attrs: { min: 1, max: 1440, inputmode: 'numeric' } })),
      grant,
      h('fieldset', { class: 'fieldset' },
        h('legend', null, t('assess.set.fairness')),
        check(m, 'shuffle_questions', t('assess.set.shuffle_q')),
        check(m, 'shuffle_options', t('assess.set.shuffle_o')),
        check(m, 'allow_review', t('assess.set.review'), t('assess.set.review.hint'))),
      h('fieldset', { class: 'fieldset', 'data-field': 'draws' },
        h('legend', null, t('assess.set.draws')),
        h('p', { class: 'field__hint' }, t('assess.set.draws.hint')),
        h('p', { class: 'field__error' }),
        sa.banks.length ? null : h('p', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
          h('span', null, t('assess.set.no_banks'), ' ',
            h('a', { href: `#/providers/${content.provider ? content.provider.id : ''}/question-banks` }, t('assess.set.to_banks')))),
        draws,
        m.draws.length < 20 ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'draw-add',
          onclick: () => { m.draws.push(drawModel()); redrawDraws(`[data-focus-key="draw-${m.draws[m.draws.length - 1].key}-bank_id"]`); } },
        icon('plus', 'icon icon--small'), h('span', null, t('assess.set.add_draw'))) : null)),
    s && s.question_count ? h('p', { class: 'aset-sum', role: 'status' }, t('assess.set.summary',
      { count: formatNumber(s.question_count), points: points(s.max_score) })) : null,
    readOnly ? null : h('div', { class: 'form__actions' }, save));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(f);
    try {
      const answer = await busy(save, t('assess.sending'), () => api('PUT', `/contents/${content.id}/assessment`, bodyOf(m)));
      sa.settings = answer;
      sa.model = modelOf(answer);
      const again = answer && answer.version && answer.version !== content.version;
      onSaved(null, again ? t('assess.set.saved_new', { version: formatNumber(answer.version) }) : t('assess.set.saved'));
    } catch (error) {
      const rest = showFieldErrors(f, error, fieldAliases(f, error));
      if (rest.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('div', null, alert, f);
}

async function load(sa, content) {
  const [settings, banks] = await Promise.all([
    api('GET', `/contents/${content.id}/assessment?version=${content.version}`).catch((error) => {
      if (error.status === 404) return null; // no settings yet
      throw error;
    }),
    content.provider ? api('GET', `/providers/${content.provider.id}/question-banks?limit=500`).then((a) => a.items || [], () => []) : [],
  ]);
  sa.settings = settings;
  sa.banks = banks;
  sa.model = modelOf(settings);
}

/**
 * The settings section of assessment `st.content` in the editor. It keeps its state in st.assess (the
 * editor's memory for this visit) and loads again when the version changes. onSaved(answer, flash) as the
 * outline's.
 */
export function assessmentSettings({ st, readOnly, onSaved }) {
  const c = st.content;
  const k = `${c.id}:${c.version}`;
  if (!st.assess || st.assess.key !== k) st.assess = { key: k, loaded: false, error: null, settings: null, banks: [], model: null };
  const sa = st.assess;
  const holder = h('div', { class: 'aset' });
  const draw = () => {
    if (sa.error) replace(holder, alertBox(sa.error));
    else replace(holder, h('p', { class: 'muted' }, t('assess.set.lead')), form(sa, c, readOnly, onSaved));
  };
  if (sa.loaded) {
    draw();
  } else {
    replace(holder, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
    load(sa, c).then(() => { sa.loaded = true; }, (error) => { sa.error = error; }).finally(draw);
  }
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'as-heading' },
    h('h2', { id: 'as-heading' }, t('assess.set.title')), holder);
}
