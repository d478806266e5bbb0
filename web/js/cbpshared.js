// Pieces the plan screens share: who may plan, a plan's title, year and status in words, an item's audience
// in words, and the completion bar (SVG) the compliance dashboard draws for each item and organisation.

import { h, s } from './dom.js';
import { t, localName } from './i18n.js';
import { hasAnyRole } from './session.js';
import { formatDate, formatNumber } from './ui.js';

/** Who reads plans (the server decides for which organisation) and who changes them. */
export const PLAN_READERS = ['cbp_admin', 'mdo_admin', 'spv_admin'];
export const PLAN_MAKERS = ['cbp_admin', 'spv_admin'];
export const isPlanner = (user) => hasAnyRole(user, PLAN_MAKERS);

const STATUS_MODS = { draft: 'muted', approved: 'warn', published: 'ok', superseded: 'muted' };

export function planStatusTag(status) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_MODS, status);
  return h('span', { class: `tag tag--status tag--${known ? STATUS_MODS[status] : 'muted'}`, 'data-plan-status': status },
    t(`cbp.status.${known ? status : 'draft'}`));
}

export const planTitle = (plan) => localName({ name: plan.title, name_hi: plan.title_hi });

/** "2026–27" for the financial year starting in 2026. */
export function yearText(year) {
  return `${year}–${String((year + 1) % 100).padStart(2, '0')}`;
}

export function rangeText(plan) {
  return t('cbp.range', { from: formatDate(plan.starts_on), to: formatDate(plan.ends_on) });
}

/** The financial year today falls in (April to March). */
export function currentFinancialYear(now = new Date()) {
  return now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
}

export function mandatoryTag(mandatory) {
  return h('span', { class: `tag ${mandatory ? 'tag--warn' : 'tag--plain'}` }, t(mandatory ? 'cbp.mandatory' : 'cbp.recommended'));
}

/** One audience rule in words: "Designations: SO, ASO · Group B · in RB and below". orgNames: id -> name. */
export function ruleText(rule, orgNames = {}) {
  const parts = [];
  if (rule.org_id) {
    const name = orgNames[rule.org_id] || `#${rule.org_id}`;
    parts.push(t(rule.include_suborgs === false ? 'cbp.rule.org_only' : 'cbp.rule.org_below', { org: name }));
  }
  if (rule.designations?.length) parts.push(t('cbp.rule.designations', { list: rule.designations.join(', ') }));
  if (rule.groups?.length) parts.push(t('cbp.rule.groups', { list: rule.groups.join(', ') }));
  if (rule.roles?.length) parts.push(t('cbp.rule.roles', { list: rule.roles.join(', ') }));
  if (rule.position_ids?.length) parts.push(t('cbp.rule.positions', { count: formatNumber(rule.position_ids.length) }));
  if (rule.official_ids?.length) parts.push(t('cbp.rule.officials', { count: formatNumber(rule.official_ids.length) }));
  return parts.length ? parts.join(' · ') : t('cbp.rule.everyone');
}

export const COUNTS = ['assigned', 'enrolled', 'in_progress', 'completed', 'overdue'];

/**
 * The completion bar: of those assigned, completed (green), in progress, enrolled but not begun, and not
 * enrolled yet, each drawn to scale, with the percent completed beside it. The numbers are in its label.
 */
export function completionBar(c, label) {
  const total = Math.max(c.assigned, 1);
  const inProgress = Math.min(c.in_progress, c.assigned);
  const completed = Math.min(c.completed, c.assigned);
  const enrolledOnly = Math.max(0, Math.min(c.enrolled, c.assigned) - inProgress - completed);
  const notEnrolled = Math.max(0, c.assigned - completed - inProgress - enrolledOnly);
  const parts = [['completed', completed], ['in_progress', inProgress], ['enrolled', enrolledOnly], ['assigned', notEnrolled]];
  let x = 0;
  const rects = [];
  for (const [kind, n] of parts) {
    if (!n) continue;
    const w = (n / total) * 100;
    rects.push(s('rect', { class: `cbp-bar__${kind}`, x: x.toFixed(3), y: 0, width: w.toFixed(3), height: 10 }));
    x += w;
  }
  const words = t('cbp.bar.label', { title: label, completed: formatNumber(c.completed), assigned: formatNumber(c.assigned),
    percent: formatNumber(c.completion_percent ?? 0), in_progress: formatNumber(c.in_progress), overdue: formatNumber(c.overdue) });
  return h('div', { class: 'cbp-bar' },
    s('svg', { class: 'cbp-bar__svg', viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img', 'aria-label': words },
      s('rect', { class: 'cbp-bar__track', x: 0, y: 0, width: 100, height: 10 }), rects),
    h('span', { class: 'cbp-bar__percent', 'aria-hidden': 'true' }, t('cbp.percent', { percent: formatNumber(c.completion_percent ?? 0) })));
}

/** The legend of the completion bar's colours. */
export function barLegend() {
  return h('ul', { class: 'cbp-legend', 'aria-label': t('cbp.bar.legend') },
    ['completed', 'in_progress', 'enrolled', 'assigned'].map((kind) => h('li', null,
      h('span', { class: `cbp-swatch cbp-bar__${kind}`, 'aria-hidden': 'true' }), t(`cbp.legend.${kind}`))));
}

const PROBLEMS = ['plan_exists', 'plan_not_draft', 'plan_empty', 'wrong_status', 'revision_open', 'plan_not_published',
  'item_exists', 'audience_out_of_scope'];

/** What to show for an error of the plan API: our words for its conflicts (in the language shown), else the error. */
export function problemText(error) {
  return error && PROBLEMS.includes(error.code) ? t(`cbp.problem.${error.code}`) : error;
}
