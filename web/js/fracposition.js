// One position (#/positions/{id}): the roles it carries and its effective requirements, who holds it and
// their reporting officer. Administrators of its organisation assign a holder (people chosen by search),
// change the reporting officer, end the holding, edit or abolish the post, and open its best candidates.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatDate, statusTag, alertBox, setAlert, successBox, setSuccess, facts, field, selectField,
  showFieldErrors, clearFieldErrors, changedFields, busy, disclosure, screenMemory, loadedPage,
} from './ui.js';
import { personPicker } from './fracpicker.js';
import { adminOrgs, canAdminOrg, officialLine, roleLink, today, postTitle } from './fracshared.js';
import { requirementsTable } from './fracroleform.js';
import { rolesChooser, designationOptions, takeAnnouncement } from './fracpositions.js';

const remember = screenMemory(() => ({
  position: null, canAdmin: false, designations: [], assign: null, officer: null, edit: null,
  open: { assign: false, officer: false, edit: false }, flash: null,
}));

// The organisation whose people an administrator may choose from: their own admin scope.
function scopeOrg(st, user) {
  const own = adminOrgs(user)[0];
  return own ? own.id : st.position.org.id;
}

async function afterSave(st, text) {
  st.flash = text;
  st.assign = null;
  st.officer = null;
  st.edit = null;
  st.open = { assign: false, officer: false, edit: false };
  await st.reload('#pos-flash');
}

function apiError(form, alert, error) {
  if (error.code === 'forbidden') {
    setAlert(alert, error.detail || error.localized());
    return;
  }
  if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
}

// ---- Assign a holder

function assignPanel(st, user) {
  if (!st.assign) st.assign = { official_id: null, reporting_officer_id: null, start_date: today() };
  const model = st.assign;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('user'), h('span', null, t('frac.holder.assign.submit')));
  const form = h('form', { class: 'form', novalidate: true },
    alert,
    personPicker({ form: 'assign', name: 'official_id', label: t('frac.holder.official'), model, orgId: scopeOrg(st, user), required: true,
      hint: t('frac.holder.official.hint') }),
    personPicker({ form: 'assign', name: 'reporting_officer_id', label: t('frac.holder.officer'), model, orgId: scopeOrg(st, user),
      clearable: true, hint: t('frac.holder.officer.hint') }),
    h('div', { class: 'form__grid' },
      field({ form: 'assign', name: 'start_date', type: 'date', label: t('frac.holder.start'), model, required: true,
        hint: t('frac.holder.start.hint') })),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    if (!model.official_id) {
      showFieldErrors(form, { errors: [{ field: 'official_id', message: t('frac.holder.pick') }] });
      return;
    }
    const body = { official_id: model.official_id.id, start_date: model.start_date };
    if (model.reporting_officer_id) body.reporting_officer_id = model.reporting_officer_id.id;
    try {
      await busy(submit, t('form.saving'), () => api('POST', `/positions/${st.position.id}/holders`, body));
      await afterSave(st, t('frac.holder.assigned', { name: localName(model.official_id), title: postTitle(st.position) }));
    } catch (error) {
      apiError(form, alert, error);
    }
  });
  return h('section', { class: 'panel panel--form', id: 'assign-panel', 'aria-labelledby': 'assign-title' },
    h('h2', { id: 'assign-title' }, t('frac.holder.assign.title')),
    h('p', { class: 'muted' }, t('frac.holder.assign.lead')),
    form);
}

// ---- Change the reporting officer, or end the holding

function officerPanel(st, user) {
  const holding = st.position.holder;
  if (!st.officer) st.officer = { reporting_officer_id: holding.reporting_officer || null };
  const model = st.officer;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('form.save'));
  const form = h('form', { class: 'form', novalidate: true },
    alert,
    personPicker({ form: 'officer', name: 'reporting_officer_id', label: t('frac.holder.officer'), model, orgId: scopeOrg(st, user),
      hint: t('frac.holder.officer.hint') }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const chosen = model.reporting_officer_id;
    if (!chosen || (holding.reporting_officer && chosen.id === holding.reporting_officer.id)) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      await busy(submit, t('form.saving'), () => api('PATCH', `/position-holders/${holding.id}`, { reporting_officer_id: chosen.id }));
      await afterSave(st, t('frac.holder.officer.saved', { name: localName(chosen) }));
    } catch (error) {
      apiError(form, alert, error);
    }
  });
  return h('section', { class: 'panel panel--form', id: 'officer-panel', 'aria-labelledby': 'officer-title' },
    h('h2', { id: 'officer-title' }, t('frac.holder.officer.title')), form);
}

function endButton(st, alert) {
  const holding = st.position.holder;
  const button = h('button', { type: 'button', class: 'button button--danger', 'data-focus-key': 'pos-end', 'aria-expanded': 'false',
    'aria-controls': 'pos-end-confirm' }, icon('x'), h('span', null, t('frac.holder.end')));
  const yes = h('button', { type: 'button', class: 'button button--danger button--small' }, t('frac.holder.end.yes'));
  const no = h('button', { type: 'button', class: 'button button--secondary button--small' }, t('frac.holder.end.no'));
  // Ending a holding is asked twice, in the page: a second, explicit button rather than a browser dialog.
  const confirm = h('div', { class: 'confirm', id: 'pos-end-confirm', hidden: true, role: 'group', 'aria-labelledby': 'pos-end-q' },
    h('p', { id: 'pos-end-q' }, t('frac.holder.end.confirm', { name: localName(holding.official) })),
    h('div', { class: 'form__actions' }, yes, no));
  const show = (open) => {
    confirm.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    (open ? yes : button).focus();
  };
  button.addEventListener('click', () => { setAlert(alert, null); show(confirm.hidden); });
  no.addEventListener('click', () => show(false));
  yes.addEventListener('click', async () => {
    try {
      await busy(yes, t('form.saving'), () => api('PATCH', `/position-holders/${holding.id}`, { end_date: today() }));
      await afterSave(st, t('frac.holder.ended', { name: localName(holding.official) }));
    } catch (error) {
      setAlert(alert, error);
      alert.focus();
    }
  });
  return [button, confirm];
}

function holderPanel(st, user) {
  const holding = st.position.holder;
  const alert = alertBox(null, { tabindex: '-1' });
  const assign = st.canAdmin ? assignPanel(st, user) : null;
  const officer = st.canAdmin && holding ? officerPanel(st, user) : null;
  const body = holding ? facts([
    [t('frac.holder.official'), officialLine(holding.official, `#/officials/${holding.official.id}/passport`)],
    [t('frac.holder.since'), formatDate(holding.start_date)],
    [t('frac.holder.officer'), holding.reporting_officer ? officialLine(holding.reporting_officer) : null],
  ]) : h('p', { class: 'vacant' }, h('span', { class: 'tag tag--warn' }, t('frac.position.vacant')), ' ', t('frac.position.vacant.text'));
  return [
    h('section', { class: 'panel', 'aria-labelledby': 'pos-holder' },
      h('h2', { id: 'pos-holder' }, t('frac.position.holder')),
      alert,
      body,
      holding ? h('p', { class: 'link-row' },
        h('a', { href: `#/officials/${holding.official.id}/passport` }, t('frac.tab.passport')),
        h('a', { href: `#/officials/${holding.official.id}/gaps` }, t('frac.tab.gaps'))) : null,
      st.canAdmin ? h('div', { class: 'toolbar toolbar--tight' },
        disclosure({ label: t(holding ? 'frac.holder.replace' : 'frac.holder.assign.open'), iconName: 'user', panel: assign, open: st.open.assign,
          key: 'pos-assign-toggle', onToggle: (open) => { st.open.assign = open; } }),
        officer ? disclosure({ label: t('frac.holder.officer.open'), iconName: 'edit', panel: officer, open: st.open.officer,
          key: 'pos-officer-toggle', onToggle: (open) => { st.open.officer = open; } }) : null,
        holding ? endButton(st, alert) : null) : null),
    assign, officer,
  ];
}

// ---- Edit the post

function editPanel(st) {
  const p = st.position;
  if (!st.edit) st.edit = { title: p.title, title_hi: p.title_hi || '', designation: p.designation ? p.designation.code : '',
    status: p.status, roles: [...(p.roles || [])] };
  const model = st.edit;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('form.save'));
  const form = h('form', { class: 'form', novalidate: true },
    alert,
    h('div', { class: 'form__grid' },
      field({ form: 'pos-edit', name: 'title', label: t('frac.position.title'), model, required: true }),
      field({ form: 'pos-edit', name: 'title_hi', label: t('frac.position.title_hi'), model, attrs: { lang: 'hi' } }),
      selectField({ form: 'pos-edit', name: 'designation', label: t('official.field.designation'), model,
        options: designationOptions(st.designations) }),
      selectField({ form: 'pos-edit', name: 'status', label: t('frac.field.status'), model, hint: t('frac.position.abolish.hint'),
        options: [['active', t('status.active')], ['abolished', t('status.abolished')]] })),
    rolesChooser({ form: 'pos-edit', model }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = changedFields(model, { title: p.title, title_hi: p.title_hi, designation: p.designation ? p.designation.code : null,
      status: p.status }, ['title', 'title_hi', 'designation', 'status']);
    const ids = model.roles.map((r) => r.id);
    if (JSON.stringify(ids) !== JSON.stringify((p.roles || []).map((r) => r.id))) body.role_ids = ids;
    if (!model.roles.length) {
      showFieldErrors(form, { errors: [{ field: 'role_ids', message: t('frac.position.roles.pick') }] });
      return;
    }
    if (!Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      const saved = await busy(submit, t('form.saving'), () => api('PATCH', `/positions/${p.id}`, body));
      await afterSave(st, t('frac.position.saved', { title: postTitle(saved) }));
    } catch (error) {
      apiError(form, alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'pos-edit-panel', 'aria-labelledby': 'pos-edit-heading' },
    h('h2', { id: 'pos-edit-heading' }, t('frac.position.edit.title')), form);
}

function draw(st, ctx) {
  const p = st.position;
  const title = postTitle(p);
  const other = p.title_hi && title !== p.title_hi ? p.title_hi : (title !== p.title ? p.title : null);
  const flash = successBox({ id: 'pos-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  st.flash = null;
  const edit = st.canAdmin ? editPanel(st) : null;
  const trail = [{ href: '#/home', label: t('nav.home') }];
  if (st.canAdmin) trail.push({ href: `#/orgs/${p.org.id}`, label: localName(p.org) }, { href: `#/orgs/${p.org.id}/positions`, label: t('frac.positions.title') });
  trail.push({ label: title });
  return [
    breadcrumb(trail),
    pageHeader('building', title,
      other ? h('p', { class: 'lead', lang: other === p.title_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, p.code), h('span', null, localName(p.org)),
        p.designation ? h('span', null, localName(p.designation)) : null,
        statusTag(p.status))),
    flash,
    st.canAdmin ? h('div', { class: 'toolbar' },
      h('a', { class: 'button button--primary', href: `#/positions/${p.id}/candidates` }, icon('users'), h('span', null, t('frac.cand.open'))),
      disclosure({ label: t('frac.position.edit.open'), iconName: 'edit', panel: edit, open: st.open.edit, key: 'pos-edit-toggle',
        onToggle: (open) => { st.open.edit = open; } })) : null,
    edit,
    h('div', { class: 'split' },
      h('div', { class: 'split__main' },
        h('section', { class: 'panel', 'aria-labelledby': 'pos-reqs' },
          h('h2', { id: 'pos-reqs' }, t('frac.position.requirements')),
          h('p', { class: 'muted' }, t('frac.position.requirements.lead')),
          requirementsTable(p.requirements, t('frac.position.requirements'), { showFrom: false })),
        h('section', { class: 'panel', 'aria-labelledby': 'pos-roles' },
          h('h2', { id: 'pos-roles' }, t('frac.position.roles')),
          h('ul', { class: 'plain-list plain-list--spaced' }, (p.roles || []).map((r) => h('li', null, roleLink(r), ' ',
            h('span', { class: 'code code--plain' }, r.code)))))),
      h('div', { class: 'split__side' }, holderPanel(st, ctx.user))),
  ];
}

/** The page of position ctx.positionId. */
export function renderPosition(ctx) {
  const st = remember(`${ctx.visit}:${ctx.positionId}`);
  const note = takeAnnouncement(ctx.positionId);
  if (note) st.flash = note;
  return loadedPage({
    state: st, title: t('frac.position.page'),
    load: async () => {
      st.position = await api('GET', `/positions/${ctx.positionId}`);
      st.canAdmin = await canAdminOrg(ctx.user, st.position.org.id);
      // The designations are only the edit form's choices: the post names its own in both languages.
      if (st.canAdmin && !st.designations.length) st.designations = (await api('GET', '/designations')).items;
    },
    draw: () => draw(st, ctx),
  });
}
