// The course player (#/learning/{contentId}[?r={resourceId}]): the enrolled version's outline on the side
// (modules; resources with their kind, a tick when done, whether required) and the current resource in the
// main pane (learnviewers.js), with previous / next. It opens where the learner stopped (resume_resource_id;
// a video at its saved position) unless ?r= names a resource; moving on keeps ?r= in the address without a
// new visit. Progress goes through learnprogress.js; the server's answer updates the bars, and when it says
// the course is completed a banner offers the certificate. A quiz resource shows its assessment's rules and
// the way into the quiz player (assessstart.js); passing it is what marks it done. A programme lists its
// courses, each a link to its own player. Someone not enrolled is offered to enrol.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, heading, formatNumber, screenMemory, loadedPage, alertBox, setAlert } from './ui.js';
import { contentTitle, durationText, kindWord, resourceWord, resourceIcon } from './catalogshared.js';
import { learnStyles, learnTitle, providerName, enrolStatusTag, progressBar } from './learnshared.js';
import { enrolPanel, myEnrolment } from './learnenrol.js';
import { onProgressSaved } from './learnprogress.js';
import { viewerFor } from './learnviewers.js';
import { assessmentBox } from './assessstart.js';

const remember = screenMemory(() => ({ e: null, content: null, current: null }));
let mounted = null; // the player on screen: { contentId, teardown(), saved(enrolments, error) }

function unmount() {
  if (mounted) mounted.teardown();
  mounted = null;
}
window.addEventListener('hashchange', unmount);
onProgressSaved((enrolments, error) => { if (mounted) mounted.saved(enrolments, error); });

const flatten = (e) => (e.outline || []).flatMap((m) => (m.resources || []).map((r) => Object.assign(r, { module: m })));
const percentOf = (r) => (r.progress && r.progress.percent) || 0;

function mark(r) {
  const p = percentOf(r);
  if (p >= 100) return h('span', { class: 'lout__mark lout__mark--done' }, icon('check', 'icon icon--small'), h('span', { class: 'visually-hidden' }, t('learn.player.done')));
  if (p > 0) return h('span', { class: 'lout__mark' }, t('learn.percent', { percent: formatNumber(p) }));
  return h('span', { class: 'lout__mark' });
}

function outlineNav(e, currentId, open, marks) {
  return h('nav', { class: 'lout', 'aria-label': t('learn.player.outline') },
    h('h2', { class: 'lout__head' }, t('learn.player.outline')),
    h('ol', { class: 'lout__modules' }, (e.outline || []).map((m, i) => h('li', { class: 'lout__module' },
      h('h3', { class: 'lout__mtitle' }, h('span', { class: 'lout__n' }, formatNumber(i + 1)), h('span', null, learnTitle(m))),
      h('ol', { class: 'lout__list' }, (m.resources || []).map((r) => {
        const m1 = mark(r);
        marks.set(r.id, m1);
        return h('li', null, h('button', {
          type: 'button', class: 'lout__item', 'aria-current': r.id === currentId ? 'step' : null, 'data-focus-key': `res-${r.id}`,
          onclick: () => open(r),
        }, h('span', { class: 'lout__icon' }, resourceIcon(r.kind, 'icon icon--small')),
        h('span', { class: 'lout__main' }, h('span', { class: 'lout__title' }, learnTitle(r)),
          h('span', { class: 'lout__meta' }, [resourceWord(r.kind), durationText(r.duration_minutes),
            r.required ? t('learn.player.required') : t('learn.player.optional')].filter(Boolean).join(' · '))),
        m1));
      }))))));
}

function banner(e) {
  return h('div', { class: 'lbanner', role: 'status', tabindex: '-1', 'data-banner': '' },
    icon('check', 'icon lbanner__icon'),
    h('div', null,
      h('p', { class: 'lbanner__title' }, t('learn.player.completed_title')),
      h('p', null, t('learn.player.completed_text', { title: learnTitle(e) })),
      h('p', { class: 'toolbar toolbar--tight' },
        h('a', { class: 'button button--primary button--small', href: '#/learning/certificates' }, icon('file', 'icon icon--small'), h('span', null, t('learn.cert.view'))),
        h('a', { class: 'button button--secondary button--small', href: '#/learning?tab=completed' }, h('span', null, t('learn.player.back_mine'))))));
}

function coursesPanel(e) {
  return h('section', { class: 'panel lcourses', 'aria-labelledby': 'player-courses' },
    h('h2', { id: 'player-courses' }, t('learn.player.courses')),
    h('ol', { class: 'lcards' }, e.courses.map((c) => h('li', { class: 'lcard' },
      h('div', { class: 'lcard__main' },
        h('h3', { class: 'lcard__title' }, h('a', { href: `#/learning/${c.content_id}` }, learnTitle(c))),
        h('p', { class: 'lcard__meta' }, c.status ? enrolStatusTag(c.status) : h('span', { class: 'muted' }, t('learn.player.not_enrolled_short'))),
        progressBar(c.progress, t('learn.progress.of', { title: learnTitle(c) })))))));
}

function playerView(ctx, st) {
  const e = st.e;
  const flat = flatten(e);
  const title = learnTitle(e);
  const current = flat.find((r) => r.id === st.current) || flat[0] || null;
  const marks = new Map();
  const bar = h('div', { class: 'lplayer__bar' }, progressBar(e.progress, t('learn.progress.of', { title })));
  const stateTag = h('span', null, enrolStatusTag(e.status));
  const bannerHolder = h('div', null, e.status === 'completed' ? banner(e) : null);
  const saveAlert = alertBox(null);
  const saveNote = h('p', { class: 'lpane__saved muted', role: 'status' });

  const open = (r) => {
    if (!r || (current && r.id === current.id)) return;
    unmount();
    st.current = r.id;
    history.replaceState(null, '', `#/learning/${e.content_id}?r=${r.id}`);
    st.redraw('[data-focus-key="player-res-title"]');
  };

  const report = (r) => () => {
    marks.get(r.id)?.replaceWith(marks.set(r.id, mark(r)).get(r.id));
  };

  let viewer = null;
  let pane = h('p', { class: 'muted' }, t('learn.player.empty'));
  if (current) {
    viewer = current.kind === 'quiz'
      ? assessmentBox({ ctx, code: current.assessment_ref, back: `learning/${e.content_id}?r=${current.id}` })
      : viewerFor(e, current, report(current));
    const i = flat.indexOf(current);
    const prev = flat[i - 1];
    const next = flat[i + 1];
    pane = h('section', { class: 'lpane', 'aria-labelledby': 'player-res-title' },
      h('p', { class: 'lpane__where' }, t('learn.player.where', { module: learnTitle(current.module), n: formatNumber(i + 1), total: formatNumber(flat.length) })),
      h('h2', { id: 'player-res-title', tabindex: '-1', 'data-focus-key': 'player-res-title' }, learnTitle(current)),
      h('p', { class: 'lpane__meta' }, resourceIcon(current.kind, 'icon icon--small'),
        h('span', null, [resourceWord(current.kind), durationText(current.duration_minutes),
          current.required ? t('learn.player.required') : t('learn.player.optional')].filter(Boolean).join(' · '))),
      saveAlert,
      viewer.element,
      saveNote,
      h('div', { class: 'lpane__nav' },
        h('button', { type: 'button', class: 'button button--secondary', disabled: !prev, 'data-focus-key': 'player-prev',
          onclick: () => open(prev) }, icon('arrowLeft'), h('span', null, t('learn.player.prev'))),
        h('button', { type: 'button', class: 'button button--secondary', disabled: !next, 'data-focus-key': 'player-next',
          onclick: () => open(next) }, h('span', null, t('learn.player.next')), icon('arrowRight'))));
  }

  unmount();
  mounted = {
    teardown: () => { if (viewer) viewer.teardown(); },
    saved: (enrolments, error) => {
      if (error) {
        if (error.status && error.status < 500 && error.status !== 429) setAlert(saveAlert, error);
        else saveNote.textContent = t('learn.player.save_later');
        return;
      }
      setAlert(saveAlert, null);
      saveNote.textContent = t('learn.player.saved');
      const mine = enrolments.find((x) => x.content_id === e.content_id);
      if (!mine) return;
      const was = e.status;
      Object.assign(e, { status: mine.status, progress: mine.progress, completed_at: mine.completed_at, certificate_code: mine.certificate_code });
      replace(bar, progressBar(e.progress, t('learn.progress.of', { title })));
      replace(stateTag, enrolStatusTag(e.status));
      if (e.status === 'completed' && was !== 'completed') {
        replace(bannerHolder, banner(e));
        bannerHolder.scrollIntoView?.({ block: 'nearest' });
      }
    },
  };

  return h('div', { class: 'page page--wide page--player' },
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/learning', label: t('learn.mine.title') }, { label: title }]),
    h('header', { class: 'lplayer__head' },
      h('p', { class: 'lplayer__kind' }, h('span', { class: 'tag tag--plain' }, kindWord(e.kind)),
        e.provider ? h('span', null, icon('building', 'icon icon--small'), h('span', null, providerName(e.provider))) : null, stateTag),
      heading(title),
      bar,
      h('p', { class: 'lplayer__links' }, h('a', { href: `#/contents/${e.content_id}` }, t('learn.course.page')))),
    bannerHolder,
    (e.courses || []).length ? coursesPanel(e) : null,
    flat.length || !(e.courses || []).length
      ? h('div', { class: 'lplayer' }, flat.length ? outlineNav(e, current && current.id, open, marks) : null, pane)
      : null);
}

function notEnrolledView(ctx, st) {
  const c = st.content;
  const title = contentTitle(c);
  return h('div', { class: 'page' },
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/learning', label: t('learn.mine.title') }, { label: title }]),
    heading(title),
    h('p', { class: 'lead' }, t('learn.player.not_enrolled')),
    enrolPanel(ctx, c, { onEnrolled: () => st.reload('[data-focus-heading]') }));
}

/** The player screen. */
export function renderPlayer(ctx) {
  learnStyles();
  const st = remember(`${ctx.visit}:${ctx.contentId}`);
  return loadedPage({
    state: st,
    title: t('learn.player.title'),
    load: async () => {
      st.e = await myEnrolment(ctx.contentId);
      st.content = null;
      if (!st.e || st.e.status === 'left') {
        st.content = await api('GET', `/contents/${ctx.contentId}`);
        st.e = null;
        return;
      }
      const asked = Number(ctx.route.query.get('r'));
      const ids = flatten(st.e).map((r) => r.id);
      if (st.current === null || !ids.includes(st.current)) {
        st.current = ids.includes(asked) ? asked : st.e.resume_resource_id;
      }
    },
    draw: () => (st.e ? playerView(ctx, st) : notEnrolledView(ctx, st)),
  });
}
