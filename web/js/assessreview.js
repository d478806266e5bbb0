// The review of a submitted attempt (#/attempts/{id}/review), when the assessment allows it: every question with
// the learner's answer, the right options or accepted answers, the points it earned and the explanation
// (GET /attempts/{id}/review; the server refuses it before submission).

import { h } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, heading, formatNumber, screenMemory, loadedPage } from './ui.js';
import { qText, explanationText, titleText, points, outcomeTag, backPath, kindWord } from './assessshared.js';

const remember = screenMemory(() => ({ review: null }));

const chosenIds = (q) => {
  const a = q.answer || q.your_answer || {};
  return new Set(a.option_ids || (q.options || []).filter((o) => o.chosen).map((o) => o.id));
};

// Points a question earned: `score` in points, or score_x100 in hundredths.
function earned(q) {
  if (typeof q.score === 'number') return q.score;
  if (typeof q.score_x100 === 'number') return q.score_x100 / 100;
  return 0;
}

function optionLine(o, chosen) {
  const correct = Boolean(o.correct);
  const marks = [
    chosen ? h('span', { class: 'tag tag--plain' }, t('assess.review.yours')) : null,
    correct ? h('span', { class: 'tag tag--ok' }, icon('check', 'icon icon--tiny'), h('span', null, t('assess.review.correct'))) : null,
  ];
  return h('li', { class: `ar-opt${correct ? ' ar-opt--correct' : ''}${chosen && !correct ? ' ar-opt--wrong' : ''}` },
    h('span', { class: 'ar-opt__text' }, qText(o)), ' ', marks);
}

function questionItem(q, i) {
  const got = earned(q);
  const full = got >= (q.points || 1);
  const none = got <= 0;
  let body;
  if (q.kind === 'fill_blank') {
    const typed = (q.answer && q.answer.text) || (q.your_answer && q.your_answer.text) || '';
    const accepted = q.accepted_answers || q.answers || [];
    body = h('dl', { class: 'facts' },
      h('div', { class: 'facts__item' }, h('dt', null, t('assess.review.your_answer')),
        h('dd', null, typed ? typed : h('span', { class: 'muted' }, t('assess.review.no_answer')))),
      h('div', { class: 'facts__item' }, h('dt', null, t('assess.review.accepted')), h('dd', null, accepted.join(' · '))));
  } else {
    const chosen = chosenIds(q);
    body = h('div', null,
      chosen.size ? null : h('p', { class: 'muted' }, t('assess.review.no_answer')),
      h('ul', { class: 'ar-opts' }, (q.options || []).map((o) => optionLine(o, chosen.has(o.id)))));
  }
  const expl = explanationText(q);
  return h('li', { class: `ar-q ar-q--${full ? 'right' : (none ? 'wrong' : 'part')}` },
    h('h2', { class: 'ar-q__head' }, h('span', { class: 'ar-q__n' }, formatNumber(i + 1)), h('span', null, qText(q))),
    h('p', { class: 'ar-q__meta' }, kindWord(q.kind), ' · ',
      t('assess.review.earned', { got: points(got), max: points(q.points || 1) })),
    body,
    expl ? h('div', { class: 'ar-q__expl' }, h('p', { class: 'ar-q__expl-title' }, icon('info', 'icon icon--small'), h('span', null, t('assess.review.why'))),
      h('p', null, expl)) : null);
}

/** The review of attempt `attemptId`. */
export function renderAttemptReview(ctx) {
  const st = remember(`${ctx.visit}:${ctx.attemptId}`);
  return loadedPage({
    state: st,
    title: t('assess.review.title'),
    load: async () => {
      st.review = await api('GET', `/attempts/${ctx.attemptId}/review`);
    },
    draw: () => {
      const r = st.review;
      const a = r.attempt || r;
      const result = a.result || r.result || {};
      const title = titleText(a);
      const questions = r.questions || r.items || [];
      return h('div', { class: 'page page--wide aq-page' },
        breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: `#/attempts/${ctx.attemptId}`, label: title },
          { label: t('assess.review.title') }]),
        heading(t('assess.review.heading', { title })),
        h('p', { class: 'aq-result__outcome' }, outcomeTag(result.passed), ' ',
          h('span', null, t('assess.percent', { percent: formatNumber(result.percent || 0) })), ' · ',
          h('span', null, t('assess.result.score', { score: points(result.score), max: points(result.max_score) }))),
        h('ol', { class: 'ar-list' }, questions.map(questionItem)),
        h('p', { class: 'toolbar toolbar--tight' },
          h('a', { class: 'button button--secondary', href: `#/attempts/${ctx.attemptId}` }, icon('arrowLeft'), h('span', null, t('assess.review.back'))),
          h('a', { class: 'button button--secondary', href: `#/${backPath({ id: ctx.attemptId, content_id: a.content_id })}` },
            h('span', null, t('assess.back')))));
    },
  });
}
