// The plans section's routes, for app.js: which screen each hash opens, its title key and the navigation
// entry it marks. Offered to CBP, MDO and platform admins (the server answers only for organisations they
// may see; only CBP and platform admins are offered the changes).
//   #/plans[?org=ID]  #/plans/{id}  #/plans/{id}/compliance[?item=ID[&org=ID][&status=S]]

import { hasAnyRole } from './session.js';
import { PLAN_READERS } from './cbpshared.js';
import { renderPlans } from './cbpplans.js';
import { renderPlan } from './cbpplan.js';
import { renderCompliance } from './cbpcompliance.js';

const NUMERIC = /^[1-9]\d{0,17}$/;

// [rest of the path after "plans" (":name" a number), title key, screen]
const ROUTES = [
  [[], 'cbp.plans.title', renderPlans],
  [[':planId'], 'cbp.plan.title', renderPlan],
  [[':planId', 'compliance'], 'cbp.comp.title', renderCompliance],
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

/** [title key, content, navigation entry] for a plans route, or null when the route is not one. */
export function cbpScreen(route, ctx) {
  if (route.id !== 'plans' || !hasAnyRole(ctx.user, PLAN_READERS)) return null;
  const rest = route.parts.slice(1);
  for (const [pattern, titleKey, render] of ROUTES) {
    const params = match(pattern, rest);
    if (params) return [titleKey, render({ ...ctx, ...params }), 'plans'];
  }
  return null;
}
