// API test: an official's verified competencies move with them. Passport rows carry the official's
// organisation (so ranking reads only the scope's rows); a transfer by an admin or by an onboarding file
// must carry them along, or a transferred official would vanish from the candidates of their new
// organisation and linger in their old one.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;
let mdo; let supervisor;
const org = {};
let moverId; let postId;
const EMPLOYEE = 'MOVE/1';

const today = () => new Date().toISOString().slice(0, 10);
const candidateIds = async (scope) =>
  ok(await call('GET', `/api/v1/positions/${postId}/candidates?org_id=${scope}&limit=100`, { token: mdo }))
    .items.map((i) => i.official.id);

before(async () => {
  srv = await startServer();
  mdo = (await api.login('mdo.admin@karmayogi.demo')).token;
  supervisor = (await api.login('supervisor@karmayogi.demo')).token;
  const vikram = ok(await call('GET', '/api/v1/me', { token: supervisor })).id;
  for (const code of ['MOR', 'NR', 'WR']) org[code] = await api.orgId(code, mdo);
  const comps = ok(await call('GET', '/api/v1/competencies?q=FUN-PROCUREMENT', { token: mdo })).items;
  const procurement = comps.find((c) => c.code === 'FUN-PROCUREMENT').id;

  const role = ok(await call('POST', '/api/v1/work-roles', { token: mdo, json: {
    code: 'MOVE-BUYER', name: 'Buyer', org_id: org.MOR, requirements: [{ competency_id: procurement, level: 3 }] } }), 201);
  // The post candidates are sought for: in the ministry, vacant. NR and WR are sibling railways under RB.
  postId = ok(await call('POST', '/api/v1/positions', { token: mdo, json: {
    org_id: org.MOR, code: 'MOVE-BUY-1', title: 'Buyer, stores', role_ids: [role.id] } }), 201).id;

  // The official who moves: in NR, holding a post there with Vikram as reporting officer, who verifies
  // their procurement at level 3.
  moverId = ok(await call('POST', '/api/v1/officials', { token: mdo, json: {
    employee_code: EMPLOYEE, email: 'mover@example.gov.in', name: 'Mohan Mover', org_id: org.NR } }), 201).id;
  const own = ok(await call('POST', '/api/v1/positions', { token: mdo, json: {
    org_id: org.NR, code: 'MOVE-NR-1', title: 'Clerk, stores', role_ids: [role.id] } }), 201).id;
  ok(await call('POST', `/api/v1/positions/${own}/holders`, { token: mdo, json: {
    official_id: moverId, reporting_officer_id: vikram, start_date: today() } }), 201);
  ok(await call('POST', `/api/v1/officials/${moverId}/passport`, { token: supervisor, json: {
    competency_id: procurement, level: 3, evidence: 'Ran the stores tenders for a year' } }), 201);
});

after(() => srv && srv.stop());

test('before any move, the official is a candidate in their own organisation only', async () => {
  assert.ok((await candidateIds(org.NR)).includes(moverId));
  assert.ok(!(await candidateIds(org.WR)).includes(moverId));
});

test('a transfer by an admin carries the verified competencies to the new organisation', async () => {
  ok(await call('PATCH', `/api/v1/officials/${moverId}`, { token: mdo, json: { org_id: org.WR } }));
  const inWr = ok(await call('GET', `/api/v1/positions/${postId}/candidates?org_id=${org.WR}&limit=100`,
    { token: mdo })).items.find((i) => i.official.id === moverId);
  assert.ok(inWr, 'the moved official is a candidate in WR');
  assert.equal(inWr.score, 100);
  assert.ok(!(await candidateIds(org.NR)).includes(moverId), 'and no longer in NR');
});

test('a transfer by an onboarding file carries them back', async () => {
  const csv = 'employee_code,name,email,org_code\n' + `${EMPLOYEE},Mohan Mover,mover@example.gov.in,NR\n`;
  const r = await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo,
    headers: { 'content-type': 'text/csv' }, body: csv });
  assert.equal(r.status, 200, r.text);
  assert.ok((await candidateIds(org.NR)).includes(moverId), 'back in NR');
  assert.ok(!(await candidateIds(org.WR)).includes(moverId), 'gone from WR');
});
