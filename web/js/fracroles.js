// Work roles (#/roles, #/roles/{id}): the roles an administrator may use, searched and paged; a role's page
// with its activities and its effective requirements (own and inherited through "extends"). Administrators
// of the owning organisation create and edit roles with the editor in fracroleform.js.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, otherName, statusTag, successBox, setSuccess, facts, disclosure,
  pagedList, newStore, screenMemory, loadedPage, countKey,
} from './ui.js';
import { adminOrgs, canAdminOrg, isAdmin, roleLink } from './fracshared.js';
import { roleModel, roleForm, requirementsTable } from './fracroleform.js';

const PAGE = 25;
let created = null; // {id, text}: the role just created, announced on its page

const rememberList = screenMemory(() => ({
  filters: { q: '', status: 'active' }, applied: null, store: newStore(), add: null, addOpen: false, home: null,
}));
const rememberRole = screenMemory(() => ({ role: null, canAdmin: false, edit: null, editOpen: false, flash: null }));

function sharedTag(role) {
  return h('span', { class: `tag ${role.shared ? 'tag--plain' : 'tag--warn'}` }, t(role.shared ? 'frac.role.is_shared' : 'frac.role.is_private'));
}

function roleRow(role) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/roles/${role.id}` }, localName(role)),
      h('span', { class: 'cell__sub' }, h('span', { class: 'code code--plain' }, role.code))),
    h('td', null, role.org ? role.org.code : ''),
    h('td', null, sharedTag(role)),
    h('td', null, role.extends ? roleLink(role.extends) : h('span', { class: 'muted' }, t('form.none'))),
    h('td', { class: 'num' }, formatNumber((role.requirements || []).length)),
    h('td', null, statusTag(role.status)));
}

function listTable(st) {
  const f = st.applied;
  const body = h('tbody');
  return pagedList({
    container: body, store: st.store, renderItem: roleRow,
    wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('frac.roles.table')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('frac.field.name')),
        h('th', { scope: 'col' }, t('frac.role.owner')),
        h('th', { scope: 'col' }, t('frac.role.visibility')),
        h('th', { scope: 'col' }, t('frac.role.extends')),
        h('th', { scope: 'col', class: 'num' }, t('frac.role.req.count')),
        h('th', { scope: 'col' }, t('frac.field.status')))),
      tbody)),
    fetchPage: (cursor) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.status) params.set('status', f.status);
      if (cursor) params.set('cursor', cursor);
      return api('GET', `/work-roles?${params}`);
    },
    countText: (n, more) => t(countKey('frac.roles.count', n, more), { count: formatNumber(n) }),
    emptyText: t('frac.roles.none'),
  });
}

function drawList(st, ctx, page) {
  const f = st.filters;
  if (!st.applied) st.applied = { ...f };
  const results = h('div', { class: 'results' }, listTable(st).element);
  const apply = () => {
    st.applied = { ...f };
    st.store = newStore();
    results.replaceChildren(listTable(st).element);
  };
  let panel = null;
  if (isAdmin(ctx.user)) {
    if (!st.add) st.add = roleModel(null, st.home);
    panel = h('section', { class: 'panel panel--form panel--wide', id: 'role-new-panel', 'aria-labelledby': 'role-new-title' },
      h('h2', { id: 'role-new-title' }, t('frac.role.new.title')),
      h('p', { class: 'muted' }, t('frac.role.new.lead')),
      roleForm({ form: 'role-new', model: st.add, role: null, onSaved: (role) => {
        st.add = null;
        st.addOpen = false;
        created = { id: role.id, text: t('frac.role.created', { name: localName(role) }) };
        location.hash = `#/roles/${role.id}`;
      } }));
  }
  replace(page,
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
      { label: t('frac.roles.title') }]),
    pageHeader('clipboard', t('frac.roles.title'), h('p', { class: 'lead' }, t('frac.roles.lead'))),
    panel ? h('div', { class: 'toolbar' }, disclosure({ label: t('frac.role.new.open'), iconName: 'plus', panel, open: st.addOpen,
      key: 'role-new-toggle', onToggle: (open) => { st.addOpen = open; } })) : null,
    panel,
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'roles-list' },
      h('h2', { id: 'roles-list', class: 'visually-hidden' }, t('frac.roles.title')),
      h('form', { class: 'filters', role: 'search', 'aria-label': t('frac.roles.filters'), onsubmit: (e) => { e.preventDefault(); apply(); } },
        h('div', { class: 'field filters__q' },
          h('label', { class: 'field__label', for: 'roles-q' }, t('frac.roles.q')),
          h('div', { class: 'search__row' },
            h('input', { id: 'roles-q', type: 'search', class: 'field__input', value: f.q, autocomplete: 'off', 'data-focus-key': 'roles-q',
              oninput: (e) => { f.q = e.target.value; } }),
            h('button', { type: 'submit', class: 'button button--primary' }, icon('search'), h('span', null, t('frac.dict.search'))))),
        h('div', { class: 'field' },
          h('label', { class: 'field__label', for: 'roles-status' }, t('frac.field.status')),
          h('select', { id: 'roles-status', class: 'field__input', 'data-focus-key': 'roles-status',
            onchange: (e) => { f.status = e.target.value; apply(); } },
          [['active', t('status.active')], ['retired', t('status.retired')], ['', t('frac.dict.any_status')]]
            .map(([v, text]) => h('option', { value: v, selected: f.status === v }, text))))),
      results));
}

/** The list of work roles. */
export function renderRoles(ctx) {
  const st = rememberList(`${ctx.visit}`);
  const home = adminOrgs(ctx.user)[0];
  return loadedPage({
    state: st, title: t('frac.roles.title'),
    load: async () => {
      // The owner a new role starts with: the organisation this administrator looks after.
      if (home && !st.home) {
        const org = await api('GET', `/orgs/${home.id}`).catch(() => ({ id: home.id, code: home.code, name: home.code }));
        st.home = { id: org.id, code: org.code, name: org.name, name_hi: org.name_hi };
      }
    },
    draw: () => {
      const page = h('div');
      drawList(st, ctx, page);
      return [...page.childNodes];
    },
  });
}

// ---- One role

function activityList(items) {
  return h('ol', { class: 'activities' }, items.map((a) => h('li', null,
    h('span', { lang: 'en' }, a.text), a.text_hi ? h('span', { class: 'cell__sub', lang: 'hi' }, a.text_hi) : null,
    a.from ? h('span', { class: 'cell__sub' }, t('frac.role.from', { role: localName(a.from) })) : null)));
}

function drawRole(st) {
  const role = st.role;
  const other = otherName(role);
  const flash = successBox({ id: 'role-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  st.flash = null;
  let panel = null;
  if (st.canAdmin) {
    if (!st.edit) st.edit = roleModel(role);
    panel = h('section', { class: 'panel panel--form panel--wide', id: 'role-edit-panel', 'aria-labelledby': 'role-edit-title' },
      h('h2', { id: 'role-edit-title' }, t('frac.role.edit.title')),
      roleForm({ form: 'role-edit', model: st.edit, role, onSaved: async (saved) => {
        st.flash = t('frac.role.saved', { name: localName(saved) });
        st.edit = null;
        st.editOpen = false;
        await st.reload('#role-flash');
      } }));
  }
  const activities = role.activities || [];
  const inherited = role.inherited_activities || [];
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/roles', label: t('frac.roles.title') }, { label: localName(role) }]),
    pageHeader('clipboard', localName(role),
      other ? h('p', { class: 'lead', lang: other === role.name_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, role.code), sharedTag(role), statusTag(role.status))),
    flash,
    panel ? h('div', { class: 'toolbar' }, disclosure({ label: t('frac.role.edit.open'), iconName: 'edit', panel, open: st.editOpen,
      key: 'role-edit-toggle', onToggle: (open) => { st.editOpen = open; } })) : null,
    panel,
    h('div', { class: 'split' },
      h('div', { class: 'split__main' },
        h('section', { class: 'panel', 'aria-labelledby': 'role-reqs' },
          h('h2', { id: 'role-reqs' }, t('frac.role.requirements')),
          h('p', { class: 'muted' }, t('frac.role.effective')),
          requirementsTable(role.requirements, t('frac.role.requirements'))),
        h('section', { class: 'panel', 'aria-labelledby': 'role-acts' },
          h('h2', { id: 'role-acts' }, t('frac.role.activities')),
          activities.length ? activityList(activities) : h('p', { class: 'muted' }, t('frac.role.activities.none')),
          inherited.length ? [h('h3', null, t('frac.role.inherited_activities')), activityList(inherited)] : null)),
      h('div', { class: 'split__side' },
        h('section', { class: 'panel', 'aria-labelledby': 'role-about' },
          h('h2', { id: 'role-about' }, t('frac.role.about')),
          facts([
            [t('frac.field.description'), role.description ? h('span', { lang: 'en' }, role.description) : null],
            [t('frac.field.description_hi'), role.description_hi ? h('span', { lang: 'hi' }, role.description_hi) : null],
            [t('frac.role.owner'), role.org ? `${localName(role.org)} (${role.org.code})` : null],
            [t('frac.role.visibility'), t(role.shared ? 'frac.role.shared.hint' : 'frac.role.private.hint')],
            [t('frac.role.extends'), role.extends ? roleLink(role.extends) : null],
            [t('frac.role.updated'), formatDateTime(role.updated_at)],
          ])))),
  ];
}

/** The page of work role ctx.roleId. */
export function renderRole(ctx) {
  const st = rememberRole(`${ctx.visit}:${ctx.roleId}`);
  if (created && created.id === ctx.roleId) {
    st.flash = created.text;
    created = null;
  }
  return loadedPage({
    state: st, title: t('frac.roles.title'),
    load: async () => {
      st.role = await api('GET', `/work-roles/${ctx.roleId}`);
      st.canAdmin = await canAdminOrg(ctx.user, st.role.org && st.role.org.id);
    },
    draw: () => drawRole(st),
  });
}
