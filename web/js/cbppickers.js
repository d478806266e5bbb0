// The audience rule's pickers of named officials and positions: the officials and posts of the plan's
// organisation and below it, found as the admin types (GET /cbp-plans/{id}/people and /positions: the start of a
// word of a name, email or employee code, of a post's title or code), chosen with the keyboard or the mouse and
// shown as chips that can be removed; and the names of saved choices, fetched by id (?ids=), so a saved rule reads
// as people and posts, not numbers. Only those who may change the plan can ask, which is who uses the editor.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatNumber } from './ui.js';

const TYPE_PAUSE_MS = 250;
const PAGE = 10;
const IDS_PER_ASK = 100; // what ?ids= takes at once

/** A post as the chips and the API's rules use it: {id, name, name_hi, code} (name is its title). */
export const asPosition = (p) => ({ id: p.id, name: p.title, name_hi: p.title_hi, code: p.code });
/** An official likewise: {id, name, name_hi, code}. */
export const asPerson = (o) => ({ id: o.id, name: o.name, name_hi: o.name_hi, code: o.employee_code });

/**
 * The saved officials ('people') or positions ('positions') of plan `planId` with these ids, by id; those the
 * plan's organisation no longer holds come back with a name that says so.
 */
export async function namedByIds(planId, kind, ids) {
  const named = new Map();
  const wanted = [...new Set(ids)];
  for (let i = 0; i < wanted.length; i += IDS_PER_ASK) {
    const some = wanted.slice(i, i + IDS_PER_ASK);
    const page = await api('GET', `/cbp-plans/${planId}/${kind}?ids=${some.join(',')}`);
    for (const x of page.items) named.set(x.id, kind === 'people' ? asPerson(x) : asPosition(x));
  }
  for (const id of wanted) {
    if (!named.has(id)) {
      named.set(id, { id, name: t(kind === 'people' ? 'cbp.pick.gone_person' : 'cbp.pick.gone_position', { id: String(id) }), code: '' });
    }
  }
  return named;
}

/**
 * A search box that searches as the person types (and at once on Enter), with the results as buttons below it:
 * Down moves from the box to them, Up and Down between them, Escape back to the box. `find(q, cursor)` answers
 * {items, next_cursor}; `option(x)` gives {label, meta} for a result; `choose(x)` takes one. Returns the field.
 */
export function searchPicker({ id, label, hint, resultsLabel, nothing, find, option, choose }) {
  const input = h('input', { id, type: 'search', class: 'field__input', autocomplete: 'off', 'data-focus-key': id,
    'aria-describedby': `${id}-hint`, 'aria-controls': `${id}-results` });
  const note = h('p', { class: 'picker__note', role: 'status' });
  const results = h('ul', { class: 'picker__results', id: `${id}-results`, 'aria-label': resultsLabel });
  let asked = 0;
  let timer = null;
  let shown = 0;

  const options = () => [...results.querySelectorAll('.picker__option')];
  const say = (more) => {
    note.textContent = !shown ? nothing
      : t(more ? 'cbp.pick.shown_more' : 'cbp.pick.shown', { count: formatNumber(shown) });
  };

  function optionButton(x) {
    const { label: name, meta } = option(x);
    return h('li', null, h('button', { type: 'button', class: 'picker__option', onclick: () => {
      results.replaceChildren();
      note.textContent = '';
      input.value = '';
      choose(x);
    } }, h('span', { class: 'picker__name' }, name), meta ? h('span', { class: 'picker__meta' }, meta) : null));
  }

  async function show(q, cursor) {
    const n = ++asked;
    if (!q) {
      results.replaceChildren();
      shown = 0;
      note.textContent = '';
      return;
    }
    if (!cursor) note.textContent = t('common.loading');
    try {
      const page = await find(q, cursor);
      if (n !== asked) return; // a later search has started: its answer counts
      results.querySelector('.picker__more')?.remove();
      if (!cursor) {
        results.replaceChildren();
        shown = 0;
      }
      const first = results.childElementCount;
      results.append(...page.items.map(optionButton));
      shown += page.items.length;
      if (page.next_cursor) {
        results.append(h('li', { class: 'picker__more' }, h('button', { type: 'button', class: 'button button--secondary button--small',
          onclick: async () => {
            await show(q, page.next_cursor);
            options()[first + page.items.length]?.focus(); // the first of those just added
          } }, t('cbp.pick.more'))));
      }
      say(Boolean(page.next_cursor));
    } catch (error) {
      if (n === asked) note.textContent = error.localized();
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => show(input.value.trim()), TYPE_PAUSE_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault(); // search now, do not submit the item
      clearTimeout(timer);
      show(input.value.trim());
    } else if (e.key === 'ArrowDown' && options().length) {
      e.preventDefault();
      options()[0].focus();
    }
  });
  results.addEventListener('keydown', (e) => {
    const all = [...results.querySelectorAll('button')];
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = at + (e.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      input.focus();
    }
  });

  return h('div', { class: 'field picker' },
    h('label', { class: 'field__label', for: id }, label),
    h('p', { class: 'field__hint', id: `${id}-hint` }, hint),
    input, note, results);
}

/** The chosen ones as chips, each with a button that removes it (`remove(x)`); `label` names the list. */
export function chips({ label, items, remove }) {
  return h('ul', { class: 'chips chips--edit', 'aria-label': label },
    items.map((x) => h('li', { class: 'chip' },
      h('span', null, localName(x)), x.code ? h('span', { class: 'chip__code' }, x.code) : null,
      h('button', { type: 'button', class: 'chip__remove', 'aria-label': t('cbp.rule.unname', { name: localName(x) }),
        onclick: () => remove(x) }, icon('x', 'icon icon--tiny')))));
}

/** The named-officials picker of rule `i` of plan `plan`; `designations` names their designation codes. */
export function peoplePicker({ plan, i, designations, choose }) {
  const designation = (code) => {
    const d = designations.find((x) => x.code === code);
    return d ? localName(d) : code;
  };
  return searchPicker({ id: `cbp-rule${i}-off`, label: t('cbp.rule.official'), hint: t('cbp.rule.official.hint'),
    resultsLabel: t('cbp.pick.people_found', { n: formatNumber(i + 1) }), nothing: t('cbp.pick.no_people'),
    find: (q, cursor) => api('GET', `/cbp-plans/${plan.id}/people?q=${encodeURIComponent(q)}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`),
    option: (o) => ({ label: localName(o),
      meta: [o.employee_code, o.designation ? designation(o.designation) : null, localName(o.org)].filter(Boolean).join(' · ') }),
    choose: (o) => choose(asPerson(o)) });
}

/** The positions picker of rule `i` of plan `plan`. */
export function positionsPicker({ plan, i, choose }) {
  return searchPicker({ id: `cbp-rule${i}-pos`, label: t('cbp.rule.position'), hint: t('cbp.rule.position.hint'),
    resultsLabel: t('cbp.pick.positions_found', { n: formatNumber(i + 1) }), nothing: t('cbp.pick.no_positions'),
    find: (q, cursor) => api('GET', `/cbp-plans/${plan.id}/positions?q=${encodeURIComponent(q)}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`),
    option: (p) => ({ label: localName(asPosition(p)),
      meta: [p.code, localName(p.org), p.holder_count ? t('cbp.pick.held') : t('cbp.pick.vacant')].join(' · ') }),
    choose: (p) => choose(asPosition(p)) });
}
