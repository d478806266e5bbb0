// API tests: positions and their holders (module frac, part 2). Admins create posts carrying work roles in
// their own organisations, assign holders with a reporting officer, end holdings; the post shows its
// effective requirements and holder; holder and officer see it; the officer sees their reportees. Every bad
// body is a 422 naming the field, scope is a 403, and every write lands in the audit log.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const DEVANAGARI = /[\u0900-\u097F]/;
const RB_HI = 'रेलवे बोर्ड';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const POSITION_FIELDS = ['id', 'code', 'title', 'title_hi', 'org', 'designation', 'status', 'roles', 'requirements',
  'holder', 'created_at', 'updated_at'];
const HOLDING_FIELDS = ['id', 'official', 'reporting_officer', 'start_date', 'end_date'];

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email) => (await api.login(email)).token;
let spv; let mdo; let learner; let supervisor;
const who = {}; // name -> official id
const org = {};
const comp = {};
let sharedRole; let railRole; let privateRole;

const sql = (query) => sqlText(srv, query);
const audit = (type, id) => sql(`SELECT action || ':' || actor_id FROM audit_log WHERE object_type = '${type}' AND object_id = '${id}' ORDER BY id`)
  .split('\n').filter(Boolean);
// An active official of an organisation who is none of the demo accounts.
const staffOf = (code, n = 0) => Number(sql(`SELECT f.id FROM officials f JOIN organisations o ON o.id = f.org_id
  WHERE o.code = '${code}' AND f.email NOT LIKE '%@karmayogi.demo' AND f.status = 'active' ORDER BY f.id LIMIT 1 OFFSET ${n}`));
const today = () => new Date().toISOString().slice(0, 10);

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  supervisor = await login('supervisor@karmayogi.demo');
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'NAIR', 'MOC', 'DOP', 'DOP-DL']) org[code] = await api.orgId(code, spv);
  for (const [name, token] of [['priya', learner], ['vikram', supervisor], ['sunita', mdo], ['rajesh', spv]]) {
    who[name] = ok(await call('GET', '/api/v1/me', { token })).id;
  }
  for (const code of ['FUN-PROCUREMENT', 'FUN-EOFFICE', 'BEH-INTEGRITY', 'DOM-RAILWAY-OPS']) {
    const r = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: learner }));
    comp[code] = r.items.find((c) => c.code === code).id;
  }
  const role = async (json, token = mdo) => ok(await call('POST', '/api/v1/work-roles', { token, json }), 201);
  sharedRole = await role({ code: 'POS-SHARED', name: 'Procurement officer', org_id: org.MOR,
    requirements: [{ competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-INTEGRITY'], level: 2 }] });
  railRole = await role({ code: 'POS-RAIL', name: 'Railway operations officer', name_hi: 'रेल परिचालन अधिकारी',
    org_id: org.MOR, extends_id: sharedRole.id,
    requirements: [{ competency_id: comp['DOM-RAILWAY-OPS'], level: 2 }, { competency_id: comp['FUN-PROCUREMENT'], level: 4 }] });
  privateRole = await role({ code: 'POS-RB-PRIVATE', name: 'Railway Board desk', org_id: org.RB, shared: false,
    requirements: [{ competency_id: comp['FUN-EOFFICE'], level: 2 }] });
});
after(async () => { if (srv) await srv.stop(); });

let seq = 0;
const body = (over = {}) => ({ org_id: org.RB, code: `RB-SO-${++seq}`, title: `Section Officer ${seq}`,
  title_hi: `अनुभाग अधिकारी ${seq}`, designation: 'SO', role_ids: [sharedRole.id], ...over });
const post = (json, token = mdo) => call('POST', '/api/v1/positions', { token, json });
const create = async (over = {}, token = mdo) => ok(await post(body(over), token), 201);
const get = (id, token = mdo) => call('GET', `/api/v1/positions/${id}`, { token });
const patch = (id, json, token = mdo) => call('PATCH', `/api/v1/positions/${id}`, { token, json });
const assign = (id, json, token = mdo) => call('POST', `/api/v1/positions/${id}/holders`, { token, json });
const patchHolding = (id, json, token = mdo) => call('PATCH', `/api/v1/position-holders/${id}`, { token, json });

function assertOfficialRef(r, id) {
  for (const k of ['id', 'name', 'name_hi', 'designation', 'org']) assert.ok(k in r, `OFFICIAL REF lacks ${k}`);
  for (const k of ['id', 'code', 'name', 'name_hi']) assert.ok(k in r.org, `OFFICIAL REF.org lacks ${k}`);
  if (r.designation) assert.deepEqual(Object.keys(r.designation).sort(), ['code', 'name', 'name_hi']);
  if (id) assert.equal(r.id, id);
}
// A demo official as every reference names them: Hindi name, designation and organisation included.
function assertDemoOfficialInHindi(r) {
  assert.ok(DEVANAGARI.test(r.name_hi), `${r.name} has a Hindi name: ${JSON.stringify(r)}`);
  assert.ok(DEVANAGARI.test(r.designation.name_hi), `${r.name}'s designation has a Hindi name`);
  assert.ok(DEVANAGARI.test(r.org.name_hi), `${r.name}'s organisation has a Hindi name`);
}
function assertHolding(h) {
  for (const f of HOLDING_FIELDS) assert.ok(f in h, `HOLDING lacks ${f}: ${JSON.stringify(h).slice(0, 200)}`);
  assertOfficialRef(h.official);
  if (h.reporting_officer) assertOfficialRef(h.reporting_officer);
}
function assertPosition(p) {
  for (const f of POSITION_FIELDS) assert.ok(f in p, `POSITION lacks ${f}: ${JSON.stringify(p).slice(0, 300)}`);
  assert.match(p.created_at, ISO);
  if (p.holder) assertHolding(p.holder);
}

// --- create, read, assign ---

test('an MDO admin creates a position in a unit of their ministry: 201 with roles and effective requirements', async () => {
  const p = await create({ role_ids: [railRole.id] });
  assertPosition(p);
  // The organisation, designation and roles carry their Hindi names.
  assert.deepEqual(p.org, { id: org.RB, code: 'RB', name: 'Railway Board', name_hi: RB_HI });
  assert.deepEqual(p.designation, { code: 'SO', name: 'Section Officer', name_hi: 'अनुभाग अधिकारी' });
  assert.equal(p.status, 'active');
  assert.equal(p.holder, null);
  assert.deepEqual(p.roles, [{ id: railRole.id, code: 'POS-RAIL', name: 'Railway operations officer',
    name_hi: 'रेल परिचालन अधिकारी' }]);
  // the role's own and inherited requirements, the highest level per competency
  const levels = Object.fromEntries(p.requirements.map((q) => [q.competency.code, q.level]));
  assert.deepEqual(levels, { 'FUN-PROCUREMENT': 4, 'BEH-INTEGRITY': 2, 'DOM-RAILWAY-OPS': 2 });
  for (const q of p.requirements) for (const k of ['id', 'code', 'name', 'name_hi', 'area']) assert.ok(k in q.competency);
  assert.deepEqual(ok(await get(p.id)), p);
});

test('assigning a holder with a reporting officer: the post shows them, both may read it, the officer sees a reportee', async () => {
  const p = await create();
  const h = ok(await assign(p.id, { official_id: who.priya, reporting_officer_id: who.vikram, start_date: today() }), 201);
  assertHolding(h);
  assertOfficialRef(h.official, who.priya);
  assertOfficialRef(h.reporting_officer, who.vikram);
  assert.equal(h.official.name, 'Priya Sharma');
  assert.equal(h.official.org.code, 'RB');
  assertDemoOfficialInHindi(h.official);
  assertDemoOfficialInHindi(h.reporting_officer);
  assert.equal(h.reporting_officer.name_hi, 'विक्रम सिंह');
  assert.equal(h.start_date, today());
  assert.equal(h.end_date, null);
  const seen = ok(await get(p.id, learner));
  assert.equal(seen.holder.id, h.id);
  assert.equal(seen.holder.reporting_officer.name, 'Vikram Singh');
  ok(await get(p.id, supervisor));
  const reportees = ok(await call('GET', '/api/v1/me/reportees', { token: supervisor }));
  const mine = reportees.items.find((r) => r.official.id === who.priya);
  assert.ok(mine, 'Priya is among Vikram\'s reportees');
  assertOfficialRef(mine.official, who.priya);
  assertDemoOfficialInHindi(mine.official);
  assert.deepEqual(mine.position, { id: p.id, code: p.code, title: p.title, title_hi: p.title_hi,
    org: { id: org.RB, code: 'RB', name: 'Railway Board', name_hi: RB_HI } });
  assert.ok(DEVANAGARI.test(mine.position.title_hi));
  const pending = Number(sql(`SELECT COUNT(*) FROM passport_entries WHERE official_id = ${who.priya} AND status = 'pending' AND source = 'self'`));
  assert.equal(mine.pending_verifications, pending, 'her self-declared entries waiting for review');
  assert.deepEqual(ok(await call('GET', '/api/v1/me/reportees', { token: learner })).items, [], 'Priya has no reportees');
});

// --- the list ---

test("the organisation's positions page by title; subtree, q and status filter them", async () => {
  const made = [];
  for (const t of ['Zeta', 'Alpha', 'Mu', 'Beta']) made.push(await create({ org_id: org.NR, title: `Lister ${t} post` }));
  const mine = await create({ org_id: org.RB, title: 'Lister RB post' });
  const sub = (await walk(`/api/v1/orgs/${org.RB}/positions?q=lister`, mdo, 2)).items;
  assert.deepEqual(sub.map((p) => p.title), ['Lister Alpha post', 'Lister Beta post', 'Lister Mu post', 'Lister RB post',
    'Lister Zeta post'], 'the subtree by default, by title');
  for (const p of sub) assertPosition(p);
  const own = (await walk(`/api/v1/orgs/${org.RB}/positions?q=lister&subtree=0`, mdo, 50)).items;
  assert.deepEqual(own.map((p) => p.id), [mine.id], 'subtree=0: the organisation\'s own posts only');
  const byCode = ok(await call('GET', `/api/v1/orgs/${org.NR}/positions?q=${made[0].code.toLowerCase()}`, { token: mdo }));
  assert.deepEqual(byCode.items.map((p) => p.id), [made[0].id]);
  ok(await patch(made[1].id, { status: 'abolished' }));
  const active = (await walk(`/api/v1/orgs/${org.NR}/positions?q=lister&status=active`, mdo, 50)).items;
  assert.equal(active.length, 3);
  const abolished = (await walk(`/api/v1/orgs/${org.NR}/positions?q=lister&status=abolished`, mdo, 50)).items;
  assert.deepEqual(abolished.map((p) => p.id), [made[1].id]);
  ok(await call('GET', `/api/v1/orgs/${org.NR}/positions`, { token: spv }));
  assertProblem(await call('GET', `/api/v1/orgs/${org.DOP}/positions`, { token: mdo }), 403, 'forbidden');
  assertProblem(await call('GET', `/api/v1/orgs/${org.RB}/positions`, { token: learner }), 403, 'forbidden');
  assertProblem(await call('GET', '/api/v1/orgs/999999/positions', { token: mdo }), 404, 'not_found');
  for (const qs of ['subtree=2', 'status=gone', 'limit=0', 'cursor=zz']) {
    assertProblem(await call('GET', `/api/v1/orgs/${org.RB}/positions?${qs}`, { token: mdo }), 422);
  }
});

// --- who reads a position ---

test('a position is read by its admins, its holder and their officer; anyone else gets 404', async () => {
  const p = await create();
  ok(await get(p.id, mdo));
  ok(await get(p.id, spv));
  assertProblem(await get(p.id, learner), 404, 'not_found');
  assertProblem(await get(p.id, supervisor), 404, 'not_found');
  assertProblem(await get(999999), 404, 'not_found');
});

// --- edits ---

test('PATCH changes title, designation and roles (and so the requirements); code and org cannot change', async () => {
  const p = await create({ role_ids: [sharedRole.id] });
  const e = ok(await patch(p.id, { title: 'Renamed post', title_hi: null, designation: null, role_ids: [railRole.id, privateRole.id] }));
  assert.equal(e.title, 'Renamed post');
  assert.equal(e.title_hi, null);
  assert.equal(e.designation, null);
  assert.deepEqual(e.roles.map((r) => r.code).sort(), ['POS-RAIL', 'POS-RB-PRIVATE']);
  assert.ok(e.requirements.some((q) => q.competency.code === 'FUN-EOFFICE'), 'the added role\'s requirement shows');
  assert.equal(e.code, p.code);
  const bad = assertProblem(await patch(p.id, { code: 'NEW', org_id: org.NR }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['code', 'org_id']);
  assertProblem(await patch(p.id, {}), 422);
  assert.deepEqual(fieldsOf(assertProblem(await patch(p.id, { status: 'closed' }), 422)), ['status']);
  assertProblem(await patch(p.id, { title: 'Mine now' }, learner), 404);
  assertProblem(await patch(999999, { title: 'x' }), 404, 'not_found');
});

test('abolishing a position ends its holding today; an abolished position takes no holder (409)', async () => {
  const p = await create();
  const official = staffOf('RB', 3);
  const h = ok(await assign(p.id, { official_id: official, start_date: today() }), 201);
  const a = ok(await patch(p.id, { status: 'abolished' }));
  assert.equal(a.status, 'abolished');
  assert.equal(a.holder, null);
  const holdings = ok(await call('GET', `/api/v1/officials/${official}/positions`, { token: mdo })).items;
  assert.equal(holdings.find((x) => x.id === h.id).end_date, today());
  assertProblem(await assign(p.id, { official_id: official, start_date: today() }), 409, 'conflict');
  ok(await patch(p.id, { status: 'active' }));
  ok(await assign(p.id, { official_id: official, start_date: today() }), 201);
});

// --- holders ---

test('a new holder ends the previous holding of the post and the official\'s other holding on the start date', async () => {
  const p1 = await create();
  const p2 = await create();
  const [x, y] = [staffOf('RB', 4), staffOf('RB', 5)];
  const hx = ok(await assign(p1.id, { official_id: x, start_date: '2030-01-01' }), 201);
  const hy = ok(await assign(p2.id, { official_id: y, reporting_officer_id: x, start_date: '2030-01-01' }), 201);
  // y moves to p1: x's holding of p1 and y's holding of p2 both end on 2030-03-01
  const moved = ok(await assign(p1.id, { official_id: y, start_date: '2030-03-01' }), 201);
  assert.equal(moved.reporting_officer, null);
  const ofX = ok(await call('GET', `/api/v1/officials/${x}/positions`, { token: mdo }));
  assertOfficialRef(ofX.official, x);
  assert.equal(ofX.items.find((h) => h.id === hx.id).end_date, '2030-03-01');
  const ofY = ok(await call('GET', `/api/v1/officials/${y}/positions`, { token: mdo })).items;
  assert.equal(ofY.find((h) => h.id === hy.id).end_date, '2030-03-01');
  assert.equal(ofY[0].id, moved.id, 'newest first');
  assert.deepEqual(ofY[0].position, { id: p1.id, code: p1.code, title: p1.title, title_hi: p1.title_hi,
    org: { id: org.RB, code: 'RB', name: 'Railway Board', name_hi: RB_HI } });
  assert.ok(DEVANAGARI.test(ofY[0].position.title_hi), 'a holding names its post in Hindi too');
  for (const h of ofY) assertHolding(h);
  assert.equal(ok(await get(p1.id)).holder.official.id, y);
  assert.equal(ok(await get(p2.id)).holder, null);
  // a start before a holding it would end is refused and changes nothing
  const early = assertProblem(await assign(p1.id, { official_id: x, start_date: '2030-02-01' }), 422);
  assert.deepEqual(fieldsOf(early), ['start_date']);
  assert.match(early.errors[0].message, /2030-03-01/);
  assert.equal(ok(await get(p1.id)).holder.official.id, y);
});

test('PATCH a holding: change the reporting officer (reportees follow), then end it', async () => {
  const p = await create();
  const x = staffOf('RB', 6);
  const h = ok(await assign(p.id, { official_id: x, reporting_officer_id: who.sunita, start_date: today() }), 201);
  const sunitaSees = async () => ok(await call('GET', '/api/v1/me/reportees', { token: mdo })).items.some((r) => r.official.id === x);
  const vikramSees = async () => ok(await call('GET', '/api/v1/me/reportees', { token: supervisor })).items.some((r) => r.official.id === x);
  assert.equal(await sunitaSees(), true);
  const c = ok(await patchHolding(h.id, { reporting_officer_id: who.vikram }));
  assertHolding(c);
  assert.equal(c.reporting_officer.id, who.vikram);
  assert.equal(await sunitaSees(), false);
  assert.equal(await vikramSees(), true);
  // the officer may read the post and the official's holdings, but not change them
  ok(await get(p.id, supervisor));
  ok(await call('GET', `/api/v1/officials/${x}/positions`, { token: supervisor }));
  assertProblem(await patchHolding(h.id, { end_date: today() }, supervisor), 403, 'forbidden');
  const cleared = ok(await patchHolding(h.id, { reporting_officer_id: null }));
  assert.equal(cleared.reporting_officer, null);
  const ended = ok(await patchHolding(h.id, { end_date: today() }));
  assert.equal(ended.end_date, today());
  assert.equal(ok(await get(p.id)).holder, null);
  assertProblem(await patchHolding(h.id, { end_date: today() }), 409, 'conflict');
  assertProblem(await patchHolding(999999, { end_date: today() }), 404, 'not_found');
});

test("an official's holdings are for themselves, their reporting officer and admins (403 others, 404 unknown)", async () => {
  const mine = ok(await call('GET', `/api/v1/officials/${who.priya}/positions`, { token: learner }));
  assertOfficialRef(mine.official, who.priya);
  assert.ok(mine.items.length >= 1);
  ok(await call('GET', `/api/v1/officials/${who.priya}/positions`, { token: spv }));
  assertProblem(await call('GET', `/api/v1/officials/${who.sunita}/positions`, { token: supervisor }), 403, 'forbidden');
  assertProblem(await call('GET', `/api/v1/officials/${who.vikram}/positions`, { token: learner }), 403, 'forbidden');
  assertProblem(await call('GET', '/api/v1/officials/999999/positions', { token: mdo }), 404, 'not_found');
});

test('every position and holding write is in the audit log with its actor', async () => {
  const p = await create();
  ok(await patch(p.id, { title: 'Audited post' }));
  const x = staffOf('RB', 7);
  const h = ok(await assign(p.id, { official_id: x, start_date: today() }), 201);
  ok(await patchHolding(h.id, { reporting_officer_id: who.vikram }));
  assert.deepEqual(audit('position', p.id), [`position.create:${who.sunita}`, `position.update:${who.sunita}`]);
  assert.deepEqual(audit('position_holder', h.id), [`position_holder.create:${who.sunita}`, `position_holder.update:${who.sunita}`]);
  const [before, afterJson] = sql(`SELECT before_json, after_json FROM audit_log WHERE object_type = 'position' AND object_id = '${p.id}' AND action = 'position.update'`).split('|');
  assert.equal(JSON.parse(before).title, p.title);
  assert.equal(JSON.parse(afterJson).title, 'Audited post');
});

// --- bad input ---

test('a position in an organisation outside the caller\'s scope is 403; a learner is 403', async () => {
  const r = assertProblem(await post(body({ org_id: org.DOP })), 403, 'forbidden');
  assert.match(r.detail, /outside your scope/);
  assertProblem(await post(body(), learner), 403, 'forbidden');
  ok(await post(body({ org_id: org.DOP }), spv), 201);
});

test('a holder outside the caller\'s scope is 403; an unknown or inactive one is 422', async () => {
  const p = await create();
  const dopOfficial = staffOf('DOP-DL');
  const r = assertProblem(await assign(p.id, { official_id: dopOfficial, start_date: today() }), 403, 'forbidden');
  assert.match(r.detail, /outside your scope/);
  assert.equal(ok(await get(p.id)).holder, null);
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: 999999, start_date: today() }), 422)), ['official_id']);
  const gone = staffOf('RB', 8);
  sql(`UPDATE officials SET status = 'suspended' WHERE id = ${gone}`);
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: gone, start_date: today() }), 422)), ['official_id']);
  // nor may someone outside the post's organisation assign it
  const spvPost = ok(await post(body({ org_id: org.DOP }), spv), 201);
  assertProblem(await assign(spvPost.id, { official_id: who.priya, start_date: today() }), 403, 'forbidden');
  assertProblem(await assign(999999, { official_id: who.priya, start_date: today() }), 404, 'not_found');
});

test('the reporting officer cannot be the holder, and must be an existing active official (422)', async () => {
  const p = await create();
  const x = staffOf('RB', 9);
  const self = assertProblem(await assign(p.id, { official_id: x, reporting_officer_id: x, start_date: today() }), 422);
  assert.deepEqual(fieldsOf(self), ['reporting_officer_id']);
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: x, reporting_officer_id: 999999, start_date: today() }), 422)),
    ['reporting_officer_id']);
  const h = ok(await assign(p.id, { official_id: x, start_date: today() }), 201);
  assert.deepEqual(fieldsOf(assertProblem(await patchHolding(h.id, { reporting_officer_id: x }), 422)), ['reporting_officer_id']);
});

test('bad holder bodies are 422 naming the field', async () => {
  const p = await create();
  const x = staffOf('RB', 10);
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, {}), 422)), ['official_id', 'start_date']);
  for (const start of ['2026-02-30', '01-02-2026', 20260101, '']) {
    assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: x, start_date: start }), 422)), ['start_date']);
  }
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: 'x', start_date: today() }), 422)), ['official_id']);
  assert.deepEqual(fieldsOf(assertProblem(await assign(p.id, { official_id: x, start_date: today(), role: 'boss' }), 422)), ['role']);
  const h = ok(await assign(p.id, { official_id: x, start_date: '2030-05-01' }), 201);
  assert.deepEqual(fieldsOf(assertProblem(await patchHolding(h.id, { end_date: '2030-04-30' }), 422)), ['end_date']);
  assert.deepEqual(fieldsOf(assertProblem(await patchHolding(h.id, { end_date: 'soon' }), 422)), ['end_date']);
  assert.deepEqual(fieldsOf(assertProblem(await patchHolding(h.id, {}), 422)), ['body']);
  assert.deepEqual(fieldsOf(assertProblem(await patchHolding(h.id, { start_date: '2030-01-01' }), 422)), ['start_date']);
});

test('a code already used in the organisation is 409; the same code in another organisation is fine', async () => {
  const p = await create();
  assertProblem(await post(body({ code: p.code })), 409, 'conflict');
  ok(await post(body({ code: p.code, org_id: org.NR })), 201);
  for (const code of ['rb-so', 'X', '_X', 'A B']) {
    assert.deepEqual(fieldsOf(assertProblem(await post(body({ code })), 422)), ['code'], code);
  }
});

test('a private role outside its owner\'s subtree, a retired or unknown role, and bad role lists are 422', async () => {
  ok(await post(body({ org_id: org.NR, role_ids: [privateRole.id] })), 201); // NR is under RB, the owner
  const outside = assertProblem(await post(body({ org_id: org.MOR, role_ids: [sharedRole.id, privateRole.id] })), 422);
  assert.deepEqual(fieldsOf(outside), ['role_ids[1]']);
  assert.match(outside.errors[0].message, /private role of RB/);
  const p = await create();
  ok(await patch(p.id, { role_ids: [privateRole.id] })); // RB itself may carry it
  const nair = await create({ org_id: org.NAIR }); // NAIR is under MOR, not under RB
  assert.deepEqual(fieldsOf(assertProblem(await patch(nair.id, { role_ids: [privateRole.id] }), 422)), ['role_ids[0]']);
  const retired = ok(await call('POST', '/api/v1/work-roles', { token: mdo, json: { code: 'POS-RETIRED', name: 'Old role',
    org_id: org.MOR, requirements: [] } }), 201);
  ok(await call('PATCH', `/api/v1/work-roles/${retired.id}`, { token: mdo, json: { status: 'retired' } }));
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: [retired.id] })), 422)), ['role_ids[0]']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: [999999] })), 422)), ['role_ids[0]']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: [] })), 422)), ['role_ids']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: Array(21).fill(sharedRole.id) })), 422)), ['role_ids']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: [sharedRole.id, sharedRole.id] })), 422)), ['role_ids[1]']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ role_ids: ['x'] })), 422)), ['role_ids[0]']);
  // and a role used by a post outside its owner cannot become private
  const sharedRb = ok(await call('POST', '/api/v1/work-roles', { token: mdo, json: { code: 'POS-RB-SHARED', name: 'RB shared',
    org_id: org.RB, requirements: [] } }), 201);
  await create({ org_id: org.NAIR, role_ids: [sharedRb.id] });
  const priv = assertProblem(await call('PATCH', `/api/v1/work-roles/${sharedRb.id}`, { token: mdo, json: { shared: false } }), 422);
  assert.deepEqual(fieldsOf(priv), ['shared']);
});

test('unknown fields, missing fields and an unknown designation are 422 naming each', async () => {
  assert.deepEqual(fieldsOf(assertProblem(await post({ ...body(), colour: 'blue' }), 422)), ['colour']);
  assert.deepEqual(fieldsOf(assertProblem(await post({}), 422)), ['code', 'org_id', 'role_ids', 'title']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ designation: 'NOPE' })), 422)), ['designation']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ status: 'active' })), 422)), ['status']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ title: '', title_hi: 5 })), 422)), ['title', 'title_hi']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ org_id: 999999 })), 422)), ['org_id']);
  const p = await create();
  assert.deepEqual(fieldsOf(assertProblem(await patch(p.id, { colour: 'blue' }), 422)), ['colour']);
  assertProblem(await post([]), 422);
  assertProblem(await call('GET', '/api/v1/me/reportees'), 401);
});
