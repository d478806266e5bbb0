// Home: a personal welcome (name, organisation, roles), what their capacity-building plans ask of them
// ("My plan", cbphome.js) and My iGOT
// (continue learning, recommendations with reasons, curated programmes: cbpigot.js), the sections this person will use, and what Mission Karmayogi is for.

import { h } from './dom.js';
import { t, has, localName, locale } from './i18n.js';
import { icon } from './icons.js';
import { sectionsFor } from './sections.js';
import { myPlanSection } from './cbphome.js';
import { myIgotSections } from './cbpigot.js';

function roleLabel(role) {
  const key = `role.${role}`;
  return has(key) ? t(key) : role;
}

function roleChips(user) {
  const roles = user.roles || [];
  // The learner role first: everyone has it, the others say what is particular about this person.
  const ordered = [...roles].sort((a, b) => (a.role === 'learner' ? -1 : b.role === 'learner' ? 1 : 0));
  return h('ul', { class: 'chips', 'aria-labelledby': 'home-roles' },
    ordered.map((r) => h('li', { class: r.role === 'learner' ? 'chip' : 'chip chip--accent' },
      h('span', null, roleLabel(r.role)),
      r.org_code ? h('span', { class: 'chip__scope' }, r.org_code) : null)));
}

function welcome(user) {
  const today = new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date());
  return h('section', { class: 'welcome', 'aria-labelledby': 'home-title' },
    h('div', { class: 'welcome__text' },
      h('p', { class: 'eyebrow' }, today),
      h('h1', { id: 'home-title', tabindex: '-1', 'data-focus-heading': '' }, t('home.greeting', { name: localName(user) })),
      h('p', { class: 'lead' }, t('home.lead'))),
    h('dl', { class: 'profile' },
      h('div', { class: 'profile__item' },
        h('dt', null, icon('building', 'icon icon--small'), h('span', null, t('home.org'))),
        h('dd', { 'data-test': 'org' }, localName(user.org),
          user.org && user.org.code ? h('span', { class: 'code' }, user.org.code) : null)),
      h('div', { class: 'profile__item' },
        h('dt', null, icon('mail', 'icon icon--small'), h('span', null, t('home.email'))),
        h('dd', null, user.email)),
      h('div', { class: 'profile__item profile__item--wide' },
        h('dt', { id: 'home-roles' }, t('home.roles')),
        h('dd', null, roleChips(user)))));
}

function sectionCard(section) {
  const key = `section.${section.id}`;
  return h('li', { class: 'card' },
    h('span', { class: 'card__icon' }, icon(section.icon)),
    h('h3', { class: 'card__title' },
      h('a', { class: 'card__link', href: `#/${section.id}` }, t(`${key}.title`))),
    h('p', { class: 'card__text' }, t(`${key}.summary`)),
    section.live
      ? h('p', { class: 'card__status card__status--live' }, icon('check', 'icon icon--small'), h('span', null, t('section.live')))
      : h('p', { class: 'card__status' }, icon('clock', 'icon icon--small'), h('span', null, t('section.upcoming.title'))));
}

function sections(user) {
  return h('section', { class: 'block', 'aria-labelledby': 'home-sections' },
    h('div', { class: 'block__header' },
      h('h2', { id: 'home-sections' }, t('home.sections')),
      h('p', { class: 'muted' }, t('home.sections.lead'))),
    h('ul', { class: 'cards' }, sectionsFor(user).map(sectionCard)));
}

function pillars() {
  return h('section', { class: 'block about', 'aria-labelledby': 'home-about' },
    h('div', { class: 'about__text' },
      h('h2', { id: 'home-about' }, t('about.title')),
      h('p', null, t('about.text'))),
    h('ol', { class: 'pillars' },
      [1, 2, 3, 4, 5, 6].map((n) => h('li', { class: 'pillars__item' },
        h('span', { class: 'pillars__number', 'aria-hidden': 'true' }, new Intl.NumberFormat(locale()).format(n)),
        h('span', null, t(`about.pillar${n}`))))));
}

/** The home page for `user`. */
export function renderHome({ user, visit }) {
  return h('div', { class: 'page page--home' }, welcome(user), myPlanSection({ user, visit }), myIgotSections({ user, visit }), sections(user), pillars());
}
