// The fields of a competency (names, descriptions and its five level descriptors, in English and Hindi),
// shared by "propose a new competency", "propose a change" and an SPV admin's direct edit; the model and the
// request bodies built from it.

import { h } from './dom.js';
import { t } from './i18n.js';
import { field, selectField, changedFields, formatNumber } from './ui.js';
import { AREAS, LEVELS, areaLabel, textArea } from './fracshared.js';

const TEXT = ['name', 'name_hi', 'description', 'description_hi'];

/** A model from a competency (a change) or empty (a new one). */
export function competencyModel(c) {
  return {
    code: '', area: c ? c.area : '', comment: '',
    name: c ? c.name : '', name_hi: c ? c.name_hi || '' : '',
    description: c ? c.description : '', description_hi: c ? c.description_hi || '' : '',
    levels: LEVELS.map((n) => {
      const l = c && (c.levels || []).find((x) => x.level === n);
      return { level: n, descriptor: l ? l.descriptor : '', descriptor_hi: l ? l.descriptor_hi || '' : '' };
    }),
  };
}

// A field whose server errors arrive under a path such as levels[2].descriptor.
function pathed(el, path) {
  el.setAttribute('data-field', path);
  return el;
}

/** The form's fields; `isNew` adds code and area. */
export function competencyFields(form, model, { isNew = false } = {}) {
  return [
    isNew ? h('div', { class: 'form__grid' },
      field({ form, name: 'code', label: t('frac.field.code'), model, required: true, hint: t('frac.field.code.hint'),
        attrs: { spellcheck: 'false', autocapitalize: 'characters' } }),
      selectField({ form, name: 'area', label: t('frac.field.area'), model, required: true,
        options: [['', t('form.choose')], ...AREAS.map((a) => [a, areaLabel(a)])] })) : null,
    h('div', { class: 'form__grid' },
      field({ form, name: 'name', label: t('frac.field.name'), model, required: true }),
      field({ form, name: 'name_hi', label: t('frac.field.name_hi'), model, attrs: { lang: 'hi' } })),
    h('div', { class: 'form__grid' },
      textArea({ form, name: 'description', label: t('frac.field.description'), model, required: true }),
      textArea({ form, name: 'description_hi', label: t('frac.field.description_hi'), model, attrs: { lang: 'hi' } })),
    h('fieldset', { class: 'fieldset', 'data-field': 'levels' },
      h('legend', null, t('frac.field.levels')),
      h('p', { class: 'field__hint' }, t('frac.field.levels.hint')),
      h('p', { class: 'field__error' }),
      h('ol', { class: 'level-edit' }, model.levels.map((l, i) => h('li', { class: 'level-edit__item' },
        h('span', { class: 'level-badge', 'aria-hidden': 'true' }, formatNumber(l.level)),
        h('div', { class: 'form__grid' },
          pathed(textArea({ form: `${form}-l${l.level}`, name: 'descriptor', model: l, rows: 2, required: true,
            label: t('frac.field.descriptor', { level: formatNumber(l.level), name: t(`frac.level.${l.level}`) }) }), `levels[${i}].descriptor`),
          pathed(textArea({ form: `${form}-l${l.level}`, name: 'descriptor_hi', model: l, rows: 2, attrs: { lang: 'hi' },
            label: t('frac.field.descriptor_hi', { level: formatNumber(l.level) }) }), `levels[${i}].descriptor_hi`)))))),
  ];
}

const trimmed = (v) => (typeof v === 'string' ? v.trim() : v);
const orNull = (v) => (trimmed(v) ? trimmed(v) : null);

function levelsBody(model) {
  return model.levels.map((l) => ({ level: l.level, descriptor: trimmed(l.descriptor), descriptor_hi: orNull(l.descriptor_hi) }));
}

/** Body of a new competency (a proposal's fields or POST /competencies). */
export function newBody(model) {
  return {
    code: trimmed(model.code), area: model.area, name: trimmed(model.name), name_hi: orNull(model.name_hi),
    description: trimmed(model.description), description_hi: orNull(model.description_hi), levels: levelsBody(model),
  };
}

/** What changed from competency `c`: the changed text fields, and all five levels when any of them changed. */
export function changeBody(model, c) {
  const body = changedFields(model, { name: c.name, name_hi: c.name_hi, description: c.description, description_hi: c.description_hi }, TEXT);
  const before = JSON.stringify(levelsBody(competencyModel(c)));
  const now = levelsBody(model);
  if (JSON.stringify(now) !== before) body.levels = now;
  return body;
}
