// The governance queue (#/competencies/proposals): proposals to add a competency or change one, newest first,
// a page at a time, filtered by status. MDO admins see their organisations' proposals and propose a new
// competency; SPV admins see all and publish or reject (with a reason) each pending one.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import {
  breadcrumb, pageHeader, formatNumber, formatDateTime, alertBox, setAlert, successBox, setSuccess, selectField,
  showFieldErrors, clearFieldErrors, busy, disclosure, pagedList, newStore, screenMemory, countKey,
} from './ui.js';
import { adminOrgs, isSpv, areaLabel, textArea } from './fracshared.js';
import { competencyModel, competencyFields, newBody } from './fraccompform.js';

const PAGE = 20;
const STATUSES = ['pending', 'published', 'rejected'];

const remember = screenMemory(() => ({ status: 'pending', store: newStore(), add: null, addOpen: false, flash: null }));

const FIELD_WORDS = { name: 'frac.field.name', name_hi: 'frac.field.name_hi', description: 'frac.field.description',
  description_hi: 'frac.field.description_hi', levels: 'frac.field.levels', code: 'frac.field.code', area: 'frac.field.area',
  status: 'frac.field.status' };

function proposalTag(status) {
  const mod = status === 'published' ? 'ok' : status === 'rejected' ? 'bad' : 'warn';
  return h('span', { class: `tag tag--${mod}` }, t(`frac.proposals.status.${status}`));
}

function proposedFields(p) {
  const rows = Object.entries(p.proposal || {}).map(([key, value]) => {
    let text;
    if (key === 'levels' && Array.isArray(value)) {
      text = h('ol', { class: 'plain-list' }, value.map((l) => h('li', null, `${formatNumber(l.level)}. ${l.descriptor || ''}`,
        l.descriptor_hi ? h('span', { class: 'cell__sub', lang: 'hi' }, l.descriptor_hi) : null)));
    } else if (key === 'area') {
      text = areaLabel(value);
    } else {
      text = value === null ? t('frac.proposals.cleared') : String(value);
    }
    return h('div', { class: 'facts__item' }, h('dt', null, FIELD_WORDS[key] ? t(FIELD_WORDS[key]) : key), h('dd', null, text));
  });
  return h('details', { class: 'proposal__details' },
    h('summary', null, t('frac.proposals.what', { count: formatNumber(rows.length) })),
    h('dl', { class: 'facts' }, rows));
}

function reviewForm(p, onDone) {
  const model = { review_comment: '' };
  const alert = alertBox(null);
  const form = h('form', { class: 'form form--inline', novalidate: true, 'aria-label': t('frac.proposals.review', { id: p.id }) },
    alert,
    textArea({ form: `review-${p.id}`, name: 'review_comment', label: t('frac.proposals.review_comment'), model, rows: 2,
      hint: t('frac.proposals.review_comment.hint') }));
  const act = async (button, verb) => {
    setAlert(alert, null);
    clearFieldErrors(form);
    const comment = model.review_comment.trim();
    if (verb === 'reject' && !comment) {
      showFieldErrors(form, { errors: [{ field: 'review_comment', message: t('frac.proposals.reason_needed') }] });
      return;
    }
    try {
      const done = await busy(button, t('frac.sending'), () => api('POST', `/competency-proposals/${p.id}/${verb}`,
        comment ? { review_comment: comment } : {}));
      onDone(done, verb);
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  };
  const publish = h('button', { type: 'button', class: 'button button--primary button--small' }, icon('check', 'icon icon--small'),
    h('span', null, t('frac.proposals.publish')));
  const reject = h('button', { type: 'button', class: 'button button--danger button--small' }, icon('x', 'icon icon--small'),
    h('span', null, t('frac.proposals.reject')));
  publish.addEventListener('click', () => act(publish, 'publish'));
  reject.addEventListener('click', () => act(reject, 'reject'));
  form.append(h('div', { class: 'form__actions' }, publish, reject));
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

function proposalItem(st, p, spv) {
  const title = p.kind === 'new' ? (p.proposal && localName(p.proposal)) || p.proposal?.code || '' : null;
  const li = h('li', { class: 'proposal' });
  const fill = (item) => replace(li,
    h('div', { class: 'proposal__head' },
      h('span', { class: 'tag tag--muted' }, t(`frac.proposals.kind.${item.kind}`)),
      item.kind === 'change' && item.competency_id
        ? h('a', { class: 'proposal__title', href: `#/competencies/${item.competency_id}` },
          item.proposal && item.proposal.name ? item.proposal.name : t('frac.proposals.change_of', { id: item.competency_id }))
        : h('span', { class: 'proposal__title' }, title),
      proposalTag(item.status)),
    h('p', { class: 'proposal__meta' },
      t('frac.proposals.by', { name: localName(item.proposed_by), org: item.org ? item.org.code : '' }), ' · ',
      h('time', { datetime: item.created_at }, formatDateTime(item.created_at))),
    item.comment ? h('p', { class: 'proposal__comment' }, h('span', { class: 'muted' }, `${t('frac.proposals.comment')}: `), item.comment) : null,
    item.review_comment ? h('p', { class: 'proposal__comment' }, h('span', { class: 'muted' }, `${t('frac.proposals.review_comment')}: `),
      item.review_comment) : null,
    proposedFields(item),
    spv && item.status === 'pending' ? reviewForm(item, (done, verb) => {
      fill(done);
      const status = li.querySelector('.proposal__head .tag:last-child');
      if (status) status.setAttribute('tabindex', '-1');
      st.announce(t(verb === 'publish' ? 'frac.proposals.published' : 'frac.proposals.rejected', { id: item.id }));
    }) : null);
  fill(p);
  return li;
}

function newPanel(st, user) {
  if (!st.add) st.add = { ...competencyModel(null), org_id: String((adminOrgs(user)[0] || {}).id || '') };
  const model = st.add;
  const alert = alertBox(null);
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, icon('send'), h('span', null, t('frac.proposals.new.submit')));
  const form = h('form', { class: 'form', novalidate: true },
    selectField({ form: 'prop-new', name: 'org_id', label: t('frac.proposals.org'), model, required: true,
      options: adminOrgs(user).map((o) => [String(o.id), o.code]), hint: t('frac.proposals.org.hint') }),
    competencyFields('prop-new', model, { isNew: true }),
    textArea({ form: 'prop-new', name: 'comment', label: t('frac.proposals.comment'), model, hint: t('frac.proposals.comment.hint') }),
    h('div', { class: 'form__actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setAlert(alert, null);
    clearFieldErrors(form);
    const body = { ...newBody(model), org_id: Number(model.org_id) };
    if (model.comment.trim()) body.comment = model.comment.trim();
    try {
      await busy(submit, t('frac.sending'), () => api('POST', '/competency-proposals', body));
      st.add = null;
      st.addOpen = false;
      st.flash = t('frac.comp.proposed');
      st.status = 'pending';
      st.store = newStore();
      st.redrawPage();
    } catch (error) {
      if (showFieldErrors(form, error).length || !error.errors.length) setAlert(alert, error);
    }
  });
  return h('section', { class: 'panel panel--form panel--wide', id: 'prop-new-panel', 'aria-labelledby': 'prop-new-title' },
    h('h2', { id: 'prop-new-title' }, t('frac.proposals.new.title')),
    h('p', { class: 'muted' }, t('frac.proposals.new.lead')),
    alert, form);
}

/** The proposal queue. */
export function renderProposals(ctx) {
  const st = remember(`${ctx.visit}`);
  const spv = isSpv(ctx.user);
  const page = h('div', { class: 'page page--frac' });
  const draw = () => {
    const flash = successBox({ id: 'prop-flash', tabindex: '-1' });
    if (st.flash) setSuccess(flash, st.flash);
    st.announce = (text) => setSuccess(flash, text);
    const list = h('ul', { class: 'proposals', 'aria-labelledby': 'prop-list' });
    const paged = pagedList({
      container: list, store: st.store, renderItem: (p) => proposalItem(st, p, spv),
      fetchPage: (cursor) => api('GET', `/competency-proposals?limit=${PAGE}${st.status ? `&status=${st.status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      countText: (n, more) => t(countKey('frac.proposals.count', n, more), { count: formatNumber(n) }),
      emptyText: t('frac.proposals.none'),
    });
    const filter = selectField({ form: 'prop', name: 'status', label: t('frac.field.status'), model: st,
      options: [...STATUSES.map((s) => [s, t(`frac.proposals.status.${s}`)]), ['', t('frac.dict.any_status')]],
      onChange: () => { st.store = newStore(); st.flash = null; draw(); page.querySelector('#prop-status')?.focus(); } });
    const panel = spv ? null : newPanel(st, ctx.user);
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/competencies', label: t('section.competencies.title') },
        { label: t('frac.proposals.title') }]),
      pageHeader('inbox', t('frac.proposals.title'), h('p', { class: 'lead' }, t(spv ? 'frac.proposals.lead.spv' : 'frac.proposals.lead.mdo'))),
      flash,
      panel ? h('div', { class: 'toolbar' }, disclosure({ label: t('frac.proposals.new.open'), iconName: 'plus', panel, open: st.addOpen,
        key: 'prop-new-toggle', onToggle: (open) => { st.addOpen = open; } })) : null,
      panel,
      h('section', { class: 'panel panel--wide', 'aria-labelledby': 'prop-list' },
        h('h2', { id: 'prop-list' }, t('frac.proposals.queue')),
        h('div', { class: 'filters filters--one' }, filter),
        paged.element));
    st.flash = null;
  };
  st.redrawPage = () => { draw(); page.querySelector('#prop-flash')?.focus(); };
  draw();
  return page;
}
