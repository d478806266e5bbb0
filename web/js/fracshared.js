// Pieces the competency screens share: areas and levels in words, the level meter and the level picker,
// links to competencies, officials and roles, passport source and status tags, counts as tiles, and who
// administers what.

import { h, s } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { hasAnyRole } from './session.js';
import { formatNumber } from './ui.js';

export const AREAS = ['behavioural', 'functional', 'domain'];
export const LEVELS = [1, 2, 3, 4, 5];
export const ADMIN_ROLES = ['spv_admin', 'mdo_admin'];

export const areaLabel = (area) => t(`frac.area.${AREAS.includes(area) ? area : 'other'}`);

/** "Level 3 · Proficient". */
export function levelLabel(level) {
  if (!level) return t('frac.level.none');
  return t('frac.level.named', { level: formatNumber(level), name: t(`frac.level.${level}`) });
}

/**
 * Five dots, `level` of them filled: a picture of a level that reads as "Level 3 of 5" to a screen reader.
 * `required` (optional) rings the dots up to the level a post asks for.
 */
export function levelMeter(level, { required = 0, label } = {}) {
  return h('span', { class: 'meter', role: 'img', 'aria-label': label || t('frac.level.of5', { level: formatNumber(level || 0) }) },
    LEVELS.map((n) => h('span', {
      class: ['meter__dot', n <= level ? 'meter__dot--on' : '', n <= required ? 'meter__dot--req' : ''].filter(Boolean).join(' '),
      'aria-hidden': 'true',
    })));
}

/** A competency's name as a link to its page, with its code. */
export function competencyLink(ref, { version } = {}) {
  if (!ref) return null;
  const href = version ? `#/competencies/${ref.id}?version=${version}` : `#/competencies/${ref.id}`;
  return h('span', { class: 'cref' },
    h('a', { class: 'cref__name', href }, localName(ref)),
    ref.code ? h('span', { class: 'code code--plain' }, ref.code) : null);
}

/** An official's name (a link when `href` is given), with designation and organisation under it. */
export function officialLine(ref, href) {
  if (!ref) return null;
  const meta = [ref.designation ? localName(ref.designation) : null, ref.org ? localName(ref.org) : null].filter(Boolean).join(' · ');
  return h('span', { class: 'oref' },
    href ? h('a', { class: 'oref__name', href }, localName(ref)) : h('span', { class: 'oref__name' }, localName(ref)),
    meta ? h('span', { class: 'oref__meta' }, meta) : null);
}

/** A post's title in the current language: every position the API shows carries `title` and `title_hi`. */
export function postTitle(post) {
  return post ? localName({ name: post.title, name_hi: post.title_hi }) : '';
}

export function roleLink(ref) {
  if (!ref) return null;
  return h('a', { href: `#/roles/${ref.id}` }, localName(ref));
}

/** The level picker: five radio buttons in a row, each with its number and name. */
export function levelPicker({ form, name, label, model, hint, max = 5, required = true, onChange }) {
  const id = `${form}-${name}`.replace(/[^\w-]/g, '-');
  const group = h('div', { class: 'levels-pick' },
    LEVELS.filter((n) => n <= max).map((n) => {
      const inputId = `${id}-${n}`;
      return h('span', { class: 'levels-pick__item' },
        h('input', {
          type: 'radio', class: 'levels-pick__input', id: inputId, name: id, value: String(n), checked: Number(model[name]) === n,
          'data-focus-key': inputId, 'aria-label': t('frac.level.named', { level: formatNumber(n), name: t(`frac.level.${n}`) }),
          onchange: () => { model[name] = n; if (onChange) onChange(n); },
        }),
        h('label', { class: 'levels-pick__label', for: inputId },
          h('span', { class: 'levels-pick__n' }, formatNumber(n)),
          h('span', { class: 'levels-pick__name' }, t(`frac.level.${n}`))));
    }));
  return h('fieldset', { class: 'field levels-field', 'data-field': name, 'aria-describedby': hint ? `${id}-hint` : null },
    h('legend', { class: 'field__label' }, label, required ? h('span', { class: 'field__required' }, ` ${t('form.required')}`) : null),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    group,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

/** A multi-line text field with the same rules as ui.js's field(). */
export function textArea({ form, name, label, model, hint, required, rows = 3, attrs = {} }) {
  const id = `${form}-${name}`.replace(/[^\w-]/g, '-');
  return h('div', { class: 'field', 'data-field': name },
    h('label', { class: 'field__label', for: id }, label,
      required ? h('span', { class: 'field__required' }, ` ${t('form.required')}`) : null),
    h('textarea', {
      id, name, class: 'field__input field__input--area', rows, value: model[name] ?? '', 'data-focus-key': id,
      'aria-describedby': [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
      oninput: (e) => { model[name] = e.target.value; }, ...attrs,
    }),
    hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field__error', id: `${id}-error` }));
}

// ---- Passport words

export function sourceTag(source) {
  return h('span', { class: `tag tag--source tag--${source === 'self' ? 'warn' : 'plain'}` }, t(`frac.source.${source}`));
}

/** Verified, rejected, or (pending) "self-declared, not verified" in words that cannot be mistaken. */
export function entryStatusTag(entry) {
  if (entry.status === 'verified' && entry.verified !== false) {
    return h('span', { class: 'tag tag--ok tag--status' }, icon('check', 'icon icon--tiny'), t('frac.status.verified'));
  }
  if (entry.status === 'rejected') return h('span', { class: 'tag tag--bad tag--status' }, icon('x', 'icon icon--tiny'), t('frac.status.rejected'));
  return h('span', { class: 'tag tag--warn tag--status' }, icon('clock', 'icon icon--tiny'), t('frac.status.pending'));
}

/** Puts a spinner and `text` into `el` (a role=status line) while long work runs. */
export function showWorking(el, text) {
  if (!el) return;
  el.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', null, text));
  el.classList.add('working');
}

// ---- Numbers as tiles

/** tiles: [[label, n, modifier]] */
export function tiles(items, label) {
  return h('dl', { class: 'counts counts--frac', 'aria-label': label || null },
    items.map(([text, n, mod]) => h('div', { class: `counts__item${mod ? ` counts__item--${mod}` : ''}` },
      h('dt', null, text),
      h('dd', null, formatNumber(n ?? 0)))));
}

/** A score 0..100 as a bar with the number beside it. */
export function scoreBar(score, label) {
  const value = Math.max(0, Math.min(100, Number(score) || 0));
  return h('span', { class: 'score' },
    s('svg', { class: 'score__bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', width: 120, height: 10, 'aria-hidden': 'true', focusable: 'false' },
      s('rect', { x: 0, y: 0, width: 100, height: 8, rx: 4, class: 'score__track' }),
      s('rect', { x: 0, y: 0, width: value, height: 8, rx: 4, class: `score__fill score__fill--${value >= 75 ? 'high' : value >= 40 ? 'mid' : 'low'}` })),
    h('span', { class: 'score__n' }, label || t('frac.score', { score: formatNumber(value) })));
}

// ---- Who administers what

/** The organisations the person administers (from their grants): [{id, code, role}]. */
export function adminOrgs(user) {
  const seen = new Set();
  return ((user && user.roles) || []).filter((r) => ADMIN_ROLES.includes(r.role))
    .sort((a, b) => (a.role === 'spv_admin' ? -1 : b.role === 'spv_admin' ? 1 : 0))
    .filter((r) => (seen.has(r.org_id) ? false : seen.add(r.org_id)))
    .map((r) => ({ id: r.org_id, code: r.org_code, role: r.role }));
}

export function isAdmin(user) {
  return hasAnyRole(user, ADMIN_ROLES);
}

export function isSpv(user) {
  return hasAnyRole(user, ['spv_admin']);
}

/** Whether the person administers organisation `orgId` (asks the server; false on any doubt). */
export async function canAdminOrg(user, orgId) {
  if (!isAdmin(user) || !orgId) return false;
  try {
    return Boolean((await api('GET', `/orgs/${orgId}`)).can_admin);
  } catch (_) {
    return false;
  }
}

/** Today as YYYY-MM-DD in the person's own time zone. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Links to the official's competency pages (passport, gaps, posts they fit), `current` marked. */
export function personTabs(base, current, { self } = {}) {
  const items = [
    ['passport', self ? '#/passport' : `${base}/passport`, t('frac.tab.passport')],
    ['gaps', self ? '#/gaps' : `${base}/gaps`, t('frac.tab.gaps')],
    self ? ['fit', '#/posts-i-fit', t('frac.tab.fit')] : null,
  ].filter(Boolean);
  return h('nav', { class: 'tabs', 'aria-label': t('frac.tab.label') },
    h('ul', null, items.map(([id, href, text]) => h('li', null,
      h('a', { class: 'tabs__link', href, 'aria-current': id === current ? 'page' : null }, text)))));
}
