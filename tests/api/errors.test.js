// API tests: unknown paths and methods answer application/problem+json (RFC 9457) as the contract lists.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

async function call(method, path, { headers = {}, body } = {}) {
  const res = await fetch(srv.url + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

function assertProblem(r, status, code, instance) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.ok(r.data && typeof r.data === 'object', `problem body is not JSON: ${r.text}`);
  assert.equal(r.data.type, `/problems/${code}`);
  assert.equal(typeof r.data.title, 'string');
  assert.ok(r.data.title.length > 0, 'title is empty');
  assert.equal(r.data.status, status);
  assert.equal(typeof r.data.detail, 'string');
  assert.ok(r.data.detail.length > 0, 'detail is empty');
  assert.equal(r.data.code, code);
  if (instance !== undefined) assert.equal(r.data.instance, instance);
  assert.equal(typeof r.data.request_id, 'string');
  return r.data;
}

test('an unknown path answers 404 problem+json with every field', async () => {
  const r = await call('GET', '/no/such/page');
  assertProblem(r, 404, 'not_found', '/no/such/page');
});

test('an unknown API path answers 404 not_found, not the web shell', async () => {
  for (const p of ['/api/v1/nothing-here', '/api/v2/hello', '/api/v1/auth/login/extra', '/api/v1/me/']) {
    const r = await call('GET', p);
    assertProblem(r, 404, 'not_found', p);
  }
});

test('an unknown API path is 404 whatever the method', async () => {
  for (const m of ['POST', 'PUT', 'DELETE']) {
    const r = await call(m, '/api/v1/nothing-here', { headers: { 'content-type': 'application/json' }, body: '{}' });
    assertProblem(r, 404, 'not_found', '/api/v1/nothing-here');
  }
});

test('the problem request_id is the X-Request-Id of the same answer', async () => {
  const r = await call('GET', '/no/such/page');
  assert.equal(r.status, 404);
  assert.equal(r.data.request_id, r.headers.get('x-request-id'));
});

test('GET /api/v1/auth/login is 405 with Allow: POST', async () => {
  const r = await call('GET', '/api/v1/auth/login');
  assertProblem(r, 405, 'method_not_allowed', '/api/v1/auth/login');
  assert.equal(r.headers.get('allow'), 'POST');
});

test('DELETE /healthz is 405 with an Allow header naming GET', async () => {
  const r = await call('DELETE', '/healthz');
  assertProblem(r, 405, 'method_not_allowed', '/healthz');
  const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim());
  assert.ok(allow.includes('GET'), `Allow: ${r.headers.get('allow')}`);
  assert.ok(!allow.includes('DELETE'));
});

test('PUT /api/v1/me and POST /api/v1/hello are 405, whatever the session', async () => {
  for (const [m, p] of [['PUT', '/api/v1/me'], ['POST', '/api/v1/hello'], ['PATCH', '/api/v1/auth/logout']]) {
    const r = await call(m, p, { headers: { 'content-type': 'application/json' }, body: '{}' });
    assertProblem(r, 405, 'method_not_allowed', p);
    assert.ok(r.headers.get('allow'), `${m} ${p} lacks Allow`);
  }
});
