// The organisation picker: choose an organisation by searching its name or code (GET /orgs?q=), used by
// the moves, transfers and role grants. Enter in its search box searches instead of submitting the form.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { kindLabel, formatNumber } from './ui.js';

/**
 * Choose an organisation by searching its name or code (GET /orgs?q=). `model[name]` holds the chosen
 * organisation ({id, code, name, name_hi}) or null; `onChoose(org)` runs after a choice.
 */
export function orgPicker({ form, name, label, hint, model, onChoose }) {
  const id = `${form}-${name}`;
  const chosen = h('p', { class: 'picker__chosen', id: `${id}-chosen`, 'aria-live': 'polite' });
  const results = h('ul', { class: 'picker__results', id: `${id}-results`, 'aria-label': t('picker.results') });
  const note = h('p', { class: 'picker__note', role: 'status' });
  const input = h('input', {
    id, type: 'search', class: 'field__input', autocomplete: 'off', 'data-focus-key': id,
    placeholder: t('picker.placeholder'), 'aria-describedby': [hint ? `${id}-hint` : null, `${id}-chosen`, `${id}-error`].filter(Boolean).join(' '),
    onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault(); // search, do not submit the surrounding form
        search();
      }
    },
  });
  const go = h('button', { type: 'button', class: 'button button--secondary button--small', onclick: () => search() },
    icon('search', 'icon icon--small'), h('span', null, t('picker.search')));

  function showChosen() {
    const org = model[name];
    replace(chosen, org
      ? [h('span', { class: 'muted' }, `${t('picker.chosen')} `), h('strong', null, localName(org)), h('span', { class: 'code code--plain' }, org.code)]
      : h('span', { class: 'muted' }, t('picker.none')));
  }

  async function search() {
    const q = input.value.trim();
    results.replaceChildren();
    if (!q) {
      note.textContent = t('picker.type');
      return;
    }
    note.textContent = t('common.loading');
    try {
      const page = await api('GET', `/orgs?q=${encodeURIComponent(q)}&limit=20`);
      note.textContent = page.items.length
        ? t('picker.found', { count: formatNumber(page.items.length) }) : t('picker.nothing');
      results.append(...page.items.map((org) => h('li', null,
        h('button', { type: 'button', class: 'picker__option', onclick: () => choose(org) },
          h('span', { class: 'picker__name' }, localName(org)),
          h('span', { class: 'picker__meta' }, `${org.code} · ${kindLabel(org.kind)}`)))));
    } catch (error) {
      note.textContent = error.localized();
    }
  }

  function choose(org) {
    model[name] = { id: org.id, code: org.code, name: org.name, name_hi: org.name_hi };
    results.replaceChildren();
    note.textContent = '';
    input.value = '';
    showChosen();
    input.focus();
    if (onChoose) onChoose(model[name]);
  }

  showChosen();
  return h('div', { class: 'field picker', 'data-field': name },
    h('label', { class: 'field__label', for: id }, label),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    chosen,
    h('div', { class: 'picker__row' }, input, go),
    note,
    results,
    h('p', { class: 'field__error', id: `${id}-error` }));
}
