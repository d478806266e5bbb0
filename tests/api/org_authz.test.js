// API tests: the org module's scope, walked route by route. The MDO admin of MOR (Ministry of Railways)
// calls every route of the module with the ids of another ministry's organisation (DOP, Department of
// Posts) and of one of its officials. Reads of the tree are allowed and give the organisation only; every
// other answer must be 403 or 404, must not leak the official, and must change nothing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');

const PASSWORD = 'Karmayogi@2026';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

async function call(method, path, { token, json, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(srv.url + path, { method, headers: h, body });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

async function login(email) {
  const r = await call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return r.data.token;
}

async function orgByCode(token, code) {
  const r = await call('GET', `/api/v1/orgs?q=${encodeURIComponent(code)}&limit=500`, { token });
  assert.equal(r.status, 200, r.text);
  const hit = r.data.items.find((o) => o.code === code);
  assert.ok(hit, `no organisation with code ${code}`);
  return hit;
}

test('the MOR admin walks every org route with DOP\'s ids: the tree is readable, the rest is 403 or 404, nothing leaks or changes', async (t) => {
  const spv = await login('spv.admin@karmayogi.demo');
  const mdo = await login('mdo.admin@karmayogi.demo');
  const dop = (await orgByCode(spv, 'DOP')).id;
  const mor = (await orgByCode(spv, 'MOR')).id;

  // As the SPV admin: one of DOP's officials, a real role grant of theirs, and whatever onboarding run exists.
  const staff = await call('GET', `/api/v1/officials?org_id=${dop}&limit=5`, { token: spv });
  assert.equal(staff.status, 200, staff.text);
  assert.ok(staff.data.items.length > 0, 'the demo data has staff under DOP');
  const victim = staff.data.items[0];
  const granted = await call('POST', `/api/v1/officials/${victim.id}/roles`, { token: spv, json: { role: 'trainer', org_id: dop } });
  assert.equal(granted.status, 201, granted.text);
  const grantId = granted.data.grant_id;
  const victimBefore = await call('GET', `/api/v1/officials/${victim.id}`, { token: spv });
  assert.equal(victimBefore.status, 200);
  const csv = 'employee_code,name,email\nWALK/1,Walk Test,walk.test@indiapost.gov.in\n';
  const run = await call('POST', `/api/v1/orgs/${dop}/onboarding`, { token: spv, body: csv, headers: { 'content-type': 'text/csv' } });
  const runId = run.data && run.data.run_id ? run.data.run_id : 1;
  t.diagnostic(`SPV onboarding on DOP -> ${run.status}, run ${runId}`);
  const dopBefore = await call('GET', `/api/v1/orgs/${dop}`, { token: spv });
  const secrets = [victim.email, victim.name, victim.name_hi, victim.mobile, victim.employee_code].filter(Boolean);

  // Every route of the module. tree: allowed (any session reads the tree) and must answer the organisation
  // only; denied: must be 403 or 404 (only, when given, narrows that).
  const J = (json) => ({ json });
  const routes = [
    { method: 'GET', path: `/api/v1/orgs/${dop}`, tree: true },
    { method: 'GET', path: `/api/v1/orgs/${dop}/children`, tree: true },
    { method: 'GET', path: '/api/v1/orgs?q=DOP', tree: true },
    { method: 'PATCH', path: `/api/v1/orgs/${dop}`, ...J({ name: 'Taken Over' }), only: [403] },
    { method: 'PATCH', path: `/api/v1/orgs/${dop}`, ...J({ parent_id: mor }), only: [403] },
    { method: 'POST', path: '/api/v1/orgs', ...J({ code: 'DOP-WALK', name: 'Walk Unit', kind: 'field_unit', parent_id: dop }) },
    { method: 'GET', path: `/api/v1/officials?org_id=${dop}` },
    { method: 'GET', path: `/api/v1/officials?org_id=${dop}&subtree=0&q=${encodeURIComponent(victim.name)}` },
    { method: 'GET', path: `/api/v1/officials/${victim.id}` },
    { method: 'PATCH', path: `/api/v1/officials/${victim.id}`, ...J({ name: 'Renamed By MOR' }) },
    { method: 'PATCH', path: `/api/v1/officials/${victim.id}`, ...J({ org_id: mor }) },
    { method: 'POST', path: '/api/v1/officials', ...J({ employee_code: 'WALK/2', email: 'walk.two@indiapost.gov.in', name: 'Walk Two', org_id: dop }) },
    { method: 'GET', path: `/api/v1/officials/${victim.id}/roles` },
    { method: 'POST', path: `/api/v1/officials/${victim.id}/roles`, ...J({ role: 'cbp_admin', org_id: dop }) },
    { method: 'POST', path: `/api/v1/officials/${victim.id}/roles`, ...J({ role: 'cbp_admin', org_id: mor }) },
    { method: 'DELETE', path: `/api/v1/officials/${victim.id}/roles/1` },
    { method: 'DELETE', path: `/api/v1/officials/${victim.id}/roles/${grantId}` },
    { method: 'POST', path: `/api/v1/orgs/${dop}/onboarding`, body: csv, headers: { 'content-type': 'text/csv' } },
    { method: 'POST', path: `/api/v1/orgs/${dop}/onboarding`, ...J({ officials: [{ employee_code: 'WALK/3', name: 'Walk Three', email: 'walk.three@indiapost.gov.in' }] }) },
    { method: 'GET', path: `/api/v1/outbox?org_id=${dop}` },
    { method: 'GET', path: `/api/v1/outbox.csv?org_id=${dop}` },
    { method: 'POST', path: `/api/v1/officials/${victim.id}/invitation` },
    { method: 'GET', path: '/api/v1/onboarding/1/report.csv' },
    { method: 'GET', path: `/api/v1/onboarding/${runId}/report.csv` },
  ];

  const failures = [];
  for (const r of routes) {
    const res = await call(r.method, r.path, { token: mdo, json: r.json, body: r.body, headers: r.headers });
    const what = `${r.method} ${r.path} -> ${res.status}`;
    t.diagnostic(what);
    for (const s of secrets) if (res.text.includes(s)) failures.push(`${what} shows the DOP official's ${JSON.stringify(s)}`);
    if (r.tree) {
      if (res.status !== 200) failures.push(`${what}: the tree is readable by every session`);
      const items = res.data && (res.data.items || [res.data]);
      for (const o of items || []) {
        for (const k of ['email', 'employee_code', 'officials', 'staff']) {
          if (k in o) failures.push(`${what} carries ${k}: an organisation, never its staff`);
        }
      }
      continue;
    }
    if (res.status >= 200 && res.status < 300) failures.push(`${what}: another ministry's data was served or changed`);
    else if (!(r.only || [403, 404]).includes(res.status)) failures.push(`${what}: expected ${(r.only || [403, 404]).join(' or ')}`);
    else if (!/^application\/problem\+json/.test(res.headers.get('content-type') || '')) failures.push(`${what}: not problem+json`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));

  // Nothing changed: the SPV admin still sees the official, their grant, DOP, and no new unit or official.
  const victimAfter = await call('GET', `/api/v1/officials/${victim.id}`, { token: spv });
  assert.deepEqual(victimAfter.data, victimBefore.data, 'the DOP official changed');
  const dopAfter = await call('GET', `/api/v1/orgs/${dop}`, { token: spv });
  assert.deepEqual(dopAfter.data, dopBefore.data, 'DOP changed');
  assert.deepEqual((await call('GET', '/api/v1/orgs?q=DOP-WALK', { token: spv })).data.items, []);
  for (const email of ['walk.two', 'walk.three']) {
    const walkers = await call('GET', `/api/v1/officials?org_id=${dop}&q=${email}`, { token: spv });
    assert.deepEqual(walkers.data.items, [], `the MOR admin added ${email} to DOP`);
  }
  const inMor = await call('GET', `/api/v1/officials?org_id=${mor}&q=${encodeURIComponent(victim.email)}`, { token: spv });
  assert.deepEqual(inMor.data.items, [], 'the DOP official was pulled into MOR');
});
