// API tests: the catalogue search (module catalog). Courses and a programme are authored, reviewed and
// published through the API, then found by Hindi and English words (whole and as prefixes), narrowed by
// each filter, counted in facets, sorted and paged; retired content disappears and a new published version
// replaces the old one; text full of query operators or 10,000 characters long is never an error.
// Every course here carries a random word of this run, so demo content never changes what is counted.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email) => (await api.login(email)).token;
const t = {}; // tokens by person
const org = {}; // code -> id
const comp = {}; // code -> id
const c = {}; // our contents by letter -> id

// A random lower-case word no demo text holds (letters only, so it is one word to both engines).
const word = () => 'zq' + [...crypto.randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
const RUN = word();
const RUN_UPPER = RUN.toUpperCase();

const search = (query, token = t.learner) => call('GET', `/api/v1/catalogue?${query}`, { token });
const q = (text, more = '') => `q=${encodeURIComponent(text)}${more}`;
// The ids a search finds, over every page.
const ids = async (query, limit = 500) => (await walk(`/api/v1/catalogue?${query}`, t.learner, limit)).items.map((i) => i.id);
const sorted = (list) => [...list].sort((a, b) => a - b);
const letters = (...ls) => sorted(ls.map((l) => c[l]));

async function ensureProvider(orgId, kind) {
  const r = await call('GET', `/api/v1/providers/${orgId}`, { token: t.spv });
  if (r.status === 200) return;
  ok(await call('POST', '/api/v1/providers', { token: t.spv, json: { org_id: orgId, kind } }), 201);
}

const step = async (id, token, action) => ok(await call('POST', `/api/v1/contents/${id}/transitions`,
  { token, json: { action } }));
async function publish(id) {
  await step(id, t.creator, 'submit');
  await step(id, t.reviewer, 'start_review');
  await step(id, t.reviewer, 'approve');
  return step(id, t.publisher, 'publish');
}

// A course (or, with items, a programme) on LBSNAA by the demo creator, published unless told not to.
async function content(letter, meta, { kind = 'course', items = null, publishIt = true } = {}) {
  const made = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: org.LBSNAA, kind, code: `CS-${RUN_UPPER}-${letter}`, ...meta } }), 201);
  const outline = items ? { items } : { modules: [{ title: 'Basics', resources: [
    { kind: 'link', title: 'The rules', url: 'https://doe.gov.in/procurement' }] }] };
  ok(await call('PUT', `/api/v1/contents/${made.id}/outline`, { token: t.creator, json: outline }));
  c[letter] = made.id;
  if (publishIt) await publish(made.id);
  return made.id;
}

before(async () => {
  srv = await startServer();
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher', 'learner']) {
    t[who === 'spv.admin' ? 'spv' : who] = await login(`${who}@karmayogi.demo`);
  }
  for (const code of ['LBSNAA', 'ISTM']) org[code] = await api.orgId(code, t.spv);
  await ensureProvider(org.LBSNAA, 'academy');
  for (const code of ['FUN-PROCUREMENT', 'BEH-INTEGRITY', 'DOM-RAILWAY-OPS']) {
    const r = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: t.learner }));
    comp[code] = r.items.find((x) => x.code === code).id;
  }
  // A: bilingual procurement course; B: ethics in English for group C; C: railway safety in Hindi;
  // D: a programme built on A. Durations 90, 30, 240, 600.
  await content('A', { title: 'Public Procurement Essentials', title_hi: 'सार्वजनिक खरीद की मूल बातें',
    description: 'GFR 2017, the GeM portal and the ethics of buying for government.',
    description_hi: 'सामान्य वित्तीय नियम और जेम पोर्टल।', languages: ['en', 'hi'], duration_minutes: 90,
    keywords: [RUN, 'GeM'], target_groups: ['A', 'B'],
    competencies: [{ competency_id: comp['FUN-PROCUREMENT'], level: 3 }] });
  await content('B', { title: 'Ethics and Integrity in Governance', languages: ['en'], duration_minutes: 30,
    keywords: [RUN], target_groups: ['C'], competencies: [{ competency_id: comp['BEH-INTEGRITY'], level: 2 }] });
  await content('C', { title: 'Railway Safety Management', title_hi: 'रेल संरक्षा प्रबंधन', languages: ['hi'],
    duration_minutes: 240, keywords: [RUN], target_groups: ['B', 'C'],
    competencies: [{ competency_id: comp['DOM-RAILWAY-OPS'], level: 4 },
      { competency_id: comp['FUN-PROCUREMENT'], level: 1 }] });
  await content('D', { title: 'Procurement Leadership Programme', languages: ['en'], duration_minutes: 600,
    keywords: [RUN], target_groups: ['A'], competencies: [{ competency_id: comp['FUN-PROCUREMENT'], level: 5 }] },
  { kind: 'programme', items: [c.A] });
});
after(async () => { if (srv) await srv.stop(); });

test('a published course is listed with its card: provider, languages, competencies, rating', async () => {
  const page = ok(await search(q(RUN, '&kind=course&sort=newest')));
  const a = page.items.find((i) => i.id === c.A);
  assert.ok(a, JSON.stringify(page));
  assert.equal(a.code, `CS-${RUN_UPPER}-A`);
  assert.equal(a.kind, 'course');
  assert.equal(a.title, 'Public Procurement Essentials');
  assert.equal(a.title_hi, 'सार्वजनिक खरीद की मूल बातें');
  assert.match(a.description, /^GFR 2017/);
  assert.equal(a.provider.id, org.LBSNAA);
  assert.equal(a.provider.code, 'LBSNAA');
  assert.ok(a.provider.name && a.provider.name_hi);
  assert.deepEqual(a.languages, ['en', 'hi']);
  assert.equal(a.duration_minutes, 90);
  assert.deepEqual(a.competencies.map((x) => [x.code, x.level]), [['FUN-PROCUREMENT', 3]]);
  assert.ok(a.competencies[0].name && a.competencies[0].name_hi);
  assert.deepEqual(a.rating, { average: 0, count: 0 });
  assert.match(a.published_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
});

test('Hindi words are found whole and as prefixes, never as fragments inside a word', async () => {
  for (const w of ['सार्वजनिक', 'सार्व', 'खरीद', 'मूल', 'की']) {
    assert.ok((await ids(q(w))).includes(c.A), `${w} finds the course`);
    assert.deepEqual(await ids(q(`${w} ${RUN}`)), [c.A], `${w} with the run's word finds only it`);
  }
  assert.deepEqual(await ids(q(`संरक्षा ${RUN}`)), [c.C]);
  // unicode61 without the Devanagari marks would split सार्वजनिक into स, र, वजन, क and find these
  for (const fragment of ['वजन', 'जनिक', 'रीद']) {
    assert.deepEqual(await ids(q(`${fragment} ${RUN}`)), [], `${fragment} is not a word of the course`);
  }
  assert.deepEqual(await ids(q(`जेम ${RUN}`)), [c.A], 'the Hindi description is searched');
});

test('English words are found whole, as prefixes and in any case; all words must match', async () => {
  for (const w of ['procurement', 'PROCURE', 'proc', 'Essentials', 'gem', 'GFR']) {
    assert.ok((await ids(q(w))).includes(c.A), `${w} finds the course`);
  }
  assert.deepEqual(sorted(await ids(q(`procurement ${RUN}`))), letters('A', 'D'));
  assert.deepEqual(await ids(q(`procurement essentials ${RUN}`)), [c.A]);
  assert.deepEqual(await ids(q(`procurement railway ${RUN}`)), []);
  assert.deepEqual(await ids(q(`ethic ${RUN}`)).then(sorted), letters('A', 'B'), 'title and description');
});

test('relevance puts a title match before a description match', async () => {
  const page = ok(await search(q(`ethics ${RUN}`, '&sort=relevance')));
  assert.deepEqual(page.items.map((i) => i.id), [c.B, c.A]);
});

test('10,000 characters of text are cut to a safe length, never refused', async () => {
  for (const text of ['procurement-'.repeat(900).slice(0, 10000), 'x'.repeat(10000),
    `${RUN} ${'"*-()'.repeat(2000)}`.slice(0, 10000), 'सार्वजनिक '.repeat(100)]) {
    const r = await search(q(text));
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.ok(Array.isArray(r.data.items));
    assert.equal(typeof r.data.total, 'number');
  }
  // the first words still count: the run's word first, then 10,000 characters of noise
  const r = ok(await search(q(`${RUN} ${'!'.repeat(10000)}`)));
  assert.equal(r.total, 4);
});

test('query operators are plain characters: 200 with a result, never an engine error', async () => {
  const texts = ['"', '""', '"unbalanced', '*', '**', '-', '-procurement', 'NEAR(', 'NEAR(a b, 2)', 'AND OR NOT',
    'AND', 'NOT', 'OR', '(', ')', '()', ':', 'title_en:procurement', '^', '^procurement', "'", "''", "it's",
    '\\', '&', '|', '!', '<->', 'a:*', '{title_en}: x', '+', '~', '%', '_', ';', '"*-NEAR(AND OR NOT()):^\'',
    '€ ∑ 😀', '।', '   '];
  for (const text of texts) {
    const r = await search(q(text));
    assert.equal(r.status, 200, `${JSON.stringify(text)}: ${r.status} ${r.text.slice(0, 300)}`);
    assert.ok(Array.isArray(r.data.items));
  }
  // wrapped in operators, the run's word still finds exactly our four items
  for (const text of [`"${RUN}`, `${RUN}*`, `-${RUN}`, `(${RUN})`, `${RUN}:`, `^${RUN}`, `'${RUN}'`,
    `{${RUN}}`, `${RUN} "`, `*${RUN}`]) {
    assert.deepEqual(sorted(await ids(q(text))), letters('A', 'B', 'C', 'D'), text);
  }
  // AND, NOT and NEAR are words to look for, not operators: none of ours says "not" or "near"
  assert.deepEqual(await ids(q(`NOT ${RUN}`)), []);
  assert.deepEqual(await ids(q(`NEAR(${RUN})`)), []);
  assert.deepEqual(sorted(await ids(q(`${RUN} AND`))), letters('A', 'B'), 'only A and B say "and"');
});

test('each filter narrows the result to what it names', async () => {
  const cases = [
    ['kind=programme', ['D']], ['kind=course', ['A', 'B', 'C']],
    [`competency=${comp['FUN-PROCUREMENT']}`, ['A', 'C', 'D']],
    [`competency=${comp['FUN-PROCUREMENT']}&level=3`, ['A', 'D']],
    [`competency=${comp['FUN-PROCUREMENT']}&level=5`, ['D']],
    ['area=domain', ['C']], ['area=behavioural', ['B']], ['area=functional', ['A', 'C', 'D']],
    ['area=functional&level=2', ['A', 'D']], ['level=4', ['C', 'D']],
    [`provider=${org.LBSNAA}`, ['A', 'B', 'C', 'D']], [`provider=${org.ISTM}`, []],
    ['language=hi', ['A', 'C']], ['language=en', ['A', 'B', 'D']],
    ['group=A', ['A', 'D']], ['group=B', ['A', 'C']], ['group=C', ['B', 'C']],
    ['duration_min=60', ['A', 'C', 'D']], ['duration_max=90', ['A', 'B']], ['duration_min=90&duration_max=240', ['A', 'C']],
    ['language=en&group=A&kind=course', ['A']],
  ];
  for (const [filter, want] of cases) {
    assert.deepEqual(sorted(await ids(`${q(RUN)}&${filter}`)), letters(...want), filter);
    assert.equal(ok(await search(`${q(RUN)}&${filter}`)).total, want.length, `total for ${filter}`);
  }
});

test('filters also work without words', async () => {
  const all = await ids(`provider=${org.LBSNAA}&kind=programme&language=en&group=A&duration_min=600`);
  assert.ok(all.includes(c.D));
  assert.ok(!all.includes(c.A) && !all.includes(c.B));
});

test('facets count the matches, each without its own filter', async () => {
  const f = ok(await search(q(RUN))).facets;
  assert.deepEqual(f.kind, { course: 3, programme: 1 });
  assert.deepEqual(f.language, { en: 3, hi: 2 });
  assert.deepEqual(f.group, { A: 2, B: 2, C: 2 });
  assert.deepEqual(f.area, { functional: 3, behavioural: 1, domain: 1 });
  assert.deepEqual(f.provider.map((p) => [p.id, p.code, p.count]), [[org.LBSNAA, 'LBSNAA', 4]]);
  assert.ok(f.provider[0].name);
  const byCode = Object.fromEntries(f.competency.map((x) => [x.code, x.count]));
  assert.deepEqual(byCode, { 'FUN-PROCUREMENT': 3, 'BEH-INTEGRITY': 1, 'DOM-RAILWAY-OPS': 1 });
  assert.equal(f.competency.find((x) => x.code === 'FUN-PROCUREMENT').id, comp['FUN-PROCUREMENT']);

  const narrowed = ok(await search(`${q(RUN)}&kind=course`));
  assert.equal(narrowed.total, 3);
  assert.deepEqual(narrowed.facets.kind, { course: 3, programme: 1 }, 'kind still shows the programme');
  assert.deepEqual(narrowed.facets.language, { en: 2, hi: 2 });
  assert.deepEqual(narrowed.facets.group, { A: 1, B: 2, C: 2 });

  const hindi = ok(await search(`${q(RUN)}&language=hi&area=functional`));
  assert.equal(hindi.total, 2);
  assert.deepEqual(hindi.facets.language, { en: 2, hi: 2 }, 'language without its own filter: A, D / A, C');
  assert.deepEqual(hindi.facets.area, { functional: 2, domain: 1 }, 'area without its own filter: A, C');
  assert.deepEqual(hindi.facets.kind, { course: 2 });
});

test('sorts: newest, relevance without words, popular and rating; ties by id', async () => {
  const newest = await ids(q(RUN, '&sort=newest'));
  assert.deepEqual(newest, [c.D, c.C, c.B, c.A]);
  assert.deepEqual(await ids(q(RUN)), await ids(q(RUN, '&sort=relevance')), 'relevance is the default');
  // no ratings or enrolments yet: every item ties, and ties go by id
  assert.deepEqual(await ids(q(RUN, '&sort=popular')), letters('A', 'B', 'C', 'D'));
  assert.deepEqual(await ids(q(RUN, '&sort=rating')), letters('A', 'B', 'C', 'D'));
  const noWords = await ids(`provider=${org.LBSNAA}&kind=programme&sort=relevance`);
  const noWordsNewest = await ids(`provider=${org.LBSNAA}&kind=programme&sort=newest`);
  assert.deepEqual(noWords, noWordsNewest, 'relevance without words is newest');
});

test('paging walks every result exactly once, in every sort', async () => {
  for (const sort of ['relevance', 'newest', 'popular', 'rating']) {
    for (const query of [q(RUN, `&sort=${sort}`), q(`${RUN} procurement`, `&sort=${sort}`)]) {
      const whole = await ids(query, 500);
      const { items, pages } = await walk(`/api/v1/catalogue?${query}`, t.learner, 1);
      assert.deepEqual(items.map((i) => i.id), whole, `${query} page by page`);
      assert.equal(new Set(whole).size, whole.length);
      assert.ok(pages.every((p) => p.total === whole.length), 'every page gives the same total');
    }
  }
  // without words, across the whole catalogue (demo content included)
  const all = await ids('sort=newest', 500);
  const paged = (await walk('/api/v1/catalogue?sort=newest', t.learner, 7)).items.map((i) => i.id);
  assert.deepEqual(paged, all);
  assert.equal(new Set(all).size, all.length);
  for (const id of Object.values(c)) assert.ok(all.includes(id));
});

test('retired content disappears from search; unpublished content never shows', async () => {
  const gone = word();
  const id = await content('E', { title: 'Obsolete Filing Rules', keywords: [gone], languages: ['en'] });
  assert.deepEqual(await ids(q(gone)), [id]);
  await step(id, t.publisher, 'retire');
  assert.deepEqual(await ids(q(gone)), []);
  assert.deepEqual(await ids(q(`obsolete filing ${gone}`)), []);
  assert.ok(!(await ids('sort=newest')).includes(id));

  const draft = word();
  const d = await content('F', { title: 'Draft Only', keywords: [draft] }, { publishIt: false });
  assert.deepEqual(await ids(q(draft)), []);
  await step(d, t.creator, 'submit');
  await step(d, t.reviewer, 'start_review');
  await step(d, t.reviewer, 'approve');
  assert.deepEqual(await ids(q(draft)), [], 'approved but not published');
});

test('a new published version replaces the old one in the index', async () => {
  const mark = word(); const before = word(); const later = word();
  const id = await content('G', { title: 'Noting and Drafting', keywords: [mark, before], languages: ['en'],
    duration_minutes: 45, target_groups: ['C'] });
  assert.deepEqual(await ids(q(before)), [id]);
  ok(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title: 'Noting and Drafting in e-Office',
    title_hi: 'ई-ऑफिस में टिप्पण और प्रारूपण', keywords: [mark, later], languages: ['en', 'hi'], duration_minutes: 75 } }));
  // the new draft is not published yet: search still shows version 1
  assert.deepEqual(await ids(q(later)), []);
  assert.deepEqual(await ids(q(before)), [id]);
  await publish(id);
  assert.deepEqual(await ids(q(before)), [], 'the old words are gone');
  assert.deepEqual(await ids(q(later)), [id]);
  assert.deepEqual(await ids(q(`टिप्पण ${mark}`)), [id]);
  const page = ok(await search(q(mark)));
  assert.equal(page.total, 1, 'one entry per content item');
  assert.equal(page.items[0].title, 'Noting and Drafting in e-Office');
  assert.deepEqual(page.items[0].languages, ['en', 'hi']);
  assert.equal(page.items[0].duration_minutes, 75);
  assert.deepEqual(await ids(`${q(mark)}&duration_max=50`), [], 'filters read the new version');
});

test('bad filters are 422 naming the parameter', async () => {
  const cases = [['kind=video', 'kind'], ['area=technical', 'area'], ['level=0', 'level'], ['level=6', 'level'],
    ['level=two', 'level'], ['language=fr', 'language'], ['group=D', 'group'], ['duration_min=0', 'duration_min'],
    ['duration_max=100001', 'duration_max'], ['duration_max=abc', 'duration_max'], ['sort=best', 'sort'],
    ['provider=-1', 'provider'], ['provider=LBSNAA', 'provider'], ['competency=x', 'competency'],
    ['limit=501', 'limit'], ['limit=0', 'limit'], ['cursor=zz', 'cursor'],
    [`cursor=${Buffer.from('5:abc').toString('hex')}`, 'cursor']];
  for (const [query, field] of cases) {
    const p = assertProblem(await search(query), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], query);
  }
  const p = assertProblem(await search('level=9&group=Z'), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['group', 'level']);
});

test('the catalogue needs a session', async () => {
  assertProblem(await call('GET', '/api/v1/catalogue'), 401);
});
