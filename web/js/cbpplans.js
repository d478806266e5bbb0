// The plans of an organisation (#/plans[?org=ID]): each financial year's plan and its revisions with their
// status, newest first (GET /orgs/{id}/cbp-plans), another organisation chosen with the picker, and, for a
// CBP admin, the form that makes the plan of a financial year (POST /orgs/{id}/cbp-plans).

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { orgPicker } from './picker.js';
import { breadcrumb, pageHeader, alertBox, setAlert, field, selectField, busy, showFieldErrors, loadedPage,
  screenMemory, formatNumber, formatDate } from './ui.js';
import { isPlanner, planStatusTag, planTitle, yearText, currentFinancialYear, problemText } from './cbpshared.js';

const remember = screenMemory(() => ({ org: null, plans: [], form: null, pick: { org: null } }));

/** The organisation a person plans for first: their CBP admin role's, else MDO admin's, else the platform's. */
function defaultOrgId(user) {
  const roles = user.roles || [];
  for (const role of ['cbp_admin', 'mdo_admin', 'spv_admin']) {
    const r = roles.find((x) => x.role === role);
    if (r) return r.org_id;
  }
  return user.org.id;
}

function plansTable(plans) {
  if (!plans.length) return h('p', { class: 'empty', 'data-test': 'no-plans' }, t('cbp.plans.none'));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table', 'aria-label': t('cbp.plans.list') },
      h('thead', null, h('tr', null,
        ['cbp.col.year', 'cbp.col.title', 'cbp.col.revision', 'cbp.col.status', 'cbp.col.items', 'cbp.col.published']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, plans.map((p) => h('tr', { 'data-plan-id': String(p.id) },
        h('td', null, yearText(p.year)),
        h('td', null, h('a', { href: `#/plans/${p.id}` }, planTitle(p))),
        h('td', null, formatNumber(p.revision)),
        h('td', null, planStatusTag(p.status)),
        h('td', null, t('cbp.items.count', { count: formatNumber(p.item_count), mandatory: formatNumber(p.mandatory_count) })),
        h('td', null, p.published_at ? formatDate(p.published_at) : '—'))))));
}

function createForm(ctx, st) {
  const year = currentFinancialYear();
  if (!st.form) st.form = { year: String(year), title: '', title_hi: '' };
  const m = st.form;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('plus'), h('span', null, t('cbp.plans.create')));
  const years = [year - 1, year, year + 1, year + 2].map((y) => [String(y), yearText(y)]);
  const form = h('form', { class: 'form panel panel--form', 'aria-labelledby': 'cbp-new-h', novalidate: true },
    h('h2', { id: 'cbp-new-h' }, t('cbp.plans.new')),
    alert,
    selectField({ form: 'cbp-new', name: 'year', label: t('cbp.field.year'), options: years, model: m, required: true,
      hint: t('cbp.field.year.hint') }),
    field({ form: 'cbp-new', name: 'title', label: t('cbp.field.title'), model: m, required: true }),
    field({ form: 'cbp-new', name: 'title_hi', label: t('cbp.field.title_hi'), model: m, attrs: { lang: 'hi' } }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    const body = { year: Number(m.year), title: m.title.trim() };
    if (m.title_hi.trim()) body.title_hi = m.title_hi.trim();
    try {
      const plan = await busy(submit, t('cbp.sending'), () => api('POST', `/orgs/${st.org.id}/cbp-plans`, body));
      st.form = null;
      ctx.go(`plans/${plan.id}`);
    } catch (error) {
      const rest = showFieldErrors(form, error);
      if (rest.length || !error.errors.length) setAlert(alert, problemText(error));
    }
  });
  return form;
}

/** The plans screen. */
export function renderPlans(ctx) {
  const wanted = Number(ctx.route.query.get('org')) || defaultOrgId(ctx.user);
  const st = remember(`${ctx.visit}:${wanted}`);
  return loadedPage({
    state: st,
    title: t('cbp.plans.title'),
    load: async () => {
      // The organisation is public; its plans are not, and a refusal is shown where they would be, under the
      // picker that chooses another.
      const [org, list] = await Promise.all([api('GET', `/orgs/${wanted}`),
        api('GET', `/orgs/${wanted}/cbp-plans`).catch((error) => ({ error }))]);
      st.org = org;
      st.plans = list.items || [];
      st.listError = list.error || null;
    },
    draw: () => h('div', { class: 'cbp' },
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('cbp.plans.title') }]),
      pageHeader('clipboard', t('cbp.plans.title'),
        h('p', { class: 'lead' }, t('cbp.plans.lead', { org: localName(st.org) }))),
      h('section', { class: 'panel cbp-orgpick', 'aria-labelledby': 'cbp-other-h' },
        h('h2', { id: 'cbp-other-h' }, t('cbp.plans.other')),
        orgPicker({ form: 'cbp-org', name: 'org', label: t('cbp.plans.pick'), model: st.pick,
          onChoose: (org) => ctx.go(`plans?org=${org.id}`) })),
      h('section', { class: 'block', 'aria-labelledby': 'cbp-plans-h' },
        h('h2', { id: 'cbp-plans-h' }, t('cbp.plans.of', { org: localName(st.org) })),
        st.listError ? alertBox(problemText(st.listError)) : plansTable(st.plans)),
      isPlanner(ctx.user) && !st.listError ? createForm(ctx, st) : null),
  });
}
