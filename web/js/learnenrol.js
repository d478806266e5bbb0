// Enrolment on a course's page (#/contents/{id}) and in a player opened before enrolling: "Enrol" when the
// official is not enrolled (or left), "Continue learning" with the progress when enrolled, "Completed" with
// the way back in and to the certificate when done. POST /contents/{id}/enrolment enrols (again, after
// leaving). The course page finds the enrolment with the list filtered to that content
// (GET /me/enrolments?status=all&content_id=), whose empty page means "not enrolled", rather than asking
// GET /me/enrolments/{id}, whose 404 would be an error answer on every course page a learner merely browses;
// the player asks for the one enrolment (it needs the outline).

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { alertBox, setAlert, busy } from './ui.js';
import { learnStyles, enrolStatusTag, progressBar, learnTitle } from './learnshared.js';

const memory = new Map(); // "visit:content" -> the enrolment (null: not enrolled), so a re-render asks no again


/** The enrolment (without its outline) of the signed-in official in `contentId`, or null: the list filtered
 * to that content answers an empty page rather than an error when they are not enrolled. */
export async function findEnrolment(contentId) {
  const page = await api('GET', `/me/enrolments?status=all&content_id=${encodeURIComponent(contentId)}`);
  return page.items[0] || null;
}

/** The enrolment with its outline of the signed-in official in `contentId`, or null when not enrolled. */
export async function myEnrolment(contentId) {
  try {
    return await api('GET', `/me/enrolments/${contentId}`);
  } catch (error) {
    if (error.status === 404 && error.code === 'not_enrolled') return null;
    throw error;
  }
}

function actions(content, e, enrol) {
  const id = content.id;
  if (!e || e.status === 'left') {
    return [
      h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': `enrol-${id}`, onclick: enrol },
        icon('plus'), h('span', null, t(e ? 'learn.enrol.again' : 'learn.enrol'))),
      e ? h('p', { class: 'lenrol__note' }, t('learn.enrol.left_before')) : null,
    ];
  }
  if (e.status === 'completed') {
    return [
      h('p', { class: 'lenrol__state' }, enrolStatusTag('completed')),
      h('a', { class: 'button button--secondary', href: `#/learning/${id}` }, icon('book'), h('span', null, t('learn.enrol.review'))),
      h('a', { class: 'button button--secondary', href: '#/learning/certificates' }, icon('file'), h('span', null, t('learn.cert.view'))),
    ];
  }
  return [
    h('a', { class: 'button button--primary', href: `#/learning/${id}`, 'data-focus-key': `continue-${id}` },
      icon('play'), h('span', null, t('learn.continue_learning'))),
    progressBar(e.progress, t('learn.progress.of', { title: learnTitle(e) })),
  ];
}

/**
 * The enrol box for `content` ({id} at least). options.onEnrolled(enrolment) runs after enrolling (the
 * player loads itself again); otherwise the box turns into "Continue learning".
 */
export function enrolPanel(ctx, content, options = {}) {
  learnStyles();
  const key = `${ctx.visit}:${content.id}`;
  const box = h('div', { class: 'lenrol', 'aria-live': 'polite' });
  const alert = alertBox(null);
  const said = h('p', { class: 'lenrol__said', role: 'status' });
  const body = h('div', { class: 'lenrol__body' });
  box.append(alert, body, said);

  const draw = (e) => replace(body, actions(content, e, enrol));

  async function enrol(event) {
    setAlert(alert, null);
    try {
      const e = await busy(event.currentTarget, t('learn.enrol.busy'), () => api('POST', `/contents/${content.id}/enrolment`));
      memory.set(key, e);
      said.textContent = t('learn.enrol.done');
      if (options.onEnrolled) {
        options.onEnrolled(e);
        return;
      }
      draw(e);
      body.querySelector('a.button--primary')?.focus();
    } catch (error) {
      setAlert(alert, error);
    }
  }

  if (memory.has(key)) {
    draw(memory.get(key));
  } else {
    body.append(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading')));
    findEnrolment(content.id).then((e) => {
      memory.set(key, e);
      draw(e);
    }, (error) => {
      body.replaceChildren();
      setAlert(alert, error);
    });
  }
  return box;
}
