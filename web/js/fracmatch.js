// Matching people and posts. "Best candidates for this post" (#/positions/{id}/candidates, for administrators):
// officials ranked by the explainable fit score, each with what they meet, fall short of or miss per
// competency, in a scope the administrator may change. "Posts I fit" (#/posts-i-fit): the positions an
// official's verified competencies fit best, with what is lacking for each.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, alertBox, setAlert, busy, screenMemory, loadedPage } from './ui.js';
import { orgPicker } from './picker.js';
import { competencyLink, officialLine, levelMeter, scoreBar, personTabs, isAdmin, showWorking, postTitle } from './fracshared.js';

const STEP = 20;
const MAX = 100;

const rememberCand = screenMemory(() => ({ data: null, limit: STEP, scope: { org_id: null } }));
const rememberFit = screenMemory(() => ({ data: null, limit: STEP }));

function resultTag(d) {
  if (d.met) return h('span', { class: 'tag tag--ok' }, icon('check', 'icon icon--tiny'), t('frac.gap.met'));
  if (!d.verified) return h('span', { class: 'tag tag--bad' }, t('frac.cand.missing_one'));
  return h('span', { class: 'tag tag--warn' }, t('frac.gap.short', { n: formatNumber(d.shortfall) }));
}

function countsLine(c, total) {
  return h('p', { class: 'cand__counts' },
    h('span', null, t('frac.cand.met', { met: formatNumber(c.met), total: formatNumber(total) })),
    h('span', null, t('frac.cand.missing', { n: formatNumber(c.missing) })),
    h('span', null, t('frac.cand.shortfall', { n: formatNumber(c.shortfall) })));
}

function detailsTable(details, who) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table table--compact' },
    h('caption', { class: 'visually-hidden' }, t('frac.cand.why', { name: who })),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('frac.col.competency')),
      h('th', { scope: 'col' }, t('frac.col.required')),
      h('th', { scope: 'col' }, t('frac.col.verified')),
      h('th', { scope: 'col' }, t('frac.col.result')))),
    h('tbody', null, details.map((d) => h('tr', null,
      h('th', { scope: 'row' }, competencyLink(d.competency)),
      h('td', null, h('span', { class: 'level-cell' }, levelMeter(d.required), formatNumber(d.required))),
      h('td', null, h('span', { class: 'level-cell' }, levelMeter(d.verified, { required: d.required }), formatNumber(d.verified))),
      h('td', null, resultTag(d)))))));
}

function candidate(c, rank, total) {
  const o = c.official;
  return h('li', { class: 'cand' },
    h('div', { class: 'cand__head' },
      h('span', { class: 'cand__rank', 'aria-label': t('frac.cand.rank', { n: formatNumber(rank) }) }, formatNumber(rank)),
      h('span', { class: 'cand__who' }, officialLine(o, `#/officials/${o.id}/passport`)),
      scoreBar(c.score)),
    countsLine(c, total),
    h('details', { class: 'cand__why', open: rank <= 3 },
      h('summary', null, t('frac.cand.why', { name: localName(o) })),
      detailsTable(c.details || [], localName(o))));
}

function drawCandidates(st, ctx) {
  const d = st.data;
  const p = d.position;
  const alert = alertBox(null);
  const status = h('p', { class: 'muted', role: 'status', id: 'cand-status' }, t('frac.cand.considered', { n: formatNumber(d.considered),
    scope: localName(d.scope), shown: formatNumber(d.items.length) }));
  const more = d.items.length >= st.limit && st.limit < MAX
    ? h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'cand-more' }, t('frac.cand.more')) : null;
  if (more) {
    more.addEventListener('click', async () => {
      st.limit = Math.min(MAX, st.limit + STEP);
      showWorking(status, t('frac.cand.working'));
      try {
        await busy(more, t('list.loading'), () => st.reload(`#cand-${st.limit - STEP + 1}`));
      } catch (error) {
        setAlert(alert, error);
      }
    });
  }
  const scopeForm = h('form', { class: 'form form--inline scope', novalidate: true, onsubmit: (e) => e.preventDefault() },
    orgPicker({ form: 'cand', name: 'org_id', label: t('frac.cand.scope.change'), model: st.scope, hint: t('frac.cand.scope.hint'),
      onChoose: () => {
        st.limit = STEP;
        showWorking(status, t('frac.cand.working'));
        document.getElementById('cand-title')?.focus();
        st.reload('#cand-title');
      } }));
  const total = (d.requirements || []).length;
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: `#/orgs/${p.org.id}/positions`, label: t('frac.positions.title') },
      { href: `#/positions/${p.id}`, label: postTitle(p) }, { label: t('frac.cand.title') }]),
    pageHeader('users', t('frac.cand.heading', { title: postTitle(p) }),
      h('p', { class: 'lead' }, t('frac.cand.lead')),
      h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, p.code), h('span', null, localName(p.org)))),
    h('div', { class: 'split' },
      h('div', { class: 'split__main' },
        h('section', { class: 'panel', 'aria-labelledby': 'cand-title', id: 'cand-section' },
          h('h2', { id: 'cand-title', tabindex: '-1' }, t('frac.cand.ranked')),
          status,
          alert,
          d.items.length ? h('ol', { class: 'cands' }, d.items.map((c, i) => {
            const li = candidate(c, i + 1, total);
            li.id = `cand-${i + 1}`;
            li.setAttribute('tabindex', '-1');
            return li;
          })) : h('p', { class: 'empty' }, t(total ? 'frac.cand.none' : 'frac.cand.no_reqs')),
          more)),
      h('div', { class: 'split__side' },
        h('section', { class: 'panel', 'aria-labelledby': 'cand-score' },
          h('h2', { id: 'cand-score' }, t('frac.cand.score.title')),
          h('p', null, t('frac.cand.score.text')),
          h('p', { class: 'formula' }, t('frac.cand.score.formula')),
          h('p', { class: 'muted' }, t('frac.cand.score.rank'))),
        h('section', { class: 'panel', 'aria-labelledby': 'cand-reqs' },
          h('h2', { id: 'cand-reqs' }, t('frac.position.requirements')),
          h('ul', { class: 'plain-list plain-list--spaced' }, (d.requirements || []).map((r) => h('li', { class: 'req-line' },
            competencyLink(r.competency), levelMeter(r.level))))),
        h('section', { class: 'panel', 'aria-labelledby': 'cand-scope' },
          h('h2', { id: 'cand-scope' }, t('frac.cand.scope')),
          h('p', null, t('frac.cand.scope.now', { scope: localName(d.scope) })),
          scopeForm))),
  ];
}

/** The best candidates for position ctx.positionId. */
export function renderCandidates(ctx) {
  const st = rememberCand(`${ctx.visit}:${ctx.positionId}`);
  return loadedPage({
    state: st, title: t('frac.cand.title'),
    load: async () => {
      const scope = st.scope.org_id ? `&org_id=${st.scope.org_id.id}` : '';
      st.data = await api('GET', `/positions/${ctx.positionId}/candidates?limit=${st.limit}${scope}`);
    },
    draw: () => drawCandidates(st, ctx),
  });
}

// ---- Posts I fit

function fitItem(m, admin) {
  const p = m.position;
  const lacking = m.lacking || [];
  return h('li', { class: 'cand fit' },
    h('div', { class: 'cand__head' },
      h('span', { class: 'cand__who' },
        admin ? h('a', { class: 'oref__name', href: `#/positions/${p.id}` }, postTitle(p)) : h('span', { class: 'oref__name' }, postTitle(p)),
        h('span', { class: 'oref__meta' }, [p.code, p.org ? localName(p.org) : null].filter(Boolean).join(' · '))),
      h('span', { class: `tag ${m.vacant ? 'tag--ok' : 'tag--muted'}` }, t(m.vacant ? 'frac.fit.vacant' : 'frac.fit.held')),
      scoreBar(m.score)),
    h('p', { class: 'cand__counts' },
      h('span', null, t('frac.fit.met', { n: formatNumber(m.met) })),
      h('span', null, t('frac.cand.missing', { n: formatNumber(m.missing) })),
      h('span', null, t('frac.cand.shortfall', { n: formatNumber(m.shortfall) }))),
    lacking.length ? h('div', { class: 'fit__lacking' },
      h('p', { class: 'entry__label' }, t('frac.fit.lacking')),
      h('ul', { class: 'plain-list plain-list--spaced' }, lacking.map((l) => h('li', { class: 'req-line' },
        competencyLink(l.competency),
        levelMeter(l.verified, { required: l.required,
          label: t('frac.fit.lack', { required: formatNumber(l.required), verified: formatNumber(l.verified) }) }),
        h('span', { class: 'muted' }, t('frac.fit.lack', { required: formatNumber(l.required), verified: formatNumber(l.verified) }))))))
      : h('p', { class: 'fit__all' }, icon('check', 'icon icon--small'), ' ', t('frac.fit.all')));
}

function drawFit(st, ctx) {
  const d = st.data;
  const admin = isAdmin(ctx.user);
  const status = h('p', { class: 'muted', role: 'status' }, t('frac.fit.shown', { n: formatNumber(d.items.length),
    scope: d.scope ? localName(d.scope) : '' }));
  const more = d.items.length >= st.limit && st.limit < MAX
    ? h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'fit-more' }, t('frac.fit.more')) : null;
  if (more) {
    more.addEventListener('click', () => {
      st.limit = Math.min(MAX, st.limit + STEP);
      showWorking(status, t('frac.fit.working'));
      st.reload(`#fit-${st.limit - STEP + 1}`);
    });
  }
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
      { label: t('frac.fit.title') }]),
    pageHeader('target', t('frac.fit.title'), h('p', { class: 'lead' }, t('frac.fit.lead'))),
    personTabs(`#/officials/${ctx.user.id}`, 'fit', { self: true }),
    h('section', { class: 'panel panel--wide', 'aria-labelledby': 'fit-list' },
      h('h2', { id: 'fit-list' }, t('frac.fit.ranked')),
      h('p', { class: 'muted' }, t('frac.fit.rule')),
      status,
      d.items.length ? h('ol', { class: 'cands' }, d.items.map((m, i) => {
        const li = fitItem(m, admin);
        li.id = `fit-${i + 1}`;
        li.setAttribute('tabindex', '-1');
        return li;
      })) : h('p', { class: 'empty' }, t('frac.fit.none')),
      more),
  ];
}

/** The posts the signed-in official fits. */
export function renderPostsIFit(ctx) {
  const st = rememberFit(`${ctx.visit}`);
  return loadedPage({
    state: st, title: t('frac.fit.title'),
    load: async () => {
      st.data = await api('GET', `/officials/${ctx.user.id}/position-matches?limit=${st.limit}`);
    },
    draw: () => drawFit(st, ctx),
  });
}
