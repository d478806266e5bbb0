// The competency framework's routes, for app.js: which screen each hash opens, its title key and the
// navigation entry it marks. Pages the server would refuse (an administrator's page for a learner) are not
// offered at all, as elsewhere in the shell.
//   #/competencies  #/competencies/{id}[?version=N]  #/competencies/proposals
//   #/roles  #/roles/{id}  #/orgs/{id}/positions  #/orgs/{id}/gaps  #/positions/{id}  #/positions/{id}/candidates
//   #/passport  #/gaps  #/posts-i-fit  #/team  #/officials/{id}/passport  #/officials/{id}/gaps

import { renderDictionary } from './fracdict.js';
import { renderCompetency } from './fraccompetency.js';
import { renderProposals } from './fracproposals.js';
import { renderRoles, renderRole } from './fracroles.js';
import { renderPositions } from './fracpositions.js';
import { renderPosition } from './fracposition.js';
import { renderPassport } from './fracpassport.js';
import { renderTeam } from './fracteam.js';
import { renderGaps } from './fracgaps.js';
import { renderHeatmap } from './fracheatmap.js';
import { renderCandidates, renderPostsIFit } from './fracmatch.js';
import { isAdmin } from './fracshared.js';

const NUMERIC = /^[1-9]\d{0,17}$/;

// [first segment, rest of the path as a pattern (":id" a number), admins only, title key, screen, nav entry]
const ROUTES = [
  ['competencies', [], false, 'section.competencies.title', renderDictionary, 'competencies'],
  ['competencies', ['proposals'], true, 'frac.proposals.title', renderProposals, 'competencies'],
  ['competencies', [':competencyId'], false, 'section.competencies.title', renderCompetency, 'competencies'],
  ['roles', [], false, 'frac.roles.title', renderRoles, 'roles'],
  ['roles', [':roleId'], false, 'frac.roles.title', renderRole, 'roles'],
  ['orgs', [':orgId', 'positions'], true, 'frac.positions.title', renderPositions, 'orgs'],
  ['orgs', [':orgId', 'gaps'], true, 'frac.heat.title', renderHeatmap, 'orgs'],
  ['positions', [':positionId'], false, 'frac.position.page', renderPosition, (ctx) => (isAdmin(ctx.user) ? 'orgs' : 'competencies')],
  ['positions', [':positionId', 'candidates'], true, 'frac.cand.title', renderCandidates, 'orgs'],
  ['passport', [], false, 'frac.passport.mine', (ctx) => renderPassport({ ...ctx, self: true }), 'competencies'],
  ['gaps', [], false, 'frac.gaps.mine', (ctx) => renderGaps({ ...ctx, self: true }), 'competencies'],
  ['posts-i-fit', [], false, 'frac.fit.title', renderPostsIFit, 'competencies'],
  ['team', [], false, 'frac.team.title', renderTeam, 'competencies'],
  ['officials', [':officialId', 'passport'], false, 'frac.passport.title', renderPassport, 'competencies'],
  ['officials', [':officialId', 'gaps'], false, 'frac.gaps.title', renderGaps, 'competencies'],
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

/** [title key, content, navigation entry] for a competency route, or null when the route is not one. */
export function fracScreen(route, ctx) {
  const rest = route.parts.slice(1);
  for (const [id, pattern, adminOnly, titleKey, render, nav] of ROUTES) {
    if (id !== route.id) continue;
    const params = match(pattern, rest);
    if (!params || (adminOnly && !isAdmin(ctx.user))) continue;
    return [titleKey, render({ ...ctx, ...params }), typeof nav === 'function' ? nav(ctx) : nav];
  }
  return null;
}
