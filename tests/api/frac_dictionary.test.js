// API tests: the competency dictionary (module frac, slice 1). The demo framework, listing, filtering and
// paging; SPV admins creating, versioning and retiring competencies; every bad body; and governance:
// MDO admins propose new competencies and changes for their own organisations, SPV admins publish or reject.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DEVANAGARI = /[\u0900-\u097F]/;
const AREAS = ['behavioural', 'functional', 'domain'];
const PREFIX = { behavioural: 'BEH-', functional: 'FUN-', domain: 'DOM-' };
const COMPETENCY_FIELDS = ['id', 'code', 'area', 'status', 'version', 'name', 'name_hi', 'description',
  'description_hi', 'levels', 'created_at', 'updated_at'];
const PROPOSAL_FIELDS = ['id', 'kind', 'competency_id', 'org', 'proposed_by', 'status', 'proposal', 'comment',
  'review_comment', 'created_at', 'reviewed_at'];

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email) => (await api.login(email)).token;
const orgId = (code) => api.orgId(code, spv);
let spv; let mdo; let learner;
const org = {}; // code -> id

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  for (const code of ['GOI', 'MOR', 'RB', 'DOP']) org[code] = await orgId(code);
});
after(async () => { if (srv) await srv.stop(); });

// Reads the database behind the server directly, the way an auditor would (sqlite3 or psql CLI).
const sql = (query) => sqlText(srv, query);
const auditRows = (type, id) => sql(`SELECT actor_id FROM audit_log WHERE object_type = '${type}' AND object_id = '${id}' ORDER BY id`)
  .split('\n').filter(Boolean).map(Number);


// Byte order of UTF-8, the order both databases sort names in (SQLite BINARY, PostgreSQL C.UTF-8).
const byNameThenId = (a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.id - b.id;

function assertSortedByName(items) {
  for (let i = 1; i < items.length; i++) {
    assert.ok(byNameThenId(items[i - 1], items[i]) < 0,
      `out of order: ${JSON.stringify(items[i - 1].name)} (${items[i - 1].id}) before ${JSON.stringify(items[i].name)} (${items[i].id})`);
  }
}

function assertCompetencyShape(c) {
  for (const f of COMPETENCY_FIELDS) assert.ok(f in c, `COMPETENCY lacks ${f}: ${JSON.stringify(c).slice(0, 300)}`);
  assert.equal(typeof c.id, 'number');
  assert.match(c.code, /^[A-Z0-9_-]{2,40}$/, `code ${c.code} is not stored upper-case`);
  assert.ok(AREAS.includes(c.area), `area ${c.area}`);
  assert.ok(['active', 'retired'].includes(c.status), `status ${c.status}`);
  assert.ok(Number.isInteger(c.version) && c.version >= 1, `version ${c.version}`);
  assert.equal(typeof c.name, 'string');
  assert.equal(typeof c.description, 'string');
  assert.ok(Array.isArray(c.levels), 'levels is a list');
  assert.deepEqual(c.levels.map((l) => l.level), [1, 2, 3, 4, 5], `${c.code}: levels are not exactly 1..5 in order`);
  for (const l of c.levels) {
    assert.ok(typeof l.descriptor === 'string' && l.descriptor.length > 0, `${c.code} level ${l.level} has no descriptor`);
    assert.ok('descriptor_hi' in l, `${c.code} level ${l.level} lacks descriptor_hi`);
  }
  assert.match(c.created_at, ISO);
  assert.match(c.updated_at, ISO);
}

function assertProposalShape(p) {
  for (const f of PROPOSAL_FIELDS) assert.ok(f in p, `PROPOSAL lacks ${f}: ${JSON.stringify(p).slice(0, 300)}`);
  assert.equal(typeof p.id, 'number');
  assert.ok(['new', 'change'].includes(p.kind), `kind ${p.kind}`);
  assert.ok(['pending', 'published', 'rejected'].includes(p.status), `status ${p.status}`);
  for (const k of ['id', 'code', 'name', 'name_hi']) assert.ok(k in p.org, `PROPOSAL.org lacks ${k}`);
  for (const k of ['id', 'name', 'name_hi']) assert.ok(k in p.proposed_by, `PROPOSAL.proposed_by lacks ${k}`);
  assert.equal(typeof p.proposal, 'object');
  assert.match(p.created_at, ISO);
}

// Five levels with English and Hindi descriptors; `tag` keeps texts of different competencies apart.
const levels = (tag = 'x') => [1, 2, 3, 4, 5].map((n) => ({
  level: n, descriptor: `${tag}: descriptor of level ${n}`, descriptor_hi: `${tag}: स्तर ${n} का विवरण`,
}));

let seq = 0;
const newBody = (over = {}) => ({
  code: `beh-test-${++seq}`,
  area: 'behavioural',
  name: `Test Competency ${seq}`,
  name_hi: `परीक्षण दक्षता ${seq}`,
  description: `What test competency ${seq} is about.`,
  description_hi: `परीक्षण दक्षता ${seq} का विवरण।`,
  levels: levels(`t${seq}`),
  ...over,
});

const getC = async (id, token = learner) => ok(await call('GET', `/api/v1/competencies/${id}`, { token }));
const listAll = async (qs = '', token = learner) => (await walk(`/api/v1/competencies${qs ? `?${qs}` : ''}`, token, 500)).items;
const byCode = async (code) => (await listAll(`q=${encodeURIComponent(code)}`)).filter((c) => c.code === code);
const create = async (over = {}) => ok(await call('POST', '/api/v1/competencies', { token: spv, json: newBody(over) }), 201);
const propose = async (token, body) => call('POST', '/api/v1/competency-proposals', { token, json: body });

// The demo framework, read once by the first test and kept for the others.
let demo = [];
const demoByKeyword = (word) => demo.find((c) => c.name.toLowerCase().includes(word));

test('the demo framework has all three areas, codes BEH-/FUN-/DOM-, and every competency five levels in English and Hindi', async () => {
  demo = await listAll();
  assert.ok(demo.length >= 18, `the demo framework has 7 + 6 + 5 competencies, got ${demo.length}`);
  for (const c of demo) {
    assertCompetencyShape(c);
    assert.ok(c.code.startsWith(PREFIX[c.area]), `${c.code} is ${c.area} but does not start with ${PREFIX[c.area]}`);
    assert.equal(c.status, 'active', `${c.code} is not active`);
    assert.match(c.name_hi || '', DEVANAGARI, `${c.code} has no Hindi name`);
    assert.match(c.description_hi || '', DEVANAGARI, `${c.code} has no Hindi description`);
    assert.ok(c.description.length > 0, `${c.code} has no description`);
    for (const l of c.levels) {
      assert.match(l.descriptor_hi || '', DEVANAGARI, `${c.code} level ${l.level} has no Hindi descriptor`);
    }
    assert.equal(new Set(c.levels.map((l) => l.descriptor)).size, 5, `${c.code}: two levels share a descriptor`);
  }
  assert.equal(new Set(demo.map((c) => c.code)).size, demo.length, 'a code came twice');
  const count = (area) => demo.filter((c) => c.area === area).length;
  assert.ok(count('behavioural') >= 7, `behavioural: ${count('behavioural')}`);
  assert.ok(count('functional') >= 6, `functional: ${count('functional')}`);
  assert.ok(count('domain') >= 5, `domain: ${count('domain')}`);
  const expected = {
    behavioural: ['citizen', 'empathy', 'integrity', 'communication', 'leadership', 'teamwork', 'decision'],
    functional: ['procurement', 'file management', 'financial', 'data analysis', 'project management', 'policy drafting'],
    domain: ['taxation', 'railway', 'postal', 'policing', 'public health'],
  };
  for (const [area, words] of Object.entries(expected)) {
    for (const w of words) {
      const c = demo.find((x) => x.area === area && x.name.toLowerCase().includes(w));
      assert.ok(c, `no demo competency named like "${w}"`);
    }
  }
  assertSortedByName(demo);

  const one = await getC(demoByKeyword('railway').id);
  assertCompetencyShape(one);
  assert.deepEqual(one.versions.map((v) => v.version), [1], 'a demo competency has exactly one version');
  assert.equal(one.versions[0].name, one.name);
  assert.match(one.versions[0].created_at, ISO);
});

test('the dictionary needs a session, and an unknown competency is 404', async () => {
  assertProblem(await call('GET', '/api/v1/competencies'), 401, 'unauthenticated');
  assertProblem(await call('GET', `/api/v1/competencies/${demo[0].id}`), 401, 'unauthenticated');
  assertProblem(await call('GET', '/api/v1/competency-proposals'), 401, 'unauthenticated');
  assertProblem(await call('GET', '/api/v1/competencies/999999', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/competencies/abc', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/competencies/${demo[0].id}/versions/2`, { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/competencies/${demo[0].id}/versions/0`, { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/competencies/999999/versions/1', { token: learner }), 404, 'not_found');
});

test('filtering by area gives exactly that area\'s competencies, sorted by name; a bad area is 422', async () => {
  for (const area of AREAS) {
    const got = await listAll(`area=${area}`);
    assert.ok(got.length > 0);
    for (const c of got) assert.equal(c.area, area);
    assert.deepEqual(got.map((c) => c.id), demo.filter((c) => c.area === area).map((c) => c.id), `area=${area}`);
    assertSortedByName(got);
  }
  const p = assertProblem(await call('GET', '/api/v1/competencies?area=galaxy', { token: learner }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['area']);
});

test('searching matches code and English name in any case, and the Hindi name', async () => {
  const railway = demoByKeyword('railway');
  const eng = await listAll('q=railway');
  assert.ok(eng.some((c) => c.id === railway.id), 'q=railway misses the railway competency');
  for (const c of eng) assert.ok(`${c.code} ${c.name} ${c.name_hi}`.toLowerCase().includes('railway'), c.name);
  assert.deepEqual((await listAll('q=RAILWAY')).map((c) => c.id), eng.map((c) => c.id), 'search is case-sensitive');
  assert.deepEqual((await listAll('q=RaIlWaY')).map((c) => c.id), eng.map((c) => c.id));

  const byCodeQ = await listAll(`q=${encodeURIComponent(railway.code.toLowerCase())}`);
  assert.ok(byCodeQ.some((c) => c.id === railway.id), `q=${railway.code.toLowerCase()} (its code) misses it`);
  const beh = await listAll('q=beh-');
  assert.deepEqual(beh.map((c) => c.id).sort(), demo.filter((c) => c.code.startsWith('BEH-')).map((c) => c.id).sort(),
    'q=beh- should find every behavioural code and nothing else');

  const word = railway.name_hi.split(/\s+/)[0];
  const hindi = await listAll(`q=${encodeURIComponent(word)}`);
  assert.ok(hindi.some((c) => c.id === railway.id), `q=${word} (Hindi) misses ${railway.name_hi}`);
  for (const c of hindi) assert.ok(`${c.code} ${c.name} ${c.name_hi}`.includes(word), `${c.name_hi} does not contain ${word}`);
  const whole = await listAll(`q=${encodeURIComponent(railway.name_hi)}`);
  assert.ok(whole.some((c) => c.id === railway.id), 'the whole Hindi name does not find its competency');

  assert.deepEqual(ok(await call('GET', '/api/v1/competencies?q=zzzzqq', { token: learner })), { items: [], next_cursor: null });
  assert.deepEqual(await listAll('q=%25'), [], 'q=% was read as a LIKE wildcard');
  const combined = await listAll('q=railway&area=behavioural');
  assert.ok(!combined.some((c) => c.id === railway.id), 'area and q together: the domain competency came through');
});

test('limit=2 walks the whole dictionary page by page: no duplicates, nothing lost, same order as one page', async () => {
  const { items, pages } = await walk('/api/v1/competencies', learner, 2);
  assert.equal(new Set(items.map((c) => c.id)).size, items.length, 'a competency came twice');
  const all = ok(await call('GET', '/api/v1/competencies?limit=500', { token: learner }));
  assert.equal(all.next_cursor, null);
  assert.deepEqual(items.map((c) => c.id), all.items.map((c) => c.id), 'paged and unpaged lists differ');
  assert.ok(pages.length >= Math.ceil(items.length / 2));
  for (const p of pages.slice(0, -1)) assert.equal(p.items.length, 2);
  const domain = (await walk('/api/v1/competencies?area=domain', learner, 2)).items;
  assert.deepEqual(domain.map((c) => c.id), demo.filter((c) => c.area === 'domain').map((c) => c.id));
  for (const q of ['limit=0', 'limit=501', 'limit=ten', 'cursor=zz']) {
    const p = assertProblem(await call('GET', `/api/v1/competencies?${q}`, { token: learner }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), [q.split('=')[0]], q);
  }
});

test('an SPV admin creates a competency: 201, version 1, code stored upper-case, readable by anyone', async () => {
  const body = newBody({ code: 'beh-resilience', name: 'Resilience', name_hi: 'लचीलापन' });
  const made = ok(await call('POST', '/api/v1/competencies', { token: spv, json: body }), 201);
  assertCompetencyShape(made);
  assert.equal(made.code, 'BEH-RESILIENCE');
  assert.equal(made.area, 'behavioural');
  assert.equal(made.version, 1);
  assert.equal(made.status, 'active');
  assert.equal(made.name, 'Resilience');
  assert.equal(made.name_hi, 'लचीलापन');
  assert.equal(made.description, body.description);
  assert.equal(made.description_hi, body.description_hi);
  assert.deepEqual(made.levels, body.levels);

  const read = await getC(made.id);
  for (const f of COMPETENCY_FIELDS) assert.deepEqual(read[f], made[f], `GET differs from the POST answer in ${f}`);
  assert.deepEqual(read.versions.map((v) => [v.version, v.name]), [[1, 'Resilience']]);
  assert.deepEqual((await byCode('BEH-RESILIENCE')).map((c) => c.id), [made.id]);
  assert.ok((await listAll('area=behavioural')).some((c) => c.id === made.id));

  // Hindi texts are optional.
  const plain = await create({ name_hi: undefined, description_hi: undefined, area: 'functional', code: 'FUN-PLAIN' });
  assert.equal(plain.name_hi, null);
  assert.equal(plain.description_hi, null);
});

test('editing a competency makes version 2; versions lists both, newest first, and version 1 keeps the old text', async () => {
  const made = await create({ name: 'Negotiation', description: 'Old description.' });
  const edited = ok(await call('PATCH', `/api/v1/competencies/${made.id}`, {
    token: spv, json: { name: 'Negotiation and Persuasion', description: 'New description.' },
  }));
  assertCompetencyShape(edited);
  assert.equal(edited.version, 2);
  assert.equal(edited.name, 'Negotiation and Persuasion');
  assert.equal(edited.description, 'New description.');
  assert.deepEqual(edited.levels, made.levels, 'a PATCH without levels changed the levels');
  assert.equal(edited.name_hi, made.name_hi, 'a PATCH without name_hi changed it');
  for (const f of ['id', 'code', 'area', 'status', 'created_at']) assert.deepEqual(edited[f], made[f], `${f} changed`);
  assert.ok(Date.parse(edited.updated_at) >= Date.parse(made.updated_at));

  const read = await getC(made.id);
  assert.equal(read.version, 2);
  assert.deepEqual(read.versions.map((v) => [v.version, v.name]), [[2, 'Negotiation and Persuasion'], [1, 'Negotiation']]);
  for (const v of read.versions) assert.match(v.created_at, ISO);

  const v1 = ok(await call('GET', `/api/v1/competencies/${made.id}/versions/1`, { token: learner }));
  assertCompetencyShape(v1);
  assert.equal(v1.version, 1);
  assert.equal(v1.name, 'Negotiation');
  assert.equal(v1.description, 'Old description.');
  assert.deepEqual(v1.levels, made.levels);
  assert.equal(v1.code, made.code);
  const v2 = ok(await call('GET', `/api/v1/competencies/${made.id}/versions/2`, { token: learner }));
  assert.equal(v2.version, 2);
  assert.equal(v2.name, 'Negotiation and Persuasion');
  assertProblem(await call('GET', `/api/v1/competencies/${made.id}/versions/3`, { token: learner }), 404, 'not_found');

  // New levels alone are a new version too; the old levels stay readable.
  const newLevels = levels('revised');
  const v3 = ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { levels: newLevels } }));
  assert.equal(v3.version, 3);
  assert.deepEqual(v3.levels, newLevels);
  assert.deepEqual(ok(await call('GET', `/api/v1/competencies/${made.id}/versions/2`, { token: learner })).levels, made.levels);
  assert.deepEqual((await getC(made.id)).versions.map((v) => v.version), [3, 2, 1]);
});

test('retiring by status makes no new version; the list filters by status; reactivating works too', async () => {
  const made = await create({ name: 'Retiree' });
  ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { name: 'Retiree Two' } }));
  const retired = ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { status: 'retired' } }));
  assert.equal(retired.status, 'retired');
  assert.equal(retired.version, 2, 'retiring made a new version');
  assert.equal(retired.name, 'Retiree Two');
  const read = await getC(made.id);
  assert.equal(read.status, 'retired');
  assert.deepEqual(read.versions.map((v) => v.version), [2, 1]);
  const v1 = ok(await call('GET', `/api/v1/competencies/${made.id}/versions/1`, { token: learner }));
  assert.equal(v1.status, 'retired', 'an old version carries the competency\'s status');
  assert.equal(v1.name, 'Retiree');

  const retiredList = await listAll('status=retired');
  assert.ok(retiredList.some((c) => c.id === made.id));
  for (const c of retiredList) assert.equal(c.status, 'retired');
  const activeList = await listAll('status=active');
  assert.ok(!activeList.some((c) => c.id === made.id), 'status=active lists a retired competency');
  for (const c of activeList) assert.equal(c.status, 'active');
  const everything = await listAll();
  assert.ok(everything.some((c) => c.id === made.id), 'with no status filter a retired competency is missing');
  assert.equal(everything.length, retiredList.length + activeList.length);
  const p = assertProblem(await call('GET', '/api/v1/competencies?status=gone', { token: learner }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['status']);

  const back = ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { status: 'active' } }));
  assert.equal(back.status, 'active');
  assert.equal(back.version, 2);
  const bad = assertProblem(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { status: 'deleted' } }),
    422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['status']);
});

test('a learner and an MDO admin cannot create or edit competencies: 403, nothing changes', async () => {
  const target = demoByKeyword('empathy');
  const before = await getC(target.id);
  for (const token of [learner, mdo]) {
    const body = newBody({ code: 'BEH-NOT-MINE' });
    assertProblem(await call('POST', '/api/v1/competencies', { token, json: body }), 403, 'forbidden');
    assertProblem(await call('PATCH', `/api/v1/competencies/${target.id}`, { token, json: { name: 'Hijacked' } }), 403,
      'forbidden');
    assertProblem(await call('PATCH', `/api/v1/competencies/${target.id}`, { token, json: { status: 'retired' } }), 403,
      'forbidden');
  }
  assert.deepEqual(await byCode('BEH-NOT-MINE'), [], 'a refused POST created a competency');
  assert.deepEqual(await getC(target.id), before, 'a refused PATCH changed the competency');
});

test('bad competency bodies are 422 naming each bad field, and create nothing', async () => {
  const lv = (mutate) => { const l = levels('bad'); mutate(l); return l; };
  const cases = [
    ['a level 0', { levels: lv((l) => { l[0].level = 0; }) }, ['levels[0].level']],
    ['a level 6', { levels: lv((l) => { l[4].level = 6; }) }, ['levels[4].level']],
    ['a level -1', { levels: lv((l) => { l[2].level = -1; }) }, ['levels[2].level']],
    ['a level "3"', { levels: lv((l) => { l[2].level = '3'; }) }, ['levels[2].level']],
    ['four levels', { levels: levels('bad').slice(0, 4) }, ['levels']],
    ['six levels', { levels: [...levels('bad'), { level: 3, descriptor: 'again' }] }, ['levels']],
    ['no levels', { levels: [] }, ['levels']],
    ['levels not a list', { levels: 'five' }, ['levels']],
    ['missing descriptor', { levels: lv((l) => { delete l[3].descriptor; }) }, ['levels[3].descriptor']],
    ['empty descriptor', { levels: lv((l) => { l[1].descriptor = ''; }) }, ['levels[1].descriptor']],
    ['descriptor over 1000', { levels: lv((l) => { l[1].descriptor = 'd'.repeat(1001); }) }, ['levels[1].descriptor']],
    ['bad area', { area: 'spiritual' }, ['area']],
    ['area missing', { area: undefined }, ['area']],
    ['unknown field', { colour: 'blue' }, ['colour']],
    ['status on create', { status: 'active' }, ['status']],
    ['code too short', { code: 'X' }, ['code']],
    ['code with a space', { code: 'BEH X' }, ['code']],
    ['code over 40', { code: 'C'.repeat(41) }, ['code']],
    ['code missing', { code: undefined }, ['code']],
    ['name missing', { name: undefined }, ['name']],
    ['name over 200', { name: 'N'.repeat(201) }, ['name']],
    ['description over 2000', { description: 'D'.repeat(2001) }, ['description']],
  ];
  for (const [what, over, fields] of cases) {
    const body = JSON.parse(JSON.stringify(newBody(over)));
    const p = assertProblem(await call('POST', '/api/v1/competencies', { token: spv, json: body }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), fields, `${what}: ${JSON.stringify(p.errors)}`);
    for (const e of p.errors) assert.ok(typeof e.message === 'string' && e.message.length > 0);
  }

  // Duplicate level numbers: the repeated one is named (and nothing else but, at most, the list itself).
  const dup = newBody({ levels: lv((l) => { l[2].level = 2; }) });
  const p = assertProblem(await call('POST', '/api/v1/competencies', { token: spv, json: dup }), 422, 'validation_failed');
  const f = fieldsOf(p);
  assert.ok(f.length > 0 && f.every((x) => x === 'levels' || /^levels\[[12]\]\.level$/.test(x)),
    `duplicate level 2: fields ${JSON.stringify(f)}`);
  assert.ok(f.some((x) => /^levels\[[12]\]\.level$/.test(x)), `the duplicate level is not named: ${JSON.stringify(f)}`);

  // Every bad field at once.
  const many = assertProblem(await call('POST', '/api/v1/competencies', {
    token: spv, json: newBody({ area: 'x', code: '!', levels: lv((l) => { l[0].level = 9; }), extra: 1 }),
  }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(many), ['area', 'code', 'extra', 'levels[0].level']);

  assert.deepEqual(await listAll(`q=${encodeURIComponent('bad: descriptor')}`), []);
  assert.equal((await listAll()).filter((c) => c.levels.some((l) => l.descriptor.startsWith('bad:'))).length, 0,
    'a refused body created a competency');
});

test('a PATCH cannot change code or area, nor carry unknown fields or bad levels: 422, nothing changes', async () => {
  const made = await create({ name: 'Immutable' });
  const cases = [
    [{ code: 'BEH-OTHER' }, ['code']],
    [{ area: 'domain' }, ['area']],
    [{ name: 'Fine', colour: 'blue' }, ['colour']],
    [{ levels: levels('p').slice(0, 4) }, ['levels']],
    [{ levels: levels('p').map((l) => (l.level === 5 ? { ...l, level: 6 } : l)) }, ['levels[4].level']],
    [{ name: '' }, ['name']],
    [{ version: 7 }, ['version']],
    [{ code: 'BEH-OTHER', area: 'domain' }, ['area', 'code']], // every bad field at once (docs/api.md, Writes)
  ];
  for (const [body, fields] of cases) {
    const p = assertProblem(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: body }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), fields, JSON.stringify(body));
  }
  const read = await getC(made.id);
  assert.equal(read.version, 1, 'a refused PATCH made a version');
  assert.equal(read.name, 'Immutable');
  assert.equal(read.code, made.code);
  assert.equal(read.area, 'behavioural');
  assertProblem(await call('PATCH', '/api/v1/competencies/999999', { token: spv, json: { name: 'Nobody' } }), 404, 'not_found');
});

test('a duplicate code is 409, whatever its case, and nothing is added', async () => {
  const existing = demoByKeyword('teamwork');
  const count = (await listAll()).length;
  for (const code of [existing.code, existing.code.toLowerCase()]) {
    assertProblem(await call('POST', '/api/v1/competencies', { token: spv, json: newBody({ code }) }), 409);
  }
  assert.equal((await listAll()).length, count);
  assert.deepEqual((await byCode(existing.code)).map((c) => c.id), [existing.id]);
});

// --- governance ---

const proposals = async (token, qs = '') => (await walk(`/api/v1/competency-proposals${qs ? `?${qs}` : ''}`, token, 500)).items;

test('an MDO admin proposes a new competency for MOR: 201 pending; nothing is published yet', async () => {
  const body = { org_id: org.MOR, comment: 'Needed for station masters', ...newBody({ code: 'DOM-SIGNALLING', area: 'domain',
    name: 'Railway Signalling', name_hi: 'रेल सिग्नलिंग' }) };
  const p = ok(await propose(mdo, body), 201);
  assertProposalShape(p);
  assert.equal(p.kind, 'new');
  assert.equal(p.status, 'pending');
  assert.equal(p.competency_id, null);
  assert.deepEqual(p.org, { id: org.MOR, code: 'MOR', name: 'Ministry of Railways', name_hi: 'रेल मंत्रालय' });
  assert.equal(p.comment, 'Needed for station masters');
  assert.equal(p.review_comment, null);
  assert.equal(p.reviewed_at, null);
  assert.equal(p.proposal.name, 'Railway Signalling');
  assert.equal(p.proposal.area, 'domain');
  assert.deepEqual(p.proposal.levels, body.levels);
  const me = ok(await call('GET', '/api/v1/me', { token: mdo }));
  assert.equal(p.proposed_by.id, me.id);
  assert.equal(p.proposed_by.name, me.name);
  assert.equal(p.proposed_by.name_hi, 'सुनीता वर्मा', 'the proposer is named in Hindi too');

  assert.deepEqual(await byCode('DOM-SIGNALLING'), [], 'a pending proposal is already in the dictionary');
  const read = ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: mdo }));
  assert.deepEqual(read, p);
  // A unit under MOR is MOR's admin's too.
  const rb = ok(await propose(mdo, { org_id: org.RB, ...newBody({ code: 'DOM-RB-IDEA', area: 'domain' }) }), 201);
  assert.equal(rb.org.code, 'RB');
});

test('an MDO admin cannot propose for another ministry\'s organisation, and a learner cannot propose: 403', async () => {
  const before = (await proposals(spv)).length;
  assertProblem(await propose(mdo, { org_id: org.DOP, ...newBody({ code: 'DOM-POST-X', area: 'domain' }) }), 403, 'forbidden');
  assertProblem(await propose(mdo, { org_id: org.GOI, ...newBody({ code: 'DOM-ROOT-X', area: 'domain' }) }), 403, 'forbidden');
  assertProblem(await propose(learner, { org_id: org.RB, ...newBody({ code: 'DOM-LEARN-X', area: 'domain' }) }), 403,
    'forbidden');
  assert.equal((await proposals(spv)).length, before, 'a refused proposal was stored');
});

test('a proposal is checked like a competency: a level 6 or a missing org_id is 422', async () => {
  const p = assertProblem(await propose(mdo, {
    org_id: org.MOR, ...newBody({ levels: levels('pp').map((l) => (l.level === 1 ? { ...l, level: 6 } : l)) }),
  }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['levels[0].level']);
  const q = assertProblem(await propose(mdo, newBody()), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(q), ['org_id']);
  const r = assertProblem(await propose(mdo, { org_id: org.MOR, ...newBody({ colour: 'red' }) }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(r), ['colour']);
});

test('the queue: an MDO admin sees their ministry\'s proposals only, the SPV admin sees all, a learner gets 403', async () => {
  const mine = (await proposals(spv)).find((p) => p.proposal.code === 'DOM-SIGNALLING' || p.proposal.name === 'Railway Signalling');
  assert.ok(mine, 'the SPV admin does not see the MOR proposal');
  // A proposal for DOP, made by the SPV admin (who administers everything).
  const dop = ok(await propose(spv, { org_id: org.DOP, ...newBody({ code: 'DOM-SPEED-POST', area: 'domain' }) }), 201);
  assert.equal(dop.org.code, 'DOP');

  const seen = await proposals(mdo);
  assert.ok(seen.some((p) => p.id === mine.id), 'the MDO admin does not see their own proposal');
  assert.ok(!seen.some((p) => p.id === dop.id), 'the MDO admin of MOR sees a DOP proposal');
  for (const p of seen) {
    assertProposalShape(p);
    assert.ok(['MOR', 'RB', 'NR', 'NR-DLI', 'WR', 'NAIR'].includes(p.org.code), `MDO of MOR sees a proposal of ${p.org.code}`);
  }
  const all = await proposals(spv);
  assert.ok(all.some((p) => p.id === dop.id) && all.some((p) => p.id === mine.id));
  assertProblem(await call('GET', `/api/v1/competency-proposals/${dop.id}`, { token: mdo }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/competency-proposals', { token: learner }), 403, 'forbidden');
  assertProblem(await call('GET', `/api/v1/competency-proposals/${mine.id}`, { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/competency-proposals/999999', { token: spv }), 404, 'not_found');

  const pending = await proposals(spv, 'status=pending');
  assert.ok(pending.length >= 2);
  for (const p of pending) assert.equal(p.status, 'pending');
  const paged = (await walk('/api/v1/competency-proposals', spv, 1)).items;
  assert.deepEqual(paged.map((p) => p.id), all.map((p) => p.id), 'paging the queue lost or repeated proposals');
  const bad = assertProblem(await call('GET', '/api/v1/competency-proposals?status=maybe', { token: spv }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['status']);
});

test('an MDO admin cannot publish or reject: 403, the proposal stays pending', async () => {
  const p = (await proposals(mdo)).find((x) => x.proposal.name === 'Railway Signalling');
  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, { token: mdo, json: {} }), 403, 'forbidden');
  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/reject`, { token: mdo, json: { review_comment: 'no' } }),
    403, 'forbidden');
  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, { token: learner, json: {} }), 403,
    'forbidden');
  assert.equal(ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: spv })).status, 'pending');
  assert.deepEqual(await byCode('DOM-SIGNALLING'), []);
});

test('the SPV admin publishes a new-competency proposal: the competency exists with the proposed text; again is 409', async () => {
  const p = (await proposals(spv)).find((x) => x.proposal.name === 'Railway Signalling');
  const done = ok(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, {
    token: spv, json: { review_comment: 'Approved by the Commission' },
  }));
  assertProposalShape(done);
  assert.equal(done.status, 'published');
  assert.equal(done.review_comment, 'Approved by the Commission');
  assert.match(done.reviewed_at, ISO);

  const [c] = await byCode('DOM-SIGNALLING');
  assert.ok(c, 'publishing did not create the competency');
  assertCompetencyShape(c);
  assert.equal(c.version, 1);
  assert.equal(c.status, 'active');
  assert.equal(c.area, 'domain');
  assert.equal(c.name, 'Railway Signalling');
  assert.equal(c.name_hi, 'रेल सिग्नलिंग');
  assert.equal(c.description, p.proposal.description);
  assert.deepEqual(c.levels, p.proposal.levels);
  assert.equal(ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: mdo })).status, 'published');

  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, { token: spv, json: {} }), 409);
  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/reject`, { token: spv, json: { review_comment: 'late' } }),
    409);
  assert.deepEqual((await byCode('DOM-SIGNALLING')).map((x) => x.id), [c.id], 'publishing twice made a second competency');
  assertProblem(await call('POST', '/api/v1/competency-proposals/999999/publish', { token: spv, json: {} }), 404, 'not_found');
});

test('an MDO admin proposes a change; the SPV admin must give a reason to reject it, and the competency stays as it was', async () => {
  const target = demoByKeyword('railway');
  const before = await getC(target.id);
  const p = ok(await propose(mdo, {
    competency_id: target.id, org_id: org.MOR, comment: 'Add freight', name: 'Railway and Freight Operations',
  }), 201);
  assertProposalShape(p);
  assert.equal(p.kind, 'change');
  assert.equal(p.competency_id, target.id);
  assert.equal(p.status, 'pending');
  assert.equal(p.proposal.name, 'Railway and Freight Operations');

  for (const body of [{}, { review_comment: '' }]) {
    const bad = assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/reject`, { token: spv, json: body }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(bad), ['review_comment']);
  }
  assert.equal(ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: spv })).status, 'pending');

  const rejected = ok(await call('POST', `/api/v1/competency-proposals/${p.id}/reject`, {
    token: spv, json: { review_comment: 'Freight is a separate competency' },
  }));
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.review_comment, 'Freight is a separate competency');
  assert.match(rejected.reviewed_at, ISO);
  assert.deepEqual(await getC(target.id), before, 'a rejected change altered the competency');
  const mdoView = ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: mdo }));
  assert.equal(mdoView.status, 'rejected');
  assert.equal(mdoView.review_comment, 'Freight is a separate competency');
  assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, { token: spv, json: {} }), 409);
  assert.deepEqual(await getC(target.id), before);
  const rejectedList = await proposals(mdo, 'status=rejected');
  assert.ok(rejectedList.some((x) => x.id === p.id));
});

test('a published change proposal makes a new version of the competency; the old version stays readable', async () => {
  const target = demoByKeyword('postal');
  const before = await getC(target.id);
  const newLevels = levels('postal-v2');
  const p = ok(await propose(spv, {
    competency_id: target.id, org_id: org.DOP, description: 'Postal, parcel and banking services.', levels: newLevels,
  }), 201);
  assert.equal(p.kind, 'change');
  ok(await call('POST', `/api/v1/competency-proposals/${p.id}/publish`, { token: spv, json: {} }));
  const after = await getC(target.id);
  assert.equal(after.version, before.version + 1);
  assert.equal(after.description, 'Postal, parcel and banking services.');
  assert.deepEqual(after.levels, newLevels);
  assert.equal(after.name, before.name, 'a change that did not name the name changed it');
  const old = ok(await call('GET', `/api/v1/competencies/${target.id}/versions/${before.version}`, { token: learner }));
  assert.equal(old.description, before.description);
  assert.deepEqual(old.levels, before.levels);

  // A change proposal for a competency that does not exist is refused.
  const bad = await propose(mdo, { competency_id: 999999, org_id: org.MOR, name: 'Ghost' });
  assert.ok([404, 422].includes(bad.status), `unknown competency_id: ${bad.status} ${bad.text}`);
  // A change cannot carry a code or an area, like a PATCH.
  const code = assertProblem(await propose(mdo, { competency_id: target.id, org_id: org.MOR, code: 'DOM-NEW' }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(code), ['code']);
});

test('every write is audited: who wrote, on which competency or proposal; a refused write leaves no trace', async () => {
  const spvId = ok(await call('GET', '/api/v1/me', { token: spv })).id;
  const mdoId = ok(await call('GET', '/api/v1/me', { token: mdo })).id;
  const made = await create({ name: 'Audited' });
  assert.deepEqual(auditRows('competency', made.id), [spvId], 'the create is not in audit_log');
  ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { name: 'Audited Twice' } }));
  ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { status: 'retired' } }));
  assert.deepEqual(auditRows('competency', made.id), [spvId, spvId, spvId], 'an edit or a retirement is not audited');
  assertProblem(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: mdo, json: { name: 'No' } }), 403, 'forbidden');
  assertProblem(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: spv, json: { code: 'NO' } }), 422,
    'validation_failed');
  assert.equal(auditRows('competency', made.id).length, 3, 'a refused write was audited as done');

  const p = ok(await propose(mdo, { competency_id: made.id, org_id: org.MOR, name: 'Audited Thrice' }), 201);
  assert.deepEqual(auditRows('competency_proposal', p.id), [mdoId], 'the proposal is not audited');
  ok(await call('POST', `/api/v1/competency-proposals/${p.id}/reject`, { token: spv, json: { review_comment: 'no' } }));
  assert.deepEqual(auditRows('competency_proposal', p.id), [mdoId, spvId], 'the rejection is not audited');
});

test('publish and reject bodies refuse unknown fields like every other body: 422, the proposal stays pending', async () => {
  const target = demoByKeyword('leadership');
  const before = await getC(target.id);
  for (const action of ['publish', 'reject']) {
    const p = ok(await propose(mdo, { competency_id: target.id, org_id: org.MOR, name: `Leading people (${action})` }), 201);
    const r = assertProblem(await call('POST', `/api/v1/competency-proposals/${p.id}/${action}`, {
      token: spv, json: { review_comment: 'Looked at', colour: 'red' },
    }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(r), ['colour'], action);
    assert.equal(ok(await call('GET', `/api/v1/competency-proposals/${p.id}`, { token: spv })).status, 'pending', action);
  }
  assert.deepEqual(await getC(target.id), before);
});
