// The positions (posts) of an organisation (#/orgs/{id}/positions): search, its units too, status; each row
// shows the roles the post carries and who holds it. Administrators create a position carrying one or more
// work roles (chosen by search); the shared role chooser is exported for the position's own page.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, orgTrail, pageHeader, formatNumber, statusTag, alertBox, setAlert, field, selectField, showFieldErrors,
  clearFieldErrors, busy, disclosure, pagedList, newStore, screenMemory, loadedPage, countKey,
} from './ui.js';
import { rolePicker } from './fracpicker.js';
import { roleLink, postTitle } from './fracshared.js';

const PAGE = 25;
let created = null; // {id, text}: the position just created, announced on its page

const remember = screenMemory(() => ({
  org: null, designations: [], filters: { q: '', status: 'active', subtree: true }, applied: null, store: newStore(),
  add: null, addOpen: false,
}));

/** Announces `text` on position `id`'s page, the next time it opens. */
export function announceOnPosition(id, text) {
  created = { id, text };
}

export function takeAnnouncement(id) {
  if (!created || created.id !== id) return null;
  const text = created.text;
  created = null;
  return text;
}

/**
 * The roles a position carries: chips with a remove button, and a role search that adds one.
 * model.roles is [{id, code, name, name_hi}].
 */
export function rolesChooser({ form, model }) {
  const chips = h('ul', { class: 'chips chips--edit', 'aria-label': t('frac.position.roles.chosen') });
  const picked = { role: null };
  const draw = () => {
    replace(chips, model.roles.length ? model.roles.map((r, i) => h('li', { class: 'chip chip--role' },
      h('span', null, localName(r)), h('span', { class: 'chip__scope' }, r.code),
      h('button', { type: 'button', class: 'chip__remove', 'aria-label': t('frac.position.roles.remove', { role: localName(r) }),
        onclick: () => { model.roles.splice(i, 1); draw(); picker.querySelector('input')?.focus(); } }, icon('x', 'icon icon--small'))))
      : h('li', { class: 'muted' }, t('frac.position.roles.empty')));
  };
  const picker = rolePicker({ form, name: 'role', label: t('frac.position.roles.add'), model: picked,
    hint: t('frac.position.roles.hint'),
    onChoose: (role) => {
      if (role && !model.roles.some((r) => r.id === role.id)) model.roles.push(role);
      picked.role = null;
      draw();
    } });
  draw();
  return h('fieldset', { class: 'fieldset', 'data-field': 'role_ids' },
    h('legend', null, t('frac.position.roles'), h('span', { class: 'field__required' }, ` ${t('form.required')}`)),
    h('p', { class: 'field__error' }),
    chips, picker);
}

export function designationOptions(designations) {
  return [['', t('form.none')], ...designations.map((d) => [d.code, `${localName(d)} (${d.code})`])];
}

// ---- The list

function positionRow(p, showOrg) {
  const holder = p.holder && p.holder.official;
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/positions/${p.id}` }, postTitle(p)),
      h('span', { class: 'cell__sub' }, h('span', { class: 'code code--plain' }, p.code))),
    showOrg ? h('td', null, p.org ? p.org.code : '') : null,
    h('td', null, (p.roles || []).length ? h('ul', { class: 'plain-list' }, p.roles.map((r) => h('li', null, roleLink(r))))
      : h('span', { class: 'muted' }, t('form.none'))),
    h('td', { class: 'num' }, formatNumber((p.requirements || []).length)),
    h('td', null, holder ? h('a', { href: `#/officials/${holder.id}/passport` }, localName(holder))
      : h('span', { class: 'tag tag--warn' }, t('frac.position.vacant'))),
    h('td', null, statusTag(p.status)));
}

function resultsTable(st) {
  const f = st.applied;
  const body = h('tbody');
  return pagedList({
    container: body, store: st.store, renderItem: (p) => positionRow(p, f.subtree),
    wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('frac.positions.table', { org: localName(st.org) })),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('frac.position.title')),
        f.subtree ? h('th', { scope: 'col' }, t('official.field.org')) : null,
        h('th', { scope: 'col' }, t('frac.position.roles')),
        h('th', { scope: 'col', class: 'num' }, t('frac.role.req.count')),
        h('th', { scope: 'col' }, t('frac.position.holder')),
        h('th', { scope: 'col' }, t('frac.field.status')))),
      tbody)),
    fetchPage: (cursor) => {
      const params = new URLSearchParams({ limit: String(PAGE), subtree: f.subtree ? '1' : '0' });
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.status) params.set('status', f.status);
      if (cursor) params.set('cursor', cursor);
      return api('GET', `/orgs/${st.org.id}/positions?${params}`);
    },
    countText: (n, more) => t(countKey('frac.positions.count', n, more), { count: formatNumber(n) }),
    emptyText: t('frac.positions.none'),
  });
}

function addPanel(st) {
  if (!st.add) st.add = { code: '', title: '', title_hi: '', designation: '', roles: [] };
  const model = st.add;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('plus'), h('span', null, t('frac.position.create')));
  const form = h('form', { class: 'form', novalidate: true },
    alert,
    h('div', { class: 'form__grid' },
      field({ form: 'pos-new', name: 'code', label: t('frac.field.code'), model, required: true, hint: t('frac.position.code.hint'),
        attrs: { spellcheck: 'false', autocapitalize: 'characters' } }),
      field({ form: 'pos-new', name: 'title', label: t('frac.position.title'), model, required: true }),
      field({ form: 'pos-new', name: 'title_hi', label: t('frac.position.title_hi'), model, attrs: { lang: 'hi' } }),
      selectField({ form: 'pos-new', name: 'designation', label: t('official.field.designation'), model,
        options: designationOptions(st.designations) })),
    rolesChooser({ form: 'pos-new', model }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    if (!model.roles.length) {
      showFieldErrors(form, { errors: [{ field: 'role_ids', message: t('frac.position.roles.pick') }] });
      form.querySelector('[data-field="role_ids"] input')?.focus();
      return;
    }
    const body = { org_id: st.org.id, code: model.code.trim(), title: model.title.trim(), role_ids: model.roles.map((r) => r.id) };
    if (model.title_hi.trim()) body.title_hi = model.title_hi.trim();
    if (model.designation) body.designation = model.designation;
    try {
      const position = await busy(submit, t('form.saving'), () => api('POST', '/positions', body));
      st.add = null;
      st.addOpen = false;
      announceOnPosition(position.id, t('frac.position.created', { title: postTitle(position) }));
      location.hash = `#/positions/${position.id}`;
    } catch (error) {
      if (error.code === 'conflict') {
        showFieldErrors(form, { errors: [{ field: 'code', message: t('frac.position.code.taken') }] });
        setAlert(alert, t('frac.position.code.taken'));
        return;
      }
      const unmatched = showFieldErrors(form, { errors: (error.errors || []).map((x) => ({ ...x, field: x.field.replace(/^role_ids\[\d+\]$/, 'role_ids') })) });
      if (unmatched.length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'pos-new-panel', 'aria-labelledby': 'pos-new-heading' },
    h('h2', { id: 'pos-new-heading' }, t('frac.position.new.title', { org: localName(st.org) })),
    h('p', { class: 'muted' }, t('frac.position.new.lead')),
    form);
}

function draw(st) {
  const org = st.org;
  const f = st.filters;
  if (!st.applied) st.applied = { ...f };
  const results = h('div', { class: 'results' }, resultsTable(st).element);
  const apply = () => {
    st.applied = { ...f };
    st.store = newStore();
    results.replaceChildren(resultsTable(st).element);
  };
  const panel = org.can_admin ? addPanel(st) : null;
  return [
    breadcrumb([...orgTrail(org), { label: t('frac.positions.title') }]),
    pageHeader('building', t('frac.positions.heading', { org: localName(org) }), h('p', { class: 'lead' }, t('frac.positions.lead'))),
    h('div', { class: 'toolbar' },
      panel ? disclosure({ label: t('frac.position.new.open'), iconName: 'plus', panel, open: st.addOpen, key: 'pos-new-toggle',
        onToggle: (open) => { st.addOpen = open; } }) : null,
      h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/gaps` }, icon('grid'), h('span', null, t('frac.heat.title'))),
      h('a', { class: 'button button--secondary', href: '#/roles' }, icon('clipboard'), h('span', null, t('frac.roles.title')))),
    panel,
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'pos-list' },
      h('h2', { id: 'pos-list', class: 'visually-hidden' }, t('frac.positions.title')),
      h('form', { class: 'filters', role: 'search', 'aria-label': t('frac.positions.filters'), onsubmit: (e) => { e.preventDefault(); apply(); } },
        h('div', { class: 'field filters__q' },
          h('label', { class: 'field__label', for: 'pos-q' }, t('frac.positions.q')),
          h('div', { class: 'search__row' },
            h('input', { id: 'pos-q', type: 'search', class: 'field__input', value: f.q, autocomplete: 'off', 'data-focus-key': 'pos-q',
              oninput: (e) => { f.q = e.target.value; } }),
            h('button', { type: 'submit', class: 'button button--primary' }, icon('search'), h('span', null, t('frac.dict.search'))))),
        selectField({ form: 'pos', name: 'status', label: t('frac.field.status'), model: f, onChange: apply,
          options: [['active', t('status.active')], ['abolished', t('status.abolished')], ['', t('frac.dict.any_status')]] }),
        h('div', { class: 'field field--check' },
          h('input', { id: 'pos-subtree', type: 'checkbox', class: 'check', checked: f.subtree, 'data-focus-key': 'pos-subtree',
            onchange: (e) => { f.subtree = e.target.checked; apply(); } }),
          h('label', { for: 'pos-subtree' }, t('staff.subtree')))),
      results),
  ];
}

/** The positions of ctx.orgId. */
export function renderPositions(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  return loadedPage({
    state: st, title: t('frac.positions.title'),
    load: async () => {
      const [org, designations] = await Promise.all([api('GET', `/orgs/${ctx.orgId}`), api('GET', '/designations')]);
      st.org = org;
      st.designations = designations.items;
    },
    draw: () => draw(st),
  });
}
