// A provider's question banks (#/providers/{id}/question-banks): each bank with its code, how many questions
// it holds and the competencies they are tagged with, a page at a time; for the provider's creators, the form
// that starts a new bank (which then opens on its own page, assessbank.js).

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, alertBox, setAlert, field, showFieldErrors, clearFieldErrors,
  busy, disclosure, pagedList, newStore, screenMemory, countKey, heading,
} from './ui.js';
import { orgsWithRole } from './catalogshared.js';
import { titleText } from './assessshared.js';

const PAGE = 25;
const remember = screenMemory(() => ({ provider: null, store: newStore(), add: { code: '', title: '', title_hi: '' }, addOpen: false }));

function tagLine(bank) {
  const tags = bank.tags || [];
  if (!tags.length) return h('span', { class: 'muted' }, t('assess.bank.untagged'));
  const names = [...new Set(tags.map((x) => localName({ name: x.competency_name, name_hi: x.competency_name_hi })))];
  return h('span', null, names.join(', '));
}

function bankRow(b) {
  return h('tr', null,
    h('th', { scope: 'row' }, h('a', { href: `#/question-banks/${b.id}` }, titleText(b)),
      h('span', { class: 'cell__sub' }, h('span', { class: 'code code--plain' }, b.code))),
    h('td', { class: 'num' }, formatNumber(b.question_count || 0)),
    h('td', null, tagLine(b)),
    h('td', null, h('time', { datetime: b.updated_at }, formatDateTime(b.updated_at))));
}

function newBankForm(st, providerId, go) {
  const model = st.add;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('plus'), h('span', null, t('assess.banks.create')));
  const form = h('form', { class: 'form form--grid', novalidate: true },
    field({ form: 'bnew', name: 'code', label: t('assess.bank.code'), model, required: true, hint: t('assess.bank.code.hint'),
      attrs: { maxlength: 40, spellcheck: 'false' } }),
    h('div'),
    field({ form: 'bnew', name: 'title', label: t('assess.bank.title_en'), model, required: true }),
    field({ form: 'bnew', name: 'title_hi', label: t('assess.bank.title_hi'), model, attrs: { lang: 'hi' } }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = { code: model.code.trim().toUpperCase(), title: model.title.trim() };
    if (model.title_hi.trim()) body.title_hi = model.title_hi.trim();
    try {
      const bank = await busy(submit, t('assess.sending'), () => api('POST', `/providers/${providerId}/question-banks`, body));
      st.add = { code: '', title: '', title_hi: '' };
      go(`question-banks/${bank.id}`);
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'bnew-panel', 'aria-labelledby': 'bnew-heading' },
    h('h2', { id: 'bnew-heading' }, t('assess.banks.new.title')),
    h('p', { class: 'muted' }, t('assess.banks.new.lead')),
    alert, form);
}

/** The question banks of provider `providerId`. */
export function renderBanks(ctx) {
  const st = remember(`${ctx.visit}:${ctx.providerId}`);
  const page = h('div', { class: 'page page--wide' });
  const creator = orgsWithRole(ctx.user, ['content_creator']).some((o) => o.id === ctx.providerId);
  const draw = () => {
    const name = st.provider ? localName(st.provider.org || st.provider) : '';
    const body = h('tbody');
    const list = pagedList({
      container: body, store: st.store, renderItem: bankRow,
      wrap: (tbody) => h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, t('assess.banks.table')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('assess.bank.title')),
          h('th', { scope: 'col', class: 'num' }, t('assess.bank.questions')),
          h('th', { scope: 'col' }, t('assess.bank.competencies')),
          h('th', { scope: 'col' }, t('assess.bank.updated')))),
        tbody)),
      fetchPage: (cursor) => api('GET', `/providers/${ctx.providerId}/question-banks?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      countText: (n, more) => t(countKey('assess.banks.count', n, more), { count: formatNumber(n) }),
      emptyText: t('assess.banks.none'),
    });
    const panel = creator ? newBankForm(st, ctx.providerId, ctx.go) : null;
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: `#/providers/${ctx.providerId}/workspace`, label: t('cat.ws.title') },
        { label: t('assess.banks.title') }]),
      pageHeader('clipboard', t('assess.banks.title'), name ? h('p', { class: 'lead' }, t('assess.banks.lead', { provider: name })) : null),
      panel ? h('div', { class: 'toolbar' }, disclosure({ label: t('assess.banks.new.open'), iconName: 'plus', panel, open: st.addOpen,
        key: 'bnew-toggle', onToggle: (open) => { st.addOpen = open; } })) : null,
      panel,
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'banks-list' },
        h('h2', { id: 'banks-list' }, t('assess.banks.list')),
        list.element));
  };
  if (!st.provider) {
    replace(page, heading(t('assess.banks.title')));
    api('GET', `/providers/${ctx.providerId}`).then((p) => { st.provider = p; }, () => { st.provider = {}; }).finally(() => {
      const hadFocus = page.contains(document.activeElement);
      draw();
      if (hadFocus) page.querySelector('[data-focus-heading]')?.focus();
    });
  } else {
    draw();
  }
  return page;
}
