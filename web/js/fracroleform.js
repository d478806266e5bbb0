// The work role editor, shared by "New work role" (#/roles) and "Edit" on a role's page: code, owning
// organisation, names and descriptions, shared or private, the role it extends, its activities, and the
// competencies it requires with a level picker (1 to 5). The server's errors land under the row they name
// (requirements[2].level, activities[0].text).

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { field, selectField, alertBox, setAlert, showFieldErrors, clearFieldErrors, changedFields, busy, formatNumber } from './ui.js';
import { orgPicker } from './picker.js';
import { competencyPicker, rolePicker } from './fracpicker.js';
import { levelPicker, textArea, competencyLink, levelMeter, roleLink } from './fracshared.js';

let rowKey = 0;
const nextKey = () => { rowKey += 1; return rowKey; };

/** A model from a role (edit) or blank with `org` as owner (new). */
export function roleModel(role, org) {
  if (!role) {
    return { code: '', name: '', name_hi: '', description: '', description_hi: '', org_id: org || null, shared: true, extends: null,
      status: 'active', activities: [], requirements: [] };
  }
  return {
    name: role.name, name_hi: role.name_hi || '', description: role.description || '', description_hi: role.description_hi || '',
    shared: Boolean(role.shared), extends: role.extends || null, status: role.status,
    activities: (role.activities || []).map((a) => ({ key: nextKey(), text: a.text, text_hi: a.text_hi || '' })),
    requirements: (role.requirements || []).filter((r) => !r.inherited_from)
      .map((r) => ({ key: nextKey(), competency: r.competency, level: r.level })),
  };
}

// ---- Activities

function activitiesBlock(model, form) {
  const list = h('ol', { class: 'edit-rows' });
  const add = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': `${form}-add-activity` },
    icon('plus', 'icon icon--small'), h('span', null, t('frac.role.activity.add')));
  const draw = (focusKey) => {
    replace(list, model.activities.map((a, i) => {
      const text = field({ form: `${form}-a${a.key}`, name: 'text', model: a, required: true,
        label: t('frac.role.activity.text', { n: formatNumber(i + 1) }) });
      text.setAttribute('data-field', `activities[${i}].text`);
      const textHi = field({ form: `${form}-a${a.key}`, name: 'text_hi', model: a, attrs: { lang: 'hi' },
        label: t('frac.role.activity.text_hi', { n: formatNumber(i + 1) }) });
      textHi.setAttribute('data-field', `activities[${i}].text_hi`);
      return h('li', { class: 'edit-rows__item' },
        h('div', { class: 'form__grid' }, text, textHi),
        h('button', { type: 'button', class: 'button button--danger button--small edit-rows__remove',
          'aria-label': t('frac.role.activity.remove', { n: formatNumber(i + 1) }),
          onclick: () => { model.activities.splice(i, 1); draw(); add.focus(); } }, icon('x', 'icon icon--small'), h('span', null, t('frac.remove'))));
    }));
    if (focusKey) list.querySelector(`#${CSS.escape(focusKey)}`)?.focus();
  };
  add.addEventListener('click', () => {
    const a = { key: nextKey(), text: '', text_hi: '' };
    model.activities.push(a);
    draw(`${form}-a${a.key}-text`);
  });
  draw();
  return h('fieldset', { class: 'fieldset', 'data-field': 'activities' },
    h('legend', null, t('frac.role.activities')),
    h('p', { class: 'field__hint' }, t('frac.role.activities.hint')),
    h('p', { class: 'field__error' }),
    list, h('div', { class: 'form__actions' }, add));
}

// ---- Required competencies

function requirementsBlock(model, form, inherited) {
  const list = h('ol', { class: 'edit-rows' });
  const add = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': `${form}-add-req` },
    icon('plus', 'icon icon--small'), h('span', null, t('frac.role.req.add')));
  const draw = (focusId) => {
    replace(list, model.requirements.map((r, i) => {
      const picker = competencyPicker({ form: `${form}-r${r.key}`, name: 'competency', model: r, required: true,
        label: t('frac.role.req.competency', { n: formatNumber(i + 1) }) });
      picker.setAttribute('data-field', `requirements[${i}].competency_id`);
      const level = levelPicker({ form: `${form}-r${r.key}`, name: 'level', model: r,
        label: t('frac.role.req.level', { n: formatNumber(i + 1) }) });
      level.setAttribute('data-field', `requirements[${i}].level`);
      return h('li', { class: 'edit-rows__item edit-rows__item--req' },
        picker, level,
        h('button', { type: 'button', class: 'button button--danger button--small edit-rows__remove',
          'aria-label': t('frac.role.req.remove', { n: formatNumber(i + 1) }),
          onclick: () => { model.requirements.splice(i, 1); draw(); add.focus(); } }, icon('x', 'icon icon--small'), h('span', null, t('frac.remove'))));
    }));
    if (focusId) list.querySelector(`#${CSS.escape(focusId)}`)?.focus();
  };
  add.addEventListener('click', () => {
    const r = { key: nextKey(), competency: null, level: 3 };
    model.requirements.push(r);
    draw(`${form}-r${r.key}-competency`);
  });
  draw();
  return h('fieldset', { class: 'fieldset', 'data-field': 'requirements' },
    h('legend', null, t('frac.role.requirements')),
    h('p', { class: 'field__hint' }, t('frac.role.requirements.hint')),
    h('p', { class: 'field__error' }),
    inherited && inherited.length ? h('div', { class: 'inherited' },
      h('p', { class: 'inherited__title' }, t('frac.role.inherited')),
      h('ul', { class: 'plain-list' }, inherited.map((r) => h('li', { class: 'inherited__item' },
        competencyLink(r.competency), levelMeter(r.level), h('span', { class: 'muted' }, t('frac.role.from', { role: localName(r.inherited_from) })))))) : null,
    list, h('div', { class: 'form__actions' }, add));
}

// ---- Bodies

const trim = (v) => (typeof v === 'string' ? v.trim() : v);

function activitiesBody(model) {
  return model.activities.map((a) => ({ text: trim(a.text), text_hi: trim(a.text_hi) || null }));
}

function requirementsBody(model) {
  return model.requirements.map((r) => ({ competency_id: r.competency ? r.competency.id : null, level: Number(r.level) }));
}

// Rows the server would refuse for want of a choice: said at once, beside the row.
function missingChoices(model) {
  const errors = [];
  model.requirements.forEach((r, i) => {
    if (!r.competency) errors.push({ field: `requirements[${i}].competency_id`, message: t('frac.role.req.pick') });
  });
  return errors;
}

function createBody(model) {
  const body = {
    code: trim(model.code), name: trim(model.name), org_id: model.org_id ? model.org_id.id : null, shared: model.shared,
    activities: activitiesBody(model), requirements: requirementsBody(model),
  };
  for (const k of ['name_hi', 'description', 'description_hi']) if (trim(model[k])) body[k] = trim(model[k]);
  if (model.extends) body.extends_id = model.extends.id;
  return body;
}

function patchBody(model, role) {
  const before = roleModel(role);
  const body = changedFields(model, before, ['name', 'name_hi', 'description', 'description_hi', 'status']);
  if (model.shared !== before.shared) body.shared = model.shared;
  const extendsId = model.extends ? model.extends.id : null;
  if (extendsId !== (role.extends ? role.extends.id : null)) body.extends_id = extendsId;
  if (JSON.stringify(activitiesBody(model)) !== JSON.stringify(activitiesBody(before))) body.activities = activitiesBody(model);
  if (JSON.stringify(requirementsBody(model)) !== JSON.stringify(requirementsBody(before))) body.requirements = requirementsBody(model);
  return body;
}

/**
 * The editor as a <form>. `role` is null for a new role. `onSaved(role)` runs after the server took it.
 */
export function roleForm({ form, model, role, onSaved }) {
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'),
    h('span', null, t(role ? 'form.save' : 'frac.role.create')));
  const shared = h('div', { class: 'field field--check' },
    h('input', { id: `${form}-shared`, type: 'checkbox', class: 'check', checked: model.shared, 'data-focus-key': `${form}-shared`,
      'aria-describedby': `${form}-shared-hint`, onchange: (e) => { model.shared = e.target.checked; } }),
    h('label', { for: `${form}-shared` }, t('frac.role.shared')),
    h('p', { class: 'field__hint', id: `${form}-shared-hint` }, t('frac.role.shared.hint')));
  const extendsPicker = rolePicker({ form, name: 'extends', label: t('frac.role.extends'), model, clearable: true,
    hint: t('frac.role.extends.hint') });
  extendsPicker.setAttribute('data-field', 'extends_id');
  const el = h('form', { class: 'form', novalidate: true },
    alert,
    h('div', { class: 'form__grid' },
      role ? null : field({ form, name: 'code', label: t('frac.field.code'), model, required: true, hint: t('frac.role.code.hint'),
        attrs: { spellcheck: 'false', autocapitalize: 'characters' } }),
      field({ form, name: 'name', label: t('frac.field.name'), model, required: true }),
      field({ form, name: 'name_hi', label: t('frac.field.name_hi'), model, attrs: { lang: 'hi' } }),
      role ? selectField({ form, name: 'status', label: t('frac.field.status'), model, hint: t('frac.role.status.hint'),
        options: [['active', t('status.active')], ['retired', t('status.retired')]] }) : null),
    h('div', { class: 'form__grid' },
      textArea({ form, name: 'description', label: t('frac.field.description'), model }),
      textArea({ form, name: 'description_hi', label: t('frac.field.description_hi'), model, attrs: { lang: 'hi' } })),
    role ? null : orgPicker({ form, name: 'org_id', label: t('frac.role.org'), model, hint: t('frac.role.org.hint') }),
    shared,
    extendsPicker,
    requirementsBlock(model, form, role ? (role.requirements || []).filter((r) => r.inherited_from) : []),
    activitiesBlock(model, form),
    h('div', { class: 'form__actions' }, submit));
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(el);
    const missing = missingChoices(model);
    if (missing.length) {
      showFieldErrors(el, { errors: missing });
      setAlert(alert, t('problem.validation_failed'));
      return;
    }
    const body = role ? patchBody(model, role) : createBody(model);
    if (role && !Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      const saved = await busy(submit, t('form.saving'), () => (role ? api('PATCH', `/work-roles/${role.id}`, body) : api('POST', '/work-roles', body)));
      onSaved(saved);
    } catch (error) {
      if (error.code === 'conflict') {
        showFieldErrors(el, { errors: [{ field: 'code', message: t('frac.role.code.taken') }] });
        setAlert(alert, t('frac.role.code.taken'));
        return;
      }
      if (error.code === 'forbidden') {
        setAlert(alert, t('frac.role.forbidden'));
        return;
      }
      const unmatched = showFieldErrors(el, error, { org_id: 'org_id' });
      if (unmatched.length || !error.errors.length) {
        setAlert(alert, unmatched.length ? unmatched.map((x) => `${x.field}: ${x.message}`).join(' ') : error);
      } else {
        setAlert(alert, t('problem.validation_failed'));
      }
    }
  });
  return el;
}

/** A role's effective requirements as a table: competency, level, and where an inherited one comes from. */
export function requirementsTable(requirements, caption, { showFrom = true } = {}) {
  if (!requirements || !requirements.length) return h('p', { class: 'muted' }, t('frac.role.req.none'));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('frac.col.competency')),
        h('th', { scope: 'col' }, t('frac.col.level')),
        showFrom ? h('th', { scope: 'col' }, t('frac.col.from')) : null)),
      h('tbody', null, requirements.map((r) => h('tr', null,
        h('th', { scope: 'row' }, competencyLink(r.competency)),
        h('td', null, h('span', { class: 'level-cell' }, levelMeter(r.level), h('span', null, t('frac.level.named',
          { level: formatNumber(r.level), name: t(`frac.level.${r.level}`) })))),
        showFrom ? h('td', null, r.inherited_from ? roleLink(r.inherited_from) : h('span', { class: 'muted' }, t('frac.role.own'))) : null)))));
}
