// The question editor: a new question in a bank (#/question-banks/{id}/new) or one already there
// (#/questions/{id}). Every kind: single choice (exactly one correct option), multiple choice (at least one;
// partial credit), true / false (the server makes the two options; the author says which is right) and fill in
// the blank (accepted answers, matched ignoring case, spaces and Unicode form). Text and explanation in English
// and Hindi, a competency (fracpicker.js) and level, points. Saving an edited question an attempt has already
// drawn makes a new question (the old one is retired); the editor then moves to it. Retiring takes it out of
// future draws.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, alertBox, setAlert, successBox, setSuccess, field, selectField, showFieldErrors,
  clearFieldErrors, busy, screenMemory, loadedPage,
} from './ui.js';
import { textArea, levelLabel } from './fracshared.js';
import { competencyPicker } from './fracpicker.js';
import { orgsWithRole, fieldAliases } from './catalogshared.js';
import { QUESTION_KINDS, kindWord, titleText, qText } from './assessshared.js';

const remember = screenMemory(() => ({ bank: null, question: null, model: null, flash: null }));
let keys = 0;
const key = () => { keys += 1; return `o${keys}`; };

const option = (o = {}) => ({ key: key(), text: o.text || '', text_hi: o.text_hi || '', correct: Boolean(o.correct) });
const answerRow = (value = '') => ({ key: key(), value });

function modelOf(q) {
  if (!q) {
    return { kind: 'single', text: '', text_hi: '', explanation: '', explanation_hi: '', competency: null, level: '', points: '1',
      options: [option(), option()], correct: 'true', answers: [answerRow()] };
  }
  const tf = q.kind === 'true_false' ? (q.options || []).find((o) => o.correct) : null;
  return {
    kind: q.kind, text: q.text || '', text_hi: q.text_hi || '', explanation: q.explanation || '', explanation_hi: q.explanation_hi || '',
    competency: q.competency || null, level: q.level ? String(q.level) : '', points: String(q.points || 1),
    options: q.kind === 'true_false' || q.kind === 'fill_blank' ? [option(), option()] : (q.options || []).map(option),
    correct: typeof q.correct === 'boolean' ? String(q.correct) : String(!tf || /^true$/i.test(tf.text)),
    answers: (q.answers || []).length ? q.answers.map((a) => answerRow(a)) : [answerRow()],
  };
}

const trimOrNull = (s) => (s && s.trim() ? s.trim() : null);

function bodyOf(m) {
  const body = { kind: m.kind, text: m.text.trim(), points: Number(m.points) || 1 };
  for (const k of ['text_hi', 'explanation', 'explanation_hi']) body[k] = trimOrNull(m[k]);
  body.competency_id = m.competency ? m.competency.id : null;
  body.level = m.level ? Number(m.level) : null;
  if (m.kind === 'single' || m.kind === 'multiple') {
    body.options = m.options.map((o) => ({ text: o.text.trim(), text_hi: trimOrNull(o.text_hi), correct: Boolean(o.correct) }));
  } else if (m.kind === 'true_false') {
    body.correct = m.correct === 'true';
  } else {
    body.answers = m.answers.map((a) => a.value.trim()).filter(Boolean);
  }
  return body;
}

// The options of a single or multiple choice question: each a row with its texts and whether it is correct.
function optionsEditor(m, redraw) {
  const single = m.kind === 'single';
  const rows = m.options.map((o, i) => {
    const n = formatNumber(i + 1);
    const correctId = `qo-${o.key}-correct`;
    return h('li', { class: 'aq-opt', 'data-field': `options[${i}]` },
      h('fieldset', { class: 'aq-opt__box' },
        h('legend', { class: 'aq-opt__legend' }, t('assess.q.option_n', { n })),
        h('div', { class: 'form__grid' },
          field({ form: `qo-${o.key}`, name: 'text', label: t('assess.q.option_en'), model: o, required: true }),
          field({ form: `qo-${o.key}`, name: 'text_hi', label: t('assess.q.option_hi'), model: o, attrs: { lang: 'hi' } })),
        h('div', { class: 'aq-opt__tools' },
          h('span', { class: 'field--check' },
            h('input', { type: single ? 'radio' : 'checkbox', class: 'check', id: correctId, name: single ? 'qo-correct' : null,
              checked: o.correct, 'data-focus-key': correctId,
              onchange: (e) => {
                if (single) m.options.forEach((x) => { x.correct = x === o; });
                else o.correct = e.target.checked;
              } }),
            h('label', { for: correctId }, t('assess.q.correct_option', { n }))),
          m.options.length > 2 ? h('button', { type: 'button', class: 'button button--danger button--small',
            onclick: () => { m.options.splice(i, 1); redraw(`[data-focus-key="qo-add"]`); } },
          icon('x', 'icon icon--small'), h('span', null, t('assess.q.remove_option', { n }))) : null)));
  });
  return h('fieldset', { class: 'fieldset', 'data-field': 'options' },
    h('legend', null, t('assess.q.options')),
    h('p', { class: 'field__hint' }, t(single ? 'assess.q.options.single' : 'assess.q.options.multiple')),
    h('p', { class: 'field__error' }),
    h('ol', { class: 'aq-opts' }, rows),
    m.options.length < 10 ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'qo-add',
      onclick: () => { m.options.push(option()); redraw(`[data-focus-key="qo-${m.options[m.options.length - 1].key}-text"]`); } },
    icon('plus', 'icon icon--small'), h('span', null, t('assess.q.add_option'))) : null);
}

function trueFalseEditor(m) {
  return h('fieldset', { class: 'fieldset', 'data-field': 'correct' },
    h('legend', null, t('assess.q.tf_correct')),
    h('p', { class: 'field__hint' }, t('assess.q.tf_hint')),
    h('div', { class: 'checks__list' }, ['true', 'false'].map((v) => h('span', { class: 'field--check' },
      h('input', { type: 'radio', class: 'check', id: `qtf-${v}`, name: 'qtf', value: v, checked: m.correct === v,
        'data-focus-key': `qtf-${v}`, onchange: () => { m.correct = v; } }),
      h('label', { for: `qtf-${v}` }, t(`assess.tf.${v}`))))),
    h('p', { class: 'field__error' }));
}

function answersEditor(m, redraw) {
  return h('fieldset', { class: 'fieldset', 'data-field': 'answers' },
    h('legend', null, t('assess.q.answers')),
    h('p', { class: 'field__hint' }, t('assess.q.answers.hint')),
    h('p', { class: 'field__error' }),
    h('ol', { class: 'aq-answers' }, m.answers.map((a, i) => h('li', { class: 'aq-answer' },
      field({ form: `qa-${a.key}`, name: 'value', label: t('assess.q.answer_n', { n: formatNumber(i + 1) }), model: a, required: i === 0 }),
      m.answers.length > 1 ? h('button', { type: 'button', class: 'button button--danger button--small',
        onclick: () => { m.answers.splice(i, 1); redraw('[data-focus-key="qa-add"]'); } },
      icon('x', 'icon icon--small'), h('span', null, t('assess.q.remove_answer', { n: formatNumber(i + 1) }))) : null))),
    m.answers.length < 20 ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'qa-add',
      onclick: () => { m.answers.push(answerRow()); redraw(`[data-focus-key="qa-${m.answers[m.answers.length - 1].key}-value"]`); } },
    icon('plus', 'icon icon--small'), h('span', null, t('assess.q.add_answer'))) : null);
}

function kindPart(m, redraw) {
  if (m.kind === 'true_false') return trueFalseEditor(m);
  if (m.kind === 'fill_blank') return answersEditor(m, redraw);
  return optionsEditor(m, redraw);
}

function questionForm(st, ctx, readOnly) {
  const m = st.model;
  const alert = alertBox(null);
  const part = h('div');
  const redraw = (focus) => {
    replace(part, kindPart(m, redraw));
    if (focus) part.querySelector(focus)?.focus();
  };
  redraw();
  const editing = Boolean(st.question);
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'),
    h('span', null, t(editing ? 'assess.q.save' : 'assess.q.create')));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'q-heading' },
    h('fieldset', { class: 'ol-fieldset', disabled: Boolean(readOnly) },
      selectField({ form: 'q', name: 'kind', label: t('assess.q.kind'), model: m, required: true,
        options: QUESTION_KINDS.map((k) => [k, kindWord(k)]), onChange: () => redraw(),
        hint: editing ? null : t('assess.q.kind.hint') }),
      h('div', { class: 'form__grid' },
        textArea({ form: 'q', name: 'text', label: t('assess.q.text_en'), model: m, rows: 3, required: true,
          hint: t('assess.q.text.hint') }),
        textArea({ form: 'q', name: 'text_hi', label: t('assess.q.text_hi'), model: m, rows: 3, attrs: { lang: 'hi' } })),
      part,
      h('div', { class: 'form__grid' },
        textArea({ form: 'q', name: 'explanation', label: t('assess.q.expl_en'), model: m, rows: 3, hint: t('assess.q.expl.hint') }),
        textArea({ form: 'q', name: 'explanation_hi', label: t('assess.q.expl_hi'), model: m, rows: 3, attrs: { lang: 'hi' } })),
      h('div', { 'data-field': 'competency_id' },
        competencyPicker({ form: 'q', name: 'competency', label: t('assess.q.competency'), model: m, clearable: true,
          hint: t('assess.q.competency.hint') })),
      h('div', { class: 'form__grid' },
        selectField({ form: 'q', name: 'level', label: t('assess.q.level'), model: m, hint: t('assess.q.level.hint'),
          options: [['', t('assess.q.no_level')], ...[1, 2, 3, 4, 5].map((n) => [String(n), levelLabel(n)])] }),
        field({ form: 'q', name: 'points', label: t('assess.q.points'), model: m, type: 'number', required: true,
          hint: t('assess.q.points.hint'), attrs: { min: 1, max: 100, inputmode: 'numeric' } }))),
    readOnly ? null : h('div', { class: 'form__actions' }, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    try {
      const body = bodyOf(m);
      const q = await busy(save, t('assess.sending'), () => (editing
        ? api('PUT', `/questions/${st.question.id}`, body) : api('POST', `/question-banks/${st.bank.id}/questions`, body)));
      if (!editing) {
        st.flash = t('assess.q.added', { text: qText(q) });
        st.model = modelOf(null);
        st.model.kind = m.kind;
        st.redraw('#q-flash');
      } else if (q.id !== st.question.id) {
        st.flash = t('assess.q.saved_new');
        ctx.go(`questions/${q.id}`);
      } else {
        st.flash = t('assess.q.saved');
        st.reload('#q-flash');
      }
    } catch (error) {
      const rest = showFieldErrors(form, error, fieldAliases(form, error));
      if (rest.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('div', null, alert, form);
}

function retirePanel(st) {
  const q = st.question;
  const alert = alertBox(null);
  const button = h('button', { type: 'button', class: 'button button--danger' }, icon('x'), h('span', null, t('assess.q.retire')));
  button.addEventListener('click', async () => {
    setAlert(alert, null);
    try {
      await busy(button, t('assess.sending'), () => api('DELETE', `/questions/${q.id}`));
      st.flash = t('assess.q.retired');
      st.reload('#q-flash');
    } catch (error) {
      setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form', 'aria-labelledby': 'q-retire' },
    h('h2', { id: 'q-retire' }, t('assess.q.retire.title')),
    h('p', { class: 'muted' }, t('assess.q.retire.lead')),
    alert, h('div', { class: 'form__actions' }, button));
}

/** The editor: `ctx.bankId` for a new question, `ctx.questionId` for one already made. */
export function renderQuestion(ctx) {
  const st = remember(`${ctx.visit}:${ctx.bankId || ''}:${ctx.questionId || ''}`);
  return loadedPage({
    state: st,
    title: t('assess.q.title'),
    load: async () => {
      st.question = ctx.questionId ? await api('GET', `/questions/${ctx.questionId}`) : null;
      st.bank = await api('GET', `/question-banks/${st.question ? st.question.bank_id : ctx.bankId}`);
      st.model = modelOf(st.question);
    },
    draw: () => {
      const b = st.bank;
      const q = st.question;
      const creator = Boolean(b.provider) && orgsWithRole(ctx.user, ['content_creator']).some((o) => o.id === b.provider.id);
      const readOnly = !creator || (q && q.status === 'retired');
      const flash = successBox({ id: 'q-flash', tabindex: '-1' });
      if (st.flash) setSuccess(flash, st.flash);
      st.flash = null;
      const title = q ? t('assess.q.edit_title') : t('assess.q.new_title');
      return h('div', { class: 'page page--wide' },
        breadcrumb([{ href: '#/home', label: t('nav.home') },
          { href: `#/providers/${b.provider ? b.provider.id : ''}/question-banks`, label: t('assess.banks.title') },
          { href: `#/question-banks/${b.id}`, label: titleText(b) },
          { label: title }]),
        pageHeader('edit', title,
          h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, b.code),
            q ? h('span', { class: `tag tag--status tag--${q.status === 'active' ? 'ok' : 'muted'}` }, t(`assess.q.status.${q.status === 'retired' ? 'retired' : 'active'}`)) : null,
            q && q.competency ? h('span', null, localName(q.competency)) : null)),
        flash,
        q && q.status === 'retired' ? h('div', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
          h('div', null, h('p', null, t('assess.q.is_retired')))) : null,
        h('div', { class: 'split' },
          h('div', { class: 'split__main' },
            h('section', { class: 'panel panel--wide', 'aria-labelledby': 'q-heading' },
              h('h2', { id: 'q-heading' }, t('assess.q.the_question')),
              questionForm(st, ctx, readOnly)),
            h('p', null, h('a', { href: `#/question-banks/${b.id}` }, icon('arrowLeft', 'icon icon--small'), h('span', null, t('assess.q.back'))))),
          h('div', { class: 'split__side' },
            q && creator && q.status === 'active' ? retirePanel(st) : null,
            h('section', { class: 'panel', 'aria-labelledby': 'q-help' },
              h('h2', { id: 'q-help' }, t('assess.q.help.title')),
              h('ul', { class: 'plain-list plain-list--spaced' }, QUESTION_KINDS.map((k) => h('li', null,
                h('strong', null, kindWord(k)), ' ', h('span', { class: 'muted' }, t(`assess.kind.${k}.help`)))))))));
    },
  });
}
