// The signed-in official's own profile (#/profile): what the administrator keeps about them, read-only; the
// personal fields they may change themselves (Hindi name, mobile, preferred language); and "log out
// everywhere", which ends every session of theirs on every device.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  statusTag, languageLabel, formatDate, otherName, breadcrumb, pageHeader, alertBox, setAlert, successBox,
  setSuccess, facts, field, selectField, showFieldErrors, clearFieldErrors, changedFields, busy, screenMemory,
  loadedPage,
} from './ui.js';

const SELF_FIELDS = ['name_hi', 'mobile', 'language'];

const remember = screenMemory(() => ({ me: null, model: null, flash: null }));

function modelOf(me) {
  return { name_hi: me.name_hi || '', mobile: me.mobile || '', language: me.language || 'en' };
}

function details(me) {
  return h('section', { class: 'panel', 'aria-labelledby': 'profile-details' },
    h('h2', { id: 'profile-details' }, t('profile.details')),
    h('p', { class: 'muted' }, t('profile.details.lead')),
    facts([
      [t('official.field.name'), h('span', { lang: 'en' }, me.name)],
      [t('official.field.employee_code'), h('span', { class: 'code code--plain' }, me.employee_code)],
      [t('official.field.email'), me.email],
      [t('official.field.org'), localName(me.org)],
      [t('official.field.designation'), me.designation ? localName(me.designation) : null],
      [t('official.field.group'), me.group ? t('official.group', { group: me.group }) : null],
      [t('official.field.service'), me.service],
      [t('official.field.pay_level'), me.pay_level ? String(me.pay_level) : null],
      [t('official.field.date_of_joining'), formatDate(me.date_of_joining)],
      [t('official.field.status'), statusTag(me.status)],
    ], { class: 'facts facts--two' }),
    h('p', null, h('a', { href: `#/officials/${me.id}` }, t('profile.history'))));
}

function editForm(st, ctx) {
  const model = st.model;
  const alert = alertBox(null);
  const done = successBox({ id: 'profile-flash', tabindex: '-1' });
  if (st.flash) setSuccess(done, st.flash);
  st.flash = null;
  const submit = h('button', { type: 'submit', class: 'button button--primary', 'data-focus-key': 'profile-save' }, t('form.save'));
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'profile-edit' },
    field({ form: 'profile', name: 'name_hi', label: t('official.field.name_hi'), model, attrs: { lang: 'hi' },
      hint: t('profile.name_hi.hint') }),
    field({ form: 'profile', name: 'mobile', label: t('official.field.mobile'), type: 'tel', model, autocomplete: 'tel-national',
      hint: t('official.field.mobile.hint'), attrs: { inputmode: 'tel' } }),
    selectField({ form: 'profile', name: 'language', label: t('profile.language'), model, hint: t('profile.language.hint'),
      options: ['en', 'hi'].map((l) => [l, languageLabel(l)]) }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    clearFieldErrors(form);
    const body = changedFields(model, modelOf(st.me), SELF_FIELDS);
    if (!Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      st.me = await busy(submit, t('form.saving'), () => api('PATCH', '/me/profile', body));
      st.model = modelOf(st.me);
      st.flash = t('profile.saved');
      // The masthead shows the name too: ask for the session's details again and draw everything.
      await ctx.refreshUser();
      document.getElementById('profile-flash')?.focus();
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'profile-edit' },
    h('h2', { id: 'profile-edit' }, t('profile.edit')),
    h('p', { class: 'muted' }, t('profile.edit.lead')),
    done, alert, form);
}

function sessions(ctx) {
  const alert = alertBox(null);
  const button = h('button', { type: 'button', class: 'button button--danger' }, icon('logout'), h('span', null, t('profile.logout_all')));
  button.addEventListener('click', async () => {
    setAlert(alert, null);
    try {
      await busy(button, t('profile.logging_out'), () => api('POST', '/auth/logout-all'));
      ctx.signedOut('login.notice.logged_out_all');
    } catch (error) {
      setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'profile-sessions' },
    h('h2', { id: 'profile-sessions' }, t('profile.sessions')),
    h('p', { class: 'muted' }, t('profile.sessions.lead')),
    alert, button);
}

function draw(st, ctx) {
  const me = st.me;
  const other = otherName(me);
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('profile.title') }]),
    pageHeader('user', localName(me),
      other ? h('p', { class: 'lead', lang: other === me.name_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' },
        me.designation ? [h('span', null, localName(me.designation)), h('span', { class: 'page-header__sep', 'aria-hidden': 'true' }, '·')] : null,
        h('span', null, localName(me.org)))),
    h('div', { class: 'split' },
      h('div', { class: 'split__main' }, details(me)),
      h('div', { class: 'split__side' }, editForm(st, ctx), sessions(ctx))),
  ];
}

/** The signed-in person's profile. */
export function renderProfile(ctx) {
  const st = remember(`${ctx.visit}`);
  return loadedPage({
    state: st, title: t('profile.title'),
    load: async () => {
      st.me = await api('GET', '/me/profile');
      st.model = modelOf(st.me);
    },
    draw: () => draw(st, ctx),
  });
}
