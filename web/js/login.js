// The login screen: email and password, errors from the server shown in the current language,
// and the demo learner's login for this demonstration installation.

import { h } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { login } from './session.js';

const DEMO_EMAIL = 'learner@karmayogi.demo';
const DEMO_PASSWORD = 'Karmayogi@2026';

// Survives a re-render (a language switch) so typed values and the last error are not lost.
const form = { email: '', password: '', error: null, busy: false, notice: null };

function errorText() {
  if (!form.error) return '';
  return form.error === 'missing' ? t('login.missing') : form.error.localized();
}

function field(id, type, label, autocomplete) {
  return h('div', { class: 'field' },
    h('label', { class: 'field__label', for: `login-${id}` }, label),
    h('input', {
      id: `login-${id}`, name: id, type, class: 'field__input', autocomplete, required: true,
      spellcheck: 'false', autocapitalize: 'none', value: form[id], 'data-focus-key': `login-${id}`,
      'aria-describedby': 'login-error',
      oninput: (e) => { form[id] = e.target.value; },
    }));
}

function intro() {
  return h('section', { class: 'login__intro', 'aria-labelledby': 'login-intro-title' },
    h('p', { class: 'eyebrow eyebrow--light' }, t('app.mission')),
    h('h2', { id: 'login-intro-title', class: 'login__intro-title' }, t('login.panel.title')),
    h('p', { class: 'login__intro-text' }, t('login.panel.text')),
    h('ul', { class: 'login__points' },
      [1, 2, 3].map((n) => h('li', null, icon('check', 'icon login__point-icon'), h('span', null, t(`login.panel.point${n}`))))));
}

function demoHint() {
  return h('aside', { class: 'hint', 'aria-labelledby': 'demo-title' },
    h('h2', { id: 'demo-title', class: 'hint__title' }, icon('info', 'icon icon--small'), h('span', null, t('login.demo.title'))),
    h('p', null, t('login.demo.text')),
    h('dl', { class: 'hint__list' },
      h('div', null, h('dt', null, t('login.email')), h('dd', null, h('code', null, DEMO_EMAIL))),
      h('div', null, h('dt', null, t('login.password')), h('dd', null, h('code', null, DEMO_PASSWORD)))));
}

/** The login page; `onLoggedIn(user)` runs after a successful login. */
export function renderLogin({ onLoggedIn }) {
  const alert = h('div', { id: 'login-error', class: 'alert', role: 'alert' },
    form.error ? [icon('alert', 'icon alert__icon'), h('span', null, errorText())] : null);
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block', disabled: form.busy },
    t(form.busy ? 'login.submitting' : 'login.submit'));

  const notice = h('div', { class: 'success', role: 'status' },
    form.notice ? [icon('check', 'icon success__icon'), h('p', { class: 'success__body' }, t(form.notice))] : null);

  const showError = (error) => {
    form.error = error;
    form.notice = null;
    notice.replaceChildren();
    alert.replaceChildren(icon('alert', 'icon alert__icon'), h('span', null, errorText()));
  };

  const onSubmit = async (e) => {
    e.preventDefault();
    if (form.busy) return;
    if (!form.email.trim() || !form.password) {
      showError('missing');
      document.getElementById(form.email.trim() ? 'login-password' : 'login-email')?.focus();
      return;
    }
    form.busy = true;
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      const user = await login(form.email.trim(), form.password);
      form.email = '';
      form.password = '';
      form.error = null;
      form.notice = null;
      form.busy = false;
      onLoggedIn(user);
    } catch (error) {
      form.busy = false;
      form.password = '';
      submit.disabled = false;
      submit.textContent = t('login.submit');
      const password = document.getElementById('login-password');
      if (password) {
        password.value = '';
        password.focus();
      }
      showError(error);
    }
  };

  return h('div', { class: 'login' },
    intro(),
    h('section', { class: 'login__card', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title', tabindex: '-1', 'data-focus-heading': '' }, t('login.title')),
      h('p', { class: 'muted' }, t('login.intro')),
      notice,
      alert,
      h('form', { class: 'form', novalidate: true, onsubmit: onSubmit },
        field('email', 'email', t('login.email'), 'username'),
        field('password', 'password', t('login.password'), 'current-password'),
        submit),
      demoHint()));
}

/**
 * Forgets a stale error when the person arrives at the login page afresh (after logout, say);
 * `notice` is the key of a message to show there instead (such as "logged out everywhere").
 */
export function resetLogin(notice = null) {
  form.notice = notice;
  form.error = null;
  form.password = '';
  form.busy = false;
}
