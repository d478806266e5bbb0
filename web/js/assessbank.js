// A question bank's page (#/question-banks/{id}): its titles (editable by the provider's creators), its
// questions a page at a time, filtered by status, competency and level (the competencies offered are the ones
// the bank's questions are tagged with), the way to add a question (assessquestion.js), the import of a CSV
// or JSON file with its row report (assessimport.js) and the export links.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, alertBox, setAlert, successBox, setSuccess, field, selectField, showFieldErrors,
  clearFieldErrors, busy, pagedList, newStore, screenMemory, loadedPage, countKey, disclosure,
} from './ui.js';
import { levelLabel } from './fracshared.js';
import { orgsWithRole } from './catalogshared.js';
import { qText, titleText, kindWord } from './assessshared.js';
import { importPanel } from './assessimport.js';

const PAGE = 25;
const remember = screenMemory(() => ({ bank: null, edit: null, filters: { status: 'active', competency_id: '', level: '' },
  store: newStore(), flash: null, importOpen: false, impResult: null }));

const canCreate = (user, bank) => Boolean(bank.provider) && orgsWithRole(user, ['content_creator']).some((o) => o.id === bank.provider.id);

function questionRow(q) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/questions/${q.id}` }, qText(q)),
      h('span', { class: 'cell__sub' }, kindWord(q.kind))),
    h('td', null, q.competency ? localName(q.competency) : h('span', { class: 'muted' }, t('assess.q.no_comp'))),
    h('td', null, q.level ? levelLabel(q.level) : h('span', { class: 'muted' }, t('assess.q.no_level'))),
    h('td', { class: 'num' }, formatNumber(q.points || 1)),
    h('td', null, h('span', { class: `tag tag--status tag--${q.status === 'active' ? 'ok' : 'muted'}` }, t(`assess.q.status.${q.status === 'retired' ? 'retired' : 'active'}`))));
}

function questionList(st) {
  const f = st.filters;
  const body = h('tbody');
  return pagedList({
    container: body, store: st.store, renderItem: questionRow, label: t('assess.bank.qtable'),
    wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('assess.bank.qtable')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('assess.q.text')),
        h('th', { scope: 'col' }, t('assess.q.competency')),
        h('th', { scope: 'col' }, t('assess.q.level')),
        h('th', { scope: 'col', class: 'num' }, t('assess.q.points')),
        h('th', { scope: 'col' }, t('assess.q.status')))),
      tbody)),
    fetchPage: (cursor) => {
      const p = new URLSearchParams({ limit: String(PAGE), status: f.status || 'active' });
      if (f.competency_id) p.set('competency_id', f.competency_id);
      if (f.level) p.set('level', f.level);
      if (cursor) p.set('cursor', cursor);
      return api('GET', `/question-banks/${st.bank.id}/questions?${p}`);
    },
    countText: (n, more) => t(countKey('assess.bank.qcount', n, more), { count: formatNumber(n) }),
    emptyText: t('assess.bank.qnone'),
  });
}

function filterForm(st, onApply) {
  const f = st.filters;
  const comps = new Map();
  for (const tag of st.bank.tags || []) {
    if (tag.competency_id && !comps.has(tag.competency_id)) {
      comps.set(tag.competency_id, localName({ name: tag.competency_name, name_hi: tag.competency_name_hi }));
    }
  }
  return h('form', { class: 'filters filters--dict', 'aria-label': t('assess.bank.filters'), onsubmit: (e) => e.preventDefault() },
    selectField({ form: 'qf', name: 'status', label: t('assess.q.status'), model: f, onChange: onApply,
      options: [['active', t('assess.q.status.active')], ['retired', t('assess.q.status.retired')], ['all', t('assess.q.status.all')]] }),
    selectField({ form: 'qf', name: 'competency_id', label: t('assess.q.competency'), model: f, onChange: onApply,
      options: [['', t('assess.any_comp')], ...[...comps].map(([id, name]) => [String(id), name])] }),
    selectField({ form: 'qf', name: 'level', label: t('assess.q.level'), model: f, onChange: onApply,
      options: [['', t('assess.any_level')], ...[1, 2, 3, 4, 5].map((n) => [String(n), levelLabel(n)])] }));
}

function titleForm(st, onSaved) {
  const model = st.edit;
  const alert = alertBox(null);
  const save = h('button', { type: 'submit', class: 'button button--primary' }, icon('check'), h('span', null, t('assess.bank.save')));
  const form = h('form', { class: 'form form--grid', novalidate: true },
    field({ form: 'bank', name: 'title', label: t('assess.bank.title_en'), model, required: true }),
    field({ form: 'bank', name: 'title_hi', label: t('assess.bank.title_hi'), model, attrs: { lang: 'hi' } }),
    h('div', { class: 'form__actions' }, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    try {
      const bank = await busy(save, t('assess.sending'), () => api('PATCH', `/question-banks/${st.bank.id}`,
        { title: model.title.trim(), title_hi: model.title_hi.trim() || null }));
      onSaved(bank);
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form', id: 'bank-edit', 'aria-labelledby': 'bank-edit-h' },
    h('h2', { id: 'bank-edit-h' }, t('assess.bank.details')), alert, form);
}

function exportLinks(bank) {
  const href = (format) => `/api/v1/question-banks/${bank.id}/export?format=${format}`;
  return h('section', { class: 'panel', 'aria-labelledby': 'bank-export' },
    h('h2', { id: 'bank-export' }, t('assess.export.title')),
    h('p', { class: 'muted' }, t('assess.export.lead')),
    h('p', { class: 'toolbar toolbar--tight' },
      h('a', { class: 'button button--secondary button--small', href: href('csv'), download: `${bank.code}.csv` },
        icon('download', 'icon icon--small'), h('span', null, t('assess.export.csv'))),
      h('a', { class: 'button button--secondary button--small', href: href('json'), download: `${bank.code}.json` },
        icon('download', 'icon icon--small'), h('span', null, t('assess.export.json')))));
}

/** The page of bank `bankId`. */
export function renderBank(ctx) {
  const st = remember(`${ctx.visit}:${ctx.bankId}`);
  return loadedPage({
    state: st,
    title: t('assess.bank.page'),
    load: async () => {
      st.bank = await api('GET', `/question-banks/${ctx.bankId}`);
      st.edit = { title: st.bank.title || '', title_hi: st.bank.title_hi || '' };
    },
    draw: () => {
      const b = st.bank;
      const creator = canCreate(ctx.user, b);
      const flash = successBox({ id: 'bank-flash', tabindex: '-1' });
      if (st.flash) setSuccess(flash, st.flash);
      st.flash = null;
      const results = h('div', { class: 'results' });
      const apply = () => {
        st.store = newStore();
        replace(results, questionList(st).element);
      };
      replace(results, questionList(st).element);
      const imp = creator ? importPanel({ st, bank: b, onImported: (text) => {
        st.flash = text;
        st.store = newStore();
        st.impResult = null;
        st.reload('#bank-flash');
      } }) : null;
      const provider = b.provider || {};
      return h('div', { class: 'page page--wide' },
        breadcrumb([{ href: '#/home', label: t('nav.home') },
          { href: `#/providers/${provider.id}/workspace`, label: t('cat.ws.title') },
          { href: `#/providers/${provider.id}/question-banks`, label: t('assess.banks.title') },
          { label: titleText(b) }]),
        pageHeader('clipboard', titleText(b),
          h('p', { class: 'page-header__tags' }, h('span', { class: 'code code--plain' }, b.code),
            h('span', null, t(b.question_count === 1 ? 'assess.bank.n_one' : 'assess.bank.n', { count: formatNumber(b.question_count || 0) })),
            provider.name ? h('span', null, localName(provider)) : null)),
        flash,
        creator ? h('div', { class: 'toolbar' },
          h('a', { class: 'button button--primary', href: `#/question-banks/${b.id}/new` }, icon('plus'), h('span', null, t('assess.q.add'))),
          imp ? disclosure({ label: t('assess.import.open'), iconName: 'upload', panel: imp, open: st.importOpen,
            key: 'imp-toggle', onToggle: (open) => { st.importOpen = open; } }) : null) : null,
        imp,
        h('section', { class: 'panel panel--wide', 'aria-labelledby': 'bank-qs' },
          h('h2', { id: 'bank-qs' }, t('assess.bank.qs')),
          filterForm(st, apply),
          results),
        h('div', { class: 'abank-side' },
          creator ? titleForm(st, (bank) => { st.flash = t('assess.bank.saved'); Object.assign(st.bank, bank); st.reload('#bank-flash'); }) : null,
          exportLinks(b)));
    },
  });
}
