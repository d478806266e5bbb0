// Starts the shell: loads the language, restores the session from the cookie, and routes on the hash
// (#/login, #/home, #/profile, #/orgs/{id}[/staff|/onboarding|/outbox], #/officials/{id}, #/activate?token=,
// the competency screens of fracroutes.js, the catalogue's of catalogroutes.js, the plans' of cbproutes.js, #/<section>). A route change renders the page again and starts a new visit (screens reload their data);
// a language switch renders it again within the same visit (screens keep what they loaded and what was typed).

import { h, replace } from './dom.js';
import { t, setLanguage, preferredLanguage } from './i18n.js';
import { onUnauthenticated } from './api.js';
import { currentUser, restoreSession, clearSession, logout, canBrowseOrgs, startOrgId } from './session.js';
import { renderLayout } from './layout.js';
import { renderLogin, resetLogin } from './login.js';
import { renderHome } from './home.js';
import { findSection, sectionsFor, renderSection } from './sections.js';
import { icon } from './icons.js';
import { renderOrg } from './orgs.js';
import { renderStaff } from './staff.js';
import { renderOfficial } from './official.js';
import { renderOnboarding } from './onboarding.js';
import { renderOutbox } from './outbox.js';
import { renderActivate } from './activate.js';
import { renderProfile } from './profile.js';
import { fracScreen } from './fracroutes.js';
import { catalogScreen } from './catalogroutes.js';
import { learnScreen } from './learnroutes.js';
import { cbpScreen } from './cbproutes.js';

const root = document.getElementById('app');
let bootError = null;
let returnTo = null; // the route a signed-out person asked for ("orgs/5/staff"), opened after login
let visit = 0; // counts route changes; a screen's remembered state belongs to one visit

// Routes that work without a session.
const PUBLIC_ROUTES = new Set(['login', 'activate']);

function safeDecode(part) {
  try { return decodeURIComponent(part); } catch (_) { return part; }
}

/** The hash as { id: first segment, parts: all segments, query, path: "orgs/5/staff" }. */
function currentRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const cut = raw.indexOf('?');
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  return { id: parts[0] || '', parts, query: new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1)), path };
}

function go(path) {
  if (currentRoute().path === path) render({ focus: 'heading' });
  else location.hash = `#/${path}`;
}

function renderNotFound() {
  return h('div', { class: 'page' },
    h('h1', { tabindex: '-1', 'data-focus-heading': '' }, t('notfound.title')),
    h('p', { class: 'lead' }, t('notfound.text')),
    h('p', null, h('a', { class: 'button button--secondary', href: '#/home' }, icon('arrowLeft'), h('span', null, t('section.back')))));
}

function renderBootError() {
  return h('div', { class: 'page page--narrow' },
    h('div', { class: 'alert', role: 'alert' }, icon('alert', 'icon alert__icon'),
      h('span', null, bootError.localized ? bootError.localized() : t('problem.unknown'))),
    h('h1', { tabindex: '-1', 'data-focus-heading': '' }, t('boot.title')),
    h('p', null, t('boot.text')),
    h('button', { type: 'button', class: 'button button--primary', onclick: () => start('heading') }, t('boot.retry')));
}

const NUMERIC = /^[1-9]\d{0,17}$/;

// The organisation screens: #/orgs/{id} and its /staff, /onboarding and /outbox pages.
const ORG_PAGES = {
  '': ['orgs.title', renderOrg],
  staff: ['staff.title', renderStaff],
  onboarding: ['onboard.title', renderOnboarding],
  outbox: ['outbox.title', renderOutbox],
};

function orgScreen(route, ctx) {
  const [, id, sub = '', extra] = route.parts;
  const page = ORG_PAGES[sub];
  if (!NUMERIC.test(id || '') || !page || extra !== undefined) return null;
  return [page[0], page[1]({ ...ctx, orgId: Number(id) }), 'orgs'];
}

// What one route shows: [screen title key, content, navigation entry to mark].
function screenFor(route, user) {
  const { id } = route;
  const ctx = { user, route, visit, go, refreshUser, signedOut };
  if (bootError) return ['boot.title', renderBootError()];
  if (id === 'activate') return ['activate.title', renderActivate(ctx)];
  if (!user) return ['login.submit', renderLogin({ onLoggedIn })];
  if (id === 'home') return ['nav.home', renderHome({ user, visit })];
  if (id === 'profile' && route.parts.length === 1) return ['profile.title', renderProfile(ctx), 'profile'];
  const frac = fracScreen(route, ctx);
  if (frac) return frac;
  const catalog = catalogScreen(route, ctx);
  if (catalog) return catalog;
  const learn = learnScreen(route, ctx);
  if (learn) return learn;
  const cbp = cbpScreen(route, ctx);
  if (cbp) return cbp;
  if (id === 'orgs' && canBrowseOrgs(user)) {
    const screen = orgScreen(route, ctx);
    if (screen) return screen;
  }
  if (id === 'officials' && route.parts.length === 2 && NUMERIC.test(route.parts[1])) {
    return ['official.title', renderOfficial({ ...ctx, officialId: Number(route.parts[1]) }),
      canBrowseOrgs(user) ? 'orgs' : 'profile'];
  }
  const section = findSection(id);
  if (section && route.parts.length === 1 && sectionsFor(user).includes(section)) {
    return [`section.${id}.title`, renderSection(section)];
  }
  return ['notfound.title', renderNotFound()];
}

// Keeps the person where they are across a re-render: same control focused, else the new heading.
function restoreFocus(focus, focusKey) {
  const again = focusKey && root.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
  if (again) again.focus();
  else if (focus === 'heading') root.querySelector('[data-focus-heading]')?.focus();
}

function render({ focus = 'heading' } = {}) {
  const user = currentUser();
  let route = currentRoute();
  // Signed out: every route but the public ones shows the login page (and remembers where to go after).
  if (!user && !bootError && !PUBLIC_ROUTES.has(route.id)) {
    if (route.id && route.id !== 'home') returnTo = route.path;
    history.replaceState(null, '', '#/login');
    route = currentRoute();
  }
  if (user && (route.id === 'login' || route.id === '')) {
    history.replaceState(null, '', '#/home');
    route = currentRoute();
  }
  // #/orgs alone opens the organisation the person administers.
  if (user && route.id === 'orgs' && route.parts.length === 1 && canBrowseOrgs(user)) {
    history.replaceState(null, '', `#/orgs/${startOrgId(user)}`);
    route = currentRoute();
  }
  const focusKey = focus === 'keep' ? document.activeElement?.getAttribute('data-focus-key') : null;
  const [titleKey, main, navId] = screenFor(route, user);
  document.title = t('app.title', { screen: t(titleKey) });
  replace(root, renderLayout({ user, routeId: navId || route.id, main, handlers: { onLanguage, onLogout } }));
  root.removeAttribute('aria-busy');
  restoreFocus(focus, focusKey);
}

function onLoggedIn() {
  const next = returnTo || 'home';
  returnTo = null;
  go(next);
}

/** Asks the server who we are again (after a profile edit) and shows the page with the new details. */
async function refreshUser() {
  try {
    await restoreSession();
  } catch (_) {
    // keep the details we have
  }
  render({ focus: 'keep' });
}

/** The session ended from a screen (log out everywhere): forget it and show the login page with `notice`. */
function signedOut(notice) {
  clearSession();
  resetLogin(notice);
  go('login');
}

async function onLanguage(code) {
  try {
    await setLanguage(code);
  } catch (_) {
    return; // the strings did not load: stay in the language we have
  }
  render({ focus: 'keep' });
}

async function onLogout() {
  try {
    await logout();
  } catch (_) {
    // The session is forgotten here either way; the server ends it at its expiry.
  }
  resetLogin();
  go('login');
}

// First paint leaves focus at the top of the document, so the first Tab reaches the skip link.
async function start(focus = 'none') {
  bootError = null;
  try {
    await restoreSession();
  } catch (error) {
    bootError = error;
  }
  render({ focus });
}

onUnauthenticated(() => {
  const route = currentRoute();
  if (route.id && !PUBLIC_ROUTES.has(route.id) && route.id !== 'home') returnTo = route.path;
  clearSession();
  resetLogin();
  go('login');
});
window.addEventListener('hashchange', () => {
  visit += 1;
  render();
});

try {
  await setLanguage(preferredLanguage());
} catch (_) {
  await setLanguage('en');
}
await start();
