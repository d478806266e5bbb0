// One competency (#/competencies/{id}, ?version=N for an old version): its description and five levels in
// English and Hindi side by side, and every version it has had. An MDO admin proposes a change to it for the
// platform administrators to publish; an SPV admin edits it directly (a new version) or retires it.

import { h } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, otherName, statusTag, alertBox, setAlert, successBox, setSuccess,
  selectField, showFieldErrors, clearFieldErrors, busy, disclosure, screenMemory, loadedPage,
} from './ui.js';
import { LEVELS, areaLabel, adminOrgs, isAdmin, isSpv, textArea } from './fracshared.js';
import { competencyModel, competencyFields, changeBody } from './fraccompform.js';

const remember = screenMemory(() => ({ current: null, shown: null, model: null, open: false, flash: null }));

function textPair(en, hi) {
  return h('div', { class: 'bilingual' },
    h('div', { class: 'bilingual__col', lang: 'en' }, h('p', { class: 'bilingual__lang' }, t('lang.en')), h('p', null, en || '')),
    h('div', { class: 'bilingual__col', lang: 'hi' }, h('p', { class: 'bilingual__lang' }, t('lang.hi')),
      hi ? h('p', null, hi) : h('p', { class: 'muted' }, t('frac.no_hindi'))));
}

function levelsPanel(c) {
  return h('section', { class: 'panel panel--wide', 'aria-labelledby': 'comp-levels' },
    h('h2', { id: 'comp-levels' }, t('frac.levels.title')),
    h('p', { class: 'muted' }, t('frac.levels.lead')),
    h('ol', { class: 'level-list' }, LEVELS.map((n) => {
      const l = (c.levels || []).find((x) => x.level === n) || { descriptor: '' };
      return h('li', { class: 'level-list__item' },
        h('div', { class: 'level-list__head' },
          h('span', { class: `level-badge level-badge--${n}`, 'aria-hidden': 'true' }, formatNumber(n)),
          h('h3', null, t('frac.level.named', { level: formatNumber(n), name: t(`frac.level.${n}`) }))),
        textPair(l.descriptor, l.descriptor_hi));
    })));
}

function versionsPanel(st) {
  const c = st.current;
  const reading = st.shown.version;
  return h('section', { class: 'panel', 'aria-labelledby': 'comp-versions' },
    h('h2', { id: 'comp-versions' }, t('frac.versions.title')),
    h('p', { class: 'muted' }, t('frac.versions.lead')),
    h('ol', { class: 'versions' }, (c.versions || []).map((v) => h('li', { class: `versions__item${v.version === reading ? ' versions__item--on' : ''}` },
      h('span', { class: 'versions__n' }, t('frac.version.short', { version: formatNumber(v.version) })),
      h('span', { class: 'versions__main' },
        v.version === reading
          ? h('span', { 'aria-current': 'true', class: 'versions__name' }, v.name, h('span', { class: 'visually-hidden' }, ` (${t('frac.versions.reading')})`))
          : h('a', { class: 'versions__name', href: v.version === c.version ? `#/competencies/${c.id}` : `#/competencies/${c.id}?version=${v.version}` }, v.name),
        h('time', { class: 'versions__when', datetime: v.created_at }, formatDateTime(v.created_at))),
      v.version === c.version ? h('span', { class: 'tag tag--ok' }, t('frac.versions.current')) : null))));
}

// ---- Change it: a proposal (MDO admin) or a direct edit (SPV admin)

function changePanel(st, user) {
  const c = st.current;
  const spv = isSpv(user);
  if (!st.model) st.model = { ...competencyModel(c), org_id: String((adminOrgs(user)[0] || {}).id || ''), status: c.status };
  const model = st.model;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' },
    icon(spv ? 'check' : 'send'), h('span', null, t(spv ? 'frac.comp.save' : 'frac.comp.propose.submit')));
  const form = h('form', { class: 'form', novalidate: true },
    spv ? selectField({ form: 'comp-change', name: 'status', label: t('frac.field.status'), model, hint: t('frac.comp.status.hint'),
      options: [['active', t('status.active')], ['retired', t('status.retired')]] })
      : selectField({ form: 'comp-change', name: 'org_id', label: t('frac.proposals.org'), model, required: true,
        options: adminOrgs(user).map((o) => [String(o.id), o.code]), hint: t('frac.proposals.org.hint') }),
    competencyFields('comp-change', model),
    spv ? null : textArea({ form: 'comp-change', name: 'comment', label: t('frac.proposals.comment'), model, hint: t('frac.proposals.comment.hint') }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = changeBody(model, c);
    if (spv && model.status !== c.status) body.status = model.status;
    if (!Object.keys(body).length) {
      setAlert(alert, t('form.nothing'));
      return;
    }
    try {
      if (spv) {
        await busy(submit, t('form.saving'), () => api('PATCH', `/competencies/${c.id}`, body));
        st.flash = t('frac.comp.saved');
      } else {
        if (model.comment.trim()) body.comment = model.comment.trim();
        await busy(submit, t('frac.sending'), () => api('POST', '/competency-proposals', { ...body, org_id: Number(model.org_id), competency_id: c.id }));
        st.flash = t('frac.comp.proposed');
      }
      st.open = false;
      st.model = null;
      await st.reload('#comp-flash');
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'comp-change-panel', 'aria-labelledby': 'comp-change-title' },
    h('h2', { id: 'comp-change-title' }, t(spv ? 'frac.comp.edit.title' : 'frac.comp.propose.title')),
    h('p', { class: 'muted' }, t(spv ? 'frac.comp.edit.lead' : 'frac.comp.propose.lead')),
    alert, form);
}

function draw(st, ctx) {
  const c = st.shown;
  const old = c.version !== st.current.version;
  const other = otherName(c);
  const flash = successBox({ id: 'comp-flash', tabindex: '-1' });
  if (st.flash) setSuccess(flash, st.flash, ' ', isSpv(ctx.user) ? null : h('a', { href: '#/competencies/proposals' }, t('frac.proposals.open')));
  st.flash = null;
  const panel = isAdmin(ctx.user) && !old ? changePanel(st, ctx.user) : null;
  return [
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
      { label: localName(c) }]),
    pageHeader('target', localName(c),
      other ? h('p', { class: 'lead', lang: other === c.name_hi ? 'hi' : 'en' }, other) : null,
      h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, c.code),
        h('span', { class: `tag tag--area tag--${c.area}` }, areaLabel(c.area)), statusTag(c.status),
        h('span', null, t('frac.version.long', { version: formatNumber(c.version) })))),
    old ? h('div', { class: 'notice' }, icon('clock', 'icon notice__icon'),
      h('div', null, h('p', { class: 'notice__title' }, t('frac.versions.old', { version: formatNumber(c.version), current: formatNumber(st.current.version) })),
        h('p', null, h('a', { href: `#/competencies/${c.id}` }, t('frac.versions.read_current'))))) : null,
    flash,
    panel ? h('div', { class: 'toolbar' },
      disclosure({ label: t(isSpv(ctx.user) ? 'frac.comp.edit.open' : 'frac.comp.propose.open'), iconName: 'edit', panel, open: st.open,
        key: 'comp-change-toggle', onToggle: (open) => { st.open = open; } })) : null,
    panel,
    h('div', { class: 'split' },
      h('div', { class: 'split__main' },
        h('section', { class: 'panel', 'aria-labelledby': 'comp-about' },
          h('h2', { id: 'comp-about' }, t('frac.comp.about')),
          textPair(c.description, c.description_hi)),
        levelsPanel(c)),
      h('div', { class: 'split__side' }, versionsPanel(st))),
  ];
}

/** The page of competency ctx.competencyId. */
export function renderCompetency(ctx) {
  const version = Number(ctx.route.query.get('version')) || 0;
  const st = remember(`${ctx.visit}:${ctx.competencyId}:${version}`);
  return loadedPage({
    state: st, title: t('section.competencies.title'),
    load: async () => {
      st.current = await api('GET', `/competencies/${ctx.competencyId}`);
      st.shown = version && version !== st.current.version
        ? await api('GET', `/competencies/${ctx.competencyId}/versions/${version}`) : st.current;
    },
    draw: () => draw(st, ctx),
  });
}
