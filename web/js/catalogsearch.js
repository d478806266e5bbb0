// The catalogue (#/catalogue?q=&kind=&...): search in English or Hindi, filters with facet counts (type,
// competency area, competency and level, provider, language, duration, target group), sort, and the
// results a page at a time as cards in the chosen language. The filters live in the hash (replaced, not
// pushed), so a search can be bookmarked and a language switch keeps it.

import { h, replace } from './dom.js';
import { t, localName } from './i18n.js';
import { icon } from './icons.js';
import { api } from './api.js';
import { breadcrumb, pageHeader, formatNumber, alertBox, screenMemory } from './ui.js';
import { AREAS, areaLabel, levelLabel } from './fracshared.js';
import {
  CONTENT_KINDS, TARGET_GROUPS, contentTitle, contentDescription, durationText, kindWord, languageWord, groupWord,
  languageTags,
} from './catalogshared.js';
import { thumbnailImage } from './catalogthumb.js';
import { ratingBadge } from './catalogratings.js';

const PAGE = 20;
const FILTERS = ['q', 'kind', 'area', 'competency', 'level', 'provider', 'language', 'group', 'duration', 'sort'];
const SORTS = ['relevance', 'newest', 'popular', 'rating'];
// A duration choice and the bounds it asks the server for (minutes).
const DURATIONS = { short: { duration_max: 60 }, medium: { duration_min: 60, duration_max: 240 }, long: { duration_min: 240 } };

const remember = screenMemory(() => ({ f: null, items: [], facets: null, total: 0, cursor: null, loaded: false,
  error: null, loading: false, seq: 0 }));

function filtersFrom(query) {
  const f = {};
  for (const name of FILTERS) f[name] = (query && query.get(name)) || '';
  return f;
}

function queryOf(f, { forServer = false } = {}) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = (f[name] || '').trim();
    if (!value) continue;
    if (forServer && name === 'duration') {
      for (const [k, v] of Object.entries(DURATIONS[value] || {})) params.set(k, String(v));
    } else if (forServer && name === 'sort' && value === 'relevance' && !f.q.trim()) {
      continue; // nothing to be relevant to: the server's default order
    } else {
      params.set(name, value);
    }
  }
  return params;
}

async function search(st, { more = false } = {}) {
  const params = queryOf(st.f, { forServer: true });
  params.set('limit', String(PAGE));
  if (more && st.cursor) params.set('cursor', st.cursor);
  st.seq += 1;
  const mine = st.seq;
  st.loading = true;
  st.error = null;
  try {
    const answer = await api('GET', `/catalogue?${params}`);
    if (mine !== st.seq) return; // a newer search has started: its answer counts
    st.items = more ? [...st.items, ...answer.items] : answer.items;
    if (!more || answer.facets) st.facets = answer.facets || st.facets;
    st.total = answer.total ?? st.items.length;
    st.cursor = answer.next_cursor || null;
    st.loaded = true;
  } catch (error) {
    if (mine === st.seq) st.error = error;
  } finally {
    if (mine === st.seq) st.loading = false;
  }
}

// ---- Result cards

function card(item) {
  const desc = contentDescription(item);
  const provider = item.provider ? localName(item.provider) : '';
  const comps = (item.competencies || []).slice(0, 3);
  return h('li', { class: 'ccard' },
    thumbnailImage(item, 'thumb thumb--card'),
    h('p', { class: 'ccard__kind' }, h('span', { class: 'tag tag--plain' }, kindWord(item.kind)),
      provider ? h('span', { class: 'ccard__provider' }, icon('building', 'icon icon--small'), h('span', null, provider)) : null),
    h('h3', { class: 'ccard__title' }, h('a', { class: 'ccard__link', href: `#/contents/${item.id}` }, contentTitle(item))),
    desc ? h('p', { class: 'ccard__text' }, desc.length > 220 ? `${desc.slice(0, 217).trimEnd()}…` : desc) : null,
    comps.length ? h('ul', { class: 'ccard__comps', 'aria-label': t('cat.card.comps') },
      comps.map((c) => h('li', { class: 'chip chip--comp' }, localName(c),
        c.level ? h('span', { class: 'chip__scope' }, levelLabel(c.level)) : null))) : null,
    h('p', { class: 'ccard__meta' },
      item.duration_minutes ? h('span', { class: 'ccard__dur' }, icon('clock', 'icon icon--small'), h('span', null, durationText(item.duration_minutes))) : null,
      languageTags(item.languages), ratingBadge(item.rating)));
}

// ---- Filters

/** A radio group for one facet: "Any" and each value with its count (the chosen one kept even at zero). */
function facetGroup(st, name, legend, values, onChange) {
  const id = `cat-f-${name}`;
  const chosen = st.f[name];
  const list = values.filter(([value, , count]) => count > 0 || value === chosen);
  if (chosen && !list.some(([value]) => value === chosen)) list.push([chosen, chosen, 0]);
  const option = (value, label, count) => {
    const inputId = `${id}-${value || 'any'}`.replace(/[^\w-]/g, '-');
    return h('li', { class: 'facet__item' },
      h('input', { type: 'radio', class: 'facet__input', id: inputId, name: id, value, checked: (chosen || '') === value,
        'data-focus-key': inputId, onchange: () => onChange(name, value) }),
      h('label', { class: 'facet__label', for: inputId }, h('span', null, label),
        count === null ? null : h('span', { class: 'facet__count' }, formatNumber(count))));
  };
  if (!list.length && !chosen) return null;
  return h('fieldset', { class: 'facet' },
    h('legend', { class: 'facet__legend' }, legend),
    h('ul', { class: 'facet__list' }, option('', t('cat.f.any'), null), list.map(([value, label, count]) => option(value, label, count))));
}

const mapFacet = (facet, label) => Object.entries(facet || {}).map(([value, count]) => [value, label(value), Number(count) || 0]);

function selectBox(st, name, label, options, onChange) {
  const id = `cat-f-${name}`;
  const select = h('select', { id, class: 'field__input', 'data-focus-key': id, onchange: (e) => onChange(name, e.target.value) },
    options.map(([value, text]) => h('option', { value }, text)));
  select.value = st.f[name] || '';
  return h('div', { class: 'field' }, h('label', { class: 'field__label', for: id }, label), select);
}

function filterPanel(st, onChange) {
  const fc = st.facets || {};
  const providers = (fc.provider || []).map((p) => [String(p.id), localName(p) || p.code, Number(p.count) || 0]);
  const comps = (fc.competency || []).map((c) => [String(c.id), localName(c) || c.code, Number(c.count) || 0]);
  const active = FILTERS.filter((n) => n !== 'q' && n !== 'sort' && st.f[n]).length;
  return h('aside', { class: 'cat-filters', 'aria-labelledby': 'cat-filters-title' },
    h('div', { class: 'cat-filters__head' },
      h('h2', { id: 'cat-filters-title' }, t('cat.f.title')),
      active ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-focus-key': 'cat-clear',
        onclick: () => onChange(null) }, icon('x', 'icon icon--small'), h('span', null, t('cat.f.clear'))) : null),
    facetGroup(st, 'kind', t('cat.f.kind'), mapFacet(fc.kind, kindWord).filter(([k]) => CONTENT_KINDS.includes(k)), onChange),
    facetGroup(st, 'area', t('cat.f.area'), mapFacet(fc.area, areaLabel).filter(([a]) => AREAS.includes(a)), onChange),
    facetGroup(st, 'competency', t('cat.f.competency'), comps, onChange),
    selectBox(st, 'level', t('cat.f.level'), [['', t('cat.f.any_level')], ...[1, 2, 3, 4, 5].map((n) => [String(n), levelLabel(n)])], onChange),
    facetGroup(st, 'provider', t('cat.f.provider'), providers, onChange),
    facetGroup(st, 'language', t('cat.f.language'), mapFacet(fc.language, languageWord), onChange),
    selectBox(st, 'duration', t('cat.f.duration'), [['', t('cat.f.any_duration')],
      ...Object.keys(DURATIONS).map((d) => [d, t(`cat.f.duration.${d}`)])], onChange),
    facetGroup(st, 'group', t('cat.f.group'), mapFacet(fc.group, groupWord).filter(([g]) => TARGET_GROUPS.includes(g)), onChange));
}

// ---- The screen

/** The catalogue. */
export function renderCatalogue(ctx) {
  const st = remember(`${ctx.visit}`);
  if (!st.f) st.f = filtersFrom(ctx.route.query);
  const page = h('div', { class: 'page page--wide page--catalogue' });
  const typed = { q: st.f.q };

  const syncHash = () => {
    const q = queryOf(st.f).toString();
    history.replaceState(null, '', `#/catalogue${q ? `?${q}` : ''}`);
  };
  const redraw = (focusKey) => {
    draw();
    const again = focusKey && page.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  };
  const run = async (options = {}) => {
    const active = document.activeElement;
    const focusKey = active && page.contains(active) ? active.getAttribute('data-focus-key') : null;
    syncHash();
    const pending = search(st, options);
    redraw(focusKey);
    await pending;
    redraw(focusKey);
    if (options.more) page.querySelectorAll('.ccard__link')[options.from]?.focus();
  };
  const onChange = (name, value) => {
    if (name === null) {
      for (const n of FILTERS) if (n !== 'q' && n !== 'sort') st.f[n] = '';
      page.querySelector('#cat-q')?.focus();
    } else {
      st.f[name] = value;
    }
    run();
  };

  function searchForm() {
    const input = h('input', { id: 'cat-q', type: 'search', class: 'field__input', value: typed.q, 'data-focus-key': 'cat-q',
      autocomplete: 'off', placeholder: t('cat.q.placeholder'), 'aria-describedby': 'cat-q-hint',
      oninput: (e) => { typed.q = e.target.value; } });
    const form = h('form', { class: 'cat-search', role: 'search', 'aria-label': t('cat.q.label') },
      h('label', { class: 'field__label', for: 'cat-q' }, t('cat.q.label')),
      h('div', { class: 'search__row' }, input,
        h('button', { type: 'submit', class: 'button button--primary', 'data-focus-key': 'cat-go' }, icon('search'), h('span', null, t('cat.q.go')))),
      h('p', { class: 'field__hint', id: 'cat-q-hint' }, t('cat.q.hint')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      st.f.q = typed.q.trim();
      run();
    });
    return form;
  }

  function results() {
    const status = h('p', { class: 'list-status cat-count', role: 'status', 'aria-live': 'polite' });
    if (st.loading && !st.loaded) status.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading'));
    else if (st.loaded) status.textContent = st.total ? t(st.total === 1 ? 'cat.found_one' : 'cat.found', { count: formatNumber(st.total) }) : '';
    const sort = h('select', { id: 'cat-sort', class: 'field__input', 'data-focus-key': 'cat-sort',
      onchange: (e) => { st.f.sort = e.target.value; run(); } },
    SORTS.filter((s) => s !== 'relevance' || st.f.q).map((s) => h('option', { value: s }, t(`cat.sort.${s}`))));
    // Without words the server's "relevance" is "newest", so that is what the box says.
    sort.value = st.f.sort && (st.f.sort !== 'relevance' || st.f.q) ? st.f.sort : (st.f.q ? 'relevance' : 'newest');
    const more = st.cursor ? h('button', { type: 'button', class: 'button button--secondary', 'data-focus-key': 'cat-more',
      disabled: st.loading, onclick: () => run({ more: true, from: st.items.length }) }, t(st.loading ? 'list.loading' : 'list.more')) : null;
    const empty = st.loaded && !st.items.length && !st.loading
      ? h('div', { class: 'empty' }, h('p', null, st.f.q ? t('cat.none_q', { q: st.f.q }) : t('cat.none'))) : null;
    return h('section', { class: 'cat-results', 'aria-labelledby': 'cat-results-title' },
      h('div', { class: 'cat-results__head' },
        h('h2', { id: 'cat-results-title' }, st.f.q ? t('cat.results_for', { q: st.f.q }) : t('cat.results')),
        h('div', { class: 'field field--row' }, h('label', { class: 'field__label', for: 'cat-sort' }, t('cat.sort')), sort)),
      status,
      alertBox(st.error),
      empty,
      st.items.length ? h('ul', { class: 'ccards', 'aria-labelledby': 'cat-results-title', 'aria-busy': String(st.loading) },
        st.items.map(card)) : null,
      more ? h('div', { class: 'paged__more' }, more) : null);
  }

  function draw() {
    replace(page,
      breadcrumb([{ href: '#/home', label: t('nav.home') }, { label: t('section.catalogue.title') }]),
      pageHeader('grid', t('section.catalogue.title'), h('p', { class: 'lead' }, t('cat.lead'))),
      searchForm(),
      h('div', { class: 'cat-layout' }, filterPanel(st, onChange), results()));
  }

  draw();
  if (!st.loaded && !st.loading) run();
  return page;
}
