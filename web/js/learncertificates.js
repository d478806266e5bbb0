// My certificates (#/learning/certificates): every certificate the official earned, newest first, a page at a
// time; each with its PDF, the share link (the public /verify page its QR code opens) with a copy button, and
// its Open Badge. A revoked certificate says so, with the date and the reason.

import { h, replace } from './dom.js';
import { t, language, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, formatDate, pagedList, newStore, screenMemory, countKey, facts } from './ui.js';

const PAGE = 20;
const remember = screenMemory(() => ({ store: newStore() }));

const inHindi = (en, hi) => (language() === 'hi' && hi ? hi : en);
const named = (record) => localName({ name: record.name_en, name_hi: record.name_hi });

async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_) {
    // No clipboard permission (an old browser, an insecure origin): select it so Ctrl+C copies it.
    input.focus();
    input.select();
    try { return document.execCommand('copy'); } catch (__) { return false; }
  }
}

function shareBox(c) {
  const id = `cert-share-${c.code}`;
  const input = h('input', { id, class: 'field__input', type: 'text', readonly: true, value: c.verify_url,
    'data-share-link': c.code });
  const said = h('span', { class: 'field__hint', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-copy': c.code },
    icon('link', 'icon icon--small'), h('span', null, t('cert.copy')));
  button.addEventListener('click', async () => {
    said.textContent = (await copyText(c.verify_url, input)) ? t('cert.copied') : t('cert.copy.failed');
  });
  return h('div', { class: 'field' },
    h('label', { class: 'field__label', for: id }, t('cert.share')),
    h('div', { class: 'field--row' }, input, button),
    h('span', { class: 'field__hint' }, t('cert.share.hint')), said);
}

function competencies(c) {
  if (!c.competencies.length) return '';
  return c.competencies.map((k) => t('cert.competency', { name: named(k), level: formatNumber(k.level) })).join(' · ');
}

function certificateCard(c) {
  const title = inHindi(c.title_en, c.title_hi);
  const revoked = c.status === 'revoked';
  return h('li', { class: 'card', 'data-certificate': c.code },
    h('h3', { class: 'card__title' }, title),
    h('p', null, h('span', { class: `tag tag--status ${revoked ? 'tag--bad' : 'tag--ok'}` },
      t(revoked ? 'cert.status.revoked' : 'cert.status.valid'))),
    facts([
      [t('cert.provider'), named(c.provider)],
      [t('cert.issued'), h('time', { datetime: c.issued_at }, formatDate(c.issued_at))],
      revoked ? [t('cert.revoked_at'), h('time', { datetime: c.revoked_at }, formatDate(c.revoked_at))] : null,
      revoked ? [t('cert.reason'), c.revoke_reason] : null,
      [t('cert.competencies'), competencies(c)],
      [t('cert.code'), h('span', { class: 'code code--plain' }, c.code)],
    ]),
    shareBox(c),
    h('div', { class: 'form__actions' },
      h('a', { class: 'button button--primary button--small', href: `/api/v1/certificates/${c.code}/pdf`, download: '',
        'aria-label': t('cert.pdf.label', { title }) }, icon('download', 'icon icon--small'), h('span', null, t('cert.pdf'))),
      h('a', { class: 'button button--secondary button--small', href: c.verify_url, target: '_blank', rel: 'noopener' },
        icon('check', 'icon icon--small'), h('span', null, t('cert.verify'))),
      revoked ? null : h('a', { class: 'button button--secondary button--small', href: c.badge_url, target: '_blank',
        rel: 'noopener', 'aria-label': t('cert.badge.label', { title }) }, icon('target', 'icon icon--small'),
      h('span', null, t('cert.badge')))));
}

/** The official's certificates. */
export function renderCertificates(ctx) {
  const st = remember(`${ctx.visit}`);
  const page = h('div', { class: 'page' });
  const list = pagedList({
    container: h('ul', { class: 'cards' }),
    store: st.store,
    renderItem: certificateCard,
    fetchPage: (cursor) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) params.set('cursor', cursor);
      return api('GET', `/me/certificates?${params}`);
    },
    countText: (n, more) => t(countKey('cert.count', n, more), { count: formatNumber(n) }),
    emptyText: t('cert.none'),
    label: t('cert.title'),
  });
  replace(page,
    breadcrumb([{ href: '#/home', label: t('nav.home') }, { href: '#/learning', label: t('section.learning.title') },
      { label: t('cert.title') }]),
    pageHeader('file', t('cert.title'), h('p', { class: 'lead' }, t('cert.lead'))),
    h('section', { class: 'panel panel--wide', 'aria-label': t('cert.title') }, list.element));
  return page;
}
