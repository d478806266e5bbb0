// API tests: positions and their holders (module frac, part 2). Admins create posts carrying work roles in
// their own organisations, assign holders with a reporting officer, end holdings; the post shows its
// effective requirements and holder; holder and officer see it; the officer sees their reportees. Every bad
// body is a 422 naming the field, scope is a 403, and every write lands in the audit log.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

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

function sql(query) {
  if (srv.pgDatabase) {
    return execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-At', '-F', '|', '-c', query], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '|', path.join(srv.tmp, 'test.db'), query],
    { encoding: 'utf8' }).trim();
}
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
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'WR', 'MOC', 'DOP', 'DOP-DL']) org[code] = await api.orgId(code, spv);
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
  railRole = await role({ code: 'POS-RAIL', name: 'Railway operations officer', org_id: org.MOR, extends_id: sharedRole.id,
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
  for (const k of ['id', 'code', 'name']) assert.ok(k in r.org, `OFFICIAL REF.org lacks ${k}`);
  if (id) assert.equal(r.id, id);
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
  assert.deepEqual(p.org, { id: org.RB, code: 'RB', name: 'Railway Board' });
  assert.deepEqual(p.designation, { code: 'SO', name: 'Section Officer' });
  assert.equal(p.status, 'active');
  assert.equal(p.holder, null);
  assert.deepEqual(p.roles, [{ id: railRole.id, code: 'POS-RAIL', name: 'Railway operations officer' }]);
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
  assert.deepEqual(mine.position, { id: p.id, code: p.code, title: p.title });
  const pending = Number(sql(`SELECT COUNT(*) FROM passport_entries WHERE official_id = ${who.priya} AND status = 'pending' AND source = 'self'`));
  assert.equal(mine.pending_verifications, pending, 'her self-declared entries waiting for review');
  assert.deepEqual(ok(await call('GET', '/api/v1/me/reportees', { token: learner })).items, [], 'Priya has no reportees');
});
