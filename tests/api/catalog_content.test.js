// API tests: providers and content (module catalog). An spv_admin makes providers from training institutions;
// a provider's creators make content with bilingual metadata (competencies at levels, target groups,
// designations, languages) and its outline (modules of video, PDF, sanitised HTML, link and quiz resources;
// programmes of published courses); every bad field is a 422 naming it; other providers' people get 403.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';
const PASSWORD = 'Content-Before-Catalogue-2026';

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const login = async (email, password) => (await api.login(email, password)).token;
const t = {};
const org = {};
const comp = {};

function dbUrl() {
  if (!PG) return `sqlite:${path.join(srv.tmp, 'test.db')}`;
  return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`;
}

let seq = 0;
async function person(name, orgId, roles) {
  seq++;
  const made = ok(await call('POST', '/api/v1/officials', { token: t.spv, json: {
    employee_code: `CC/${seq}`, email: `cc.${seq}@example.gov.in`, name, org_id: orgId } }), 201);
  for (const role of roles) {
    ok(await call('POST', `/api/v1/officials/${made.id}/roles`, { token: t.spv, json: { role, org_id: orgId } }), 201);
  }
  const r = spawnSync(BIN, ['activation-link', '--db', dbUrl(), '--email', made.email, '--base', 'https://x.example/'],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().match(/token=([0-9a-f]{64})$/)[1];
  ok(await call('POST', '/api/v1/auth/activate', { json: { token, password: PASSWORD } }));
  return login(made.email, PASSWORD);
}

const create = (json, token = t.creator) => call('POST', '/api/v1/contents', { token,
  json: { provider_id: org.LBSNAA, kind: 'course', ...json } });
const patch = (id, json, token = t.creator) => call('PATCH', `/api/v1/contents/${id}`, { token, json });
const outline = (id, json, token = t.creator) => call('PUT', `/api/v1/contents/${id}/outline`, { token, json });
const act = async (id, token, action) => ok(await call('POST', `/api/v1/contents/${id}/transitions`, { token, json: { action } }));
const link = (title = 'Read') => ({ kind: 'link', title, url: 'https://example.gov.in/read' });
// A published course, by the demo LBSNAA people.
async function published(code, title) {
  const c = ok(await create({ code, title }), 201);
  ok(await outline(c.id, { modules: [{ title: 'One', resources: [link()] }] }));
  await act(c.id, t.creator, 'submit');
  await act(c.id, t.reviewer, 'start_review');
  await act(c.id, t.reviewer, 'approve');
  await act(c.id, t.publisher, 'publish');
  return c.id;
}
// The single field a bad create or edit names.
async function badField(r, field) {
  const p = assertProblem(await r, 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), [field], JSON.stringify(p.errors));
  return p;
}

before(async () => {
  srv = await startServer();
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher', 'learner']) {
    t[who === 'spv.admin' ? 'spv' : who] = await login(`${who}@karmayogi.demo`);
  }
  for (const code of ['LBSNAA', 'ISTM', 'NAIR', 'MOR', 'KB']) org[code] = await api.orgId(code, t.spv);
  for (const code of ['LBSNAA', 'ISTM']) {
    const r = await call('GET', `/api/v1/providers/${org[code]}`, { token: t.spv });
    if (r.status === 404) ok(await call('POST', '/api/v1/providers', { token: t.spv, json: { org_id: org[code], kind: 'government' } }), 201);
  }
  t.istm = await person('Isha Istm', org.ISTM, ['content_creator']);
  for (const code of ['FUN-PROCUREMENT', 'BEH-INTEGRITY']) {
    comp[code] = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: t.learner })).items.find((c) => c.code === code).id;
  }
  const old = ok(await call('POST', '/api/v1/competencies', { token: t.spv, json: {
    code: 'DOM-CC-OLD', area: 'domain', name: 'Telegraph operations', description: 'Runs a telegraph office.',
    levels: [1, 2, 3, 4, 5].map((n) => ({ level: n, descriptor: `Level ${n}` })) } }), 201);
  ok(await call('PATCH', `/api/v1/competencies/${old.id}`, { token: t.spv, json: { status: 'retired' } }));
  comp.old = old.id;
});
after(async () => { if (srv) await srv.stop(); });

// --- providers ---

test('an spv_admin makes a training institution a provider; everyone reads providers with their people and output', async () => {
  const inst = ok(await call('POST', '/api/v1/orgs', { token: t.spv, json: { code: 'CC-NACIN-TEST', kind: 'training_institution',
    name: 'Customs training test academy', name_hi: 'सीमा शुल्क प्रशिक्षण परीक्षण अकादमी', parent_id: org.MOR } }), 201);
  const made = ok(await call('POST', '/api/v1/providers', { token: t.spv, json: { org_id: inst.id, kind: 'academy',
    description: 'Trains customs officers.', description_hi: 'सीमा शुल्क अधिकारियों का प्रशिक्षण।', website: 'https://www.nacin.gov.in/' } }), 201);
  assert.deepEqual(made.org, { id: inst.id, code: 'CC-NACIN-TEST', name: 'Customs training test academy', name_hi: 'सीमा शुल्क प्रशिक्षण परीक्षण अकादमी' });
  assert.deepEqual([made.kind, made.status, made.description_hi, made.website, made.published],
    ['academy', 'active', 'सीमा शुल्क अधिकारियों का प्रशिक्षण।', 'https://www.nacin.gov.in/', 0]);
  assert.deepEqual(made.people, { creators: 0, reviewers: 0, publishers: 0 });
  await person('Neha Nacin', inst.id, ['content_creator', 'content_reviewer']);
  const read = ok(await call('GET', `/api/v1/providers/${inst.id}`, { token: t.learner }));
  assert.deepEqual(read.people, { creators: 1, reviewers: 1, publishers: 0 });
  const found = ok(await call('GET', '/api/v1/providers?q=customs training test', { token: t.learner })).items;
  assert.deepEqual(found.map((p) => p.org.code), ['CC-NACIN-TEST']);
  const hindi = ok(await call('GET', `/api/v1/providers?q=${encodeURIComponent('सीमा शुल्क प्रशिक्षण')}`, { token: t.learner })).items;
  assert.deepEqual(hindi.map((p) => p.org.code), ['CC-NACIN-TEST']);
  const academies = ok(await call('GET', '/api/v1/providers?kind=academy&limit=500', { token: t.learner })).items;
  assert.ok(academies.every((p) => p.kind === 'academy') && academies.some((p) => p.org.code === 'CC-NACIN-TEST'));
  const all = await api.walk('/api/v1/providers', t.learner, 2);
  assert.ok(all.items.length >= 3);
  const names = all.items.map((p) => p.org.name);
  assert.deepEqual(names, [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), 'sorted by name');
  const edited = ok(await call('PATCH', `/api/v1/providers/${inst.id}`, { token: t.spv, json: { website: null, status: 'suspended' } }));
  assert.deepEqual([edited.website, edited.status, edited.description], [null, 'suspended', 'Trains customs officers.']);
});

test('providers: bad input 422, an organisation that is no institution 422, twice 409, not an spv_admin 403', async () => {
  const post = (json, token = t.spv) => call('POST', '/api/v1/providers', { token, json });
  await badField(post({ org_id: org.MOR, kind: 'government' }), 'org_id'); // a ministry
  await badField(post({ org_id: 999999, kind: 'government' }), 'org_id');
  await badField(post({ org_id: org.LBSNAA, kind: 'guild' }), 'kind');
  await badField(post({ org_id: org.LBSNAA, kind: 'academy', motto: 'x' }), 'motto');
  await badField(post({ org_id: org.LBSNAA, kind: 'academy', website: 'javascript:alert(1)' }), 'website');
  assertProblem(await post({ org_id: org.LBSNAA, kind: 'academy' }), 409);
  assertProblem(await post({ org_id: org.LBSNAA, kind: 'academy' }, t.creator), 403);
  assertProblem(await call('PATCH', `/api/v1/providers/${org.LBSNAA}`, { token: t.creator, json: { kind: 'academy' } }), 403);
  await badField(call('PATCH', `/api/v1/providers/${org.LBSNAA}`, { token: t.spv, json: { status: 'closed' } }), 'status');
  assertProblem(await call('GET', `/api/v1/providers/${org.MOR}`, { token: t.learner }), 404);
});

// --- content ---

test('a creator makes a course with bilingual metadata; it starts as draft version 1 and reads back whole', async () => {
  const c = ok(await create({ code: 'CC-GFR-2017', title: 'General Financial Rules 2017', title_hi: 'सामान्य वित्तीय नियम 2017',
    description: 'Rules for spending public money.', description_hi: 'सार्वजनिक धन खर्च करने के नियम।', languages: ['en', 'hi'],
    duration_minutes: 120, keywords: ['GFR', 'procurement', 'खरीद'], target_groups: ['A', 'B'], designations: ['US', 'DIR'],
    competencies: [{ competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-INTEGRITY'], level: 2 }] }), 201);
  assert.deepEqual([c.code, c.kind, c.status, c.version, c.latest_version, c.published_version], ['CC-GFR-2017', 'course', 'draft', 1, 1, null]);
  assert.deepEqual(c.provider, { id: org.LBSNAA, code: 'LBSNAA', name: 'Lal Bahadur Shastri National Academy of Administration', name_hi: c.provider.name_hi });
  assert.ok(c.provider.name_hi);
  assert.deepEqual([c.title_hi, c.description_hi, c.languages, c.duration_minutes], ['सामान्य वित्तीय नियम 2017', 'सार्वजनिक धन खर्च करने के नियम।', ['en', 'hi'], 120]);
  assert.deepEqual([c.keywords, c.target_groups], [['GFR', 'procurement', 'खरीद'], ['A', 'B']]);
  assert.deepEqual(c.designations.map((d) => d.code), ['DIR', 'US']);
  assert.equal(c.designations.find((d) => d.code === 'US').name, 'Under Secretary');
  assert.deepEqual(c.competencies.map((x) => [x.competency.code, x.competency.area, x.level]),
    [['BEH-INTEGRITY', 'behavioural', 2], ['FUN-PROCUREMENT', 'functional', 3]]);
  assert.equal(c.competencies[1].competency.name_hi, 'सार्वजनिक खरीद');
  assert.deepEqual([c.author.name, c.reviewer, c.published_by, c.thumbnail, c.modules], ['Kavita Iyer', null, null, null, []]);
  assert.ok(!('audience' in c), 'only curated programmes have an audience');
  assert.deepEqual(ok(await call('GET', `/api/v1/contents/${c.id}`, { token: t.creator })), c);
  // An edit replaces what it names and keeps the rest.
  const e = ok(await patch(c.id, { target_groups: ['C'], competencies: [{ competency_id: comp['BEH-INTEGRITY'], level: 5 }], description_hi: null }));
  assert.deepEqual([e.target_groups, e.competencies.map((x) => x.level), e.description_hi, e.title_hi, e.version], [['C'], [5], null, 'सामान्य वित्तीय नियम 2017', 1]);
});

test('bad metadata is a 422 naming the field: level 0 and 6, retired or unknown competency, language, group, designation, kind, code, duration, unknown fields', async () => {
  const base = { code: 'CC-BAD', title: 'Bad' };
  const lv = (level) => ({ ...base, competencies: [{ competency_id: comp['FUN-PROCUREMENT'], level }] });
  await badField(create(lv(0)), 'competencies[0].level');
  await badField(create(lv(6)), 'competencies[0].level');
  let p = await badField(create({ ...base, competencies: [{ competency_id: comp.old, level: 2 }] }), 'competencies[0].competency_id');
  assert.match(p.errors[0].message, /retired/);
  await badField(create({ ...base, competencies: [{ competency_id: 999999, level: 2 }] }), 'competencies[0].competency_id');
  await badField(create({ ...base, competencies: [{ competency_id: comp['FUN-PROCUREMENT'], level: 2 },
    { competency_id: comp['FUN-PROCUREMENT'], level: 3 }] }), 'competencies[1].competency_id');
  await badField(create({ ...base, languages: ['en', 'ta'] }), 'languages[1]');
  await badField(create({ ...base, languages: [] }), 'languages');
  await badField(create({ ...base, target_groups: ['D'] }), 'target_groups[0]');
  await badField(create({ ...base, designations: ['NOPE'] }), 'designations[0]');
  await badField(create({ ...base, kind: 'webinar' }), 'kind');
  await badField(create({ ...base, code: 'lower-case' }), 'code');
  await badField(create({ ...base, code: 'X' }), 'code');
  await badField(create({ ...base, code: '-LEADING' }), 'code');
  await badField(create({ ...base, duration_minutes: 0 }), 'duration_minutes');
  await badField(create({ ...base, duration_minutes: 100001 }), 'duration_minutes');
  await badField(create({ ...base, rating: 5 }), 'rating');
  await badField(create({ ...base, audience_text: 'Railway officers' }), 'audience_text');
  await badField(create({ ...base, thumbnail_file_id: 999999 }), 'thumbnail_file_id');
  await badField(create({ code: 'CC-NO-TITLE' }), 'title');
  await badField(create({ ...base, provider_id: org.MOR }), 'provider_id');
  // Edits: the same rules, and what never changes.
  const c = ok(await create({ code: 'CC-EDIT', title: 'Editable' }), 201);
  await badField(patch(c.id, { code: 'CC-OTHER' }), 'code');
  await badField(patch(c.id, { kind: 'programme' }), 'kind');
  await badField(patch(c.id, { level: 3 }), 'level');
  await badField(patch(c.id, { competencies: [{ competency_id: comp.old, level: 1 }] }), 'competencies[0].competency_id');
  await badField(patch(c.id, {}), 'body');
  // Nothing bad was kept.
  assertProblem(await call('GET', '/api/v1/contents/999999', { token: t.creator }), 404);
  const list = ok(await call('GET', `/api/v1/providers/${org.LBSNAA}/contents?q=CC-BAD`, { token: t.creator })).items;
  assert.deepEqual(list, []);
});

test('codes are unique in the catalogue: a second CC-DUP is 409', async () => {
  ok(await create({ code: 'CC-DUP', title: 'First' }), 201);
  const p = assertProblem(await create({ code: 'CC-DUP', title: 'Second' }), 409);
  assert.match(p.detail, /code/);
  assertProblem(await create({ code: 'CC-DUP', title: 'Third', provider_id: org.ISTM }, t.istm), 409);
});

test('a creator of another provider may not make or edit this provider\'s content (403), nor may reviewers or learners', async () => {
  const c = ok(await create({ code: 'CC-MINE', title: 'LBSNAA only' }), 201);
  assertProblem(await create({ code: 'CC-THEIRS', title: 'By ISTM for LBSNAA' }, t.istm), 403);
  assertProblem(await patch(c.id, { title: 'Taken over' }, t.istm), 403);
  assertProblem(await outline(c.id, { modules: [] }, t.istm), 403);
  assertProblem(await patch(c.id, { title: 'Reviewer edit' }, t.reviewer), 403);
  assertProblem(await create({ code: 'CC-LEARNER', title: 'Mine' }, t.learner), 403);
  assertProblem(await patch(c.id, { title: 'Learner edit' }, t.learner), 404); // a draft: no hint it exists
  assert.equal(ok(await call('GET', `/api/v1/contents/${c.id}`, { token: t.creator })).title, 'LBSNAA only');
  // ISTM's creator makes content for ISTM.
  const own = ok(await create({ code: 'CC-ISTM', title: 'Noting and drafting', provider_id: org.ISTM }, t.istm), 201);
  assert.equal(own.provider.code, 'ISTM');
  assertProblem(await patch(own.id, { title: 'x' }), 403);
});

test('the outline of a course: modules of link, quiz and video-by-URL resources, in order; each resource rule is a 422 at its path', async () => {
  const c = ok(await create({ code: 'CC-OUTLINE', title: 'Outline' }), 201);
  const r = ok(await outline(c.id, { modules: [
    { title: 'Why', title_hi: 'क्यों', resources: [link('Read the rules'),
      { kind: 'video', title: 'Watch', url: 'https://www.youtube.com/watch?v=abc', duration_minutes: 12 }] },
    { title: 'Check', resources: [{ kind: 'quiz', title: 'Quiz', assessment_ref: 'AS-77', required: false }] }] }));
  assert.deepEqual(r.modules.map((m) => [m.title, m.title_hi, m.resources.map((x) => x.kind)]),
    [['Why', 'क्यों', ['link', 'video']], ['Check', null, ['quiz']]]);
  const video = r.modules[0].resources[1];
  assert.deepEqual([video.url, video.duration_minutes, video.required, video.file], ['https://www.youtube.com/watch?v=abc', 12, true, null]);
  assert.deepEqual([r.modules[1].resources[0].assessment_ref, r.modules[1].resources[0].required], ['AS-77', false]);
  const at = (res) => outline(c.id, { modules: [{ title: 'M', resources: [link(), res] }] });
  await badField(at({ kind: 'video', title: 'V', url: 'http://plain.example.in/v.mp4' }), 'modules[0].resources[1].url');
  await badField(at({ kind: 'video', title: 'V' }), 'modules[0].resources[1]');
  await badField(at({ kind: 'video', title: 'V', file_id: 999999 }), 'modules[0].resources[1].file_id');
  await badField(at({ kind: 'pdf', title: 'P' }), 'modules[0].resources[1].file_id');
  await badField(at({ kind: 'link', title: 'L', url: 'javascript:alert(1)' }), 'modules[0].resources[1].url');
  await badField(at({ kind: 'quiz', title: 'Q' }), 'modules[0].resources[1].assessment_ref');
  await badField(at({ kind: 'html', title: 'H' }), 'modules[0].resources[1].html');
  await badField(at({ kind: 'podcast', title: 'X' }), 'modules[0].resources[1].kind');
  await badField(at({ kind: 'link', title: 'L', url: 'https://a.example.in/', html: '<p>x</p>' }), 'modules[0].resources[1].html');
  await badField(at({ kind: 'link', title: 'L', url: 'https://a.example.in/', colour: 'red' }), 'modules[0].resources[1].colour');
  await badField(at({ kind: 'link', url: 'https://a.example.in/' }), 'modules[0].resources[1].title');
  await badField(outline(c.id, { modules: [{ resources: [] }] }), 'modules[0].title');
  await badField(outline(c.id, { modules: Array.from({ length: 101 }, (_, i) => ({ title: `M${i}`, resources: [] })) }), 'modules');
  assert.deepEqual(fieldsOf(assertProblem(await outline(c.id, { items: [1] }), 422)), ['items', 'modules']);
  // The outline is as it was.
  assert.equal(ok(await call('GET', `/api/v1/contents/${c.id}`, { token: t.creator })).modules.length, 2);
});

test('an html resource is sanitised on the way in: a page with <script> is stored without it and marked sanitised', async (tt) => {
  const c = ok(await create({ code: 'CC-HTML', title: 'Pages' }), 201);
  const plain = await outline(c.id, { modules: [{ title: 'M', resources: [{ kind: 'html', title: 'Plain', html: '<p>Hello</p>' }] }] });
  if (plain.status === 422) {
    // Until the sanitiser is in, every page is refused with a clear message at its path.
    const p = await badField(Promise.resolve(plain), 'modules[0].resources[0].html');
    assert.match(p.errors[0].message, /sanitised/);
    tt.skip('the HTML sanitiser has not landed yet');
    return;
  }
  ok(plain);
  const page = '<p onclick="steal()">Rules</p><script>alert(document.cookie)</script><a href="javascript:alert(1)">x</a>';
  const r = ok(await outline(c.id, { modules: [{ title: 'M', resources: [
    { kind: 'html', title: 'Evil', html: page }, { kind: 'html', title: 'Plain', html: '<p>Hello</p>' }] }] }));
  const [evil, good] = r.modules[0].resources;
  assert.equal(evil.sanitised, true);
  assert.ok(!('sanitised' in good), 'a page that lost nothing is not marked');
  for (const html of [evil.html, ok(await call('GET', `/api/v1/contents/${c.id}`, { token: t.creator })).modules[0].resources[0].html]) {
    assert.doesNotMatch(html, /script|onclick|javascript:/i);
    assert.match(html, /Rules/);
  }
});

test('a programme lists published courses only (422 for a draft course, a repeat or a programme); blended adds sessions', async () => {
  const pub = await published('CC-PUB-1', 'Published one');
  const draft = ok(await create({ code: 'CC-DRAFT-1', title: 'Draft one' }), 201).id;
  const prog = ok(await create({ code: 'CC-PROG', kind: 'programme', title: 'Procurement programme' }), 201);
  await badField(outline(prog.id, { items: [pub, draft] }), 'items[1]');
  await badField(outline(prog.id, { items: [pub, pub] }), 'items[1]');
  await badField(outline(prog.id, { items: [prog.id] }), 'items[0]');
  assert.deepEqual(fieldsOf(assertProblem(await outline(prog.id, { modules: [] }), 422)), ['items', 'modules']);
  const r = ok(await outline(prog.id, { items: [pub] }));
  assert.deepEqual(r.items, [{ seq: 1, course: { id: pub, code: 'CC-PUB-1', title: 'Published one', title_hi: null } }]);
  const blended = ok(await create({ code: 'CC-BLEND', kind: 'blended_programme', title: 'Blended' }), 201);
  const b = ok(await outline(blended.id, { items: [pub], sessions: [{ title: 'Field visit', title_hi: 'क्षेत्र भ्रमण', mode: 'field', duration_minutes: 240 }] }));
  assert.deepEqual(b.sessions, [{ title: 'Field visit', title_hi: 'क्षेत्र भ्रमण', mode: 'field', duration_minutes: 240 }]);
  await badField(outline(blended.id, { sessions: [{ title: 'S', mode: 'cruise', duration_minutes: 10 }] }), 'sessions[0].mode');
  const curated = ok(await create({ code: 'CC-CURATED', kind: 'curated_programme', title: 'For Railways',
    audience_org_id: org.MOR, audience_text: 'Officers of the Ministry of Railways', audience_text_hi: 'रेल मंत्रालय के अधिकारी' }), 201);
  assert.deepEqual([curated.audience.org.code, curated.audience.text, curated.audience.text_hi],
    ['MOR', 'Officers of the Ministry of Railways', 'रेल मंत्रालय के अधिकारी']);
  await badField(patch(curated.id, { audience_org_id: 999999 }), 'audience_org_id');
  const quiz = ok(await create({ code: 'CC-ASSESS', kind: 'assessment', title: 'Assessment' }), 201);
  await badField(outline(quiz.id, { modules: [] }), 'body');
});

test('the provider workspace lists its content newest first, by status and words; only the provider\'s people see it', async () => {
  const one = ok(await create({ code: 'CC-WS-ONE', title: 'Workspace one' }), 201).id;
  const two = ok(await create({ code: 'CC-WS-TWO', title: 'Workspace two', title_hi: 'कार्यक्षेत्र दो' }), 201).id;
  const path = `/api/v1/providers/${org.LBSNAA}/contents`;
  const { items } = await api.walk(`${path}?q=workspace`, t.creator, 1);
  assert.deepEqual(items.map((i) => i.id), [two, one]);
  assert.deepEqual(items[0], { id: two, code: 'CC-WS-TWO', kind: 'course', title: 'Workspace two', title_hi: 'कार्यक्षेत्र दो',
    status: 'draft', version: 1, published_version: null, updated_at: items[0].updated_at });
  ok(await patch(one, { title: 'Workspace one, edited' }));
  assert.deepEqual(ok(await call('GET', `${path}?q=workspace`, { token: t.reviewer })).items.map((i) => i.id), [one, two]);
  assert.deepEqual(ok(await call('GET', `${path}?q=कार्यक्षेत्र`, { token: t.creator })).items.map((i) => i.id), [two]);
  const pub = ok(await call('GET', `${path}?status=published`, { token: t.publisher })).items;
  assert.ok(pub.every((i) => i.status === 'published'));
  await badField(call('GET', `${path}?status=lost`, { token: t.creator }), 'status');
  assertProblem(await call('GET', path, { token: t.learner }), 403);
  assertProblem(await call('GET', path, { token: t.istm }), 403);
});

test('uploaded files in content: a video and a PDF as resources and an image as thumbnail; a file of the wrong kind is 422', async () => {
  const crypto = require('node:crypto');
  const tag = () => crypto.randomBytes(8).toString('hex');
  const boundary = '----catalogcontent' + tag();
  const upload = async (kind, bytes, filename) => {
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await call('POST', `/api/v1/files?kind=${kind}`, { token: t.creator, body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.ok(r.status === 201 || r.status === 200, r.text);
    return r.data;
  };
  const video = await upload('video', Buffer.concat([Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0mp42isom', 'latin1'),
    Buffer.from(`\0\0\0\x10free${tag()}`, 'latin1')]), 'lecture.mp4');
  const pdf = await upload('pdf', Buffer.from(`%PDF-1.4\n% ${tag()}\n%%EOF\n`), 'rules.pdf');
  const image = await upload('image', Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(tag())]), 'thumb.png');
  const c = ok(await create({ code: 'CC-FILES', title: 'With files', thumbnail_file_id: image.id }), 201);
  assert.deepEqual(c.thumbnail, { id: image.id, kind: 'image', mime: 'image/png', size: image.size, url: `/api/v1/files/${image.id}` });
  const r = ok(await outline(c.id, { modules: [{ title: 'Watch and read', resources: [
    { kind: 'video', title: 'Lecture', file_id: video.id, duration_minutes: 30 }, { kind: 'pdf', title: 'Rules', file_id: pdf.id }] }] }));
  const [v, p] = r.modules[0].resources;
  assert.deepEqual([v.file.id, v.file.kind, v.file.mime, v.file.url, v.url], [video.id, 'video', 'video/mp4', `/api/v1/files/${video.id}`, null]);
  assert.deepEqual([p.file.id, p.file.kind, p.file.mime], [pdf.id, 'pdf', 'application/pdf']);
  const at = (res) => outline(c.id, { modules: [{ title: 'M', resources: [res] }] });
  const wrong = await badField(at({ kind: 'pdf', title: 'Not a PDF', file_id: video.id }), 'modules[0].resources[0].file_id');
  assert.match(wrong.errors[0].message, /video file/);
  await badField(at({ kind: 'video', title: 'Both', file_id: video.id, url: 'https://example.gov.in/v.mp4' }), 'modules[0].resources[0]');
  await badField(patch(c.id, { thumbnail_file_id: pdf.id }), 'thumbnail_file_id');
  assert.equal(ok(await patch(c.id, { thumbnail_file_id: null })).thumbnail, null);
});
