// The quiz player (#/attempts/{id}): one question at a time with a navigator of all of them (answered, not
// answered, current; buttons in the tab order, arrow keys move along), a visible countdown from the server's
// remaining_s (urgent in the last minute; at zero it loads the attempt again, which the server has submitted as
// it stood), and a saved-answer indicator: every choice is saved as it is made ("Saving…", "Saved", "Not saved —
// retry", retried by itself when the connection comes back), typed answers a moment after typing stops.
// Submitting asks first; a submitted attempt shows its result (score, pass or fail, attempts left) with the way
// to the review (assessreview.js), another attempt, and back to where it was started. The server decides
// everything; the page only shows it.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, heading, formatNumber, alertBox, setAlert, busy, screenMemory, loadedPage } from './ui.js';
import { qText, titleText, purposeWord, points, clockText, outcomeTag, backPath, rememberBack } from './assessshared.js';

const TYPE_DELAY_MS = 800;
const URGENT_S = 60;
const remember = screenMemory(() => ({ attempt: null, current: 0, endAt: null }));

let mounted = null; // the player on screen: { teardown() }
function unmount() {
  if (mounted) mounted.teardown();
  mounted = null;
}
window.addEventListener('hashchange', unmount);

const isAnswered = (q) => Boolean(q.answer && ((q.answer.option_ids && q.answer.option_ids.length) || (q.answer.text && q.answer.text.trim())));
const answeredCount = (a) => a.questions.filter(isAnswered).length;

// ---- The result of a submitted attempt

function resultView(ctx, st) {
  const a = st.attempt;
  const r = a.result || {};
  const back = backPath(a);
  const alert = alertBox(null);
  const left = r.attempts_left;
  // A passed final or proficiency assessment has done its work; a practice quiz or a pre/post-test may be taken again.
  const done = r.passed && (a.purpose === 'final' || a.purpose === 'proficiency');
  const canRetry = !done && (left === null || left === undefined || left > 0);
  const again = canRetry ? h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'aq-again' },
    icon('play'), h('span', null, t('assess.start_again'))) : null;
  if (again) {
    again.addEventListener('click', async () => {
      setAlert(alert, null);
      try {
        const next = await busy(again, t('assess.starting'), () => api('POST', `/assessments/${a.content_id}/attempts`));
        rememberBack(next.id, back);
        ctx.go(`attempts/${next.id}`);
      } catch (error) {
        setAlert(alert, error);
      }
    });
  }
  let leftText = t('assess.result.unlimited');
  if (left !== null && left !== undefined) leftText = left === 1 ? t('assess.result.left_one') : t('assess.result.left', { n: formatNumber(left) });
  return h('section', { class: `aq-result aq-result--${r.passed ? 'pass' : 'fail'}`, 'aria-labelledby': 'aq-result-title' },
    h('h2', { id: 'aq-result-title', tabindex: '-1', 'data-focus-key': 'aq-result' }, t('assess.result.title')),
    h('p', { class: 'aq-result__outcome' }, outcomeTag(r.passed)),
    h('p', { class: 'aq-result__score' },
      h('span', { class: 'aq-result__percent' }, t('assess.percent', { percent: formatNumber(r.percent || 0) })),
      h('span', null, t('assess.result.score', { score: points(r.score), max: points(r.max_score) }))),
    r.auto_submitted ? h('p', { class: 'notice notice--tight' }, icon('clock', 'icon notice__icon'), h('span', null, t('assess.result.auto'))) : null,
    h('p', null, r.passed ? t('assess.result.pass_text') : t('assess.result.fail_text')),
    h('p', { class: 'aq-result__left' }, leftText),
    alert,
    h('p', { class: 'toolbar toolbar--tight' },
      r.review_allowed ? h('a', { class: 'button button--primary', href: `#/attempts/${a.id}/review` }, icon('book'), h('span', null, t('assess.review.open'))) : null,
      again,
      h('a', { class: 'button button--secondary', href: `#/${back}` }, icon('arrowLeft'), h('span', null, t('assess.back')))));
}

// ---- One question

function choiceInput(q, o, multiple, onPick) {
  const id = `aq-${q.id}-${o.id}`;
  const chosen = Boolean(q.answer && (q.answer.option_ids || []).includes(o.id));
  return h('li', { class: 'aq-choice' },
    h('input', { type: multiple ? 'checkbox' : 'radio', class: 'aq-choice__input', id, name: `aq-${q.id}`, value: String(o.id),
      checked: chosen, 'data-focus-key': id, onchange: onPick }),
    h('label', { class: 'aq-choice__label', for: id }, qText(o)));
}

function questionPane(a, q, i, { pick, type, blurText }) {
  const legend = h('legend', { class: 'aq-q__text', id: 'aq-q-text' }, qText(q));
  let body;
  if (q.kind === 'fill_blank') {
    const id = `aq-${q.id}-text`;
    body = h('div', { class: 'field' },
      h('label', { class: 'field__label', for: id }, t('assess.play.your_answer')),
      h('input', { id, type: 'text', class: 'field__input aq-fill', autocomplete: 'off', spellcheck: 'false', 'data-focus-key': id,
        value: (q.answer && q.answer.text) || '', oninput: (e) => type(q, e.target.value), onchange: () => blurText() }));
  } else {
    const multiple = q.kind === 'multiple';
    const list = h('ul', { class: 'aq-choices' });
    const onPick = () => {
      const ids = [...list.querySelectorAll('input:checked')].map((x) => Number(x.value));
      pick(q, ids);
    };
    list.append(...(q.options || []).map((o) => choiceInput(q, o, multiple, onPick)));
    body = h('div', null, multiple ? h('p', { class: 'field__hint' }, t('assess.play.multiple_hint')) : null, list);
  }
  return h('fieldset', { class: 'aq-q', 'aria-describedby': 'aq-q-meta' },
    legend,
    h('p', { class: 'aq-q__meta', id: 'aq-q-meta' },
      t('assess.play.meta', { n: formatNumber(i + 1), total: formatNumber(a.questions.length),
        points: t(q.points === 1 ? 'assess.points_one' : 'assess.points', { n: formatNumber(q.points || 1) }) })),
    body);
}

// ---- The navigator

function navigator(a, current, open) {
  const buttons = a.questions.map((q, i) => {
    const answered = isAnswered(q);
    const label = t(answered ? 'assess.nav.answered' : 'assess.nav.unanswered', { n: formatNumber(i + 1) });
    return h('li', null, h('button', {
      type: 'button', class: `aq-nav__q${answered ? ' aq-nav__q--answered' : ''}${i === current ? ' aq-nav__q--current' : ''}`,
      'aria-current': i === current ? 'step' : null, 'aria-label': label, title: label, 'data-focus-key': `aq-nav-${i}`,
      'data-nav': String(i), onclick: () => open(i, `[data-focus-key="aq-nav-${i}"]`),
    }, formatNumber(i + 1)));
  });
  const list = h('ol', { class: 'aq-nav__list' }, buttons);
  list.addEventListener('keydown', (e) => {
    const at = Number(document.activeElement && document.activeElement.getAttribute('data-nav'));
    if (Number.isNaN(at)) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    let to = null;
    if (step) to = Math.min(a.questions.length - 1, Math.max(0, at + step));
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = a.questions.length - 1;
    if (to === null) return;
    e.preventDefault();
    list.querySelector(`[data-nav="${to}"]`)?.focus();
  });
  return h('nav', { class: 'aq-nav', 'aria-label': t('assess.nav.label') },
    h('h2', { class: 'aq-nav__title' }, t('assess.nav.label')),
    list,
    h('p', { class: 'aq-nav__legend' },
      h('span', { class: 'aq-nav__key aq-nav__key--answered', 'aria-hidden': 'true' }), h('span', null, t('assess.nav.key_answered')),
      h('span', { class: 'aq-nav__key', 'aria-hidden': 'true' }), h('span', null, t('assess.nav.key_unanswered')),
      h('span', { class: 'aq-nav__key aq-nav__key--current', 'aria-hidden': 'true' }), h('span', null, t('assess.nav.key_current'))));
}

// ---- Saving answers as they are given

function saver(a, { onState, onSaved, onClosed, onInvalid }) {
  const pending = new Map(); // question id -> the answer to send
  let inflight = null;
  let timer = null;
  let failed = false;
  let closed = false;

  const bodyOf = (entries) => ({ answers: entries.map(([qid, ans]) => ({ question_id: qid, ...ans })) });

  async function flush() {
    clearTimeout(timer);
    timer = null;
    if (closed) return;
    if (inflight) { await inflight; return flush(); }
    if (!pending.size) return;
    if (navigator.onLine === false) { // no request that cannot arrive: it waits for the 'online' event
      failed = true;
      onState('failed');
      return;
    }
    const batch = [...pending.entries()];
    pending.clear();
    onState('saving');
    inflight = (async () => {
      try {
        const answer = await api('PUT', `/attempts/${a.id}/answers`, bodyOf(batch));
        failed = false;
        onSaved(answer);
        if (!pending.size) onState('saved');
      } catch (error) {
        if (error.status === 409) {
          closed = true;
          onClosed(error);
          return;
        }
        for (const [qid, ans] of batch) if (!pending.has(qid)) pending.set(qid, ans);
        failed = true;
        onState('failed');
        if (error.status === 422) onInvalid(error);
      }
    })();
    await inflight;
    inflight = null;
    if (pending.size && !failed) await flush();
  }

  return {
    now(qid, ans) { pending.set(qid, ans); onState('saving'); flush(); },
    later(qid, ans) {
      pending.set(qid, ans);
      onState('saving');
      clearTimeout(timer);
      timer = setTimeout(flush, TYPE_DELAY_MS);
    },
    flush,
    retry() { failed = false; return flush(); },
    leave() {
      if (closed || !pending.size) return;
      api('PUT', `/attempts/${a.id}/answers`, bodyOf([...pending.entries()]), { keepalive: true }).catch(() => {});
      pending.clear();
    },
    stop() { closed = true; clearTimeout(timer); },
  };
}

// ---- The countdown

function countdown(st, el, { onTick, onZero }) {
  let done = false;
  const left = () => Math.max(0, Math.ceil((st.endAt - performance.now()) / 1000));
  const tick = () => {
    if (done) return;
    const n = left();
    el.textContent = clockText(n);
    onTick(n);
    if (n <= 0) {
      done = true;
      clearInterval(id);
      onZero();
    }
  };
  el.textContent = clockText(left());
  const id = setInterval(tick, 250);
  setTimeout(tick, 0);
  return {
    stop() { done = true; clearInterval(id); },
    sync(remaining) { if (typeof remaining === 'number' && !done) st.endAt = performance.now() + remaining * 1000; },
  };
}

// ---- The player

function playerView(ctx, st) {
  const a = st.attempt;
  const title = titleText(a);
  const crumbs = breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/learning', label: t('learn.mine.title') }, { label: title }]);
  const head = h('header', { class: 'aq-head' },
    h('p', { class: 'aq-head__kind' }, h('span', { class: 'tag tag--plain' }, purposeWord(a.purpose)),
      h('span', null, t('assess.attempt_n', { n: formatNumber(a.number || 1) }))),
    heading(title));
  unmount();
  if (a.status !== 'in_progress') {
    return h('div', { class: 'page page--wide aq-page' }, crumbs, head, resultView(ctx, st));
  }

  const alert = alertBox(null);
  const savedNote = h('span', { class: 'aq-saved__text' });
  const retry = h('button', { type: 'button', class: 'button button--secondary button--small', hidden: true },
    icon('arrowUp', 'icon icon--small'), h('span', null, t('assess.save.retry')));
  const saved = h('p', { class: 'aq-saved', role: 'status', 'aria-live': 'polite' }, savedNote, retry);
  const count = h('p', { class: 'aq-count' });
  const clock = h('span', { class: 'aq-timer__clock' });
  const timerAnnounce = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const timerBox = st.endAt === null ? null
    : h('p', { class: 'aq-timer', role: 'timer', 'aria-labelledby': 'aq-timer-label' },
      icon('clock', 'icon icon--small'), h('span', { id: 'aq-timer-label', class: 'aq-timer__label' }, t('assess.timer.label')), ' ', clock, timerAnnounce);
  const paneHolder = h('div', { class: 'aq-pane' });
  const navHolder = h('div');
  const submit = h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': 'aq-submit' }, icon('send'),
    h('span', null, t('assess.submit')));

  const setCount = () => {
    count.textContent = t('assess.play.answered', { n: formatNumber(answeredCount(a)), total: formatNumber(a.questions.length) });
  };
  let state = 'idle';
  const setState = (s) => {
    state = s;
    saved.className = `aq-saved aq-saved--${s}`;
    retry.hidden = s !== 'failed';
    savedNote.textContent = { idle: t('assess.save.idle'), saving: t('assess.save.saving'), saved: t('assess.save.saved'),
      failed: t('assess.save.failed') }[s];
  };

  let ended = false;
  let timer = { stop() {}, sync() {} };
  // The server has closed the attempt (time up, or submitted elsewhere): load it again to show the result.
  const reloadClosed = async (tries = 0) => {
    if (ended && tries === 0) return;
    ended = true;
    stopAll();
    replace(paneHolder, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('assess.timer.up')));
    try {
      const again = await api('GET', `/attempts/${a.id}`);
      if (again.status === 'in_progress' && tries < 5) {
        setTimeout(() => reloadClosed(tries + 1), 1000);
        return;
      }
      st.attempt = again;
      st.redraw('[data-focus-key="aq-result"]');
    } catch (error) {
      setAlert(alert, error);
    }
  };

  const save = saver(a, {
    onState: setState,
    onSaved: (answer) => { if (answer && typeof answer.remaining_s === 'number') timer.sync(answer.remaining_s); },
    onClosed: () => reloadClosed(),
    onInvalid: (error) => setAlert(alert, error),
  });
  retry.addEventListener('click', () => save.retry());

  const open = (i, focus) => {
    st.current = Math.max(0, Math.min(a.questions.length - 1, i));
    drawQuestion(focus || '#aq-q-text');
  };
  const pick = (q, ids) => {
    q.answer = { option_ids: ids };
    save.now(q.id, { option_ids: ids });
    setCount();
    replace(navHolder, navigator(a, st.current, open));
  };
  const type = (q, text) => {
    const was = isAnswered(q);
    q.answer = { text };
    save.later(q.id, { text });
    if (was !== isAnswered(q)) { setCount(); replace(navHolder, navigator(a, st.current, open)); }
  };

  function drawQuestion(focus) {
    const i = st.current;
    const q = a.questions[i];
    const prev = h('button', { type: 'button', class: 'button button--secondary', disabled: i === 0, 'data-focus-key': 'aq-prev',
      onclick: () => open(i - 1, '[data-focus-key="aq-prev"]:not([disabled]), #aq-q-text') }, icon('arrowLeft'), h('span', null, t('assess.play.prev')));
    const next = h('button', { type: 'button', class: 'button button--secondary', disabled: i === a.questions.length - 1, 'data-focus-key': 'aq-next',
      onclick: () => open(i + 1, '[data-focus-key="aq-next"]:not([disabled]), #aq-q-text') }, h('span', null, t('assess.play.next')), icon('arrowRight'));
    replace(paneHolder, questionPane(a, q, i, { pick, type, blurText: () => save.flush() }),
      h('div', { class: 'aq-pane__nav' }, prev, next));
    replace(navHolder, navigator(a, i, open));
    if (focus) {
      const target = document.querySelector(focus);
      if (target) {
        if (target.id === 'aq-q-text') target.setAttribute('tabindex', '-1');
        target.focus();
      }
    }
  }

  // Submitting: unsaved answers go first, then a question asks to be sure.
  const dialogText = h('p', { id: 'aq-confirm-text' });
  const confirmButton = h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': 'aq-confirm' }, icon('send'),
    h('span', null, t('assess.confirm.yes')));
  const cancelButton = h('button', { type: 'button', class: 'button button--secondary' }, t('assess.confirm.no'));
  const dialog = h('dialog', { class: 'aq-dialog', 'aria-labelledby': 'aq-confirm-title', 'aria-describedby': 'aq-confirm-text' },
    h('h2', { id: 'aq-confirm-title' }, t('assess.confirm.title')),
    dialogText,
    h('p', { class: 'muted' }, t('assess.confirm.note')),
    h('div', { class: 'form__actions' }, confirmButton, cancelButton));
  cancelButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { if (!ended) submit.focus(); });
  submit.addEventListener('click', async () => {
    setAlert(alert, null);
    await save.flush();
    if (ended) return;
    const n = answeredCount(a);
    const total = a.questions.length;
    dialogText.textContent = n === total ? t('assess.confirm.all', { total: formatNumber(total) })
      : t('assess.confirm.some', { n: formatNumber(n), total: formatNumber(total), missing: formatNumber(total - n) });
    dialog.showModal();
    cancelButton.focus();
  });
  confirmButton.addEventListener('click', async () => {
    try {
      const done = await busy(confirmButton, t('assess.sending'), async () => {
        await save.flush();
        return api('POST', `/attempts/${a.id}/submit`);
      });
      ended = true;
      stopAll();
      dialog.close();
      st.attempt = done;
      st.redraw('[data-focus-key="aq-result"]');
    } catch (error) {
      dialog.close();
      if (error.status === 409) reloadClosed();
      else setAlert(alert, error);
    }
  });

  let announced = false;
  timer = timerBox ? countdown(st, clock, {
    onTick: (left) => {
      timerBox.classList.toggle('aq-timer--urgent', left <= URGENT_S);
      if (left <= URGENT_S && left > 0 && !announced) {
        announced = true;
        timerAnnounce.textContent = t('assess.timer.last_minute');
      }
    },
    onZero: () => reloadClosed(),
  }) : { stop() {}, sync() {} };

  // Leaving the page (closing the tab, reloading): what is not yet saved goes with a request that outlives it.
  const onLeave = () => save.leave();
  const onOnline = () => save.retry(); // the connection is back: what was not saved goes now
  window.addEventListener('pagehide', onLeave);
  window.addEventListener('online', onOnline);
  function stopAll() {
    timer.stop();
    save.stop();
    window.removeEventListener('pagehide', onLeave);
    window.removeEventListener('online', onOnline);
  }
  mounted = { teardown: () => { save.flush(); stopAll(); } };

  setCount();
  setState(answeredCount(a) ? 'saved' : 'idle');
  drawQuestion(null);
  return h('div', { class: 'page page--wide aq-page' }, crumbs, head,
    h('div', { class: 'aq-bar' }, timerBox, count, saved, h('div', { class: 'aq-bar__end' }, submit)),
    alert,
    h('div', { class: 'aq-layout' }, navHolder, paneHolder),
    dialog);
}

/** The quiz player of attempt `attemptId`. */
export function renderAttempt(ctx) {
  const st = remember(`${ctx.visit}:${ctx.attemptId}`);
  return loadedPage({
    state: st,
    title: t('assess.play.title'),
    load: async () => {
      st.attempt = await api('GET', `/attempts/${ctx.attemptId}`);
      st.attempt.questions = st.attempt.questions || [];
      const r = st.attempt.remaining_s;
      st.endAt = st.attempt.status === 'in_progress' && typeof r === 'number' ? performance.now() + r * 1000 : null;
      const first = st.attempt.questions.findIndex((q) => !isAnswered(q));
      st.current = first < 0 ? 0 : first;
    },
    draw: () => playerView(ctx, st),
  });
}
