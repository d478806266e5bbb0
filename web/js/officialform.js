// The fields of an official that an administrator sets, shared by "Add official" (staff list) and the edit
// form on the official's page: the form's fields, its model, and the request body built from it.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { GROUPS, OFFICIAL_STATUSES, field, selectField, changedFields, statusLabel, languageLabel } from './ui.js';
import { orgPicker } from './picker.js';

const TEXT_FIELDS = ['employee_code', 'email', 'name', 'name_hi', 'mobile', 'designation', 'group', 'service',
  'pay_level', 'date_of_joining', 'language', 'status'];

/** A model for the form: from an official (edit) or empty with `org` chosen (add). */
export function officialModel(official, org) {
  if (!official) {
    return { employee_code: '', email: '', name: '', name_hi: '', mobile: '', designation: '', group: '', service: '',
      pay_level: '', date_of_joining: '', language: 'en', status: 'active', org_id: org ? pick(org) : null };
  }
  return {
    employee_code: official.employee_code, email: official.email, name: official.name, name_hi: official.name_hi || '',
    mobile: official.mobile || '', designation: official.designation ? official.designation.code : '',
    group: official.group || '', service: official.service || '', pay_level: official.pay_level ? String(official.pay_level) : '',
    date_of_joining: official.date_of_joining || '', language: official.language || 'en', status: official.status,
    org_id: pick(official.org),
  };
}

function pick(org) {
  return { id: org.id, code: org.code, name: org.name, name_hi: org.name_hi };
}

/** The form's fields. `designations` is GET /designations' items; options.edit adds status and the transfer. */
export function officialFields(form, model, designations, { edit = false } = {}) {
  const designationOptions = [['', t('form.none')],
    ...designations.map((d) => [d.code, `${localName(d)} (${d.code})`])];
  return [
    h('fieldset', { class: 'fieldset' },
      h('legend', null, t('official.part.identity')),
      h('div', { class: 'form__grid' },
        field({ form, name: 'name', label: t('official.field.name'), model, required: true, autocomplete: 'off' }),
        field({ form, name: 'name_hi', label: t('official.field.name_hi'), model, attrs: { lang: 'hi' } }),
        field({ form, name: 'employee_code', label: t('official.field.employee_code'), model, required: true,
          hint: t('official.field.employee_code.hint'), attrs: { spellcheck: 'false' } }),
        field({ form, name: 'email', label: t('official.field.email'), type: 'email', model, required: true,
          attrs: { spellcheck: 'false', autocapitalize: 'none' } }),
        field({ form, name: 'mobile', label: t('official.field.mobile'), type: 'tel', model, hint: t('official.field.mobile.hint'),
          attrs: { inputmode: 'tel' } }),
        selectField({ form, name: 'language', label: t('official.field.language'), model,
          options: ['en', 'hi'].map((l) => [l, languageLabel(l)]) }))),
    h('fieldset', { class: 'fieldset' },
      h('legend', null, t('official.part.post')),
      h('div', { class: 'form__grid' },
        selectField({ form, name: 'designation', label: t('official.field.designation'), model, options: designationOptions }),
        selectField({ form, name: 'group', label: t('official.field.group'), model,
          options: [['', t('form.none')], ...GROUPS.map((g) => [g, t('official.group', { group: g })])] }),
        field({ form, name: 'service', label: t('official.field.service'), model }),
        field({ form, name: 'pay_level', label: t('official.field.pay_level'), model, hint: t('official.field.pay_level.hint'),
          attrs: { inputmode: 'numeric' } }),
        field({ form, name: 'date_of_joining', label: t('official.field.date_of_joining'), type: 'date', model }),
        edit ? selectField({ form, name: 'status', label: t('official.field.status'), model,
          options: OFFICIAL_STATUSES.map((s) => [s, statusLabel(s)]) }) : null),
      orgPicker({ form, name: 'org_id', label: t(edit ? 'official.field.transfer' : 'official.field.org'), model,
        hint: t(edit ? 'official.field.transfer.hint' : 'official.field.org.hint') })),
  ];
}

function payLevel(value) {
  if (value === null) return null;
  return /^\d{1,2}$/.test(value) ? Number(value) : value; // anything else goes as typed, for the server to explain
}

/** POST /officials body: every field with a value. */
export function createBody(model) {
  const body = {};
  for (const name of TEXT_FIELDS) {
    if (name === 'status') continue;
    const value = typeof model[name] === 'string' ? model[name].trim() : model[name];
    if (value) body[name] = name === 'pay_level' ? payLevel(value) : value;
  }
  if (model.org_id) body.org_id = model.org_id.id;
  return body;
}

/** PATCH /officials/{id} body: only what changed (an emptied field becomes null). */
export function patchBody(model, official) {
  const original = officialModel(official);
  const body = changedFields(model, original, TEXT_FIELDS);
  if ('pay_level' in body) body.pay_level = payLevel(body.pay_level);
  if (model.org_id && model.org_id.id !== official.org.id) body.org_id = model.org_id.id;
  return body;
}
