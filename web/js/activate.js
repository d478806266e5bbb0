// Account activation (#/activate?token=...), open without a session: the official chooses a password
// under rules stated on the page, and the server checks them (it alone knows the email and the list of
// common passwords). A link that was used, expired or mistyped gets a plain explanation.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { heading, alertBox, setAlert, showFieldErrors, clearFieldErrors, busy, screenMemory } from './ui.js';

const MIN_LENGTH = 12;
const LONG_ENOUGH = 16;
const RULES = ['length', 'email', 'common', 'mix'];

const remember = screenMemory(() => ({ password: '', confirm: '', show: false, done: false, invalid: false, failed: [] }));

// The server explains each broken rule in its own words; these patterns say which rule on screen it was.
// Checked in this order: the "mix" rule's message also mentions a length.
const RULE_PATTERNS = [
  ['mix', /\bmix|lower-case|upper-case/i],
  ['common', /common|pattern|repeated/i],
  ['email', /e-?mail/i],
  ['length', /characters|long|short/i],
];

function rulesFailedBy(errors) {
  const failed = new Set();
  for (const e of errors) {
    const rule = RULE_PATTERNS.find(([, re]) => re.test(e.message || ''));
    if (rule) failed.add(rule[0]);
  }
  return [...failed];
}

function classes(password) {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

// A rule is failed (the server or the page said so), met (the page can tell as you type: length and mix),
// or not known yet (the email and common-password rules, which only the server checks).
function ruleState(st, rule) {
  if (st.failed.includes(rule)) return 'failed';
  const chars = Array.from(st.password).length;
  if (rule === 'length' && chars >= MIN_LENGTH) return 'met';
  if (rule === 'mix' && st.password && (chars >= LONG_ENOUGH || classes(st.password) >= 3)) return 'met';
  return 'open';
}

const RULE_ICONS = { failed: 'x', met: 'check', open: 'dot' };

function rulesList(st) {
  const list = h('ul', { class: 'rules', id: 'activate-rules' });
  const fill = () => {
    replace(list, RULES.map((rule) => {
      const state = ruleState(st, rule);
      return h('li', { class: `rules__item rules__item--${state}` },
        icon(RULE_ICONS[state], 'icon icon--small rules__icon'),
        h('span', null, t(`activate.rule.${rule}`, { min: MIN_LENGTH, long: LONG_ENOUGH })),
        state === 'open' ? null : h('span', { class: 'visually-hidden' }, ` (${t(`activate.rule.${state}`)})`));
    }));
  };
  fill();
  list.refresh = fill;
  return list;
}

function successView() {
  return h('div', { class: 'activate__done' },
    h('div', { class: 'success', role: 'status', tabindex: '-1' }, icon('check', 'icon success__icon'),
      h('div', { class: 'success__body' }, h('p', null, t('activate.done')))),
    h('p', null, h('a', { class: 'button button--primary', href: '#/login' }, t('activate.login'))));
}

function invalidView() {
  return h('div', null,
    alertBox(t('problem.activation_invalid'), { tabindex: '-1' }),
    h('p', null, t('activate.invalid.help')),
    h('p', null, h('a', { class: 'button button--secondary', href: '#/login' }, t('activate.to_login'))));
}

function passwordForm(st, token, onDone, onInvalid) {
  const alert = alertBox(null);
  const rules = rulesList(st);
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block' }, t('activate.submit'));
  const input = (name, label, autocomplete, describedBy) => h('div', { class: 'field', 'data-field': name },
    h('label', { class: 'field__label', for: `activate-${name}` }, label),
    h('input', { id: `activate-${name}`, name, type: st.show ? 'text' : 'password', class: 'field__input', autocomplete,
      value: st[name], required: true, spellcheck: 'false', autocapitalize: 'none', 'data-focus-key': `activate-${name}`,
      'aria-describedby': `${describedBy} activate-${name}-error`,
      oninput: (e) => {
        st[name] = e.target.value;
        if (name === 'password') {
          st.failed = []; // a changed password has not been judged yet
          rules.refresh();
        }
      } }),
    h('p', { class: 'field__error', id: `activate-${name}-error` }));
  const show = h('div', { class: 'field field--check' },
    h('input', { id: 'activate-show', type: 'checkbox', class: 'check', checked: st.show, 'data-focus-key': 'activate-show',
      onchange: (e) => {
        st.show = e.target.checked;
        for (const el of form.querySelectorAll('#activate-password, #activate-confirm')) el.type = st.show ? 'text' : 'password';
      } }),
    h('label', { for: 'activate-show' }, t('activate.show')));

  const form = h('form', { class: 'form', novalidate: true },
    h('div', { class: 'rules-box' },
      h('p', { class: 'rules-box__title', id: 'activate-rules-title' }, t('activate.rules')),
      rules),
    input('password', t('activate.password'), 'new-password', 'activate-rules-title activate-rules'),
    input('confirm', t('activate.confirm'), 'new-password', 'activate-rules-title'),
    show,
    submit);

  const fail = (name, message) => showFieldErrors(form, { errors: [{ field: name, message }] });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    st.failed = [];
    if (!st.password) return fail('password', t('activate.enter'));
    const tooShort = Array.from(st.password).length < MIN_LENGTH;
    const tooPlain = Array.from(st.password).length < LONG_ENOUGH && classes(st.password) < 3;
    if (tooShort || tooPlain) {
      st.failed = [tooShort ? 'length' : null, tooPlain ? 'mix' : null].filter(Boolean);
      rules.refresh();
      return fail('password', t('activate.weak'));
    }
    rules.refresh();
    if (st.password !== st.confirm) return fail('confirm', t('activate.mismatch'));
    try {
      await busy(submit, t('activate.submitting'), () => api('POST', '/auth/activate', { token, password: st.password },
        { notifyUnauthenticated: false }));
      st.password = '';
      st.confirm = '';
      st.done = true;
      onDone();
    } catch (error) {
      if (error.code === 'activation_invalid') {
        st.invalid = true;
        onInvalid();
        return;
      }
      if (error.status === 422) {
        st.failed = rulesFailedBy(error.errors);
        rules.refresh();
        const unmatched = showFieldErrors(form, error);
        setAlert(alert, t('activate.weak'));
        if (unmatched.length) setAlert(alert, error);
        return;
      }
      setAlert(alert, error);
    }
    return undefined;
  });
  return [alert, form];
}

/** The activation page for the token in the address. */
export function renderActivate(ctx) {
  const st = remember(`${ctx.visit}`);
  const token = ctx.route.query.get('token') || '';
  const body = h('div', { class: 'activate__body' });
  const card = h('section', { class: 'login__card activate', 'aria-labelledby': 'activate-title' },
    heading(t('activate.title'), { id: 'activate-title' }),
    body);
  const show = (focus) => {
    if (st.done) replace(body, successView());
    else if (st.invalid || !/^[0-9a-f]{16,128}$/i.test(token)) replace(body, invalidView());
    else replace(body, h('p', { class: 'muted' }, t('activate.lead')), passwordForm(st, token, () => show(true), () => show(true)));
    if (focus) (body.querySelector('[tabindex="-1"]') || card.querySelector('[data-focus-heading]')).focus();
  };
  show(false);
  return h('div', { class: 'page page--narrow activate-page' }, card);
}
