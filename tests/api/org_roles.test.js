// API tests: role grants. Who may grant which role on which organisation, that a grant takes effect at
// once and a revocation ends it, duplicates, and every bad grant body.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');


let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = (email) => api.login(email);
const orgId = (code) => api.orgId(code, spv);
let spv; let mdo; let learner; let learnerId;
const org = {};
let rbPeople; // officials of RB (not the demo accounts), for grants

before(async () => {
  srv = await startServer();
  spv = (await login('spv.admin@karmayogi.demo')).token;
  mdo = (await login('mdo.admin@karmayogi.demo')).token;
  const l = await login('learner@karmayogi.demo');
  learner = l.token;
  learnerId = l.user.id;
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'NAIR', 'DOP']) org[code] = await orgId(code);
  const r = await call('GET', `/api/v1/officials?org_id=${org.RB}&subtree=0&limit=500`, { token: mdo });
  assert.equal(r.status, 200, r.text);
  rbPeople = r.data.items.filter((o) => o.id !== learnerId);
  assert.ok(rbPeople.length >= 8, 'the demo data has staff in RB');
});
after(async () => { if (srv) await srv.stop(); });

const grant = (id, json, token = mdo) => call('POST', `/api/v1/officials/${id}/roles`, { token, json });
const revoke = (id, grantId, token = mdo) => call('DELETE', `/api/v1/officials/${id}/roles/${grantId}`, { token });
const roles = async (id, token = mdo) => {
  const r = ok(await call('GET', `/api/v1/officials/${id}/roles`, { token }));
  assert.equal(r.next_cursor, null);
  return r.items;
};
const held = (items) => items.map((g) => `${g.role}@${g.org_code}`).sort();

test('an MDO admin grants cbp_admin on RB to an RB official: 201, and the official then holds it', async () => {
  const who = rbPeople[0];
  assert.deepEqual(await roles(who.id), []);
  const g = ok(await grant(who.id, { role: 'cbp_admin', org_id: org.RB }), 201);
  assert.equal(g.official_id, who.id);
  assert.equal(g.role, 'cbp_admin');
  assert.equal(g.org_id, org.RB);
  assert.equal(typeof g.grant_id, 'number');

  const items = await roles(who.id);
  assert.deepEqual(items, [{ grant_id: g.grant_id, role: 'cbp_admin', org_id: org.RB, org_code: 'RB', org_name: 'Railway Board',
    org_name_hi: 'रेलवे बोर्ड' }]);
  const official = ok(await call('GET', `/api/v1/officials/${who.id}`, { token: mdo }));
  assert.deepEqual(held(official.roles), ['cbp_admin@RB']);
  assert.deepEqual(await roles(who.id, spv), items, 'the SPV admin sees the same grants');

  // A role on a unit other than the official's own, still inside MOR, is fine too.
  ok(await grant(who.id, { role: 'trainer', org_id: org.NAIR }), 201);
  assert.deepEqual(held(await roles(who.id)), ['cbp_admin@RB', 'trainer@NAIR']);
});

test('a grant takes effect at once and a revocation ends it: mdo_admin on NR lets a learner list NR staff', async () => {
  assertProblem(await call('GET', `/api/v1/officials?org_id=${org.NR}`, { token: learner }), 403, 'forbidden');
  const g = ok(await grant(learnerId, { role: 'mdo_admin', org_id: org.NR }), 201);
  const me = ok(await call('GET', '/api/v1/me', { token: learner }));
  assert.ok(me.roles.some((r) => r.role === 'mdo_admin' && r.org_id === org.NR), JSON.stringify(me.roles));
  const staff = ok(await call('GET', `/api/v1/officials?org_id=${org.NR}`, { token: learner }));
  assert.ok(staff.items.length > 0);
  // The scope is NR's subtree, not RB nor MOR.
  assertProblem(await call('GET', `/api/v1/officials?org_id=${org.RB}`, { token: learner }), 403, 'forbidden');

  assert.equal((await revoke(learnerId, g.grant_id)).status, 204);
  assertProblem(await call('GET', `/api/v1/officials?org_id=${org.NR}`, { token: learner }), 403, 'forbidden');
  const after = ok(await call('GET', '/api/v1/me', { token: learner }));
  assert.ok(!after.roles.some((r) => r.role === 'mdo_admin'), JSON.stringify(after.roles));
});

test('an MDO admin cannot grant spv_admin, on RB or anywhere: 403, nothing granted', async () => {
  const who = rbPeople[1];
  for (const where of [org.RB, org.MOR, org.GOI]) {
    assertProblem(await grant(who.id, { role: 'spv_admin', org_id: where }), 403, 'forbidden');
  }
  assert.deepEqual(await roles(who.id), []);
});

test('an MDO admin cannot grant on DOP (another ministry) nor above MOR: 403, nothing granted', async () => {
  const who = rbPeople[2];
  for (const [role, where] of [['cbp_admin', org.DOP], ['mdo_admin', org.DOP], ['cbp_admin', org.GOI], ['mdo_admin', org.GOI]]) {
    assertProblem(await grant(who.id, { role, org_id: where }), 403, 'forbidden');
  }
  assert.deepEqual(await roles(who.id), []);
});

test('revoking a grant answers 204 with no body, then it is gone; revoking it again is 404', async () => {
  const who = rbPeople[3];
  const g = ok(await grant(who.id, { role: 'content_reviewer', org_id: org.RB }), 201);
  const keep = ok(await grant(who.id, { role: 'trainer', org_id: org.RB }), 201);
  const r = await revoke(who.id, g.grant_id);
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assert.deepEqual(held(await roles(who.id)), ['trainer@RB'], 'the other grant went too, or this one stayed');
  assertProblem(await revoke(who.id, g.grant_id), 404, 'not_found');
  // A grant id is revoked only through the official who holds it.
  assertProblem(await revoke(rbPeople[4].id, keep.grant_id), 404, 'not_found');
  assertProblem(await revoke(who.id, 999999), 404, 'not_found');
  assert.deepEqual(held(await roles(who.id)), ['trainer@RB']);
});

test('granting the same role on the same organisation twice is 409, and one grant remains', async () => {
  const who = rbPeople[5];
  ok(await grant(who.id, { role: 'programme_coordinator', org_id: org.RB }), 201);
  assertProblem(await grant(who.id, { role: 'programme_coordinator', org_id: org.RB }), 409, 'conflict');
  assertProblem(await grant(who.id, { role: 'programme_coordinator', org_id: org.RB }, spv), 409, 'conflict');
  assert.deepEqual(held(await roles(who.id)), ['programme_coordinator@RB']);
  // The same role on another organisation is another grant.
  ok(await grant(who.id, { role: 'programme_coordinator', org_id: org.NR }), 201);
  assert.deepEqual(held(await roles(who.id)), ['programme_coordinator@NR', 'programme_coordinator@RB']);
});

test('a grant must name a real role other than learner, and an organisation: 422 naming the field', async () => {
  const who = rbPeople[6];
  const cases = [
    [{ role: 'learner', org_id: org.RB }, ['role']], [{ role: 'superuser', org_id: org.RB }, ['role']],
    [{ role: 'CBP_ADMIN', org_id: org.RB }, ['role']], [{ role: 5, org_id: org.RB }, ['role']], [{ org_id: org.RB }, ['role']],
    [{ role: 'cbp_admin' }, ['org_id']], [{ role: 'cbp_admin', org_id: 'RB' }, ['org_id']],
    [{ role: 'cbp_admin', org_id: 0 }, ['org_id']], [{}, ['org_id', 'role']],
    [{ role: 'cbp_admin', org_id: org.RB, expires: '2030-01-01' }, ['expires']], [[], ['body']],
  ];
  for (const [body, fields] of cases) {
    const p = assertProblem(await grant(who.id, body), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), fields, JSON.stringify(body));
  }
  assert.deepEqual(await roles(who.id), []);
});

test('an SPV admin grants spv_admin; an MDO admin can neither revoke it nor grant it back', async () => {
  const who = rbPeople[7];
  const g = ok(await grant(who.id, { role: 'spv_admin', org_id: org.MOR }, spv), 201);
  assert.deepEqual(held(await roles(who.id)), ['spv_admin@MOR']);
  assertProblem(await revoke(who.id, g.grant_id), 403, 'forbidden');
  assert.deepEqual(held(await roles(who.id)), ['spv_admin@MOR'], 'the MDO admin revoked a wider role');
  assert.equal((await revoke(who.id, g.grant_id, spv)).status, 204);
  assert.deepEqual(await roles(who.id), []);
  assertProblem(await grant(who.id, { role: 'spv_admin', org_id: org.MOR }), 403, 'forbidden');
});

test('a learner cannot grant roles, not even to themselves: 403; another official is not there for them: 404', async () => {
  assertProblem(await grant(learnerId, { role: 'cbp_admin', org_id: org.RB }, learner), 403, 'forbidden');
  assertProblem(await grant(learnerId, { role: 'mdo_admin', org_id: org.GOI }, learner), 403, 'forbidden');
  const other = rbPeople[0];
  assertProblem(await grant(other.id, { role: 'cbp_admin', org_id: org.RB }, learner), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/officials/${other.id}/roles`, { token: learner }), 404, 'not_found');
  const theirs = (await roles(other.id))[0];
  assertProblem(await revoke(other.id, theirs.grant_id, learner), 404, 'not_found');
  assert.ok((await roles(other.id)).some((g) => g.grant_id === theirs.grant_id));
  const own = await roles(learnerId, learner);
  assert.ok(!own.some((g) => g.role !== 'learner'), `the learner now holds ${JSON.stringify(own)}`);
  assertProblem(await call('GET', `/api/v1/officials/${learnerId}/roles`), 401, 'unauthenticated');
});
