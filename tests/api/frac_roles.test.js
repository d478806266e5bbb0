// API tests: work roles (module frac, part 2). Admins create roles with activities and required
// competencies, extend one role from another (inheriting requirements, never in a cycle), edit and retire
// them; shared roles are read by everyone, private ones only inside the owner; every bad body is a 422
// naming the field, scope is a 403, and every write lands in the audit log.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ROLE_FIELDS = ['id', 'code', 'name', 'name_hi', 'description', 'description_hi', 'org', 'shared', 'status',
  'extends', 'activities', 'requirements', 'created_at', 'updated_at'];
const BIN = process.env.KARMAYOGI_BIN || path.join(__dirname, '..', '..', 'build', 'karmayogi');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email, password) => (await api.login(email, password)).token;
let spv; let mdo; let learner;
const org = {}; // code -> id
const comp = {}; // code -> id

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'MOC', 'DOP', 'DOP-DL']) org[code] = await api.orgId(code, spv);
  for (const code of ['FUN-PROCUREMENT', 'FUN-EOFFICE', 'FUN-FINANCE', 'BEH-INTEGRITY', 'BEH-CITIZEN', 'DOM-RAILWAY-OPS']) {
    const r = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: learner }));
    comp[code] = r.items.find((c) => c.code === code).id;
  }
});
after(async () => { if (srv) await srv.stop(); });

const sql = (query) => sqlText(srv, query);
const auditActions = (id) => sql(`SELECT action || ':' || actor_id FROM audit_log WHERE object_type = 'work_role' AND object_id = '${id}' ORDER BY id`)
  .split('\n').filter(Boolean);
const meId = async (token) => ok(await call('GET', '/api/v1/me', { token })).id;

let seq = 0;
const body = (over = {}) => ({
  code: `SO-PROC-${++seq}`,
  name: `Section Officer, procurement ${seq}`,
  name_hi: `अनुभाग अधिकारी, खरीद ${seq}`,
  description: 'Runs the purchase of goods and services for the section.',
  org_id: org.MOR,
  activities: [{ text: 'Prepares tender documents', text_hi: 'निविदा दस्तावेज़ तैयार करता है' }, { text: 'Evaluates bids' }],
  requirements: [{ competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-INTEGRITY'], level: 2 }],
  ...over,
});
const create = async (over = {}, token = mdo) => ok(await call('POST', '/api/v1/work-roles', { token, json: body(over) }), 201);
const post = (json, token = mdo) => call('POST', '/api/v1/work-roles', { token, json });
const patch = (id, json, token = mdo) => call('PATCH', `/api/v1/work-roles/${id}`, { token, json });
const get = (id, token = learner) => call('GET', `/api/v1/work-roles/${id}`, { token });
const reqOf = (role, code) => role.requirements.find((r) => r.competency.code === code);

function assertRoleShape(r) {
  for (const f of ROLE_FIELDS) assert.ok(f in r, `ROLE lacks ${f}: ${JSON.stringify(r).slice(0, 300)}`);
  assert.deepEqual(Object.keys(r.org).sort(), ['code', 'id', 'name', 'name_hi'], 'ROLE.org is an ORG REF');
  if (r.extends) assert.deepEqual(Object.keys(r.extends).sort(), ['code', 'id', 'name', 'name_hi'], 'extends is a ROLE REF');
  assert.equal(typeof r.shared, 'boolean');
  assert.match(r.created_at, ISO);
  assert.match(r.updated_at, ISO);
  for (const q of r.requirements) {
    for (const k of ['id', 'code', 'name', 'name_hi', 'area']) assert.ok(k in q.competency, `REF lacks ${k}`);
    assert.ok(Number.isInteger(q.level) && q.level >= 1 && q.level <= 5);
    assert.ok('inherited_from' in q);
  }
}

// --- create and read ---

test('an MDO admin creates a role for their ministry: 201 with activities, requirements by name and Hindi text', async () => {
  const r = await create();
  assertRoleShape(r);
  assert.deepEqual(r.org, { id: org.MOR, code: 'MOR', name: 'Ministry of Railways', name_hi: 'रेल मंत्रालय' });
  assert.equal(r.shared, true, 'shared by default');
  assert.equal(r.status, 'active');
  assert.equal(r.extends, null);
  assert.match(r.name_hi, /अनुभाग/);
  assert.deepEqual(r.activities, [{ text: 'Prepares tender documents', text_hi: 'निविदा दस्तावेज़ तैयार करता है' },
    { text: 'Evaluates bids', text_hi: null }]);
  assert.deepEqual(r.requirements.map((q) => [q.competency.code, q.level, q.inherited_from]).sort(),
    [['BEH-INTEGRITY', 2, null], ['FUN-PROCUREMENT', 3, null]]);
  const names = r.requirements.map((q) => q.competency.name);
  assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), 'by competency name');
  const again = ok(await get(r.id));
  assert.deepEqual(again, r, 'GET answers what POST answered');
});

test('a role extends another: inherited requirements say where they came from, the highest level wins', async () => {
  const base = await create({ requirements: [{ competency_id: comp['FUN-EOFFICE'], level: 2 },
    { competency_id: comp['FUN-PROCUREMENT'], level: 4 }, { competency_id: comp['BEH-CITIZEN'], level: 1 }],
  activities: [{ text: 'Files in e-Office' }] });
  const child = await create({ extends_id: base.id,
    requirements: [{ competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-CITIZEN'], level: 2 }] });
  // The role it extends, and where an inherited level came from, are named in Hindi too.
  const baseRef = { id: base.id, code: base.code, name: base.name, name_hi: base.name_hi };
  assert.match(base.name_hi, /अनुभाग/);
  assert.deepEqual(child.extends, baseRef);
  const proc = reqOf(child, 'FUN-PROCUREMENT');
  assert.equal(proc.level, 4, 'the inherited level 4 beats the own level 3');
  assert.deepEqual(proc.inherited_from, baseRef);
  assert.equal(reqOf(child, 'BEH-CITIZEN').level, 2, 'the own level 2 beats the inherited 1');
  assert.equal(reqOf(child, 'BEH-CITIZEN').inherited_from, null);
  assert.equal(reqOf(child, 'FUN-EOFFICE').inherited_from.id, base.id);
  // own ones first, each part by competency name
  const own = child.requirements.filter((q) => q.inherited_from === null);
  assert.deepEqual(child.requirements.slice(0, own.length), own, 'own requirements come first');
  for (const part of [own, child.requirements.slice(own.length)]) {
    const names = part.map((q) => q.competency.name);
    assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  }
  assert.deepEqual(child.inherited_activities.map((a) => [a.text, a.from]), [['Files in e-Office', baseRef]]);
});

test('any session reads a shared role; an unknown id is 404', async () => {
  const r = await create();
  ok(await get(r.id, learner));
  ok(await get(r.id, spv));
  assertProblem(await get(999999), 404, 'not_found');
  assertProblem(await get('abc'), 404);
});

// --- the list ---

test('the list pages by name with a keyset cursor and filters by q, org_id and status', async () => {
  for (let i = 0; i < 4; i++) await create({ name: `Pager role ${String.fromCharCode(90 - i)} ${seq}` });
  const all = (await walk('/api/v1/work-roles?q=pager', learner, 2)).items;
  assert.equal(all.length, 4);
  const names = all.map((r) => r.name);
  assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  assert.equal(new Set(all.map((r) => r.id)).size, 4, 'paging neither repeats nor skips');
  const retired = await create({ name: `Pager role retired ${seq}` });
  ok(await patch(retired.id, { status: 'retired' }));
  const active = (await walk('/api/v1/work-roles?q=pager&status=active', learner, 50)).items;
  assert.ok(!active.some((r) => r.id === retired.id));
  const only = (await walk('/api/v1/work-roles?q=pager&status=retired', learner, 50)).items;
  assert.deepEqual(only.map((r) => r.id), [retired.id]);
  const byCode = ok(await call('GET', `/api/v1/work-roles?q=${retired.code.toLowerCase()}`, { token: learner }));
  assert.deepEqual(byCode.items.map((r) => r.id), [retired.id], 'q matches the code in any case');
  const mine = (await walk(`/api/v1/work-roles?org_id=${org.MOR}`, learner, 500)).items;
  assert.ok(mine.length >= 5 && mine.every((r) => r.org.id === org.MOR));
  const none = ok(await call('GET', `/api/v1/work-roles?org_id=${org.DOP}`, { token: learner }));
  assert.ok(none.items.every((r) => r.org.id === org.DOP));
  for (const qs of ['status=gone', 'org_id=x', 'org_id=0', 'limit=0', 'limit=501', 'cursor=zz']) {
    assertProblem(await call('GET', `/api/v1/work-roles?${qs}`, { token: learner }), 422);
  }
});

// --- private roles ---

// An admin of another ministry: an official of DOP-DL who sets a password and is made mdo_admin of MOC.
let dopAdmin;
async function otherMinistryAdmin() {
  if (dopAdmin) return dopAdmin;
  const [id, email] = sql(`SELECT f.id, f.email FROM officials f JOIN organisations o ON o.id = f.org_id
    WHERE o.code = 'DOP-DL' AND f.password_hash IS NULL AND f.status = 'active' ORDER BY f.id LIMIT 1`).split('|');
  const url = srv.pgDatabase
    ? `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`
    : `sqlite:${path.join(srv.tmp, 'test.db')}`;
  const link = spawnSync(BIN, ['activation-link', '--db', url, '--email', email, '--base', 'https://x.example/'], { encoding: 'utf8' });
  assert.equal(link.status, 0, link.stderr);
  const token = link.stdout.trim().match(/token=([0-9a-f]{64})/)[1];
  ok(await call('POST', '/api/v1/auth/activate', { json: { token, password: 'Another-Good-Phrase-9' } }));
  ok(await call('POST', `/api/v1/officials/${id}/roles`, { token: spv, json: { role: 'mdo_admin', org_id: org.MOC } }), 201);
  dopAdmin = await login(email, 'Another-Good-Phrase-9');
  return dopAdmin;
}

test("a private role is seen by its ministry's admins and staff, not by another ministry's admin", async () => {
  const priv = await create({ shared: false, name: `Private railway role ${seq}` });
  assert.equal(priv.shared, false);
  const other = await otherMinistryAdmin();
  assertProblem(await get(priv.id, other), 404, 'not_found');
  const theirList = (await walk(`/api/v1/work-roles?q=${encodeURIComponent('private railway')}`, other, 500)).items;
  assert.ok(!theirList.some((r) => r.id === priv.id), "the other ministry's admin does not list it");
  ok(await get(priv.id, mdo));
  ok(await get(priv.id, learner)); // Priya works in RB, under MOR: she sees it
  ok(await get(priv.id, spv));
  const priyaList = (await walk(`/api/v1/work-roles?q=${encodeURIComponent('private railway')}`, learner, 500)).items;
  assert.ok(priyaList.some((r) => r.id === priv.id));
  // and the other ministry's admin cannot edit it either: it does not exist for them
  assertProblem(await patch(priv.id, { name: 'Taken over' }, other), 404, 'not_found');
});

test("a private role of another ministry cannot be extended", async () => {
  const other = await otherMinistryAdmin();
  const theirs = ok(await post({ ...body({ org_id: org.DOP, shared: false }) }, other), 201);
  const r = assertProblem(await post(body({ extends_id: theirs.id })), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(r), ['extends_id']);
});

// --- scope ---

test('writing a role for an organisation outside your scope is 403; a learner is 403 too', async () => {
  assertProblem(await post(body({ org_id: org.DOP })), 403, 'forbidden');
  assertProblem(await post(body({ org_id: org.RB }), learner), 403, 'forbidden');
  const r = await create();
  assertProblem(await patch(r.id, { name: 'Renamed by a learner' }, learner), 403, 'forbidden');
  ok(await post(body({ org_id: org.NR })), 201); // a unit under MOR is inside the scope
  ok(await post(body({ org_id: org.DOP }), spv), 201); // the SPV admin administers everything
});

// --- edits ---

test('PATCH changes names, replaces activities and requirements, retires; code and org cannot change', async () => {
  const r = await create();
  const p = ok(await patch(r.id, { name: 'Renamed role', name_hi: null, description: null, shared: false,
    activities: [{ text: 'Only this now' }], requirements: [{ competency_id: comp['FUN-FINANCE'], level: 5 }] }));
  assert.equal(p.name, 'Renamed role');
  assert.equal(p.name_hi, null);
  assert.equal(p.description, null);
  assert.equal(p.shared, false);
  assert.deepEqual(p.activities, [{ text: 'Only this now', text_hi: null }]);
  assert.deepEqual(p.requirements.map((q) => [q.competency.code, q.level]), [['FUN-FINANCE', 5]]);
  assert.equal(p.code, r.code);
  const retired = ok(await patch(r.id, { status: 'retired' }));
  assert.equal(retired.status, 'retired');
  assert.equal(retired.name, 'Renamed role', 'fields not sent stay as they were');
  const bad = assertProblem(await patch(r.id, { code: 'NEW-CODE', org_id: org.RB }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['code', 'org_id']);
  assertProblem(await patch(r.id, {}), 422, 'validation_failed');
  assertProblem(await patch(r.id, { status: 'deleted' }), 422, 'validation_failed');
  assertProblem(await patch(999999, { name: 'x' }), 404, 'not_found');
});

test('every role write is in the audit log with its actor', async () => {
  const r = await create();
  ok(await patch(r.id, { name: 'Audited rename' }));
  const mdoId = await meId(mdo);
  assert.deepEqual(auditActions(r.id), [`work_role.create:${mdoId}`, `work_role.update:${mdoId}`]);
  const row = sql(`SELECT before_json, after_json FROM audit_log WHERE object_type = 'work_role' AND object_id = '${r.id}' AND action = 'work_role.update'`);
  const [beforeJson, afterJson] = row.split('|');
  assert.equal(JSON.parse(beforeJson).name, r.name);
  assert.equal(JSON.parse(afterJson).name, 'Audited rename');
  // a refused write leaves no entry
  await patch(r.id, { requirements: [{ competency_id: comp['FUN-FINANCE'], level: 9 }] });
  assert.equal(auditActions(r.id).length, 2);
});

// --- bad input ---

test('a level outside 1-5 or not a whole number is 422 naming requirements[i].level', async () => {
  for (const level of [0, 6, 2.5, '3', null, true]) {
    const r = assertProblem(await post(body({ requirements: [{ competency_id: comp['FUN-FINANCE'], level: 2 },
      { competency_id: comp['FUN-PROCUREMENT'], level }] })), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(r), ['requirements[1].level'], `level ${JSON.stringify(level)}`);
  }
  const r = await create();
  const p = assertProblem(await patch(r.id, { requirements: [{ competency_id: comp['FUN-FINANCE'], level: 6 }] }), 422);
  assert.deepEqual(fieldsOf(p), ['requirements[0].level']);
});

test('an unknown competency, a retired one, and the same one twice are 422 naming the entry', async () => {
  const unknown = assertProblem(await post(body({ requirements: [{ competency_id: 999999, level: 2 }] })), 422);
  assert.deepEqual(fieldsOf(unknown), ['requirements[0].competency_id']);
  assert.match(unknown.errors[0].message, /no competency/);
  // retire a competency made for this test
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, descriptor: `level ${level}` }));
  const c = ok(await call('POST', '/api/v1/competencies', { token: spv, json: { code: 'FUN-ROLE-TEST-RETIRED',
    area: 'functional', name: 'Retired for the role test', description: 'x', levels } }), 201);
  ok(await call('PATCH', `/api/v1/competencies/${c.id}`, { token: spv, json: { status: 'retired' } }));
  const retired = assertProblem(await post(body({ requirements: [{ competency_id: comp['FUN-FINANCE'], level: 1 },
    { competency_id: c.id, level: 2 }] })), 422);
  assert.deepEqual(fieldsOf(retired), ['requirements[1].competency_id']);
  assert.equal(retired.errors[0].message, 'is retired; choose an active competency');
  const twice = assertProblem(await post(body({ requirements: [{ competency_id: comp['FUN-FINANCE'], level: 1 },
    { competency_id: comp['FUN-FINANCE'], level: 2 }] })), 422);
  assert.deepEqual(fieldsOf(twice), ['requirements[1].competency_id']);
  for (const bad of [0, -1, 'x', 1.5]) {
    const r = assertProblem(await post(body({ requirements: [{ competency_id: bad, level: 1 }] })), 422);
    assert.deepEqual(fieldsOf(r), ['requirements[0].competency_id']);
  }
});

test('extends that would make a cycle is 422 naming the cycle; unknown or self extends too', async () => {
  const b = await create({ code: `CYC-B-${seq}` });
  const a = await create({ code: `CYC-A-${seq}`, extends_id: b.id });
  const r = assertProblem(await patch(b.id, { extends_id: a.id }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(r), ['extends_id']);
  assert.equal(r.errors[0].message, `would make a cycle: ${b.code} → ${a.code} → ${b.code}`);
  const self = assertProblem(await patch(b.id, { extends_id: b.id }), 422);
  assert.equal(self.errors[0].message, `would make a cycle: ${b.code} → ${b.code}`);
  const c = await create({ code: `CYC-C-${seq}`, extends_id: a.id });
  const long = assertProblem(await patch(b.id, { extends_id: c.id }), 422);
  assert.equal(long.errors[0].message, `would make a cycle: ${b.code} → ${c.code} → ${a.code} → ${b.code}`);
  assert.equal(ok(await get(b.id)).extends, null, 'the refused edit changed nothing');
  const unknown = assertProblem(await post(body({ extends_id: 999999 })), 422);
  assert.deepEqual(fieldsOf(unknown), ['extends_id']);
  ok(await patch(a.id, { extends_id: null }));
  ok(await patch(b.id, { extends_id: a.id })); // with the link gone, B may extend A
});

test('a code already taken is 409; a code of the wrong form is 422', async () => {
  const r = await create();
  assertProblem(await post(body({ code: r.code })), 409, 'conflict');
  for (const code of ['so-proc', 'X', '-LEADING', 'HAS SPACE', 'A'.repeat(41), 'ÄÖ', 7]) {
    const bad = assertProblem(await post(body({ code })), 422);
    assert.deepEqual(fieldsOf(bad), ['code'], `code ${code}`);
  }
});

test('more than 100 activities or requirements, and unknown fields, are 422', async () => {
  const acts = Array.from({ length: 101 }, (_, i) => ({ text: `Activity ${i}` }));
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ activities: acts })), 422)), ['activities']);
  const reqs = Array.from({ length: 101 }, () => ({ competency_id: comp['FUN-FINANCE'], level: 1 }));
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ requirements: reqs })), 422)), ['requirements']);
  ok(await post(body({ activities: acts.slice(0, 100) })), 201);
  const unknown = assertProblem(await post({ ...body(), colour: 'blue' }), 422);
  assert.deepEqual(fieldsOf(unknown), ['colour']);
  const nested = assertProblem(await post(body({ activities: [{ text: 'x', when: 'daily' }],
    requirements: [{ competency_id: comp['FUN-FINANCE'], level: 1, weight: 2 }] })), 422);
  assert.deepEqual(fieldsOf(nested), ['activities[0].when', 'requirements[0].weight']);
  const r = await create();
  assert.deepEqual(fieldsOf(assertProblem(await patch(r.id, { colour: 'blue' }), 422)), ['colour']);
});

test('missing or mistyped fields are 422 naming each', async () => {
  const r = assertProblem(await post({}), 422);
  assert.deepEqual(fieldsOf(r), ['code', 'name', 'org_id', 'requirements']);
  const typed = assertProblem(await post(body({ name: 5, shared: 'yes', extends_id: 'x', activities: 'x',
    org_id: 'MOR', status: 'active' })), 422);
  assert.deepEqual(fieldsOf(typed), ['activities', 'extends_id', 'name', 'org_id', 'shared', 'status']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ activities: [{ text_hi: 'केवल हिंदी' }] })), 422)),
    ['activities[0].text']);
  assert.deepEqual(fieldsOf(assertProblem(await post(body({ org_id: 999999 })), 422)), ['org_id']);
  assertProblem(await post([1, 2]), 422);
  assertProblem(await call('POST', '/api/v1/work-roles', { token: mdo, headers: { 'content-type': 'application/json' } }), 400);
  assertProblem(await call('GET', '/api/v1/work-roles'), 401);
});
