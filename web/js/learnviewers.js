// The player's main pane, one viewer per kind of resource, each reporting progress as the learner goes:
//   video  an HTML5 <video> of the stored file; percent = how far it was played without skipping ahead,
//          100 when played to the end; position (seconds, for resume) and time spent go at most every 10 s
//          while playing and at once on pause, end and leaving; it opens at the saved position.
//          A video given only by an external address is a link out (no third-party frames).
//   html   the page the server sanitised, in a sandboxed <iframe srcdoc> (no script, no same origin), and
//          "Mark as done"; it never enters this page's DOM.
//   pdf    the file in an <iframe>, with "Open in a new tab" and "Download", and "Mark as done".
//   link   opens in a new tab; opening it counts as done.
//   quiz   assessments come with a later release; it cannot be completed here.
// A viewer is { element, teardown() }: teardown sends what is not yet saved (the player calls it when the
// learner moves on). report(percent) tells the player of a resource's new percent at once.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { queueProgress, flush } from './learnprogress.js';
import { learnTitle } from './learnshared.js';

const SAVE_EVERY_MS = 10000;

function saveProgress(e, r, { percent, position = 0, spent = 0 }) {
  const before = r.progress || { percent: 0, position: 0, time_spent_s: 0 };
  const update = {
    content_id: e.content_id, resource_id: r.id, percent: Math.max(before.percent || 0, Math.round(percent)),
    position: Math.max(0, Math.floor(position)), time_spent_s: Math.max(before.time_spent_s || 0, Math.round(spent)),
  };
  r.progress = { ...before, percent: update.percent, position: update.position, time_spent_s: update.time_spent_s };
  queueProgress(update);
  return flush();
}

// Seconds the resource has been open while the page was visible, added to what the server had.
function stopwatch(r) {
  const base = (r.progress && r.progress.time_spent_s) || 0;
  let ms = 0;
  let since = document.visibilityState === 'visible' ? performance.now() : null;
  const onVisibility = () => {
    if (document.visibilityState === 'visible') since = performance.now();
    else if (since !== null) { ms += performance.now() - since; since = null; }
  };
  document.addEventListener('visibilitychange', onVisibility);
  return {
    seconds: () => base + (ms + (since === null ? 0 : performance.now() - since)) / 1000,
    stop: () => document.removeEventListener('visibilitychange', onVisibility),
  };
}

const isDone = (r) => Boolean(r.progress && r.progress.percent >= 100);

// "Mark as done" for pages and PDFs; once done it says so.
function doneControl(e, r, report, clock) {
  const holder = h('div', { class: 'lviewer__done' });
  const draw = () => {
    if (isDone(r)) {
      replace(holder, h('p', { class: 'lviewer__isdone' }, icon('check', 'icon icon--small'), h('span', null, t('learn.player.done'))));
      return;
    }
    const button = h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': 'player-done' },
      icon('check'), h('span', null, t('learn.player.mark_done')));
    button.addEventListener('click', () => {
      saveProgress(e, r, { percent: 100, spent: clock.seconds() });
      report(100);
      draw();
      holder.closest('.lpane')?.querySelector('[data-focus-key="player-next"]:not([disabled])')?.focus();
    });
    replace(holder, button);
  };
  draw();
  return holder;
}

// Sends the time spent on a page left unfinished, so the next session resumes there.
function pageTeardown(e, r, clock) {
  return () => {
    clock.stop();
    const spent = clock.seconds();
    if (!isDone(r) && spent - ((r.progress && r.progress.time_spent_s) || 0) >= 1) {
      saveProgress(e, r, { percent: (r.progress && r.progress.percent) || 0, spent });
    }
  };
}

function htmlViewer(e, r, report) {
  const clock = stopwatch(r);
  const frame = h('iframe', { class: 'lframe lframe--page', sandbox: '', srcdoc: r.html || '', title: learnTitle(r),
    referrerpolicy: 'no-referrer' });
  return { element: h('div', { class: 'lviewer' }, frame, doneControl(e, r, report, clock)), teardown: pageTeardown(e, r, clock) };
}

function pdfViewer(e, r, report) {
  const clock = stopwatch(r);
  const url = `/api/v1/files/${r.file_id}`;
  const element = h('div', { class: 'lviewer' },
    r.file_id ? h('iframe', { class: 'lframe lframe--pdf', src: url, title: learnTitle(r) }) : null,
    r.file_id ? h('p', { class: 'toolbar toolbar--tight' },
      h('a', { class: 'button button--secondary button--small', href: url, target: '_blank', rel: 'noopener' },
        icon('link', 'icon icon--small'), h('span', null, t('learn.player.pdf_open'))),
      h('a', { class: 'button button--secondary button--small', href: url, download: '' },
        icon('download', 'icon icon--small'), h('span', null, t('learn.player.pdf_download')))) : null,
    doneControl(e, r, report, clock));
  return { element, teardown: pageTeardown(e, r, clock) };
}

function linkViewer(e, r, report, kindText) {
  const clock = stopwatch(r);
  const said = h('p', { class: 'lviewer__isdone', role: 'status' });
  if (isDone(r)) said.append(icon('check', 'icon icon--small'), h('span', null, t('learn.player.done')));
  const a = h('a', { class: 'button button--primary', href: r.url || '#', target: '_blank', rel: 'noopener noreferrer',
    'data-focus-key': 'player-link' }, icon('link'), h('span', null, kindText || t('learn.player.link_open')),
  h('span', { class: 'visually-hidden' }, ` ${t('learn.player.new_tab')}`));
  a.addEventListener('click', () => {
    if (isDone(r)) return;
    saveProgress(e, r, { percent: 100, spent: clock.seconds() });
    report(100);
    replace(said, icon('check', 'icon icon--small'), h('span', null, t('learn.player.done')));
  });
  return {
    element: h('div', { class: 'lviewer lviewer--link' }, h('p', null, t('learn.player.link_lead')),
      h('p', { class: 'lviewer__url' }, r.url || ''), h('p', null, a), said),
    teardown: () => clock.stop(),
  };
}

function quizViewer() {
  return {
    element: h('div', { class: 'notice notice--tight' }, icon('clock', 'icon notice__icon'),
      h('div', null, h('p', { class: 'notice__title' }, t('learn.player.quiz_title')), h('p', null, t('learn.player.quiz_text')))),
    teardown: () => {},
  };
}

function videoViewer(e, r, report) {
  if (!r.file_id) return linkViewer(e, r, report, t('learn.player.video_open'));
  const p = r.progress || {};
  const video = h('video', { class: 'lvideo', controls: true, preload: 'metadata', playsinline: true,
    src: `/api/v1/files/${r.file_id}`, 'aria-label': learnTitle(r) });
  let percent = p.percent || 0;
  let furthest = p.position || 0; // seconds reached by playing, not by skipping ahead
  let spent = p.time_spent_s || 0;
  let lastTime = null;
  let lastWall = null;
  let lastSent = performance.now();
  let sent = { percent, position: p.position || 0, spent: Math.round(spent) };

  let gone = false;
  const save = () => {
    if (gone) return;
    const now = { percent, position: Math.floor(video.currentTime || 0), spent: Math.round(spent) };
    lastSent = performance.now();
    if (now.percent === sent.percent && now.position === sent.position && now.spent === sent.spent) return;
    sent = now;
    saveProgress(e, r, { percent: now.percent, position: now.position, spent: now.spent });
    report(now.percent);
  };
  const measure = () => {
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    percent = Math.max(percent, Math.min(99, Math.floor((furthest / d) * 100)));
  };

  video.addEventListener('loadedmetadata', () => {
    const d = video.duration;
    if (Number.isFinite(d)) furthest = Math.max(furthest, ((p.percent || 0) / 100) * d);
    if (p.position > 0 && percent < 100 && (!Number.isFinite(d) || p.position < d - 1)) video.currentTime = p.position;
  }, { once: true });
  video.addEventListener('play', () => { lastTime = video.currentTime; lastWall = performance.now(); });
  video.addEventListener('seeking', () => { lastTime = null; });
  video.addEventListener('seeked', () => { lastTime = video.currentTime; lastWall = performance.now(); });
  video.addEventListener('timeupdate', () => {
    if (gone) return;
    const t0 = performance.now();
    const at = video.currentTime;
    if (!video.paused && lastTime !== null) {
      const step = at - lastTime;
      if (step > 0 && step <= 2 && lastTime <= furthest + 1) furthest = Math.max(furthest, at);
      const wall = (t0 - lastWall) / 1000;
      if (wall > 0 && wall < 5) spent += wall;
    }
    lastTime = at;
    lastWall = t0;
    measure();
    if (t0 - lastSent >= SAVE_EVERY_MS) save();
  });
  video.addEventListener('pause', save);
  video.addEventListener('ended', () => {
    if (Number.isFinite(video.duration) && furthest >= video.duration - 2) percent = 100;
    save();
  });
  return {
    element: h('div', { class: 'lviewer' }, video,
      h('p', { class: 'muted lviewer__hint' }, t(isDone(r) ? 'learn.player.video_done' : 'learn.player.video_hint'))),
    teardown: () => {
      save();
      gone = true; // what the emptied element reports next is not the learner's
      video.pause();
      video.removeAttribute('src');
      video.load();
    },
  };
}

/** The viewer for resource `r` of enrolment `e`; report(percent) runs when its progress changes. */
export function viewerFor(e, r, report) {
  if (r.kind === 'video') return videoViewer(e, r, report);
  if (r.kind === 'html') return htmlViewer(e, r, report);
  if (r.kind === 'pdf') return pdfViewer(e, r, report);
  if (r.kind === 'link') return linkViewer(e, r, report);
  return quizViewer();
}
