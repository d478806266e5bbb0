// The platform's sections and who sees them. A section that is not `live` opens in a later release; until then
// its page says what it will hold, so the navigation never promises more than the product does. A live
// section's screens have routes of their own (competencies: fracroutes.js, catalogue: catalogroutes.js, learning: learnroutes.js, plans: cbproutes.js).

import { h } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { hasAnyRole } from './session.js';

const ADMINS = ['spv_admin', 'mdo_admin', 'cbp_admin'];

// roles: null means every official (everyone holds "learner").
export const SECTIONS = [
  { id: 'learning', icon: 'book', roles: null, live: true },
  { id: 'catalogue', icon: 'grid', roles: null, live: true },
  { id: 'competencies', icon: 'target', roles: null, live: true },
  { id: 'plans', icon: 'clipboard', roles: ADMINS, live: true },
  { id: 'dashboards', icon: 'chart', roles: ADMINS },
];

/** The sections `user` may open, in navigation order. */
export function sectionsFor(user) {
  return SECTIONS.filter((section) => !section.roles || hasAnyRole(user, section.roles));
}

export function findSection(id) {
  return SECTIONS.find((section) => section.id === id) || null;
}

/** The page of a section that opens in a later release. */
export function renderSection(section) {
  const key = `section.${section.id}`;
  return h('div', { class: 'page page--section' },
    h('nav', { class: 'breadcrumb', 'aria-label': t('breadcrumb.label') },
      h('ol', null,
        h('li', null, h('a', { href: '#/home' }, t('nav.home'))),
        h('li', { 'aria-current': 'page' }, t(`${key}.title`)))),
    h('header', { class: 'page-header' },
      h('span', { class: 'page-header__icon' }, icon(section.icon)),
      h('div', null,
        h('h1', { tabindex: '-1', 'data-focus-heading': '' }, t(`${key}.title`)),
        h('p', { class: 'lead' }, t(`${key}.summary`)))),
    h('div', { class: 'notice' },
      icon('clock', 'icon notice__icon'),
      h('div', null,
        h('p', { class: 'notice__title' }, t('section.upcoming.title')),
        h('p', null, t('section.upcoming.text')))),
    h('section', { class: 'panel', 'aria-labelledby': 'section-offer' },
      h('h2', { id: 'section-offer' }, t('section.offer.heading')),
      h('ul', { class: 'checklist' },
        [1, 2, 3].map((n) => h('li', null, icon('check', 'icon checklist__icon'), h('span', null, t(`${key}.point${n}`)))))),
    h('p', null,
      h('a', { class: 'button button--secondary', href: '#/home' }, icon('arrowLeft'), h('span', null, t('section.back')))));
}
