// The organisation tree browser (#/orgs/{id}): where the organisation sits (its path), its card, its units a
// page at a time, and a search of the whole tree. Administrators of the organisation add units under it and
// edit it: rename, status, and a move under another parent chosen by search.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  ORG_KINDS, ORG_STATUSES, kindLabel, statusTag, formatNumber, otherName, breadcrumb, orgTrail, pageHeader,
  alertBox, setAlert, successBox, setSuccess, facts, field, selectField, showFieldErrors,
  clearFieldErrors, changedFields, busy, disclosure, pagedList, newStore, screenMemory, loadedPage, countKey,
} from './ui.js';
import { orgPicker } from './picker.js';

const PAGE = 20;

const remember = screenMemory(() => ({
  org: null, children: newStore(), search: { q: '', store: null }, add: blankUnit(), edit: null,
  open: { add: false, edit: false }, flash: null, added: null,
}));

function blankUnit() {
  return { code: '', name: '', name_hi: '', kind: '' };
}

function editModel(org) {
  return { name: org.name, name_hi: org.name_hi || '', status: org.status, parent_id: null };
}

function orgLink(org) {
  return h('a', { href: `#/orgs/${org.id}` }, localName(org));
}

function unitRow(org) {
  return h('li', { class: 'row' },
    h('span', { class: 'row__icon' }, icon('building', 'icon icon--small')),
    h('span', { class: 'row__main' },
      h('a', { class: 'row__title', href: `#/orgs/${org.id}` }, localName(org)),
      h('span', { class: 'row__meta' }, h('span', { class: 'code code--plain' }, org.code), ' ', kindLabel(org.kind))),
    org.status !== 'active' ? statusTag(org.status) : null);
}

// ---- Units under this organisation

function unitsSection(st) {
  const list = h('ul', { class: 'rows', 'aria-labelledby': 'org-units' });
  const paged = pagedList({
    container: list, store: st.children, renderItem: unitRow,
    fetchPage: (cursor) => api('GET', `/orgs/${st.org.id}/children?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    countText: (n, more) => t(countKey('orgs.units.count', n, more), { count: formatNumber(n) }),
    emptyText: t('orgs.units.none'),
  });
  st.reloadUnits = paged.reload;
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'org-units' },
    h('h2', { id: 'org-units' }, t('orgs.units.title')),
    paged.element);
}

// ---- Search of the whole tree

function searchSection(st) {
  const results = h('ul', { class: 'rows rows--compact', 'aria-label': t('orgs.search.results') });
  const out = h('div', { class: 'search__out' });
  const run = () => {
    const q = st.search.q.trim();
    if (!q) {
      st.search.store = null;
      out.replaceChildren();
      return;
    }
    st.search.store = newStore();
    st.search.ran = q;
    results.replaceChildren();
    out.replaceChildren(searchList(st, results).element);
  };
  const input = h('input', {
    id: 'org-search', type: 'search', class: 'field__input', value: st.search.q, 'data-focus-key': 'org-search',
    autocomplete: 'off', oninput: (e) => { st.search.q = e.target.value; },
  });
  if (st.search.store) out.append(searchList(st, results).element);
  return h('section', { class: 'panel', 'aria-labelledby': 'org-search-title' },
    h('h2', { id: 'org-search-title' }, t('orgs.search.title')),
    h('form', { class: 'search', role: 'search', 'aria-labelledby': 'org-search-title', onsubmit: (e) => { e.preventDefault(); run(); } },
      h('label', { class: 'field__label', for: 'org-search' }, t('orgs.search.label')),
      h('div', { class: 'search__row' }, input,
        h('button', { type: 'submit', class: 'button button--primary' }, icon('search'), h('span', null, t('orgs.search.submit'))))),
    out);
}

function searchList(st, container) {
  const q = st.search.ran;
  return pagedList({
    container, store: st.search.store,
    renderItem: (org) => h('li', { class: 'row' },
      h('span', { class: 'row__main' },
        h('a', { class: 'row__title', href: `#/orgs/${org.id}` }, localName(org)),
        h('span', { class: 'row__meta' }, h('span', { class: 'code code--plain' }, org.code), ' ', kindLabel(org.kind)))),
    fetchPage: (cursor) => api('GET', `/orgs?q=${encodeURIComponent(q)}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    countText: (n, more) => t(countKey('orgs.search.count', n, more), { count: formatNumber(n), q }),
    emptyText: t('orgs.search.none', { q }),
  });
}

// ---- Add a unit

// The last unit added, kept in the state so a language switch shows the message again.
function showAdded(st, done) {
  setSuccess(done, t('orgs.add.done', { name: localName(st.added), code: st.added.code }), ' ', orgLink(st.added));
}

function addForm(st) {
  const model = st.add;
  const alert = alertBox(null);
  const done = successBox();
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('orgs.add.submit'));
  const kinds = [['', t('form.choose')], ...ORG_KINDS.filter((k) => k !== 'government').map((k) => [k, kindLabel(k)])];
  const form = h('form', { class: 'form form--grid', novalidate: true, 'aria-labelledby': 'org-add-title' },
    field({ form: 'org-add', name: 'code', label: t('orgs.field.code'), model, required: true, hint: t('orgs.field.code.hint'),
      attrs: { spellcheck: 'false', autocapitalize: 'characters' } }),
    selectField({ form: 'org-add', name: 'kind', label: t('orgs.field.kind'), model, options: kinds, required: true }),
    field({ form: 'org-add', name: 'name', label: t('orgs.field.name'), model, required: true }),
    field({ form: 'org-add', name: 'name_hi', label: t('orgs.field.name_hi'), model, attrs: { lang: 'hi' } }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    st.added = null;
    clearFieldErrors(form);
    const body = { code: model.code.trim(), name: model.name.trim(), kind: model.kind, parent_id: st.org.id };
    if (model.name_hi.trim()) body.name_hi = model.name_hi.trim();
    try {
      const org = await busy(submit, t('form.saving'), () => api('POST', '/orgs', body));
      Object.assign(model, blankUnit());
      for (const el of form.querySelectorAll('input, select')) el.value = '';
      st.org.children_count += 1;
      st.added = org;
      showAdded(st, done);
      done.focus();
      st.reloadUnits();
    } catch (error) {
      if (error.code === 'conflict') {
        showFieldErrors(form, { errors: [{ field: 'code', message: t('orgs.add.conflict') }] });
        setAlert(alert, t('orgs.add.conflict'));
        return;
      }
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  done.setAttribute('tabindex', '-1');
  if (st.added) showAdded(st, done);
  const panel = h('section', { class: 'panel panel--form', id: 'org-add-panel', 'aria-labelledby': 'org-add-title' },
    h('h2', { id: 'org-add-title' }, t('orgs.add.title', { parent: localName(st.org) })),
    h('p', { class: 'muted' }, t('orgs.add.lead')),
    alert, done, form);
  return panel;
}

// ---- Edit this organisation

function editForm(st) {
  const model = st.edit;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('form.save'));
  const parent = (st.org.path || [])[st.org.path.length - 1];
  const form = h('form', { class: 'form form--grid', novalidate: true, 'aria-labelledby': 'org-edit-title' },
    field({ form: 'org-edit', name: 'name', label: t('orgs.field.name'), model, required: true }),
    field({ form: 'org-edit', name: 'name_hi', label: t('orgs.field.name_hi'), model, attrs: { lang: 'hi' } }),
    selectField({ form: 'org-edit', name: 'status', label: t('orgs.field.status'), model,
      options: ORG_STATUSES.map((s) => [s, t(`status.${s}`)]), hint: t('orgs.field.status.hint') }),
    parent ? orgPicker({ form: 'org-edit', name: 'parent_id', label: t('orgs.edit.move'), model,
      hint: t('orgs.edit.move.hint', { parent: localName(parent) }) }) : null,
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = changedFields(model, { name: st.org.name, name_hi: st.org.name_hi, status: st.org.status }, ['name', 'name_hi', 'status']);
    if (model.parent_id) body.parent_id = model.parent_id.id;
    if (!Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      const org = await busy(submit, t('form.saving'), () => api('PATCH', `/orgs/${st.org.id}`, body));
      st.flash = t('orgs.edit.done', { name: localName(org) });
      st.open.edit = false;
      st.edit = null; // the next load starts the form from the saved values
      await st.reload('#org-flash');
    } catch (error) {
      if (error.code === 'conflict') {
        setAlert(alert, t('orgs.edit.conflict'));
        return;
      }
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form', id: 'org-edit-panel', 'aria-labelledby': 'org-edit-title' },
    h('h2', { id: 'org-edit-title' }, t('orgs.edit.title')),
    alert, form);
}

// ---- The page

function card(org) {
  const parent = (org.path || [])[org.path.length - 1];
  return h('section', { class: 'panel', 'aria-labelledby': 'org-card-title' },
    h('h2', { id: 'org-card-title' }, t('orgs.card.title')),
    facts([
      [t('orgs.field.code'), h('span', { class: 'code code--plain' }, org.code)],
      [t('orgs.field.name'), h('span', { lang: 'en' }, org.name)],
      [t('orgs.field.name_hi'), org.name_hi ? h('span', { lang: 'hi' }, org.name_hi) : null],
      [t('orgs.field.kind'), kindLabel(org.kind)],
      [t('orgs.field.status'), statusTag(org.status)],
      [t('orgs.field.parent'), parent ? orgLink(parent) : null],
      [t('orgs.card.units'), formatNumber(org.children_count)],
      [t('orgs.card.officials'), formatNumber(org.officials_count)],
    ]));
}

function adminTools(st) {
  const org = st.org;
  const addPanel = addForm(st);
  const editPanel = editForm(st);
  const links = h('div', { class: 'toolbar' },
    h('a', { class: 'button button--primary', href: `#/orgs/${org.id}/staff` }, icon('users'), h('span', null, t('orgs.staff'))),
    h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/onboarding` }, icon('upload'), h('span', null, t('orgs.onboard'))),
    h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/outbox` }, icon('inbox'), h('span', null, t('orgs.outbox'))),
    h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/positions` }, icon('clipboard'), h('span', null, t('frac.positions.title'))),
    h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/gaps` }, icon('grid'), h('span', null, t('frac.heat.title'))),
    disclosure({ label: t('orgs.add.open'), iconName: 'plus', panel: addPanel, open: st.open.add, key: 'org-add-toggle',
      onToggle: (open) => { st.open.add = open; } }),
    disclosure({ label: t('orgs.edit.open'), iconName: 'edit', panel: editPanel, open: st.open.edit, key: 'org-edit-toggle',
      onToggle: (open) => { st.open.edit = open; } }));
  return [links, addPanel, editPanel];
}

function draw(st) {
  const org = st.org;
  const other = otherName(org);
  const flash = successBox({ id: 'org-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  st.flash = null;
  return [
    breadcrumb(orgTrail(org)),
    pageHeader('building', localName(org),
      other ? h('p', { class: 'lead', lang: other === org.name_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, org.code), kindLabel(org.kind),
        statusTag(org.status))),
    flash,
    org.can_admin ? adminTools(st) : null,
    h('div', { class: 'split' },
      unitsSection(st),
      h('div', { class: 'split__side' }, card(org), searchSection(st))),
  ];
}

/** The organisation page for ctx.orgId. */
export function renderOrg(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  return loadedPage({
    state: st, title: t('orgs.title'),
    load: async () => {
      st.org = await api('GET', `/orgs/${ctx.orgId}`);
      st.children = newStore();
      if (!st.edit) st.edit = editModel(st.org);
    },
    draw: () => draw(st),
  });
}
