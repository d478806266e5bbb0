// The catalogue's routes, for app.js: which screen each hash opens, its title key and the navigation entry
// it marks. Authoring and review pages are offered only to people with a content role (the server checks
// the provider).
//   #/catalogue[?q=&kind=&...]  #/contents/{id}  #/contents/{id}/edit  #/contents/{id}/review
//   #/providers/{id}/workspace  #/review  #/rating-reports (moderators)
//   assessments: #/providers/{id}/question-banks  #/question-banks/{id}[/new]  #/questions/{id} (authoring);
//   #/attempts/{id}[/review] (the quiz player and its review, for any official: the server shows only one's own)

import { hasAnyRole } from './session.js';
import { renderCatalogue } from './catalogsearch.js';
import { renderCourse } from './catalogcourse.js';
import { renderWorkspace } from './catalogworkspace.js';
import { renderEditor } from './catalogedit.js';
import { renderQueue, renderReview } from './catalogreview.js';
import { CONTENT_ROLES, REVIEW_ROLES } from './catalogshared.js';
import { renderRatingReports } from './catalogratingreports.js';
import { renderBanks } from './assessbanks.js';
import { renderBank } from './assessbank.js';
import { renderQuestion } from './assessquestion.js';
import { renderAttempt } from './assessplayer.js';
import { renderAttemptReview } from './assessreview.js';

const NUMERIC = /^[1-9]\d{0,17}$/;

// [first segment, rest of the path (":name" a number), roles needed (null: anyone), title key, screen, nav entry]
const ROUTES = [
  ['catalogue', [], null, 'section.catalogue.title', renderCatalogue, 'catalogue'],
  ['contents', [':contentId'], null, 'cat.course.title', renderCourse, 'catalogue'],
  ['contents', [':contentId', 'edit'], ['content_creator'], 'cat.edit.title', renderEditor, 'workspace'],
  ['contents', [':contentId', 'review'], CONTENT_ROLES, 'cat.review.title', renderReview, 'review'],
  ['providers', [':providerId', 'workspace'], CONTENT_ROLES, 'cat.ws.title', renderWorkspace, 'workspace'],
  ['review', [], REVIEW_ROLES, 'cat.queue.title', renderQueue, 'review'],
  ['rating-reports', [], ['spv_admin', 'content_reviewer'], 'cat.rating.mod.title', renderRatingReports, 'review'],
  ['providers', [':providerId', 'question-banks'], CONTENT_ROLES, 'assess.banks.title', renderBanks, 'workspace'],
  ['question-banks', [':bankId'], CONTENT_ROLES, 'assess.bank.page', renderBank, 'workspace'],
  ['question-banks', [':bankId', 'new'], ['content_creator'], 'assess.q.new_title', renderQuestion, 'workspace'],
  ['questions', [':questionId'], CONTENT_ROLES, 'assess.q.title', renderQuestion, 'workspace'],
  ['attempts', [':attemptId'], null, 'assess.play.title', renderAttempt, 'learning'],
  ['attempts', [':attemptId', 'review'], null, 'assess.review.title', renderAttemptReview, 'learning'],
];

function match(pattern, rest) {
  if (pattern.length !== rest.length) return null;
  const params = {};
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i].startsWith(':')) {
      if (!NUMERIC.test(rest[i])) return null;
      params[pattern[i].slice(1)] = Number(rest[i]);
    } else if (pattern[i] !== rest[i]) {
      return null;
    }
  }
  return params;
}

/** [title key, content, navigation entry] for a catalogue route, or null when the route is not one. */
export function catalogScreen(route, ctx) {
  const rest = route.parts.slice(1);
  for (const [id, pattern, roles, titleKey, render, nav] of ROUTES) {
    if (id !== route.id) continue;
    const params = match(pattern, rest);
    if (!params || (roles && !hasAnyRole(ctx.user, roles))) continue;
    return [titleKey, render({ ...ctx, ...params }), nav];
  }
  return null;
}
