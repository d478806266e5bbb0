// Starts the shell: loads the language, restores the session from the cookie, and routes on the hash
// (#/login, #/home, #/<section>). A language switch or a route change renders the page again.

import { h, replace } from './dom.js';
import { t, setLanguage, preferredLanguage } from './i18n.js';
import { onUnauthenticated } from './api.js';
import { currentUser, restoreSession, clearSession, logout } from './session.js';
import { renderLayout } from './layout.js';
import { renderLogin, resetLogin } from './login.js';
import { renderHome } from './home.js';
import { findSection, sectionsFor, renderSection } from './sections.js';
import { icon } from './icons.js';

const root = document.getElementById('app');
let bootError = null;
let returnTo = null; // the route a signed-out person asked for, opened after login

function routeId() {
  const match = /^#\/([\w-]+)/.exec(location.hash);
  return match ? match[1] : '';
}

function go(id) {
  if (routeId() === id) render({ focus: 'heading' });
  else location.hash = `#/${id}`;
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

// What one route shows: [screen title key, content].
function screenFor(id, user) {
  if (bootError) return ['boot.title', renderBootError()];
  if (!user) return ['login.submit', renderLogin({ onLoggedIn })];
  if (id === 'home') return ['nav.home', renderHome({ user })];
  const section = findSection(id);
  if (section && sectionsFor(user).includes(section)) return [`section.${id}.title`, renderSection(section)];
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
  let id = routeId();
  // Signed out: every route shows the login page (and remembers where to go after).
  if (!user && !bootError && id !== 'login') {
    if (id && id !== 'home') returnTo = id;
    history.replaceState(null, '', '#/login');
    id = 'login';
  }
  if (user && (id === 'login' || id === '')) {
    history.replaceState(null, '', '#/home');
    id = 'home';
  }
  const focusKey = focus === 'keep' ? document.activeElement?.getAttribute('data-focus-key') : null;
  const [titleKey, main] = screenFor(id, user);
  document.title = t('app.title', { screen: t(titleKey) });
  replace(root, renderLayout({ user, routeId: id, main, handlers: { onLanguage, onLogout } }));
  root.removeAttribute('aria-busy');
  restoreFocus(focus, focusKey);
}

function onLoggedIn() {
  const next = returnTo || 'home';
  returnTo = null;
  go(next);
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
  const id = routeId();
  if (id && id !== 'login' && id !== 'home') returnTo = id;
  clearSession();
  resetLogin();
  go('login');
});
window.addEventListener('hashchange', () => render());

try {
  await setLanguage(preferredLanguage());
} catch (_) {
  await setLanguage('en');
}
await start();
