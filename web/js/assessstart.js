// Where a learner meets an assessment before taking it: a course's quiz resource in the player (learnplayer.js)
// and a standalone assessment's catalogue page (catalogcourse.js). It shows the rules of the published version
// (GET /assessments/by-code/{code}: questions, pass mark, time limit, attempts), what the learner has done so far
// (GET /assessments/{id}/attempts: attempts used and left, best score, each attempt with its result) and the
// button that starts an attempt, or resumes the open one (POST /assessments/{id}/attempts); the quiz player
// (assessplayer.js) opens next and comes back here when the learner is done.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { formatNumber, formatDateTime, facts, alertBox, setAlert, busy } from './ui.js';
import { purposeWord, outcomeTag, titleText, rememberBack } from './assessshared.js';

function rulesFacts(a, mine) {
  const left = mine ? mine.attempts_left : null;
  return facts([
    [t('assess.rules.purpose'), purposeWord(a.purpose)],
    [t('assess.rules.questions'), formatNumber(a.question_count || 0)],
    [t('assess.rules.pass'), t('assess.percent', { percent: formatNumber(a.pass_percent) })],
    [t('assess.rules.time'), a.time_limit_minutes ? t('assess.minutes', { n: formatNumber(a.time_limit_minutes) }) : t('assess.rules.no_time')],
    [t('assess.rules.attempts'), a.max_attempts ? formatNumber(a.max_attempts) : t('assess.rules.unlimited')],
    mine ? [t('assess.rules.used'), a.max_attempts
      ? t('assess.rules.used_of', { used: formatNumber(mine.attempts_used || 0), max: formatNumber(a.max_attempts), left: formatNumber(left ?? 0) })
      : formatNumber(mine.attempts_used || 0)] : null,
    mine && mine.attempts_used ? [t('assess.rules.best'), t('assess.percent', { percent: formatNumber(mine.best_percent || 0) })] : null,
  ], { class: 'facts facts--two aq-rules' });
}

function attemptItem(x) {
  const r = x.result;
  return h('li', { class: 'aq-hist__item' },
    h('a', { href: `#/attempts/${x.id}` }, t('assess.attempt_n', { n: formatNumber(x.number) })),
    ' ',
    r ? [h('span', null, t('assess.percent', { percent: formatNumber(r.percent) })), ' ', outcomeTag(r.passed)]
      : h('span', { class: 'tag tag--status tag--warn' }, t('assess.hist.open')),
    ' ',
    h('span', { class: 'muted' }, h('time', { datetime: x.started_at }, formatDateTime(r ? r.submitted_at : x.started_at))));
}

async function loadRules(code) {
  const a = await api('GET', `/assessments/by-code/${encodeURIComponent(code)}`);
  const mine = await api('GET', `/assessments/${a.content_id}/attempts`);
  return { a, mine };
}

/**
 * The rules-and-start box of the published assessment whose catalogue code is `code`. `back` is the route the
 * quiz player returns to ("learning/12?r=40"). Returns { element, teardown } like a player's viewer.
 */
export function assessmentBox({ ctx, code, back }) {
  const box = h('section', { class: 'aq-start', 'aria-labelledby': 'aq-start-title' });
  const alert = alertBox(null);

  const start = async (button, a) => {
    setAlert(alert, null);
    try {
      const attempt = await busy(button, t('assess.starting'), () => api('POST', `/assessments/${a.content_id}/attempts`));
      rememberBack(attempt.id, back);
      ctx.go(`attempts/${attempt.id}`);
    } catch (error) {
      setAlert(alert, error);
    }
  };

  const draw = ({ a, mine }) => {
    const items = (mine && mine.items) || [];
    const open = items.find((x) => x.status === 'in_progress');
    const left = mine ? mine.attempts_left : null;
    const none = !open && left !== null && left !== undefined && left <= 0;
    // A passed final or proficiency assessment has done its work; a practice quiz may be taken again.
    const done = !open && mine && mine.passed && (a.purpose === 'final' || a.purpose === 'proficiency');
    const button = none || done ? null : h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': 'aq-start' },
      icon('play'), h('span', null, t(open ? 'assess.resume' : (items.length ? 'assess.start_again' : 'assess.start'))));
    if (button) button.addEventListener('click', () => start(button, a));
    replace(box,
      h('h3', { id: 'aq-start-title', class: 'aq-start__title' }, titleText(a)),
      mine && mine.passed ? h('p', { class: 'aq-start__passed' }, icon('check', 'icon icon--small'), h('span', null, t('assess.passed_already'))) : null,
      rulesFacts(a, mine),
      a.time_limit_minutes ? h('p', { class: 'muted' }, icon('clock', 'icon icon--small'), ' ', t('assess.rules.timer_note')) : null,
      alert,
      none && !done ? h('p', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'), h('span', null, t('assess.no_attempts_left'))) : null,
      button ? h('p', null, button) : null,
      items.length ? h('div', { class: 'aq-hist' },
        h('h4', { class: 'aq-hist__title' }, t('assess.hist.title')),
        h('ol', { class: 'aq-hist__list', reversed: true }, items.map(attemptItem))) : null);
  };

  replace(box, h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
  loadRules(code).then(draw, (error) => {
    replace(box, error.status === 404
      ? h('p', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'), h('span', null, t('assess.not_ready')))
      : alertBox(error));
  });
  return { element: box, teardown: () => {} };
}
