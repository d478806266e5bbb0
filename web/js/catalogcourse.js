// A course's page (#/contents/{id}): its published version as a learner finds it in the catalogue: title,
// description, provider, duration, languages, target groups and designations, the competencies it builds
// with their levels, and its outline (modules and their resources). A provider's people reading content not
// yet published see its latest version, marked as such, with the way to its editor or review. A published
// standalone assessment offers its rules and the way to take it (assessstart.js) instead of enrolment.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, formatNumber, formatDate, facts, heading, screenMemory, loadedPage } from './ui.js';
import {
  contentTitle, contentDescription, durationText, kindWord, resourceWord, resourceIcon, groupWord, languageTags,
  competencyList, contentStatusTag, isReviewer, orgsWithRole, REVIEW_ROLES,
} from './catalogshared.js';
import { thumbnailImage } from './catalogthumb.js';
import { ratingsPanel } from './catalogratings.js';
import { enrolPanel } from './learnenrol.js';
import { assessmentBox } from './assessstart.js';

const remember = screenMemory(() => ({ content: null }));

async function loadPublished(id) {
  const c = await api('GET', `/contents/${id}`);
  if (c.published_version && c.version !== c.published_version && c.status !== 'published') {
    try {
      return await api('GET', `/contents/${id}?version=${c.published_version}`);
    } catch (_) {
      return c;
    }
  }
  return c;
}

function resourceItem(r) {
  return h('li', { class: 'outline__res' },
    h('span', { class: `outline__icon outline__icon--${r.kind}` }, resourceIcon(r.kind)),
    h('span', { class: 'outline__main' },
      h('span', { class: 'outline__title' }, contentTitle(r)),
      h('span', { class: 'outline__meta' }, [resourceWord(r.kind), durationText(r.duration_minutes),
        r.required === false ? t('cat.res.optional') : null].filter(Boolean).join(' · '))));
}

/** The outline of a course: numbered modules, each with its resources. */
export function outlineView(modules) {
  if (!modules || !modules.length) return h('p', { class: 'muted' }, t('cat.outline.empty'));
  return h('ol', { class: 'outline' }, modules.map((m, i) => h('li', { class: 'outline__module' },
    h('h3', { class: 'outline__head' }, h('span', { class: 'outline__n' }, formatNumber(i + 1)), h('span', null, contentTitle(m))),
    h('p', { class: 'outline__count' }, t((m.resources || []).length === 1 ? 'cat.outline.res_one' : 'cat.outline.res',
      { count: formatNumber((m.resources || []).length) })),
    h('ul', { class: 'outline__list' }, (m.resources || []).map(resourceItem)))));
}

/** A programme's courses in order, each a link to its page. */
function programmeView(items) {
  return h('ol', { class: 'outline' }, items.map((item, i) => h('li', { class: 'outline__module' },
    h('p', { class: 'outline__head' }, h('span', { class: 'outline__n' }, formatNumber(i + 1)),
      h('a', { href: `#/contents/${item.course.id}` }, contentTitle(item.course))))));
}

/** A blended programme's plan of offline sessions. */
function sessionsView(sessions) {
  return h('ul', { class: 'outline__list outline__list--flat' }, sessions.map((sn) => h('li', { class: 'outline__res' },
    h('span', { class: 'outline__icon' }, icon('users')),
    h('span', { class: 'outline__main' }, h('span', { class: 'outline__title' }, contentTitle(sn)),
      h('span', { class: 'outline__meta' }, [t(`cat.session.${['classroom', 'field', 'virtual'].includes(sn.mode) ? sn.mode : 'classroom'}`),
        durationText(sn.duration_minutes)].filter(Boolean).join(' · '))))));
}

/** Who a curated programme is made for. */
function audienceText(c) {
  const a = c.audience;
  if (!a) return '';
  const words = localName({ name: a.text, name_hi: a.text_hi });
  return [a.org ? localName(a.org) : null, words || null].filter(Boolean).join(' · ');
}

function sideFacts(c) {
  return facts([
    [t('cat.field.provider'), c.provider ? localName(c.provider) : ''],
    [t('cat.field.kind'), kindWord(c.kind)],
    [t('cat.field.duration'), durationText(c.duration_minutes)],
    [t('cat.field.languages'), (c.languages || []).length ? h('span', { class: 'tags' }, languageTags(c.languages)) : ''],
    [t('cat.field.groups'), (c.target_groups || []).map(groupWord).join(', ')],
    [t('cat.field.designations'), (c.designations || []).map(localName).join(', ')],
    c.audience && audienceText(c) ? [t('cat.field.audience'), audienceText(c)] : null,
    [t('cat.field.version'), formatNumber(c.version || 1)],
    c.published_at ? [t('cat.field.published_at'), h('time', { datetime: c.published_at }, formatDate(c.published_at))] : null,
  ]);
}

/** The course page. */
export function renderCourse(ctx) {
  const st = remember(`${ctx.visit}:${ctx.contentId}`);
  return loadedPage({
    state: st,
    title: t('cat.course.title'),
    load: async () => { st.content = await loadPublished(ctx.contentId); },
    draw: () => {
      const c = st.content;
      const title = contentTitle(c);
      const desc = contentDescription(c);
      const unpublished = c.status !== 'published';
      // Only the provider's own people are offered its editor and review (a platform reviewer reaches an
      // unpublished version only because the server let them read it).
      const onProvider = (roles) => Boolean(c.provider) && orgsWithRole(ctx.user, roles).some((o) => o.id === c.provider.id);
      const actions = [
        onProvider(['content_creator']) && c.status !== 'retired' ? h('a', { class: 'button button--secondary', href: `#/contents/${c.id}/edit` },
          icon('edit'), h('span', null, t('cat.course.edit'))) : null,
        isReviewer(ctx.user) && (unpublished || onProvider(REVIEW_ROLES)) ? h('a', { class: 'button button--secondary', href: `#/contents/${c.id}/review` },
          icon('inbox'), h('span', null, t('cat.course.review'))) : null,
      ].filter(Boolean);
      return h('div', { class: 'page page--course' },
        breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/catalogue', label: t('section.catalogue.title') },
          { label: title }]),
        h('header', { class: 'course-hero' },
          thumbnailImage(c, 'thumb thumb--hero'),
          h('p', { class: 'course-hero__kind' }, h('span', { class: 'tag tag--plain' }, kindWord(c.kind)),
            c.provider ? h('span', { class: 'course-hero__provider' }, icon('building', 'icon icon--small'), h('span', null, localName(c.provider))) : null),
          heading(title),
          desc ? h('p', { class: 'lead course-hero__lead' }, desc) : null,
          h('p', { class: 'course-hero__meta' },
            c.duration_minutes ? h('span', { class: 'course-hero__item' }, icon('clock', 'icon icon--small'), h('span', null, durationText(c.duration_minutes))) : null,
            h('span', { class: 'course-hero__item' }, languageTags(c.languages))),
          actions.length ? h('div', { class: 'toolbar toolbar--tight' }, actions) : null,
          c.published_version && c.kind !== 'assessment' ? enrolPanel(ctx, c) : null),
        unpublished ? h('div', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
          h('div', null, h('p', { class: 'notice__title' }, t('cat.course.unpublished')), h('p', null, contentStatusTag(c.status)))) : null,
        h('div', { class: 'split' },
          h('div', { class: 'split__main' },
            c.published_version && c.kind === 'assessment' ? h('section', { class: 'panel', 'aria-labelledby': 'course-take' },
              h('h2', { id: 'course-take' }, t('assess.take')),
              assessmentBox({ ctx, code: c.code, back: `contents/${c.id}` }).element) : null,
            (c.items || []).length ? h('section', { class: 'panel', 'aria-labelledby': 'course-items' },
              h('h2', { id: 'course-items' }, t('cat.programme.courses')),
              programmeView(c.items)) : null,
            (c.sessions || []).length ? h('section', { class: 'panel', 'aria-labelledby': 'course-sessions' },
              h('h2', { id: 'course-sessions' }, t('cat.programme.sessions')),
              sessionsView(c.sessions)) : null,
            ((c.items || []).length && !(c.modules || []).length) || c.kind === 'assessment' ? null : h('section', { class: 'panel', 'aria-labelledby': 'course-outline' },
              h('h2', { id: 'course-outline' }, t('cat.outline.title')),
              outlineView(c.modules)),
            c.published_version ? ratingsPanel(ctx, c) : null),
          h('div', { class: 'split__side' },
            h('section', { class: 'panel', 'aria-labelledby': 'course-comps' },
              h('h2', { id: 'course-comps' }, t('cat.comp.title')),
              competencyList(c.competencies)),
            h('section', { class: 'panel', 'aria-labelledby': 'course-facts' },
              h('h2', { id: 'course-facts' }, t('cat.course.about')),
              sideFacts(c)))));
    },
  });
}
