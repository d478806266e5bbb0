// An official's page (#/officials/{id}): their details, the history of transfers, promotions and status
// changes, and their roles. Administrators of the official's organisation edit every admin field (a transfer
// is a new organisation chosen by search), grant and revoke roles, and send a new invitation to an official
// who has not set a password yet.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  GRANTABLE_ROLES, roleLabel, statusLabel, statusTag, languageLabel, formatDate, formatDateTime, otherName,
  breadcrumb, orgTrail, pageHeader, alertBox, setAlert, successBox, setSuccess, facts, selectField,
  showFieldErrors, clearFieldErrors, busy, disclosure, screenMemory, loadedPage,
} from './ui.js';
import { orgPicker } from './picker.js';
import { officialModel, officialFields, patchBody } from './officialform.js';
import { canBrowseOrgs } from './session.js';

const remember = screenMemory(() => ({
  person: null, designations: [], edit: null, editOpen: false, grant: null, flash: null, invited: null,
}));

function designationName(st, code) {
  if (!code) return t('history.none');
  const d = st.designations.find((x) => x.code === code);
  return d ? localName(d) : code;
}

// ---- Details

function details(person, browse) {
  return h('section', { class: 'panel', 'aria-labelledby': 'official-details' },
    h('h2', { id: 'official-details' }, t('official.details')),
    facts([
      [t('official.field.name'), h('span', { lang: 'en' }, person.name)],
      [t('official.field.name_hi'), person.name_hi ? h('span', { lang: 'hi' }, person.name_hi) : null],
      [t('official.field.employee_code'), h('span', { class: 'code code--plain' }, person.employee_code)],
      [t('official.field.email'), person.email],
      [t('official.field.mobile'), person.mobile],
      [t('official.field.org'), browse ? h('a', { href: `#/orgs/${person.org.id}` }, localName(person.org)) : localName(person.org)],
      [t('official.field.designation'), person.designation ? localName(person.designation) : null],
      [t('official.field.group'), person.group ? t('official.group', { group: person.group }) : null],
      [t('official.field.service'), person.service],
      [t('official.field.pay_level'), person.pay_level ? String(person.pay_level) : null],
      [t('official.field.date_of_joining'), formatDate(person.date_of_joining)],
      [t('official.field.language'), languageLabel(person.language)],
      [t('official.field.status'), statusTag(person.status)],
      [t('official.account'), t(person.has_password ? 'official.account.active' : 'official.account.pending')],
    ], { class: 'facts facts--two' }));
}

// ---- History

function historyText(st, item) {
  if (item.field === 'org') {
    const from = item.old_org ? localName(item.old_org) : item.old_value;
    const to = item.new_org ? localName(item.new_org) : item.new_value;
    return t('history.org', { from: from || t('history.none'), to: to || t('history.none') });
  }
  if (item.field === 'designation') {
    return t('history.designation', { from: designationName(st, item.old_value), to: designationName(st, item.new_value) });
  }
  if (item.field === 'status') {
    return t('history.status', { from: item.old_value ? statusLabel(item.old_value) : t('history.none'),
      to: statusLabel(item.new_value) });
  }
  return `${item.field}: ${item.old_value ?? ''} → ${item.new_value ?? ''}`;
}

const HISTORY_ICONS = { org: 'building', designation: 'arrowRight', status: 'info' };

function historySection(st) {
  const items = (st.person.history || []).map((item, i) => ({ item, i }))
    .sort((a, b) => (a.item.at === b.item.at ? b.i - a.i : (a.item.at < b.item.at ? 1 : -1)))
    .map(({ item }) => item);
  return h('section', { class: 'panel', 'aria-labelledby': 'official-history' },
    h('h2', { id: 'official-history' }, t('history.title')),
    items.length
      ? h('ol', { class: 'timeline' }, items.map((item) => h('li', { class: `timeline__item timeline__item--${item.field}` },
        h('span', { class: 'timeline__icon' }, icon(HISTORY_ICONS[item.field] || 'info', 'icon icon--small')),
        h('div', null,
          h('p', { class: 'timeline__text' }, historyText(st, item)),
          h('p', { class: 'timeline__meta' },
            h('time', { datetime: item.at }, formatDateTime(item.at)), ' · ',
            t(`history.source.${item.source}`))))))
      : h('p', { class: 'muted' }, t('history.empty')));
}

// ---- Roles

function rolesSection(st) {
  const person = st.person;
  const announce = h('div', { class: 'success', role: 'status', tabindex: '-1' });
  const list = h('ul', { class: 'grants', 'aria-labelledby': 'official-roles' });
  const alert = alertBox(null);

  const fill = () => {
    replace(list,
      h('li', { class: 'grant' }, h('span', { class: 'chip' }, roleLabel('learner')),
        h('span', { class: 'grant__scope muted' }, t('roles.everyone'))),
      person.roles.map((grant) => h('li', { class: 'grant' },
        h('span', { class: 'chip chip--accent' }, roleLabel(grant.role)),
        h('span', { class: 'grant__scope' }, t('roles.on', { org: localName({ name: grant.org_name, name_hi: grant.org_name_hi }) }),
          h('span', { class: 'code code--plain' }, grant.org_code)),
        person.can_admin ? h('button', {
          type: 'button', class: 'button button--small button--danger',
          'aria-label': t('roles.revoke.label', { role: roleLabel(grant.role), org: grant.org_code }),
          onclick: (e) => revoke(grant, e.currentTarget),
        }, icon('x', 'icon icon--small'), h('span', null, t('roles.revoke'))) : null)));
  };

  const refresh = async () => {
    const answer = await api('GET', `/officials/${person.id}/roles`);
    person.roles = answer.items;
    fill();
  };

  let grantAlert = null;

  async function revoke(grant, button) {
    setAlert(alert, null);
    if (grantAlert) setAlert(grantAlert, null);
    setSuccess(announce, null);
    try {
      await busy(button, t('roles.revoking'), () => api('DELETE', `/officials/${person.id}/roles/${grant.grant_id}`));
      await refresh();
      setSuccess(announce, t('roles.revoked', { role: roleLabel(grant.role), org: grant.org_code }));
      announce.focus();
    } catch (error) {
      setAlert(alert, error.code === 'forbidden' ? t('roles.forbidden') : error);
    }
  }

  fill();
  const form = person.can_admin ? grantForm(st, { refresh, announce, clear: () => setAlert(alert, null) }) : null;
  grantAlert = form ? form.querySelector('.alert') : null;
  return h('section', { class: 'panel', 'aria-labelledby': 'official-roles' },
    h('h2', { id: 'official-roles' }, t('roles.title')),
    announce, alert, list, form);
}

function grantForm(st, { refresh, announce, clear }) {
  if (!st.grant) st.grant = { role: '', org_id: { ...st.person.org } };
  const model = st.grant;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('key'), h('span', null, t('roles.grant.submit')));
  const form = h('form', { class: 'form form--tight', novalidate: true, 'aria-labelledby': 'grant-title' },
    h('h3', { id: 'grant-title' }, t('roles.grant.title')),
    alert,
    selectField({ form: 'grant', name: 'role', label: t('roles.grant.role'), model, required: true,
      options: [['', t('form.choose')], ...GRANTABLE_ROLES.map((r) => [r, roleLabel(r)])] }),
    orgPicker({ form: 'grant', name: 'org_id', label: t('roles.grant.org'), model, hint: t('roles.grant.org.hint') }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clear();
    setSuccess(announce, null);
    clearFieldErrors(form);
    if (!model.role) {
      showFieldErrors(form, { errors: [{ field: 'role', message: t('roles.grant.pick') }] });
      return;
    }
    if (!model.org_id) {
      showFieldErrors(form, { errors: [{ field: 'org_id', message: t('roles.grant.pick_org') }] });
      return;
    }
    try {
      await busy(submit, t('form.saving'), () => api('POST', `/officials/${st.person.id}/roles`,
        { role: model.role, org_id: model.org_id.id }));
      const granted = { role: model.role, org: model.org_id.code };
      model.role = '';
      form.querySelector('#grant-role').value = '';
      await refresh();
      setSuccess(announce, t('roles.granted', granted));
      announce.focus();
    } catch (error) {
      if (error.code === 'forbidden') setAlert(alert, t('roles.forbidden'));
      else if (error.code === 'conflict') setAlert(alert, t('roles.conflict'));
      else if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return form;
}

// ---- Admin: edit and invitation

function editPanel(st) {
  const person = st.person;
  if (!st.edit) st.edit = officialModel(person);
  const model = st.edit;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('form.save'));
  const form = h('form', { class: 'form', novalidate: true },
    officialFields('official-edit', model, st.designations, { edit: true }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = patchBody(model, person);
    if (!Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      await busy(submit, t('form.saving'), () => api('PATCH', `/officials/${person.id}`, body));
      st.flash = t('official.edit.done');
      st.editOpen = false;
      st.edit = null;
      await st.reload('#official-flash');
    } catch (error) {
      if (error.code === 'conflict') setAlert(alert, t('staff.add.conflict'));
      else if (error.code === 'forbidden') setAlert(alert, t('official.edit.forbidden'));
      else if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'official-edit-panel', 'aria-labelledby': 'official-edit-title' },
    h('h2', { id: 'official-edit-title' }, t('official.edit.title')),
    alert, form);
}

// Kept in the state, so a language switch shows it again, in the new language.
function showInvited(st, flash) {
  setSuccess(flash, t('official.invited', { date: formatDateTime(st.invited) }), ' ',
    h('a', { href: `#/orgs/${st.person.org.id}/outbox` }, t('official.invited.outbox')));
}

function inviteButton(st, flash, flashAlert) {
  const person = st.person;
  const button = h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'official-invite' },
    icon('send'), h('span', null, t('official.invite')));
  button.addEventListener('click', async () => {
    setSuccess(flash, null);
    setAlert(flashAlert, null);
    try {
      const answer = await busy(button, t('official.inviting'), () => api('POST', `/officials/${person.id}/invitation`));
      st.invited = answer.expires_at;
      showInvited(st, flash);
    } catch (error) {
      setAlert(flashAlert, error);
      flashAlert.focus();
      return;
    }
    flash.focus();
  });
  return button;
}

function trail(st, browse) {
  const person = st.person;
  if (!browse) {
    return [{ href: '#/home', label: t('nav.home') }, { href: '#/profile', label: t('profile.title') }, { label: localName(person) }];
  }
  return [
    ...orgTrail(st.org),
    person.can_admin ? { href: `#/orgs/${person.org.id}/staff`, label: t('staff.title') } : null,
    { label: localName(person) },
  ].filter(Boolean);
}

function draw(st, ctx) {
  const person = st.person;
  const browse = canBrowseOrgs(ctx.user);
  const other = otherName(person);
  const flash = successBox({ id: 'official-flash', tabindex: '-1' });
  const flashAlert = alertBox(null, { tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  else if (st.invited) showInvited(st, flash);
  st.flash = null;
  const panel = person.can_admin ? editPanel(st) : null;
  return [
    breadcrumb(trail(st, browse)),
    pageHeader('user', localName(person),
      other ? h('p', { class: 'lead', lang: other === person.name_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' },
        person.designation ? h('span', null, localName(person.designation)) : null,
        h('span', { class: 'code code--plain' }, person.employee_code),
        statusTag(person.status),
        h('span', { class: person.has_password ? 'tag tag--ok' : 'tag tag--warn' },
          t(person.has_password ? 'official.account.active' : 'official.account.pending')))),
    flash,
    flashAlert,
    h('div', { class: 'toolbar' },
      person.can_admin ? disclosure({ label: t('official.edit.open'), iconName: 'edit', panel, open: st.editOpen, key: 'official-edit-toggle',
        onToggle: (open) => { st.editOpen = open; } }) : null,
      person.can_admin && !person.has_password ? inviteButton(st, flash, flashAlert) : null,
      h('a', { class: 'button button--secondary', href: `#/officials/${person.id}/passport` }, icon('file'), h('span', null, t('frac.tab.passport'))),
      h('a', { class: 'button button--secondary', href: `#/officials/${person.id}/gaps` }, icon('chart'), h('span', null, t('frac.tab.gaps')))),
    panel,
    h('div', { class: 'split' },
      h('div', { class: 'split__main' }, details(person, browse), historySection(st)),
      h('div', { class: 'split__side' }, rolesSection(st))),
  ];
}

/** The page of official ctx.officialId. */
export function renderOfficial(ctx) {
  const st = remember(`${ctx.visit}:${ctx.officialId}`);
  return loadedPage({
    state: st, title: t('official.title'),
    load: async () => {
      const [person, designations] = await Promise.all([
        api('GET', `/officials/${ctx.officialId}`), api('GET', '/designations')]);
      st.person = person;
      st.designations = designations.items;
      st.grant = null; // the grant form starts at the official's (perhaps new) organisation
      // The organisation's path, for the breadcrumb; the page stands without it.
      st.org = await api('GET', `/orgs/${person.org.id}`).catch(() => ({ ...person.org, path: [] }));
    },
    draw: () => draw(st, ctx),
  });
}
