// A provider's workspace (#/providers/{id}/workspace): its content in every state, searched and filtered by
// status a page at a time, and (for its creators) the forms that start a new course, or a programme (plain,
// curated or blended) or a standalone assessment; the new item opens in its editor (catalogedit.js). A link
// leads to the provider's question banks (assessbanks.js).

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, alertBox, setAlert, field, selectField, showFieldErrors,
  clearFieldErrors, busy, disclosure, pagedList, newStore, screenMemory, countKey, heading,
} from './ui.js';
import { contentTitle, contentStatusTag, kindWord, orgsWithRole } from './catalogshared.js';

const PAGE = 25;
const STATUSES = ['draft', 'submitted', 'in_review', 'changes_requested', 'published', 'retired'];

const remember = screenMemory(() => ({
  provider: null, error: null, filters: { q: '', status: '' }, applied: null, store: newStore(),
  add: { code: '', title: '', title_hi: '' }, addOpen: false,
  addOther: { kind: 'programme', code: '', title: '', title_hi: '' }, otherOpen: false,
}));
const OTHER_KINDS = ['programme', 'curated_programme', 'blended_programme', 'assessment'];

function contentRow(c) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/contents/${c.id}/edit` }, contentTitle(c)),
      h('span', { class: 'cell__sub' }, h('span', { class: 'code code--plain' }, c.code))),
    h('td', null, kindWord(c.kind)),
    h('td', null, contentStatusTag(c.status)),
    h('td', { class: 'num' }, formatNumber(c.version || 1)),
    h('td', null, c.published_version
      ? h('a', { href: `#/contents/${c.id}` }, t('cat.ws.published_v', { version: formatNumber(c.published_version) }))
      : h('span', { class: 'muted' }, t('cat.ws.never'))),
    h('td', null, h('time', { datetime: c.updated_at }, formatDateTime(c.updated_at))));
}

function listTable(st, providerId) {
  const f = st.applied;
  const body = h('tbody');
  return pagedList({
    container: body, store: st.store, renderItem: contentRow,
    wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('cat.ws.table')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('cat.field.title')),
        h('th', { scope: 'col' }, t('cat.field.kind')),
        h('th', { scope: 'col' }, t('cat.field.status')),
        h('th', { scope: 'col', class: 'num' }, t('cat.field.version')),
        h('th', { scope: 'col' }, t('cat.ws.learners_see')),
        h('th', { scope: 'col' }, t('cat.field.updated')))),
      tbody)),
    fetchPage: (cursor) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.status) params.set('status', f.status);
      if (cursor) params.set('cursor', cursor);
      return api('GET', `/providers/${providerId}/contents?${params}`);
    },
    countText: (n, more) => t(countKey('cat.ws.count', n, more), { count: formatNumber(n) }),
    emptyText: t('cat.ws.none'),
  });
}

// The form that starts a course (`other` false) or a programme or standalone assessment of a chosen kind.
function newContentForm(st, providerId, go, other) {
  const model = other ? st.addOther : st.add;
  const f = other ? 'pnew' : 'cnew';
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('plus'),
    h('span', null, t(other ? 'cat.au.new.create' : 'cat.ws.create')));
  const form = h('form', { class: 'form form--grid', novalidate: true },
    field({ form: f, name: 'code', label: t('cat.field.code'), model, required: true, hint: t('cat.field.code.hint'),
      attrs: { maxlength: 40, spellcheck: 'false' } }),
    other ? selectField({ form: f, name: 'kind', label: t('cat.field.kind'), model, required: true,
      options: OTHER_KINDS.map((k) => [k, kindWord(k)]) }) : h('div'),
    field({ form: f, name: 'title', label: t('cat.field.title_en'), model, required: true }),
    field({ form: f, name: 'title_hi', label: t('cat.field.title_hi'), model, attrs: { lang: 'hi' } }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = { provider_id: providerId, kind: other ? model.kind : 'course', code: model.code.trim().toUpperCase(), title: model.title.trim() };
    if (model.title_hi.trim()) body.title_hi = model.title_hi.trim();
    try {
      const c = await busy(submit, t('cat.sending'), () => api('POST', '/contents', body));
      if (other) st.addOther = { kind: model.kind, code: '', title: '', title_hi: '' };
      else st.add = { code: '', title: '', title_hi: '' };
      go(`contents/${c.id}/edit`);
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: `${f}-panel`, 'aria-labelledby': `${f}-heading` },
    h('h2', { id: `${f}-heading` }, t(other ? 'cat.au.new.title' : 'cat.ws.new.title')),
    h('p', { class: 'muted' }, t(other ? 'cat.au.new.lead' : 'cat.ws.new.lead')),
    alert, form);
}

/** The workspace of provider `providerId`. */
export function renderWorkspace(ctx) {
  const st = remember(`${ctx.visit}:${ctx.providerId}`);
  const page = h('div', { class: 'page page--wide' });
  const creator = orgsWithRole(ctx.user, ['content_creator']).length > 0;
  const draw = () => {
    const name = st.provider ? localName(st.provider.org || st.provider) : '';
    const f = st.filters;
    if (!st.applied) st.applied = { ...f };
    const results = h('div', { class: 'results' }, listTable(st, ctx.providerId).element);
    const apply = () => {
      st.applied = { ...f };
      st.store = newStore();
      results.replaceChildren(listTable(st, ctx.providerId).element);
    };
    const q = h('input', { id: 'ws-q', type: 'search', class: 'field__input', value: f.q, 'data-focus-key': 'ws-q',
      oninput: (e) => { f.q = e.target.value; } });
    const filterForm = h('form', { class: 'filters filters--dict', role: 'search', 'aria-label': t('cat.ws.search') },
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'ws-q' }, t('cat.ws.search')),
        h('div', { class: 'search__row' }, q,
          h('button', { type: 'submit', class: 'button button--secondary' }, icon('search'), h('span', null, t('cat.q.go'))))),
      selectField({ form: 'ws', name: 'status', label: t('cat.field.status'), model: f,
        options: [['', t('cat.ws.any_status')], ...STATUSES.map((s) => [s, t(`cat.status.${s}`)])], onChange: apply }));
    filterForm.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
    const panel = creator ? newContentForm(st, ctx.providerId, ctx.go, false) : null;
    const otherPanel = creator ? newContentForm(st, ctx.providerId, ctx.go, true) : null;
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('cat.ws.title') }]),
      pageHeader('edit', t('cat.ws.title'), name ? h('p', { class: 'lead' }, t('cat.ws.lead', { provider: name })) : null),
      st.error ? alertBox(st.error) : null,
      h('div', { class: 'toolbar' }, panel ? [disclosure({ label: t('cat.ws.new.open'), iconName: 'plus', panel, open: st.addOpen,
        key: 'cnew-toggle', onToggle: (open) => { st.addOpen = open; } }),
      disclosure({ label: t('cat.au.new.open'), iconName: 'plus', panel: otherPanel, open: st.otherOpen,
        key: 'pnew-toggle', onToggle: (open) => { st.otherOpen = open; } })] : null,
      h('a', { class: 'button button--secondary', href: `#/providers/${ctx.providerId}/question-banks` }, icon('clipboard'),
        h('span', null, t('assess.banks.title')))),
      panel, otherPanel,
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'ws-list' },
        h('h2', { id: 'ws-list' }, t('cat.ws.list')),
        filterForm,
        results));
  };
  if (!st.provider && !st.error) {
    replace(page, heading(t('cat.ws.title')));
    api('GET', `/providers/${ctx.providerId}`).then((p) => { st.provider = p; }, (error) => {
      if (error.status !== 404) st.error = error; // no provider row yet: the list still answers for its people
    }).finally(() => {
      const hadFocus = page.contains(document.activeElement);
      draw();
      if (hadFocus) page.querySelector('[data-focus-heading]')?.focus();
    });
  } else {
    draw();
  }
  return page;
}
