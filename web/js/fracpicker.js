// Search pickers of the competency screens: choose a person (GET /officials?q=, in the caller's admin scope),
// a competency (GET /competencies?q=) or a work role (GET /work-roles?q=). Same look and keyboard as the
// organisation picker: Enter in the search box searches instead of submitting the form.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatNumber } from './ui.js';

/**
 * A labelled search-and-choose control. `search(q)` resolves to items; `describe(item)` gives [name, meta];
 * `keep(item)` is what goes into model[name]. `clearable` adds a "Clear" button. `placeholder` and
 * `resultsLabel` are words for the search box and the result list.
 */
export function searchPicker({ form, name, label, hint, model, search, describe, keep = (x) => x, onChoose, clearable,
  placeholder, resultsLabel, required }) {
  const id = `${form}-${name}`.replace(/[^\w-]/g, '-');
  const chosen = h('p', { class: 'picker__chosen', id: `${id}-chosen`, 'aria-live': 'polite' });
  const results = h('ul', { class: 'picker__results', 'aria-label': resultsLabel || t('frac.picker.results') });
  const note = h('p', { class: 'picker__note', role: 'status' });
  const input = h('input', {
    id, type: 'search', class: 'field__input', autocomplete: 'off', 'data-focus-key': id,
    placeholder: placeholder || t('frac.picker.placeholder'),
    'aria-describedby': [hint ? `${id}-hint` : null, `${id}-chosen`, `${id}-error`].filter(Boolean).join(' '),
    onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        run();
      }
    },
  });
  const go = h('button', { type: 'button', class: 'button button--secondary button--small', onclick: () => run() },
    icon('search', 'icon icon--small'), h('span', null, t('picker.search')));
  const clear = clearable ? h('button', { type: 'button', class: 'button button--secondary button--small',
    onclick: () => { model[name] = null; showChosen(); if (onChoose) onChoose(null); input.focus(); } },
  icon('x', 'icon icon--small'), h('span', null, t('frac.picker.clear'))) : null;

  function showChosen() {
    const item = model[name];
    if (clear) clear.hidden = !item;
    if (!item) {
      replace(chosen, h('span', { class: 'muted' }, t('picker.none')));
      return;
    }
    const [text, meta] = describe(item);
    replace(chosen, h('span', { class: 'muted' }, `${t('picker.chosen')} `), h('strong', null, text),
      meta ? h('span', { class: 'picker__meta' }, meta) : null);
  }

  async function run() {
    const q = input.value.trim();
    results.replaceChildren();
    if (!q) {
      note.textContent = t('picker.type');
      return;
    }
    replace(note, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` ${t('common.loading')}`);
    try {
      const items = await search(q);
      note.textContent = items.length ? t('picker.found', { count: formatNumber(items.length) }) : t('frac.picker.nothing');
      results.append(...items.map((item) => {
        const [text, meta] = describe(item);
        return h('li', null, h('button', { type: 'button', class: 'picker__option', onclick: () => choose(item) },
          h('span', { class: 'picker__name' }, text), meta ? h('span', { class: 'picker__meta' }, meta) : null));
      }));
    } catch (error) {
      note.textContent = error.localized ? error.localized() : t('problem.unknown');
    }
  }

  function choose(item) {
    model[name] = keep(item);
    results.replaceChildren();
    note.textContent = '';
    input.value = '';
    showChosen();
    input.focus();
    if (onChoose) onChoose(model[name]);
  }

  showChosen();
  return h('div', { class: 'field picker', 'data-field': name },
    h('label', { class: 'field__label', for: id }, label,
      required ? h('span', { class: 'field__required' }, ` ${t('form.required')}`) : null),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    chosen,
    h('div', { class: 'picker__row' }, input, go, clear),
    note,
    results,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

const enc = encodeURIComponent;

/** A person in the organisation `orgId` or its units (the caller must administer it). */
export function personPicker({ orgId, ...rest }) {
  return searchPicker({
    ...rest,
    placeholder: t('frac.picker.person'),
    resultsLabel: t('frac.picker.people'),
    search: async (q) => (await api('GET', `/officials?org_id=${orgId}&subtree=1&status=active&q=${enc(q)}&limit=20`)).items,
    describe: (p) => [localName(p), [p.designation ? localName(p.designation) : null, p.employee_code, p.org ? p.org.code : null]
      .filter(Boolean).join(' · ')],
    keep: (p) => ({ id: p.id, name: p.name, name_hi: p.name_hi, employee_code: p.employee_code, designation: p.designation,
      org: p.org }),
  });
}

/** An active competency of the dictionary. */
export function competencyPicker(options) {
  return searchPicker({
    ...options,
    placeholder: t('frac.picker.competency'),
    resultsLabel: t('frac.picker.competencies'),
    search: async (q) => (await api('GET', `/competencies?status=active&q=${enc(q)}&limit=20`)).items,
    describe: (c) => [localName(c), `${c.code} · ${t(`frac.area.${c.area}`)}`],
    keep: (c) => ({ id: c.id, code: c.code, name: c.name, name_hi: c.name_hi, area: c.area }),
  });
}

/** An active work role the caller can see. */
export function rolePicker(options) {
  return searchPicker({
    ...options,
    placeholder: t('frac.picker.role'),
    resultsLabel: t('frac.picker.roles'),
    search: async (q) => (await api('GET', `/work-roles?status=active&q=${enc(q)}&limit=20`)).items,
    describe: (r) => [localName(r), [r.code, r.org ? r.org.code : null].filter(Boolean).join(' · ')],
    keep: (r) => ({ id: r.id, code: r.code, name: r.name, name_hi: r.name_hi }),
  });
}
