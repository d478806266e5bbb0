// The learning section's routes, for app.js: which screen each hash opens, its title key and the navigation
// entry it marks. Every official may open them (the server answers only with the caller's own learning).
//   #/learning (my learning)  #/learning/{contentId} (the player)  #/learning/certificates  #/learning/hours

import { hasAnyRole } from './session.js';
import { renderCertificates } from './learncertificates.js';
import { renderHours } from './learnhours.js';
import { renderMyLearning } from './learnmine.js';
import { renderPlayer } from './learnplayer.js';

const NUMERIC = /^[1-9]\d{0,17}$/;

// [rest of the path after "learning" (":name" a number), roles needed (null: anyone), title key, screen,
// nav entry]. Screens add their line here.
const ROUTES = [
  [['certificates'], null, 'cert.title', renderCertificates, 'learning'],
  [['hours'], null, 'hours.title', renderHours, 'learning'],
  [[], null, 'learn.mine.title', renderMyLearning, 'learning'],
  [[':contentId'], null, 'learn.player.title', renderPlayer, 'learning'],
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

/** [title key, content, navigation entry] for a learning route, or null when the route is not one. */
export function learnScreen(route, ctx) {
  if (route.id !== 'learning') return null;
  const rest = route.parts.slice(1);
  for (const [pattern, roles, titleKey, render, nav] of ROUTES) {
    const params = match(pattern, rest);
    if (!params || (roles && !hasAnyRole(ctx.user, roles))) continue;
    return [titleKey, render({ ...ctx, ...params }), nav];
  }
  return null;
}
