// The competency passport (#/passport for oneself, #/officials/{id}/passport): entries grouped by area, each
// with its level, where it came from, its status (a self-declaration is marked plainly as not verified),
// evidence and review. The official declares a competency and withdraws a pending declaration; their
// reporting officer verifies or rejects declarations and records competencies they have seen.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDate, formatDateTime, alertBox, setAlert, successBox, setSuccess, field,
  selectField, showFieldErrors, clearFieldErrors, busy, disclosure, screenMemory, loadedPage,
} from './ui.js';
import { competencyPicker } from './fracpicker.js';
import {
  AREAS, areaLabel, levelLabel, levelMeter, competencyLink, levelPicker, textArea, sourceTag, entryStatusTag, tiles, today,
  personTabs,
} from './fracshared.js';
import { reviewForm } from './fracreview.js';

const STATUSES = ['verified', 'pending', 'rejected'];

const remember = screenMemory(() => ({
  passport: null, self: false, officer: false, show: '', add: null, addOpen: false, flash: null,
}));

function evidenceRef(ref) {
  if (!ref) return null;
  return /^https?:\/\//i.test(ref) ? h('a', { href: ref, rel: 'noopener noreferrer', target: '_blank' }, ref) : h('span', null, ref);
}

function reviewLine(entry) {
  const r = entry.review;
  if (!r) return null;
  const key = entry.status === 'rejected' ? 'frac.entry.rejected_by' : 'frac.entry.verified_by';
  return h('p', { class: 'entry__review' },
    icon(entry.status === 'rejected' ? 'x' : 'check', 'icon icon--small'),
    h('span', null, t(key, { name: localName(r.by), date: formatDateTime(r.at) }),
      r.comment ? h('q', { class: 'entry__comment' }, r.comment) : null));
}

function entryCard(st, entry) {
  const li = h('li', { class: `entry entry--${entry.status}${entry.source === 'self' ? ' entry--self' : ''}`, id: `entry-${entry.id}`, tabindex: '-1' });
  const alert = alertBox(null);
  const pendingSelf = entry.status === 'pending' && entry.source === 'self';
  const withdraw = st.self && entry.status === 'pending'
    ? h('button', { type: 'button', class: 'button button--secondary button--small',
      'aria-label': t('frac.entry.withdraw.label', { competency: localName(entry.competency) }) },
    icon('x', 'icon icon--small'), h('span', null, t('frac.entry.withdraw'))) : null;
  if (withdraw) {
    withdraw.addEventListener('click', async () => {
      setAlert(alert, null);
      try {
        await busy(withdraw, t('frac.sending'), () => api('DELETE', `/passport-entries/${entry.id}`));
        st.flash = t('frac.entry.withdrawn', { competency: localName(entry.competency) });
        await st.reload('#passport-flash');
      } catch (error) {
        setAlert(alert, error);
      }
    });
  }
  replace(li,
    h('div', { class: 'entry__head' },
      h('h3', { class: 'entry__title' }, competencyLink(entry.competency, { version: entry.version })),
      entryStatusTag(entry)),
    h('div', { class: 'entry__level' }, levelMeter(entry.level), h('span', { class: 'entry__level-text' }, levelLabel(entry.level)),
      entry.claimed_level && entry.claimed_level !== entry.level
        ? h('span', { class: 'muted' }, t('frac.entry.claimed', { level: formatNumber(entry.claimed_level) })) : null),
    pendingSelf ? h('p', { class: 'entry__warn' }, icon('info', 'icon icon--small'), h('span', null, t('frac.entry.unverified'))) : null,
    h('p', { class: 'entry__meta' }, sourceTag(entry.source), ' ',
      h('span', null, t('frac.entry.earned', { date: formatDate(entry.earned_on) })), ' · ',
      h('span', null, t('frac.version.short', { version: formatNumber(entry.version) }))),
    entry.evidence || entry.evidence_ref ? h('div', { class: 'entry__evidence' },
      h('span', { class: 'entry__label' }, t('frac.entry.evidence')),
      entry.evidence ? h('p', null, entry.evidence) : null,
      evidenceRef(entry.evidence_ref)) : null,
    reviewLine(entry),
    alert,
    withdraw ? h('div', { class: 'form__actions' }, withdraw) : null,
    st.officer && pendingSelf ? reviewForm(entry, async (updated, verb) => {
      st.flash = t(verb === 'verify' ? 'frac.review.verified' : 'frac.review.rejected',
        { competency: localName(updated.competency || entry.competency), name: localName(st.passport.official) });
      await st.reload('#passport-flash');
    }) : null);
  return li;
}

function areaSections(st) {
  const shown = st.passport.items.filter((e) => !st.show || e.status === st.show);
  if (!shown.length) {
    return h('p', { class: 'empty' }, st.passport.items.length ? t('frac.passport.none.filter') : t(st.self ? 'frac.passport.none.self' : 'frac.passport.none'));
  }
  const areas = [...AREAS, ...new Set(shown.map((e) => e.competency.area).filter((a) => !AREAS.includes(a)))];
  return areas.map((area) => {
    const items = shown.filter((e) => e.competency.area === area);
    if (!items.length) return null;
    return h('section', { class: `panel panel--wide area area--${area}`, 'aria-labelledby': `pp-${area}` },
      h('h2', { id: `pp-${area}` }, areaLabel(area), ' ', h('span', { class: 'count-badge' }, formatNumber(items.length))),
      h('ul', { class: 'entries' }, items.map((e) => entryCard(st, e))));
  });
}

// ---- Declare (the official) or record (their reporting officer) a competency

function addPanel(st) {
  if (!st.add) st.add = { competency_id: null, level: 0, evidence: '', earned_on: today() };
  const model = st.add;
  const officer = !st.self;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon(officer ? 'check' : 'send'),
    h('span', null, t(officer ? 'frac.declare.record' : 'frac.declare.submit')));
  const form = h('form', { class: 'form', novalidate: true },
    alert,
    competencyPicker({ form: 'declare', name: 'competency_id', label: t('frac.col.competency'), model, required: true,
      hint: t('frac.declare.competency.hint') }),
    levelPicker({ form: 'declare', name: 'level', label: t('frac.declare.level'), model, hint: t('frac.declare.level.hint') }),
    textArea({ form: 'declare', name: 'evidence', label: t('frac.entry.evidence'), model, hint: t('frac.declare.evidence.hint') }),
    h('div', { class: 'form__grid' },
      field({ form: 'declare', name: 'earned_on', type: 'date', label: t('frac.declare.earned_on'), model,
        hint: t('frac.declare.earned_on.hint'), attrs: { max: today() } })),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const missing = [];
    if (!model.competency_id) missing.push({ field: 'competency_id', message: t('frac.role.req.pick') });
    if (!model.level) missing.push({ field: 'level', message: t('frac.declare.level.pick') });
    if (missing.length) {
      showFieldErrors(form, { errors: missing });
      return;
    }
    const body = { competency_id: model.competency_id.id, level: Number(model.level) };
    if (model.evidence.trim()) body.evidence = model.evidence.trim();
    if (model.earned_on) body.earned_on = model.earned_on;
    try {
      await busy(submit, t('frac.sending'), () => api('POST', `/officials/${st.passport.official.id}/passport`, body));
      st.flash = t(officer ? 'frac.declare.recorded' : 'frac.declare.done', { competency: localName(model.competency_id) });
      st.add = null;
      st.addOpen = false;
      await st.reload('#passport-flash');
    } catch (error) {
      if (error.code === 'conflict') setAlert(alert, t('frac.declare.conflict'));
      else if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'declare-panel', 'aria-labelledby': 'declare-title' },
    h('h2', { id: 'declare-title' }, t(officer ? 'frac.declare.record.title' : 'frac.declare.title')),
    h('p', { class: 'muted' }, t(officer ? 'frac.declare.record.lead' : 'frac.declare.lead')),
    form);
}

function draw(st, ctx) {
  const pp = st.passport;
  const person = pp.official;
  const base = `#/officials/${person.id}`;
  const flash = successBox({ id: 'passport-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash);
  st.flash = null;
  const panel = st.self || st.officer ? addPanel(st) : null;
  const summary = pp.summary || {};
  const title = st.self ? t('frac.passport.mine') : t('frac.passport.of', { name: localName(person) });
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
      st.officer ? { href: '#/team', label: t('frac.team.title') } : null, { label: title }].filter(Boolean)),
    pageHeader('file', title,
      h('p', { class: 'page-header__tags' },
        person.designation ? h('span', null, localName(person.designation)) : null,
        person.org ? h('span', null, localName(person.org)) : null)),
    personTabs(base, 'passport', { self: st.self }),
    flash,
    tiles([
      [t('frac.status.verified'), summary.verified, 'ok'],
      [t('frac.passport.pending'), summary.pending, 'warn'],
      [t('frac.status.rejected'), summary.rejected, 'bad'],
    ], t('frac.passport.summary')),
    h('div', { class: 'notice notice--tight' }, icon('info', 'icon notice__icon'),
      h('p', null, t('frac.passport.rule'))),
    h('div', { class: 'toolbar toolbar--split' },
      panel ? disclosure({ label: t(st.self ? 'frac.declare.open' : 'frac.declare.record.open'), iconName: 'plus', panel, open: st.addOpen,
        key: 'declare-toggle', onToggle: (open) => { st.addOpen = open; } }) : null,
      h('div', { class: 'toolbar__end' },
        selectField({ form: 'passport', name: 'show', label: t('frac.passport.show'), model: st,
          options: [['', t('frac.passport.show.all')], ...STATUSES.map((s) => [s, t(`frac.status.${s}`)])],
          onChange: () => { st.redraw(); document.getElementById('passport-show')?.focus(); } }))),
    panel,
    areaSections(st),
  ];
}

/** The passport of ctx.officialId, or of the signed-in person when ctx.self. */
export function renderPassport(ctx) {
  const id = ctx.self ? ctx.user.id : ctx.officialId;
  const st = remember(`${ctx.visit}:${id}`);
  return loadedPage({
    state: st, title: t(ctx.self ? 'frac.passport.mine' : 'frac.passport.title'),
    load: async () => {
      st.passport = await api('GET', `/officials/${id}/passport`);
      st.self = st.passport.official.id === ctx.user.id;
      st.officer = false;
      if (!st.self) {
        // Whether this person is the official's reporting officer decides the review buttons.
        const team = await api('GET', '/me/reportees').catch(() => ({ items: [] }));
        st.officer = (team.items || []).some((r) => r.official && r.official.id === id);
      }
    },
    draw: () => draw(st, ctx),
  });
}
