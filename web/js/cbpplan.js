// One plan (#/plans/{id}): its year, revision and status; its items (content, due date, mandatory or
// recommended, audience and how many it resolved to) with add, edit and remove while it is a draft; the
// workflow buttons its status allows (approve, reopen, publish: which reports the assignments made; a new
// revision of a published plan; reminders sent now); and its trail (GET /cbp-plans/{id}/events).

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, alertBox, setAlert, successBox, setSuccess, busy, loadedPage, screenMemory, formatNumber,
  formatDate, formatDateTime } from './ui.js';
import { contentTitle } from './catalogshared.js';
import { isPlanner, planStatusTag, planTitle, yearText, rangeText, mandatoryTag, ruleText, problemText } from './cbpshared.js';
import { itemModel, itemEditor } from './cbpitem.js';

const remember = screenMemory(() => ({ plan: null, events: [], orgNames: {}, editing: null, comment: '', said: null }));

// The names of the rules' organisations in the language shown now.
const orgWords = (st) => Object.fromEntries(Object.entries(st.orgNames).map(([id, o]) => [id, localName(o)]));

async function loadOrgNames(st) {
  const ids = new Set();
  for (const item of st.plan.items) for (const r of item.audience || []) if (r.org_id && !st.orgNames[r.org_id]) ids.add(r.org_id);
  await Promise.all([...ids].map(async (id) => {
    try { st.orgNames[id] = await api('GET', `/orgs/${id}`); } catch (_) { /* shown by id */ }
  }));
}

function itemRow(ctx, st, item) {
  const planner = isPlanner(ctx.user) && st.plan.status === 'draft';
  const title = contentTitle(item.content);
  const alert = alertBox(null);
  const actions = planner ? h('div', { class: 'toolbar toolbar--tight' },
    h('button', { type: 'button', class: 'button button--secondary button--small', 'aria-label': t('cbp.item.edit.label', { title }),
      onclick: (e) => openEditor(ctx, st, item, e.currentTarget) }, icon('edit', 'icon icon--small'), h('span', null, t('cbp.edit'))),
    h('button', { type: 'button', class: 'button button--danger button--small', 'aria-label': t('cbp.item.remove.label', { title }),
      onclick: async (e) => {
        try {
          st.plan = await busy(e.currentTarget, t('cbp.sending'), () => api('DELETE', `/cbp-plans/${st.plan.id}/items/${item.id}`));
          st.said = t('cbp.item.removed', { title });
          await refreshTrail(st);
          st.redraw('[data-focus-heading]');
        } catch (error) {
          setAlert(alert, problemText(error));
        }
      } }, icon('x', 'icon icon--small'), h('span', null, t('cbp.remove')))) : null;
  return h('li', { class: 'cbp-item', 'data-item-id': String(item.id) },
    h('div', { class: 'cbp-item__main' },
      h('h3', { class: 'cbp-item__title' }, h('a', { href: `#/contents/${item.content.id}` }, title),
        h('span', { class: 'code code--plain' }, item.content.code)),
      h('p', { class: 'cbp-item__meta' },
        mandatoryTag(item.mandatory),
        h('span', null, icon('clock', 'icon icon--small'), h('span', null, t('cbp.due', { date: formatDate(item.due) }))),
        h('span', { 'data-test': 'audience-count' }, icon('users', 'icon icon--small'),
          h('span', null, t(item.audience_count === 1 ? 'cbp.item.audience_one' : 'cbp.item.audience', { count: formatNumber(item.audience_count) })))),
      h('ul', { class: 'cbp-item__rules', 'aria-label': t('cbp.item.rules', { title }) },
        (item.audience || []).map((r) => h('li', null, ruleText(r, orgWords(st))))),
      alert),
    actions);
}

async function openEditor(ctx, st, item, button) {
  try {
    st.editing = await (button ? busy(button, t('common.loading'), () => itemModel(item, st.plan)) : itemModel(item, st.plan));
  } catch (error) {
    st.error = null;
    st.said = null;
    setAlert(document.getElementById('cbp-plan-alert'), error);
    return;
  }
  st.redraw('#cbp-item-h');
}

async function refreshTrail(st) {
  try { st.events = (await api('GET', `/cbp-plans/${st.plan.id}/events`)).items; } catch (_) { /* the trail shows what it had */ }
}

function itemsSection(ctx, st) {
  const planner = isPlanner(ctx.user) && st.plan.status === 'draft';
  const items = st.plan.items || [];
  return h('section', { class: 'block', 'aria-labelledby': 'cbp-items-h' },
    h('div', { class: 'block__header' },
      h('h2', { id: 'cbp-items-h' }, t('cbp.items.title')),
      h('p', { class: 'muted' }, t('cbp.items.count', { count: formatNumber(st.plan.item_count), mandatory: formatNumber(st.plan.mandatory_count) }))),
    items.length ? h('ul', { class: 'cbp-items', 'aria-label': t('cbp.items.title') }, items.map((item) => itemRow(ctx, st, item)))
      : h('p', { class: 'empty' }, t('cbp.items.none')),
    st.editing ? itemEditor({ plan: st.plan, m: st.editing,
      onSaved: async (plan) => {
        st.plan = plan;
        st.said = t(st.editing.id ? 'cbp.item.saved' : 'cbp.item.added', { title: contentTitle(st.editing.content) });
        st.editing = null;
        await Promise.all([loadOrgNames(st), refreshTrail(st)]);
        st.redraw('[data-focus-heading]');
      },
      onCancel: () => { st.editing = null; st.redraw('[data-focus-heading]'); } })
      : planner ? h('p', null, h('button', { type: 'button', class: 'button button--primary', 'data-focus-key': 'cbp-add-item',
        onclick: (e) => openEditor(ctx, st, null, e.currentTarget) }, icon('plus'), h('span', null, t('cbp.item.new')))) : null,
    !planner && isPlanner(ctx.user) && st.plan.status === 'approved' ? h('p', { class: 'muted' }, t('cbp.items.reopen')) : null,
    !planner && isPlanner(ctx.user) && st.plan.status === 'published' ? h('p', { class: 'muted' }, t('cbp.items.revise')) : null);
}

// The buttons the plan's status allows, and the comment that goes on the trail with a step.
function workflow(ctx, st) {
  if (!isPlanner(ctx.user)) return null;
  const plan = st.plan;
  const alert = alertBox(null);
  const done = successBox({ 'data-test': 'workflow-done' });
  const step = (action, cls, iconName) => {
    const b = h('button', { type: 'button', class: `button ${cls}`, 'data-focus-key': `cbp-${action}` }, icon(iconName), h('span', null, t(`cbp.action.${action}`)));
    b.addEventListener('click', async () => {
      setAlert(alert, null);
      try {
        const answer = await busy(b, t('cbp.sending'), () => api('POST', `/cbp-plans/${plan.id}/transitions`,
          st.comment.trim() ? { action, comment: st.comment.trim() } : { action }));
        st.plan = { ...answer, items: answer.items || plan.items };
        st.comment = '';
        st.said = action === 'publish'
          ? t('cbp.published', { assigned: formatNumber(answer.assigned ?? 0), seconds: formatNumber(answer.assign_seconds ?? 0) })
          : t(`cbp.done.${action}`);
        await refreshTrail(st);
        st.redraw('[data-focus-heading]');
      } catch (error) {
        setAlert(alert, problemText(error));
      }
    });
    return b;
  };
  const buttons = [];
  if (plan.status === 'draft') buttons.push(step('approve', 'button--primary', 'check'));
  if (plan.status === 'approved') buttons.push(step('publish', 'button--primary', 'send'), step('reopen', 'button--secondary', 'edit'));
  if (plan.status === 'published') {
    const revise = h('button', { type: 'button', class: 'button button--secondary' }, icon('plus'), h('span', null, t('cbp.action.revise')));
    revise.addEventListener('click', async () => {
      setAlert(alert, null);
      try {
        const next = await busy(revise, t('cbp.sending'), () => api('POST', `/cbp-plans/${plan.id}/revisions`, {}));
        ctx.go(`plans/${next.id}`);
      } catch (error) {
        if (error.code === 'revision_open' && error.problem.plan_id) {
          setAlert(alert, problemText(error), h('a', { href: `#/plans/${error.problem.plan_id}` }, t('cbp.revision.open')));
        } else {
          setAlert(alert, problemText(error));
        }
      }
    });
    const remind = h('button', { type: 'button', class: 'button button--secondary' }, icon('mail'), h('span', null, t('cbp.action.remind')));
    remind.addEventListener('click', async () => {
      setAlert(alert, null);
      try {
        const r = await busy(remind, t('cbp.sending'), () => api('POST', `/cbp-plans/${plan.id}/reminders`, {}));
        setSuccess(done, h('p', null, t('cbp.reminded', { due_soon: formatNumber(r.due_soon), overdue: formatNumber(r.overdue) })));
      } catch (error) {
        setAlert(alert, problemText(error));
      }
    });
    buttons.push(revise, remind);
  }
  if (!buttons.length) return null;
  const comment = plan.status === 'published' ? null : h('div', { class: 'field' },
    h('label', { class: 'field__label', for: 'cbp-comment' }, t('cbp.comment')),
    h('textarea', { id: 'cbp-comment', class: 'field__input field__input--area', rows: 2, maxlength: 1000, 'data-focus-key': 'cbp-comment',
      oninput: (e) => { st.comment = e.target.value; } }, st.comment));
  return h('section', { class: 'panel', 'aria-labelledby': 'cbp-flow-h' },
    h('h2', { id: 'cbp-flow-h' }, t('cbp.flow.title')),
    h('p', { class: 'muted' }, t(`cbp.flow.${plan.status}`)),
    alert, done, comment,
    h('div', { class: 'toolbar toolbar--tight' }, buttons));
}

function trail(st) {
  return h('section', { class: 'block', 'aria-labelledby': 'cbp-trail-h' },
    h('h2', { id: 'cbp-trail-h' }, t('cbp.trail.title')),
    st.events.length ? h('ol', { class: 'timeline', 'aria-label': t('cbp.trail.title') }, st.events.map((e) => h('li', { class: 'timeline__item' },
      h('span', { class: 'timeline__icon', 'aria-hidden': 'true' }, icon('dot', 'icon icon--small')),
      h('div', null,
        h('p', { class: 'timeline__text' }, t(`cbp.event.${e.action}`), e.detail ? h('span', { class: 'muted' }, ` — ${e.detail}`) : null),
        h('p', { class: 'timeline__meta' }, `${formatDateTime(e.at)} · ${e.actor ? localName(e.actor) : ''}`),
        e.comment ? h('p', { class: 'timeline__comment' }, e.comment) : null))))
      : h('p', { class: 'empty' }, t('cbp.trail.none')));
}

/** The plan page. */
export function renderPlan(ctx) {
  const st = remember(`${ctx.visit}:${ctx.planId}`);
  return loadedPage({
    state: st,
    title: t('cbp.plan.title'),
    load: async () => {
      const [plan, events] = await Promise.all([api('GET', `/cbp-plans/${ctx.planId}`), api('GET', `/cbp-plans/${ctx.planId}/events`)]);
      st.plan = plan;
      st.events = events.items;
      await loadOrgNames(st);
    },
    draw: () => {
      const plan = st.plan;
      const said = successBox({ 'data-test': 'plan-said' });
      if (st.said) setSuccess(said, h('p', null, st.said));
      st.said = null;
      return h('div', { class: 'cbp' },
        breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: `#/plans?org=${plan.org.id}`, label: t('cbp.plans.title') },
          { label: planTitle(plan) }]),
        pageHeader('clipboard', planTitle(plan),
          h('p', { class: 'page-header__tags' }, planStatusTag(plan.status),
            h('span', { class: 'tag tag--plain' }, t('cbp.revision', { n: formatNumber(plan.revision) }))),
          h('p', { class: 'lead' }, t('cbp.plan.lead', { org: localName(plan.org), year: yearText(plan.year), range: rangeText(plan) }))),
        said,
        h('div', { id: 'cbp-plan-alert', class: 'alert', role: 'alert' }),
        plan.status === 'published' || plan.status === 'superseded'
          ? h('p', null, h('a', { class: 'button button--secondary', href: `#/plans/${plan.id}/compliance` }, icon('chart'), h('span', null, t('cbp.comp.open'))))
          : null,
        workflow(ctx, st),
        itemsSection(ctx, st),
        trail(st));
    },
  });
}
