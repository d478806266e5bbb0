// The frame around every screen: skip link, masthead (brand, language switch, account menu), the section
// navigation for a signed-in person, and the footer. Screens fill <main>.

import { h } from './dom.js';
import { t, language, localName, LANGUAGES } from './i18n.js';
import { icon } from './icons.js';
import { sectionsFor } from './sections.js';
import { canBrowseOrgs } from './session.js';
import { workspaceHref, isReviewer } from './catalogshared.js';

const LANGUAGE_NAMES = { en: 'lang.en', hi: 'lang.hi' };

// The account menu of the current render; one document listener closes it on a click elsewhere.
let openMenu = null;
document.addEventListener('click', (e) => {
  if (openMenu && openMenu.wrapper.isConnected && !openMenu.wrapper.contains(e.target)) openMenu.close();
});

function initials(name) {
  const parts = (name || '').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => Array.from(p)[0]).join('').toUpperCase();
}

function skipLink() {
  return h('a', {
    class: 'skip-link', href: '#main',
    // The hash is the router's, so move focus by hand instead of following the link.
    onclick: (e) => {
      e.preventDefault();
      const main = document.getElementById('main');
      if (main) main.focus();
    },
  }, t('skip'));
}

function brand(user) {
  return h('a', { class: 'brand', href: user ? '#/home' : '#/login' },
    h('img', { class: 'brand__logo', src: '/img/logo.svg', alt: '', width: 40, height: 40 }),
    h('span', { class: 'brand__text' },
      h('span', { class: 'brand__name' }, t('app.name')),
      h('span', { class: 'brand__sub' }, t('app.mission'))));
}

function languageSwitch(onLanguage) {
  const current = language();
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    LANGUAGES.map((code) => h('button', {
      type: 'button', class: 'lang-switch__button', lang: code, 'aria-pressed': String(code === current),
      'data-focus-key': `lang-${code}`,
      onclick: () => { if (code !== language()) onLanguage(code); },
    }, t(LANGUAGE_NAMES[code]))));
}

function accountMenu(user, onLogout) {
  const name = localName(user);
  const panel = h('div', { class: 'account__panel', id: 'account-panel', hidden: true },
    h('p', { class: 'account__name' }, name),
    h('p', { class: 'account__line' }, icon('mail', 'icon icon--small'), h('span', null, user.email)),
    h('p', { class: 'account__line' }, icon('building', 'icon icon--small'), h('span', null, localName(user.org))),
    h('button', { type: 'button', class: 'button button--block', 'data-focus-key': 'logout', onclick: onLogout },
      icon('logout'), h('span', null, t('auth.logout'))));
  const toggle = h('button', {
    type: 'button', class: 'account__toggle', 'aria-expanded': 'false', 'aria-controls': 'account-panel',
    'data-focus-key': 'account',
  },
  h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(name)),
  h('span', { class: 'account__toggle-name' }, name),
  h('span', { class: 'visually-hidden' }, t('account.menu')),
  icon('chevron', 'icon icon--small'));

  const wrapper = h('div', { class: 'account' }, toggle, panel);
  const setOpen = (open) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  wrapper.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) {
      setOpen(false);
      toggle.focus();
    }
  });
  wrapper.addEventListener('focusout', (e) => {
    if (!wrapper.contains(e.relatedTarget)) setOpen(false);
  });
  openMenu = { wrapper, close: () => setOpen(false) };
  return wrapper;
}

function masthead(user, handlers) {
  return h('header', { class: 'masthead' },
    h('div', { class: 'masthead__inner' },
      brand(user),
      h('div', { class: 'masthead__tools' },
        languageSwitch(handlers.onLanguage),
        user ? accountMenu(user, handlers.onLogout) : null)));
}

function navLink(id, iconName, label, active, upcoming, href) {
  return h('li', null,
    h('a', { class: 'sidenav__link', href: href || `#/${id}`, 'aria-current': active ? 'page' : null },
      icon(iconName),
      h('span', { class: 'sidenav__label' }, label),
      upcoming ? h('span', { class: 'tag tag--muted' }, t('nav.upcoming')) : null));
}

function sidenav(user, routeId) {
  return h('nav', { class: 'sidenav', 'aria-label': t('nav.label') },
    h('ul', null,
      navLink('home', 'home', t('nav.home'), routeId === 'home', false),
      navLink('profile', 'user', t('nav.profile'), routeId === 'profile', false),
      canBrowseOrgs(user) ? navLink('orgs', 'tree', t('nav.orgs'), routeId === 'orgs', false) : null,
      canBrowseOrgs(user) ? navLink('roles', 'clipboard', t('nav.roles'), routeId === 'roles', false) : null,
      sectionsFor(user).map((section) => navLink(section.id, section.icon, t(`nav.${section.id}`), routeId === section.id, !section.live)),
      workspaceHref(user) ? navLink('workspace', 'edit', t('nav.workspace'), routeId === 'workspace', false, workspaceHref(user)) : null,
      isReviewer(user) ? navLink('review', 'inbox', t('nav.review'), routeId === 'review', false) : null));
}

function footer() {
  return h('footer', { class: 'footer' },
    h('div', { class: 'footer__inner' },
      h('p', { class: 'footer__brand' }, t('footer.about')),
      h('p', null, t('footer.help'))));
}

/**
 * The whole page for one screen. `main` is the screen's content; handlers are
 * { onLanguage(code), onLogout() }. With no user there is no navigation.
 */
export function renderLayout({ user, routeId, main, handlers }) {
  const body = h('main', { id: 'main', class: 'main', tabindex: '-1' }, main);
  return [
    skipLink(),
    masthead(user, handlers),
    h('div', { class: user ? 'layout' : 'layout layout--public' }, user ? sidenav(user, routeId) : null, body),
    footer(),
  ];
}
