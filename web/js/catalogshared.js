// Pieces the catalogue screens share: content titles and descriptions in the chosen language, statuses,
// kinds and durations in words, who may author, review or publish, and the competencies of a course.

import { h } from './dom.js';
import { t, language, localName } from './i18n.js';
import { icon } from './icons.js';
import { hasAnyRole } from './session.js';
import { formatNumber } from './ui.js';
import { competencyLink, levelLabel, levelMeter } from './fracshared.js';

export const CONTENT_KINDS = ['course', 'programme', 'curated_programme', 'blended_programme', 'assessment'];
export const RESOURCE_KINDS = ['video', 'pdf', 'html', 'link', 'quiz'];
export const CONTENT_LANGUAGES = ['en', 'hi'];
export const TARGET_GROUPS = ['A', 'B', 'C'];
export const CONTENT_ROLES = ['content_creator', 'content_reviewer', 'content_publisher'];
export const REVIEW_ROLES = ['content_reviewer', 'content_publisher'];

/** A content item's (or a module's, a resource's) title in the chosen language, else the English one. */
export function contentTitle(item) {
  if (!item) return '';
  return localName({ name: item.title, name_hi: item.title_hi });
}

/** The description in the chosen language, else the other one. */
export function contentDescription(item) {
  if (!item) return '';
  if (language() === 'hi' && item.description_hi) return item.description_hi;
  return item.description || item.description_hi || '';
}

/** "2 h 30 min", "45 min" in the person's language; empty when not given. */
export function durationText(minutes) {
  const m = Number(minutes);
  if (!m) return '';
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (!hours) return t('cat.duration.min', { min: formatNumber(rest) });
  if (!rest) return t('cat.duration.h', { h: formatNumber(hours) });
  return t('cat.duration.hmin', { h: formatNumber(hours), min: formatNumber(rest) });
}

export const kindWord = (kind) => t(`cat.kind.${CONTENT_KINDS.includes(kind) ? kind : 'course'}`);
export const resourceWord = (kind) => t(`cat.res.${RESOURCE_KINDS.includes(kind) ? kind : 'link'}`);
export const languageWord = (code) => t(`cat.lang.${CONTENT_LANGUAGES.includes(code) ? code : 'en'}`);
export const groupWord = (g) => t('cat.group.named', { group: g });

const STATUS_MODS = {
  draft: 'muted', submitted: 'warn', in_review: 'warn', changes_requested: 'bad', published: 'ok', retired: 'muted',
  superseded: 'muted',
};

/** The status of a version as a tag. */
export function contentStatusTag(status) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_MODS, status);
  return h('span', { class: `tag tag--status tag--${known ? STATUS_MODS[status] : 'muted'}` },
    t(`cat.status.${known ? status : 'draft'}`));
}

const RESOURCE_ICONS = { video: 'play', pdf: 'file', html: 'page', link: 'link', quiz: 'check' };
export const resourceIcon = (kind, cls = 'icon') => icon(RESOURCE_ICONS[kind] || 'file', cls);

/** The organisations where the person holds one of `roles`: [{id, code}], each once. */
export function orgsWithRole(user, roles) {
  const seen = new Set();
  return ((user && user.roles) || []).filter((r) => roles.includes(r.role))
    .filter((r) => (seen.has(r.org_id) ? false : seen.add(r.org_id)))
    .map((r) => ({ id: r.org_id, code: r.org_code }));
}

export const isCreator = (user) => hasAnyRole(user, ['content_creator']);
export const isReviewer = (user) => hasAnyRole(user, REVIEW_ROLES);
export const isPublisher = (user) => hasAnyRole(user, ['content_publisher']);

/** Where the person's workspace is: the first provider they author for (null when they author for none). */
export function workspaceHref(user) {
  const org = orgsWithRole(user, ['content_creator'])[0] || orgsWithRole(user, CONTENT_ROLES)[0];
  return org ? `#/providers/${org.id}/workspace` : null;
}

/** The competencies a content item addresses: each a link, its level in words and as dots. */
export function competencyList(items, attrs = {}) {
  if (!items || !items.length) return h('p', { class: 'muted' }, t('cat.comp.none'));
  return h('ul', { class: 'ccomps', ...attrs }, items.map((c) => {
    const ref = c.competency || c;
    return h('li', { class: 'ccomps__item' },
      ref.id ? competencyLink(ref) : h('span', { class: 'cref__name' }, localName(ref)),
      h('span', { class: 'ccomps__level' }, levelMeter(c.level), h('span', null, levelLabel(c.level))));
  }));
}

/** Languages as small tags ("English", "हिन्दी"). */
export function languageTags(langs) {
  return (langs || []).map((code) => h('span', { class: 'tag tag--plain', lang: code }, languageWord(code)));
}

/**
 * Aliases for ui.js's showFieldErrors: a server path with no field of its own on `form` ("languages[1]",
 * "competencies[0].competency_id.level") lands on the nearest enclosing one ("languages", ...).
 */
export function fieldAliases(form, error) {
  const out = {};
  for (const e of (error && error.errors) || []) {
    let path = e.field || '';
    while (path && !form.querySelector(`[data-field="${CSS.escape(path)}"]`)) {
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut > 0 ? path.slice(0, cut) : '';
    }
    if (path && path !== e.field) out[e.field] = path;
  }
  return out;
}

// ---- An HTML page, shown without ever handing markup to the page

const SAFE_TAGS = new Set(['p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'u', 'a',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'code', 'pre', 'span', 'div', 'hr', 'figure', 'figcaption']);
const SAFE_URL = /^(https?:|mailto:)/i;

function rebuild(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.nodeValue);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = node.tagName.toLowerCase();
  const children = [...node.childNodes].map(rebuild).filter(Boolean);
  if (!SAFE_TAGS.has(tag)) return ['script', 'style', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'template'].includes(tag)
    ? null : h('span', null, children);
  const attrs = {};
  const href = node.getAttribute('href');
  if (tag === 'a' && href && SAFE_URL.test(href.trim())) Object.assign(attrs, { href: href.trim(), target: '_blank', rel: 'noopener noreferrer' });
  if (node.getAttribute('title')) attrs.title = node.getAttribute('title');
  return h(tag, attrs, children);
}

/**
 * A page of HTML (already sanitised by the server) as nodes built here from an allow-list: the markup is
 * parsed in an inert document (nothing in it runs or loads) and only known elements, their text and safe
 * links are rebuilt, so even a page that slipped past the server cannot script this one.
 */
export function htmlView(html, attrs = {}) {
  const doc = new DOMParser().parseFromString(String(html || ''), 'text/html');
  return h('div', { class: 'htmlpage', ...attrs }, [...doc.body.childNodes].map(rebuild).filter(Boolean));
}
