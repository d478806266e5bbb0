// The staff list of an organisation (#/orgs/{id}/staff): search by name, email or employee code, filters
// (group, designation, status, sub-units), keyset "Load more" paging; each row opens the official's page.
// Administrators add an official here.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  GROUPS, OFFICIAL_STATUSES, statusTag, statusLabel, formatNumber, breadcrumb, orgTrail, pageHeader, alertBox,
  setAlert, successBox, setSuccess, selectField, showFieldErrors, clearFieldErrors, busy, disclosure, pagedList,
  newStore, screenMemory, loadedPage, countKey,
} from './ui.js';
import { officialModel, officialFields, createBody } from './officialform.js';

const PAGE = 50;

const remember = screenMemory(() => ({
  org: null, designations: [], filters: { q: '', group: '', designation: '', status: '', subtree: true },
  applied: null, store: newStore(), add: null, addOpen: false,
}));

function query(st, cursor) {
  const f = st.applied;
  const params = new URLSearchParams({ org_id: String(st.org.id), limit: String(PAGE) });
  if (f.subtree) params.set('subtree', '1');
  if (f.q.trim()) params.set('q', f.q.trim());
  for (const name of ['group', 'designation', 'status']) if (f[name]) params.set(name, f[name]);
  if (cursor) params.set('cursor', cursor);
  return `/officials?${params}`;
}

function staffRow(person, showOrg) {
  return h('tr', null,
    h('th', { scope: 'row' },
      h('a', { href: `#/officials/${person.id}` }, localName(person)),
      person.name_hi && localName(person) !== person.name_hi ? h('span', { class: 'cell__sub', lang: 'hi' }, person.name_hi) : null,
      localName(person) !== person.name ? h('span', { class: 'cell__sub', lang: 'en' }, person.name) : null),
    h('td', null, h('span', { class: 'code code--plain' }, person.employee_code)),
    h('td', null, person.designation ? localName(person.designation) : ''),
    h('td', null, person.group || ''),
    showOrg ? h('td', null, localName(person.org)) : null,
    h('td', null, statusTag(person.status)));
}

function resultsTable(st) {
  const showOrg = st.applied.subtree;
  const body = h('tbody');
  const paged = pagedList({
    container: body, store: st.store, renderItem: (p) => staffRow(p, showOrg),
    wrap: (tbody) => h('div', { class: 'table-wrap' },
      h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('staff.table', { org: localName(st.org) })),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('official.field.name')),
          h('th', { scope: 'col' }, t('official.field.employee_code')),
          h('th', { scope: 'col' }, t('official.field.designation')),
          h('th', { scope: 'col' }, t('official.field.group')),
          showOrg ? h('th', { scope: 'col' }, t('official.field.org')) : null,
          h('th', { scope: 'col' }, t('official.field.status')))),
        tbody)),
    fetchPage: (cursor) => api('GET', query(st, cursor)),
    countText: (n, more) => t(countKey('staff.count', n, more), { count: formatNumber(n) }),
    emptyText: t('staff.none'),
  });
  return paged;
}

function filtersForm(st, results) {
  const f = st.filters;
  const apply = () => {
    st.applied = { ...f };
    st.store = newStore();
    const paged = resultsTable(st);
    results.replaceChildren(paged.element);
  };
  // After an official is added: the same filters, from the first page.
  st.refreshResults = () => {
    st.store = newStore();
    results.replaceChildren(resultsTable(st).element);
  };
  const designations = [['', t('staff.any')], ...st.designations.map((d) => [d.code, localName(d)])];
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('staff.filters'),
    onsubmit: (e) => { e.preventDefault(); apply(); } },
  h('div', { class: 'field filters__q' },
    h('label', { class: 'field__label', for: 'staff-q' }, t('staff.q')),
    h('div', { class: 'search__row' },
      h('input', { id: 'staff-q', type: 'search', class: 'field__input', value: f.q, autocomplete: 'off', 'data-focus-key': 'staff-q',
        'aria-describedby': 'staff-q-hint', oninput: (e) => { f.q = e.target.value; } }),
      h('button', { type: 'submit', class: 'button button--primary' }, icon('search'), h('span', null, t('staff.search')))),
    h('p', { class: 'field__hint', id: 'staff-q-hint' }, t('staff.q.hint'))),
  selectField({ form: 'staff', name: 'group', label: t('official.field.group'), model: f, onChange: apply,
    options: [['', t('staff.any')], ...GROUPS.map((g) => [g, t('official.group', { group: g })])] }),
  selectField({ form: 'staff', name: 'designation', label: t('official.field.designation'), model: f, onChange: apply,
    options: designations }),
  selectField({ form: 'staff', name: 'status', label: t('official.field.status'), model: f, onChange: apply,
    options: [['', t('staff.any')], ...OFFICIAL_STATUSES.map((s) => [s, statusLabel(s)])] }),
  h('div', { class: 'field field--check' },
    h('input', { id: 'staff-subtree', type: 'checkbox', class: 'check', checked: f.subtree, 'data-focus-key': 'staff-subtree',
      onchange: (e) => { f.subtree = e.target.checked; apply(); } }),
    h('label', { for: 'staff-subtree' }, t('staff.subtree'))));
  return form;
}

function addPanel(st) {
  if (!st.add) st.add = officialModel(null, st.org);
  const model = st.add;
  const alert = alertBox(null);
  const done = successBox({ tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('staff.add.submit'));
  const form = h('form', { class: 'form', novalidate: true },
    officialFields('staff-add', model, st.designations), h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    clearFieldErrors(form);
    try {
      const person = await busy(submit, t('form.saving'), () => api('POST', '/officials', createBody(model)));
      setSuccess(done, t('staff.add.done', { name: localName(person) }), ' ',
        h('a', { href: `#/officials/${person.id}` }, t('staff.add.view', { name: localName(person) })));
      const keepOrg = model.org_id;
      Object.assign(model, officialModel(null, null), { org_id: keepOrg });
      for (const el of form.querySelectorAll('input:not([type=search]), select')) el.value = model[el.name] ?? '';
      done.focus();
      if (st.refreshResults) st.refreshResults();
    } catch (error) {
      if (error.code === 'conflict') {
        setAlert(alert, t('staff.add.conflict'));
        return;
      }
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'staff-add-panel', 'aria-labelledby': 'staff-add-title' },
    h('h2', { id: 'staff-add-title' }, t('staff.add.title')),
    h('p', { class: 'muted' }, t('staff.add.lead')),
    alert, done, form);
}

function draw(st) {
  const org = st.org;
  if (!st.applied) st.applied = { ...st.filters };
  const results = h('div', { class: 'results' }, resultsTable(st).element);
  const panel = org.can_admin ? addPanel(st) : null;
  return [
    breadcrumb([...orgTrail(org), { label: t('staff.title') }]),
    pageHeader('users', t('staff.heading', { org: localName(org) }),
      h('p', { class: 'lead' }, t('staff.lead', { count: formatNumber(org.officials_count) }))),
    org.can_admin ? h('div', { class: 'toolbar' },
      disclosure({ label: t('staff.add.open'), iconName: 'plus', panel, open: st.addOpen, key: 'staff-add-toggle',
        onToggle: (open) => { st.addOpen = open; } }),
      h('a', { class: 'button button--secondary', href: `#/orgs/${org.id}/onboarding` }, icon('upload'), h('span', null, t('orgs.onboard')))) : null,
    panel,
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'staff-results' },
      h('h2', { id: 'staff-results', class: 'visually-hidden' }, t('staff.results')),
      filtersForm(st, results),
      results),
  ];
}

/** The staff list of ctx.orgId. */
export function renderStaff(ctx) {
  const st = remember(`${ctx.visit}:${ctx.orgId}`);
  return loadedPage({
    state: st, title: t('staff.title'),
    load: async () => {
      const [org, designations] = await Promise.all([api('GET', `/orgs/${ctx.orgId}`), api('GET', '/designations')]);
      st.org = org;
      st.designations = designations.items;
    },
    draw: () => draw(st),
  });
}
