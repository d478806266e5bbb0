// The editor of one plan item: content found in the catalogue (GET /catalogue?q=, published items only), a
// due date inside the plan's financial year, mandatory or recommended, and the audience as rules
// (organisation under the plan's, designations, groups, roles, named officials and positions, picked as the
// admin types: cbppickers.js) with the live count of
// officials it resolves to (POST /cbp-plans/{id}/audience-preview, debounced as rules change) and each
// rule's count. An audience of nobody is refused by the server (422 audience_empty); the editor then offers
// to keep it anyway (allow_empty_audience).

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { alertBox, setAlert, busy, showFieldErrors, clearFieldErrors, formatNumber, GROUPS, GRANTABLE_ROLES, roleLabel } from './ui.js';
import { contentTitle, kindWord } from './catalogshared.js';
import { rangeText, problemText } from './cbpshared.js';
import { namedByIds, peoplePicker, positionsPicker, chips } from './cbppickers.js';

const DEBOUNCE_MS = 350;
const MAX_RULES = 10;
let designations = null; // [{code, name, name_hi, group}], loaded once

// The server names a value inside a list ("audience[0].designations[2]"); the form has one place per list.
const byField = (error) => ({ errors: (error.errors || []).map((e) => ({ ...e, field: String(e.field).replace(/\[\d+\]$/, '') })) });

// Shows the server's field errors under their places without moving focus (the live count is asked for while
// the person is still choosing).
function placeErrors(form, error) {
  clearFieldErrors(form);
  for (const e of byField(error).errors) {
    const out = form.querySelector(`[data-field="${CSS.escape(e.field)}"] .field__error`)
      || form.querySelector('[data-field="audience"] .field__error');
    out.append(h('span', { class: 'field__error-line' }, icon('alert', 'icon icon--small'), h('span', null, e.message)));
  }
  if (!(error.errors || []).length) {
    form.querySelector('[data-field="audience"] .field__error').append(h('span', { class: 'field__error-line' }, error.localized()));
  }
}

const newRule = () => ({ org: null, include_suborgs: true, designations: [], groups: [], roles: [], officials: [], positions: [] });

/**
 * The editor's model for `item` of `plan` (item null: a new item); the organisations, officials and positions its
 * rules name are fetched by id, so they show by name.
 */
export async function itemModel(item, plan) {
  if (!designations) designations = (await api('GET', '/designations')).items;
  if (!item) return { id: null, content: null, due: '', mandatory: true, rules: [newRule()], q: '' };
  const [people, posts] = await Promise.all([
    namedByIds(plan.id, 'people', item.audience.flatMap((r) => r.official_ids || [])),
    namedByIds(plan.id, 'positions', item.audience.flatMap((r) => r.position_ids || []))]);
  const rules = await Promise.all(item.audience.map(async (r) => ({
    org: r.org_id ? await api('GET', `/orgs/${r.org_id}`).catch(() => ({ id: r.org_id, code: `#${r.org_id}`, name: `#${r.org_id}` })) : null,
    include_suborgs: r.include_suborgs !== false,
    designations: [...(r.designations || [])],
    groups: [...(r.groups || [])],
    roles: [...(r.roles || [])],
    positions: (r.position_ids || []).map((id) => posts.get(id)),
    officials: (r.official_ids || []).map((id) => people.get(id)),
  })));
  return { id: item.id, content: item.content, due: item.due, mandatory: item.mandatory, rules, q: '' };
}

function audienceJson(m) {
  return m.rules.map((r) => {
    const out = {};
    if (r.org) {
      out.org_id = r.org.id;
      out.include_suborgs = r.include_suborgs;
    }
    if (r.designations.length) out.designations = r.designations;
    if (r.groups.length) out.groups = r.groups;
    if (r.roles.length) out.roles = r.roles;
    if (r.positions.length) out.position_ids = r.positions.map((p) => p.id);
    if (r.officials.length) out.official_ids = r.officials.map((o) => o.id);
    return out;
  });
}

// A group of checkboxes whose ticked values live in `list`.
function checks(id, dataField, legend, options, list, onChange) {
  return h('fieldset', { class: 'fieldset cbp-checks', 'data-field': dataField },
    h('legend', null, legend),
    h('div', { class: 'checks__list' }, options.map(([value, label]) => {
      const boxId = `${id}-${value}`;
      return h('span', { class: 'field--check' },
        h('input', { type: 'checkbox', class: 'check', id: boxId, value, checked: list.includes(value), 'data-focus-key': boxId,
          onchange: (e) => {
            const at = list.indexOf(value);
            if (e.target.checked && at < 0) list.push(value);
            if (!e.target.checked && at >= 0) list.splice(at, 1);
            onChange();
          } }),
        h('label', { for: boxId }, label));
    })),
    h('p', { class: 'field__error', id: `${id}-error` }));
}

// Search box + button + result buttons; `find(q)` resolves to [{key, label, meta, value}], `choose(value)` picks.
function finder({ id, label, hint, find, choose }) {
  const input = h('input', { id, type: 'search', class: 'field__input', autocomplete: 'off', 'data-focus-key': id,
    'aria-describedby': hint ? `${id}-hint` : null });
  const note = h('p', { class: 'picker__note', role: 'status' });
  const results = h('ul', { class: 'picker__results', 'aria-label': t('cbp.found', { what: label }) });
  const run = async () => {
    results.replaceChildren();
    note.textContent = t('common.loading');
    try {
      const found = await find(input.value.trim());
      note.textContent = found.length ? t('picker.found', { count: formatNumber(found.length) }) : t('picker.nothing');
      results.append(...found.map((f) => h('li', null, h('button', { type: 'button', class: 'picker__option',
        onclick: () => {
        results.replaceChildren();
        note.textContent = '';
        choose(f.value);
        document.getElementById(id)?.focus(); // the chosen button is gone: back to the search box
      } },
      h('span', { class: 'picker__name' }, f.label), f.meta ? h('span', { class: 'picker__meta' }, f.meta) : null))));
    } catch (error) {
      note.textContent = error.localized();
    }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); run(); } });
  return h('div', { class: 'field picker' },
    h('label', { class: 'field__label', for: id }, label),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    h('div', { class: 'picker__row' }, input,
      h('button', { type: 'button', class: 'button button--secondary button--small', onclick: run },
        icon('search', 'icon icon--small'), h('span', null, t('picker.search')))),
    note, results);
}

/**
 * The item form for `plan`; `m` from itemModel(). onSaved(plan) after a save, onCancel() to close.
 * Returns the form element.
 */
export function itemEditor({ plan, m, onSaved, onCancel }) {
  const alert = alertBox(null);
  const live = h('p', { class: 'cbp-live', role: 'status', 'aria-live': 'polite', 'data-test': 'live-count' });
  const ruleCounts = [];
  let timer = null;
  let asked = 0;

  // ---- The live count

  async function preview() {
    const n = ++asked;
    replace(live, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('cbp.live.counting'));
    try {
      const answer = await api('POST', `/cbp-plans/${plan.id}/audience-preview`, { audience: audienceJson(m) });
      if (n !== asked) return;
      clearFieldErrors(form);
      replace(live, icon('users', 'icon icon--small'), h('span', null,
        t(answer.count === 1 ? 'cbp.live.count_one' : 'cbp.live.count', { count: formatNumber(answer.count) })));
      live.classList.toggle('cbp-live--empty', answer.count === 0);
      answer.rule_counts.forEach((c, i) => {
        if (ruleCounts[i]) ruleCounts[i].textContent = t(c === 1 ? 'cbp.rule.count_one' : 'cbp.rule.count', { count: formatNumber(c) });
      });
    } catch (error) {
      if (n !== asked) return;
      live.classList.remove('cbp-live--empty');
      replace(live, icon('alert', 'icon icon--small'), h('span', null, t('cbp.live.error')));
      placeErrors(form, error);
    }
  }
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(preview, DEBOUNCE_MS);
  };

  // ---- Content

  const contentBox = h('div', { class: 'cbp-content', 'data-field': 'content_id' });
  const drawContent = () => replace(contentBox,
    h('p', { class: 'picker__chosen', 'aria-live': 'polite' }, m.content
      ? [h('span', { class: 'muted' }, `${t('picker.chosen')} `), h('strong', null, contentTitle(m.content)),
        h('span', { class: 'code code--plain' }, m.content.code)]
      : h('span', { class: 'muted' }, t('cbp.item.nocontent'))),
    h('p', { class: 'field__error', id: 'cbp-item-content-error' }));
  drawContent();
  const contentFinder = finder({ id: 'cbp-item-q', label: t('cbp.item.find'), hint: t('cbp.item.find.hint'),
    find: async (q) => (await api('GET', `/catalogue?q=${encodeURIComponent(q)}&limit=10`)).items.map((c) => ({
      label: contentTitle(c), meta: `${c.code} · ${kindWord(c.kind)} · ${localName(c.provider)}`, value: c })),
    choose: (c) => { m.content = { id: c.id, code: c.code, kind: c.kind, title: c.title, title_hi: c.title_hi }; drawContent(); } });

  // ---- Due date and weight

  const due = h('div', { class: 'field', 'data-field': 'due' },
    h('label', { class: 'field__label', for: 'cbp-item-due' }, t('cbp.item.due'), h('span', { class: 'field__required' }, ` ${t('form.required')}`)),
    h('input', { id: 'cbp-item-due', type: 'date', class: 'field__input', min: plan.starts_on, max: plan.ends_on, value: m.due,
      required: true, 'aria-describedby': 'cbp-item-due-hint cbp-item-due-error', 'data-focus-key': 'cbp-item-due',
      oninput: (e) => { m.due = e.target.value; } }),
    h('p', { class: 'field__hint', id: 'cbp-item-due-hint' }, t('cbp.item.due.hint', { range: rangeText(plan) })),
    h('p', { class: 'field__error', id: 'cbp-item-due-error' }));
  const weight = h('fieldset', { class: 'fieldset', 'data-field': 'mandatory' },
    h('legend', null, t('cbp.item.weight')),
    h('div', { class: 'checks__list' }, [[true, 'cbp.mandatory'], [false, 'cbp.recommended']].map(([v, key]) => h('span', { class: 'field--check' },
      h('input', { type: 'radio', class: 'check', name: 'cbp-item-weight', id: `cbp-item-weight-${v}`, checked: m.mandatory === v,
        onchange: () => { m.mandatory = v; } }),
      h('label', { for: `cbp-item-weight-${v}` }, t(key))))));

  // ---- The audience

  const rulesBox = h('div', { class: 'cbp-rules' });
  const addRule = h('button', { type: 'button', class: 'button button--secondary button--small' }, icon('plus', 'icon icon--small'),
    h('span', null, t('cbp.rule.add')));
  addRule.addEventListener('click', () => {
    m.rules.push(newRule());
    drawRules();
    rulesBox.lastElementChild?.querySelector('input')?.focus();
    changed();
  });

  // The named officials or positions (`list` of rule r) as chips, and their picker; a choice or a removal redraws
  // the rules and puts the focus back in the picker's box.
  function named(r, i, list, picker, chipsLabel, boxId) {
    const redraw = () => {
      drawRules();
      changed();
      document.getElementById(boxId)?.focus();
    };
    return h('div', { 'data-field': `audience[${i}].${list === 'officials' ? 'official_ids' : 'position_ids'}` },
      picker({ plan, i, designations, choose: (x) => {
        if (!r[list].some((y) => y.id === x.id)) r[list].push(x);
        redraw();
      } }),
      r[list].length ? chips({ label: chipsLabel, items: r[list], remove: (x) => {
        r[list] = r[list].filter((y) => y.id !== x.id);
        redraw();
      } }) : null,
      h('p', { class: 'field__error' }));
  }

  function ruleBox(r, i) {
    const p = `audience[${i}]`;
    const count = h('span', { class: 'cbp-rule__count', 'data-test': 'rule-count' });
    ruleCounts[i] = count;
    const orgLine = h('p', { class: 'picker__chosen' }, r.org
      ? [h('span', { class: 'muted' }, `${t('picker.chosen')} `), h('strong', null, localName(r.org)), h('span', { class: 'code code--plain' }, r.org.code),
        h('button', { type: 'button', class: 'button button--secondary button--small', onclick: () => { r.org = null; drawRules(); changed(); document.getElementById(`cbp-rule${i}-org`)?.focus(); } },
          t('cbp.rule.org.clear'))]
      : h('span', { class: 'muted' }, t('cbp.rule.org.whole', { org: localName(plan.org) })));
    return h('fieldset', { class: 'fieldset cbp-rule', 'data-rule': String(i) },
      h('legend', null, t('cbp.rule.n', { n: formatNumber(i + 1) }), ' ', count),
      h('div', { 'data-field': `${p}.org_id` },
        finder({ id: `cbp-rule${i}-org`, label: t('cbp.rule.org'), hint: t('cbp.rule.org.hint', { org: localName(plan.org) }),
          find: async (q) => (await api('GET', `/orgs?q=${encodeURIComponent(q)}&limit=50`)).items
            .filter((o) => o.id === plan.org.id || o.ministry_id === plan.org.id || o.parent_id === plan.org.id)
            .map((o) => ({ label: localName(o), meta: o.code, value: o })),
          choose: (o) => { r.org = o; drawRules(); changed(); } }),
        orgLine,
        h('p', { class: 'field__error', id: `cbp-rule${i}-org-error` })),
      r.org ? h('span', { class: 'field--check' },
        h('input', { type: 'checkbox', class: 'check', id: `cbp-rule${i}-below`, checked: r.include_suborgs,
          onchange: (e) => { r.include_suborgs = e.target.checked; changed(); } }),
        h('label', { for: `cbp-rule${i}-below` }, t('cbp.rule.below'))) : null,
      h('details', { class: 'cbp-desigs', open: r.designations.length > 0 || i === 0 },
        h('summary', null, t('cbp.rule.designations.pick')),
        checks(`cbp-rule${i}-desig`, `${p}.designations`, t('cbp.rule.designations.legend'),
          designations.map((d) => [d.code, `${localName(d)} (${d.code})`]), r.designations, changed)),
      checks(`cbp-rule${i}-group`, `${p}.groups`, t('cbp.rule.groups.legend'), GROUPS.map((g) => [g, t('cbp.group', { group: g })]), r.groups, changed),
      h('details', { class: 'cbp-desigs', open: r.roles.length > 0 },
        h('summary', null, t('cbp.rule.roles.pick')),
        checks(`cbp-rule${i}-role`, `${p}.roles`, t('cbp.rule.roles.legend'), ['learner', ...GRANTABLE_ROLES].map((x) => [x, roleLabel(x)]), r.roles, changed)),
      named(r, i, 'officials', peoplePicker, t('cbp.rule.named', { n: formatNumber(i + 1) }), `cbp-rule${i}-off`),
      named(r, i, 'positions', positionsPicker, t('cbp.rule.posts', { n: formatNumber(i + 1) }), `cbp-rule${i}-pos`),
      m.rules.length > 1 ? h('button', { type: 'button', class: 'button button--secondary button--small',
        onclick: () => { m.rules.splice(i, 1); drawRules(); changed(); addRule.focus(); } }, icon('x', 'icon icon--small'),
      h('span', null, t('cbp.rule.remove', { n: formatNumber(i + 1) }))) : null);
  }

  function drawRules() {
    ruleCounts.length = 0;
    replace(rulesBox, m.rules.map(ruleBox));
    addRule.hidden = m.rules.length >= MAX_RULES;
  }
  drawRules();

  // ---- Saving

  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t(m.id ? 'cbp.item.save' : 'cbp.item.add')));
  const cancel = h('button', { type: 'button', class: 'button button--secondary', onclick: () => onCancel() }, t('cbp.cancel'));
  const emptyBox = h('div', { class: 'cbp-empty-warn', hidden: true });

  async function send(allowEmpty, button) {
    setAlert(alert, null);
    emptyBox.hidden = true;
    if (!m.content) {
      setAlert(alert, t('cbp.item.nocontent.error'));
      return;
    }
    const body = { content_id: m.content.id, due: m.due, mandatory: m.mandatory, audience: audienceJson(m) };
    if (allowEmpty) body.allow_empty_audience = true;
    try {
      const answer = await busy(button, t('cbp.sending'), () => (m.id
        ? api('PUT', `/cbp-plans/${plan.id}/items/${m.id}`, body)
        : api('POST', `/cbp-plans/${plan.id}/items`, body)));
      onSaved(answer);
    } catch (error) {
      if (error.code === 'audience_empty') {
        showEmpty(error);
        return;
      }
      const rest = showFieldErrors(form, byField(error));
      if (rest.length || !error.errors.length) setAlert(alert, problemText(error));
    }
  }

  function showEmpty(error) {
    const keep = h('button', { type: 'button', class: 'button button--danger button--small' }, t('cbp.empty.keep'));
    keep.addEventListener('click', () => send(true, keep));
    replace(emptyBox, icon('alert', 'icon alert__icon'),
      h('div', null,
        h('p', { class: 'notice__title' }, t('cbp.empty.title')),
        h('p', null, t('cbp.empty.text')),
        h('p', null, t('cbp.empty.choice')),
        h('div', { class: 'toolbar toolbar--tight' }, keep,
          h('button', { type: 'button', class: 'button button--secondary button--small', onclick: () => { emptyBox.hidden = true; rulesBox.querySelector('input')?.focus(); } },
            t('cbp.empty.change')))));
    emptyBox.setAttribute('role', 'alert');
    emptyBox.hidden = false;
    keep.focus();
  }

  const form = h('form', { class: 'form panel panel--form cbp-item-form', 'aria-labelledby': 'cbp-item-h', novalidate: true },
    h('h2', { id: 'cbp-item-h', tabindex: '-1' }, t(m.id ? 'cbp.item.edit' : 'cbp.item.new')),
    alert,
    h('section', { class: 'cbp-step', 'aria-labelledby': 'cbp-step-content' },
      h('h3', { id: 'cbp-step-content' }, t('cbp.item.content')), contentBox, contentFinder),
    h('section', { class: 'cbp-step', 'aria-labelledby': 'cbp-step-when' },
      h('h3', { id: 'cbp-step-when' }, t('cbp.item.when')), due, weight),
    h('section', { class: 'cbp-step', 'aria-labelledby': 'cbp-step-who' },
      h('h3', { id: 'cbp-step-who' }, t('cbp.item.who')),
      h('p', { class: 'muted' }, t('cbp.item.who.lead')),
      h('div', { 'data-field': 'audience' }, live, h('p', { class: 'field__error' })),
      rulesBox, addRule),
    emptyBox,
    h('div', { class: 'form__actions' }, save, cancel));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send(false, save);
  });
  preview();
  return form;
}
