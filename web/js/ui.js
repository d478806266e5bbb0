// Pieces the screens share: headings, breadcrumbs, alerts, form fields that show the server's field errors,
// the keyset "Load more" list, the organisation picker, and dates and numbers in the person's language.

import { h, replace } from './dom.js';
import { t, has, localName, locale } from './i18n.js';
import { icon } from './icons.js';

export const ORG_KINDS = ['ministry', 'department', 'attached_office', 'subordinate_office', 'field_unit', 'organisation',
  'state', 'training_institution', 'provider', 'spv', 'government'];
export const GRANTABLE_ROLES = ['mdo_admin', 'cbp_admin', 'content_creator', 'content_reviewer', 'content_publisher',
  'programme_coordinator', 'trainer', 'spv_admin'];
export const GROUPS = ['A', 'B', 'C'];
export const OFFICIAL_STATUSES = ['active', 'suspended', 'retired'];
export const ORG_STATUSES = ['active', 'inactive'];

// ---- Words for codes the server sends

function word(prefix, code) {
  const key = `${prefix}.${code}`;
  return has(key) ? t(key) : code;
}
export const kindLabel = (kind) => word('kind', kind);
export const statusLabel = (status) => word('status', status);
export const roleLabel = (role) => word('role', role);
export const languageLabel = (lang) => word('lang', lang);

// ---- Formatting

/** The key for a count: `base_more` when more pages follow, `base_one` for exactly one, else `base`. */
export function countKey(base, n, more) {
  if (more) return `${base}_more`;
  return n === 1 ? `${base}_one` : base;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A calendar date ("YYYY-MM-DD") or an instant (ISO 8601) as a date in the person's language. */
export function formatDate(value) {
  if (!value) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric',
    timeZone: dateOnly ? 'UTC' : undefined }).format(date);
}

export function formatDateTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric',
    minute: '2-digit' }).format(date);
}

/** The name in the script not shown by localName(), when the record has both. */
export function otherName(record) {
  if (!record || !record.name_hi) return '';
  const shown = localName(record);
  return shown === record.name_hi ? record.name : record.name_hi;
}

// ---- Page furniture

export function heading(text, attrs = {}) {
  return h('h1', { tabindex: '-1', 'data-focus-heading': '', ...attrs }, text);
}

/** items: [{ href, label }], the last one the current page. */
export function breadcrumb(items) {
  return h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb.label') },
    h('ol', null, items.map((item, i) => (i === items.length - 1
      ? h('li', { 'aria-current': 'page' }, item.label)
      : h('li', null, h('a', { href: item.href }, item.label))))));
}

/** Breadcrumb items for an organisation's path (root..parent) and itself. */
export function orgTrail(org) {
  const items = [{ href: '#/home', label: t('nav.home') }];
  for (const p of org.path || []) items.push({ href: `#/orgs/${p.id}`, label: localName(p) });
  items.push({ href: `#/orgs/${org.id}`, label: localName(org) });
  return items;
}

function errorText(error) {
  if (!error) return '';
  if (typeof error === 'string') return error;
  return error.localized ? error.localized() : t('problem.unknown');
}

/** An alert (role=alert) that shows `error` (an ApiError or a string); empty and invisible without one. */
export function alertBox(error, attrs = {}) {
  const el = h('div', { class: 'alert', role: 'alert', ...attrs });
  setAlert(el, error);
  return el;
}

export function setAlert(el, error, ...extra) {
  if (!error) {
    el.replaceChildren();
    return;
  }
  replace(el, icon('alert', 'icon alert__icon'), h('div', { class: 'alert__body' }, h('p', null, errorText(error)), extra));
}

/** A status message (role=status) for what just worked. */
export function successBox(attrs = {}) {
  return h('div', { class: 'success', role: 'status', ...attrs });
}

export function setSuccess(el, ...content) {
  if (!content.length || content[0] === null) {
    el.replaceChildren();
    return;
  }
  replace(el, icon('check', 'icon success__icon'), h('div', { class: 'success__body' }, content));
}

function loadingLine(text = t('common.loading')) {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function statusTag(status) {
  return h('span', { class: `tag tag--${status === 'active' ? 'ok' : 'muted'}` }, statusLabel(status));
}

/** rows: [[label, value]] with value a string or node; empty values show a dash that reads "not given". */
export function facts(rows, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs },
    rows.filter(Boolean).map(([label, value]) => h('div', { class: 'facts__item' },
      h('dt', null, label),
      h('dd', null, value === null || value === undefined || value === ''
        ? h('span', { class: 'muted' }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, t('common.none')))
        : value))));
}

// ---- Forms

/**
 * A labelled input. `name` is the API field it edits (its server errors land under it); `model` is the object
 * its value lives in, so a re-render (a language switch) keeps what was typed.
 */
export function field({ form, name, label, type = 'text', model, hint, required, autocomplete, attrs = {} }) {
  const id = `${form}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const input = h('input', {
    id, name, type, class: 'field__input', value: model[name] ?? '', required: Boolean(required),
    autocomplete: autocomplete || 'off', 'aria-describedby': describedBy, 'data-focus-key': id,
    oninput: (e) => { model[name] = e.target.value; }, ...attrs,
  });
  return fieldWrap(id, name, label, input, hint, required);
}

/** options: [[value, label]]; the model keeps the chosen value. */
export function selectField({ form, name, label, options, model, hint, required, onChange, attrs = {} }) {
  const id = `${form}-${name}`;
  const select = h('select', {
    id, name, class: 'field__input', required: Boolean(required), 'data-focus-key': id,
    'aria-describedby': [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
    onchange: (e) => { model[name] = e.target.value; if (onChange) onChange(e.target.value); }, ...attrs,
  }, options.map(([value, text]) => h('option', { value }, text)));
  select.value = model[name] ?? '';
  return fieldWrap(id, name, label, select, hint, required);
}

function fieldWrap(id, name, label, control, hint, required) {
  return h('div', { class: 'field', 'data-field': name },
    h('label', { class: 'field__label', for: id }, label,
      required ? h('span', { class: 'field__required' }, ` ${t('form.required')}`) : null),
    control,
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field__error')) el.replaceChildren();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Puts each of the server's field errors under its field and marks the control invalid; focuses the first.
 * Returns the errors that named no field on this form, for the form's alert.
 */
export function showFieldErrors(form, error, aliases = {}) {
  clearFieldErrors(form);
  const unmatched = [];
  let first = null;
  for (const e of (error && error.errors) || []) {
    const name = aliases[e.field] || e.field;
    const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!wrap) {
      unmatched.push(e);
      continue;
    }
    const out = wrap.querySelector('.field__error');
    out.append(h('span', { class: 'field__error-line' }, icon('alert', 'icon icon--small'), h('span', null, e.message)));
    const control = wrap.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      if (!first) first = control;
    }
  }
  if (first) first.focus();
  return unmatched;
}

/** The fields whose value differs from `original` (empty text means "clear it": null). */
export function changedFields(model, original, names) {
  const out = {};
  for (const name of names) {
    let value = model[name];
    if (typeof value === 'string') value = value.trim();
    if (value === '') value = null;
    let before = original[name];
    if (before === '' || before === undefined) before = null;
    if (String(value ?? '') !== String(before ?? '')) out[name] = value;
  }
  return out;
}

/** Runs `action` with the submit button busy; the button says `busyText` meanwhile. */
export async function busy(button, busyText, action) {
  const content = [...button.childNodes];
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  replace(button, h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', null, busyText));
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.replaceChildren(...content);
  }
}

/** A button that shows and hides a panel (aria-expanded); opening focuses the panel's first control. */
export function disclosure({ label, iconName, panel, open, onToggle, key }) {
  const button = h('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': String(open),
    'aria-controls': panel.id, 'data-focus-key': key }, iconName ? icon(iconName) : null, h('span', null, label));
  panel.hidden = !open;
  button.addEventListener('click', () => {
    const now = panel.hidden;
    panel.hidden = !now;
    button.setAttribute('aria-expanded', String(now));
    if (onToggle) onToggle(now);
    if (now) panel.querySelector('input, select, textarea, button')?.focus();
  });
  return button;
}

// ---- Keyset paged list

/**
 * A list that loads a page at a time: `fetchPage(cursor)` resolves to {items, next_cursor};
 * `renderItem(item)` makes one row (an <li> or <tr>) for `container`. `store` (owned by the screen)
 * keeps the loaded rows across a re-render. `countText(n, more)` describes what is shown; it is
 * announced politely after each page.
 */
export function pagedList({ container, fetchPage, renderItem, store, countText, emptyText, wrap, label }) {
  const status = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' });
  const alert = alertBox(null);
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, t('list.more'));
  const holder = wrap ? wrap(container) : container;
  const element = h('div', { class: 'paged', 'aria-label': label || null }, alert, holder, status,
    h('div', { class: 'paged__more' }, more));

  function describe() {
    if (!store.items.length) {
      status.textContent = emptyText;
      holder.hidden = true;
    } else {
      holder.hidden = false;
      status.textContent = countText(store.items.length, Boolean(store.cursor));
    }
    more.hidden = !store.cursor;
  }

  async function load({ focusNew = false } = {}) {
    setAlert(alert, null);
    more.disabled = true;
    more.textContent = t('list.loading');
    if (!store.loaded) status.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading'));
    try {
      const page = await fetchPage(store.loaded ? store.cursor : null);
      store.items.push(...page.items);
      store.cursor = page.next_cursor || null;
      store.loaded = true;
      const rows = page.items.map(renderItem);
      container.append(...rows);
      describe();
      if (focusNew && rows.length) {
        const target = rows[0].querySelector('a, button') || rows[0];
        target.focus();
      }
    } catch (error) {
      setAlert(alert, error);
      if (!store.loaded) status.textContent = '';
    } finally {
      more.disabled = false;
      more.textContent = t('list.more');
    }
  }

  more.addEventListener('click', () => load({ focusNew: true }));

  if (store.loaded) {
    container.append(...store.items.map(renderItem));
    describe();
  } else {
    load();
  }
  const reload = () => {
    Object.assign(store, newStore());
    container.replaceChildren();
    return load();
  };
  return { element, reload };
}

export function newStore() {
  return { items: [], cursor: null, loaded: false };
}

// ---- Screens that show loaded data

/**
 * Per-visit memory for a screen: `remember(key)` returns the same object while the key (visit and route)
 * stays the same, so a re-render (a language switch) keeps loaded data and typed values; a fresh one after.
 */
export function screenMemory(fresh) {
  let memo = null;
  return (key) => {
    if (!memo || memo.key !== key) memo = { key, ...fresh() };
    return memo;
  };
}

/**
 * A page that needs data: shows `title` and a loading line until `load()` resolves, then `draw()`; a failed
 * load shows the error under `title`. state.redraw() draws again (after an edit); state.reload() loads again.
 * Focus that was on the page (its heading) moves to the new heading, so a screen reader hears the result.
 */
export function loadedPage({ state, title, load, draw }) {
  const page = h('div', { class: 'page' });
  const show = (focus) => {
    const hadFocus = page.contains(document.activeElement);
    if (state.error) {
      replace(page, heading(title), alertBox(state.error));
    } else {
      replace(page, draw());
    }
    const target = focus ? page.querySelector(focus) : null;
    if (target) target.focus();
    else if (hadFocus) page.querySelector('[data-focus-heading]')?.focus();
  };
  const start = () => {
    state.error = null;
    state.pending = load().then(() => { state.loaded = true; }, (error) => { state.error = error; })
      .finally(() => { state.pending = null; });
    return state.pending;
  };
  state.redraw = show;
  state.reload = (focus) => start().then(() => show(focus));
  if (state.loaded || state.error) {
    show();
  } else {
    replace(page, heading(title), loadingLine());
    (state.pending || start()).then(() => show());
  }
  return page;
}

/** The heading block of a screen: an icon, the title, and lines under it. */
export function pageHeader(iconName, title, ...below) {
  return h('header', { class: 'page-header' },
    h('span', { class: 'page-header__icon' }, icon(iconName)),
    h('div', { class: 'page-header__text' }, heading(title), below));
}
