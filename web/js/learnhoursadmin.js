// The admin's part of Learning hours and points: for an mdo_admin or spv_admin, a form to set the yearly
// learning target of an organisation they administer, and the karma rules there: a ministry's own rules
// over the national ones (set or removed), or, for the SPV admin at the root, the national rules.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { field, selectField, alertBox, setAlert, successBox, setSuccess, showFieldErrors, clearFieldErrors, busy,
  formatNumber } from './ui.js';
import { recentYears, rulesTable, eventLabel } from './learnhours.js';

const ADMIN_ROLES = new Set(['mdo_admin', 'spv_admin']);

/** The organisations the official administers, once each: [{id, code, name, name_hi}]. */
function adminOrgs(user) {
  const seen = new Map();
  for (const r of user.roles || []) {
    if (ADMIN_ROLES.has(r.role) && !seen.has(r.org_id)) {
      seen.set(r.org_id, { id: r.org_id, code: r.org_code, name: r.org_name || r.org_code, name_hi: r.org_name_hi });
    }
  }
  return [...seen.values()];
}

const orgOptions = (orgs) => orgs.map((o) => [String(o.id), localName(o)]);
const named = (record) => localName({ name: record.name_en, name_hi: record.name_hi });

// ---- The yearly target

function targetNow(target) {
  if (target.hours !== null) return t('hours.admin.now.own', { hours: formatNumber(target.hours) });
  if (target.effective) {
    return t('hours.admin.now.inherited', { hours: formatNumber(target.effective.hours), org: named(target.effective.org) });
  }
  return t('hours.admin.now.none');
}

function targetPanel(st, orgs, onChanged) {
  const a = st.admin;
  a.target ||= { org_id: String(orgs[0].id), year: st.choice.year, hours: '' };
  const now = h('p', { class: 'muted', 'aria-live': 'polite', 'data-target-now': '' });
  const alert = alertBox(null);
  const done = successBox();
  const load = async () => {
    setAlert(alert, null);
    try {
      const target = await api('GET', `/orgs/${a.target.org_id}/learning-targets/${a.target.year}`);
      now.textContent = targetNow(target);
    } catch (error) {
      now.textContent = '';
      setAlert(alert, error);
    }
  };
  const submit = h('button', { type: 'submit', id: 'target-submit', class: 'button button--primary' }, icon('check'),
    h('span', null, t('hours.admin.save')));
  // The page is drawn again after a save (the official's own target may have changed): say so again there.
  if (a.targetSaved) setSuccess(done, a.targetSaved);
  const form = h('form', { class: 'form form--tight', novalidate: true, 'aria-labelledby': 'hours-admin-target' },
    h('div', { class: 'form__grid' },
      selectField({ form: 'target', name: 'org_id', label: t('hours.admin.org'), options: orgOptions(orgs), model: a.target,
        onChange: load }),
      selectField({ form: 'target', name: 'year', label: t('hours.year'), options: recentYears().map((y) => [y, y]),
        model: a.target, onChange: load }),
      field({ form: 'target', name: 'hours', label: t('hours.admin.hours'), type: 'number', model: a.target, required: true,
        hint: t('hours.admin.hours.hint'), attrs: { min: 0, max: 2000, step: 1, inputmode: 'numeric' } })),
    now, alert, done,
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    a.targetSaved = null;
    clearFieldErrors(form);
    const value = String(a.target.hours ?? '').trim();
    await busy(submit, t('hours.admin.saving'), async () => {
      try {
        const saved = await api('PUT', `/orgs/${a.target.org_id}/learning-targets/${a.target.year}`,
          { hours: /^-?\d+$/.test(value) ? Number(value) : value });
        a.targetSaved = t('hours.admin.saved', { org: named(saved.org), year: saved.year, hours: formatNumber(saved.hours) });
        onChanged('#target-submit');
      } catch (error) {
        const rest = showFieldErrors(form, error);
        if (rest.length || !error.errors.length) setAlert(alert, error);
      }
    });
  });
  load();
  return h('section', { class: 'panel panel--form', 'aria-labelledby': 'hours-admin-target' },
    h('h2', { id: 'hours-admin-target' }, t('hours.admin.target.title')),
    h('p', { class: 'muted' }, t('hours.admin.target.lead')),
    form);
}

// ---- The karma rules

/** Where rules for the chosen organisation are written: national (root), its own (a ministry), or nowhere. */
function rulesMode(rules, orgId) {
  if (!rules.ministry) return 'national';
  return String(rules.ministry.id) === String(orgId) ? 'ministry' : 'none';
}

function rulesPanel(st, orgs) {
  const a = st.admin;
  a.rules ||= { org_id: String(orgs[0].id), event: '', points: '', monthly_cap: '' };
  const holder = h('div', { 'aria-live': 'polite' });
  const alert = alertBox(null);
  const done = successBox();
  let current = null;

  const path = (event) => (rulesMode(current, a.rules.org_id) === 'national' ? `/karma-rules/${event}`
    : `/orgs/${a.rules.org_id}/karma-rules/${event}`);

  const removeButton = (rule) => (rule.scope === 'ministry' && rulesMode(current, a.rules.org_id) === 'ministry'
    ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-remove': rule.event,
      onclick: async () => {
        setAlert(alert, null);
        try {
          await api('DELETE', path(rule.event));
          setSuccess(done, t('karma.admin.removed', { event: eventLabel(rule.event) }));
          await load();
        } catch (error) { setAlert(alert, error); }
      } }, icon('x', 'icon icon--small'), h('span', null, t('karma.admin.remove'))) : '');

  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t('karma.admin.save')));
  const editor = h('form', { class: 'form form--tight', novalidate: true, 'aria-labelledby': 'karma-admin-form' });

  function drawEditor() {
    const mode = rulesMode(current, a.rules.org_id);
    if (mode === 'none') {
      replace(editor, h('p', { class: 'muted' }, t('karma.admin.by_ministry', { ministry: named(current.ministry) })));
      return;
    }
    if (!a.rules.event) a.rules.event = current.items[0]?.event || '';
    replace(editor,
      h('h3', { id: 'karma-admin-form' }, t(mode === 'national' ? 'karma.admin.form.national' : 'karma.admin.form.ministry')),
      h('div', { class: 'form__grid' },
        selectField({ form: 'rule', name: 'event', label: t('karma.col.event'),
          options: current.items.map((r) => [r.event, eventLabel(r.event)]), model: a.rules }),
        field({ form: 'rule', name: 'points', label: t('karma.col.points'), type: 'number', model: a.rules, required: true,
          hint: t('karma.admin.points.hint'), attrs: { min: 0, max: 1000, step: 1, inputmode: 'numeric' } }),
        field({ form: 'rule', name: 'monthly_cap', label: t('karma.col.cap'), type: 'number', model: a.rules,
          hint: t('karma.admin.cap.hint'), attrs: { min: 0, max: 1000, step: 1, inputmode: 'numeric' } })),
      h('div', { class: 'form__actions' }, submit));
  }

  async function load() {
    setAlert(alert, null);
    try {
      current = await api('GET', `/karma-rules?org_id=${a.rules.org_id}`);
      const mode = rulesMode(current, a.rules.org_id);
      replace(holder, rulesTable(current.items, mode === 'ministry' ? removeButton : null));
      drawEditor();
    } catch (error) {
      setAlert(alert, error);
    }
  }

  const number = (v) => {
    const text = String(v ?? '').trim();
    if (text === '') return null;
    return /^-?\d+$/.test(text) ? Number(text) : text;
  };
  editor.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    setSuccess(done, null);
    clearFieldErrors(editor);
    await busy(submit, t('karma.admin.saving'), async () => {
      try {
        const points = number(a.rules.points);
        const rule = await api('PUT', path(a.rules.event), { points: points === null ? '' : points,
          monthly_cap: number(a.rules.monthly_cap) });
        setSuccess(done, t('karma.admin.saved', { event: eventLabel(rule.event), points: formatNumber(rule.points) }));
        await load();
      } catch (error) {
        const rest = showFieldErrors(editor, error);
        if (rest.length || !error.errors.length) setAlert(alert, error);
      }
    });
  });
  load();
  return h('section', { class: 'panel panel--form', 'aria-labelledby': 'karma-admin-rules' },
    h('h2', { id: 'karma-admin-rules' }, t('karma.admin.title')),
    h('p', { class: 'muted' }, t('karma.admin.lead')),
    orgs.length > 1 ? h('div', { class: 'form__grid' }, selectField({ form: 'rules', name: 'org_id', label: t('hours.admin.org'),
      options: orgOptions(orgs), model: a.rules, onChange: () => { a.rules.event = ''; load(); } })) : null,
    holder, alert, done, editor);
}

/** The admin panels, or nothing for an official who administers no organisation. */
export function adminPanels(st, ctx, onTargetChanged) {
  const orgs = adminOrgs(ctx.user);
  if (!orgs.length) return null;
  return [targetPanel(st, orgs, onTargetChanged), rulesPanel(st, orgs)];
}
