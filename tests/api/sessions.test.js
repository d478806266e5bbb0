// API tests: sessions by bearer token and by cookie, forged tokens, logout, and the CSRF rule for cookies.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server.js');

const PASSWORD = 'Karmayogi@2026';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

async function call(method, path, { headers = {}, body, json } = {}) {
  const h = { ...headers };
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(srv.url + path, { method, headers: h, body, redirect: 'manual' });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

async function login(email = 'mdo.admin@karmayogi.demo') {
  const r = await call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return r.data;
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const cookie = (token) => ({ cookie: `ky_session=${token}` });

function assertProblem(r, status, code, instance) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.data.type, `/problems/${code}`);
  assert.equal(r.data.status, status);
  assert.equal(r.data.code, code);
  assert.equal(typeof r.data.detail, 'string');
  if (instance !== undefined) assert.equal(r.data.instance, instance);
  return r.data;
}

test('GET /api/v1/me with a bearer token returns the user and the session csrf_token', async () => {
  const s = await login();
  const me = await call('GET', '/api/v1/me', { headers: bearer(s.token) });
  assert.equal(me.status, 200, me.text);
  assert.match(me.headers.get('content-type') || '', /^application\/json/);
  assert.equal(me.data.email, 'mdo.admin@karmayogi.demo');
  assert.equal(me.data.id, s.user.id);
  assert.deepEqual(me.data.roles, s.user.roles);
  assert.equal(me.data.csrf_token, s.csrf_token);
  assert.equal(me.data.token, undefined, '/me must not echo the session token');
});

test('GET /api/v1/me without credentials is 401 unauthenticated', async () => {
  assertProblem(await call('GET', '/api/v1/me'), 401, 'unauthenticated', '/api/v1/me');
});

test('forged or malformed tokens are 401 unauthenticated', async () => {
  const s = await login();
  const forged = [
    crypto.randomBytes(32).toString('hex'),
    'abc',
    '',
    'x'.repeat(10 * 1024),
    s.token.slice(0, 63),
    s.token + '0',
    s.csrf_token, // the CSRF token is not a session token
    `${s.token.slice(0, 60)}zzzz`,
  ];
  for (const t of forged) {
    assertProblem(await call('GET', '/api/v1/me', { headers: bearer(t) }), 401, 'unauthenticated');
    assertProblem(await call('GET', '/api/v1/me', { headers: cookie(t) }), 401, 'unauthenticated');
  }
  for (const h of [`Basic ${Buffer.from('learner@karmayogi.demo:' + PASSWORD).toString('base64')}`, s.token, `Token ${s.token}`]) {
    assertProblem(await call('GET', '/api/v1/me', { headers: { authorization: h } }), 401, 'unauthenticated');
  }
});

test('a 10 KB Authorization header is 401, not a crash', async () => {
  const r = await call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${'f'.repeat(10 * 1024)}` } });
  assertProblem(r, 401, 'unauthenticated');
  assert.equal((await call('GET', '/healthz')).status, 200);
});

test('POST /api/v1/auth/logout with a bearer token is 204, clears the cookie, and ends the session', async () => {
  const s = await login();
  const out = await call('POST', '/api/v1/auth/logout', { headers: bearer(s.token) });
  assert.equal(out.status, 204, out.text);
  assert.equal(out.text, '');
  const cleared = out.headers.getSetCookie().find((c) => c.startsWith('ky_session='));
  assert.ok(cleared, 'logout does not clear the cookie');
  assert.match(cleared, /Max-Age=0/i);
  assertProblem(await call('GET', '/api/v1/me', { headers: bearer(s.token) }), 401, 'unauthenticated');
  assertProblem(await call('GET', '/api/v1/me', { headers: cookie(s.token) }), 401, 'unauthenticated');
});

test('logging out twice: the second logout is 401', async () => {
  const s = await login();
  assert.equal((await call('POST', '/api/v1/auth/logout', { headers: bearer(s.token) })).status, 204);
  assertProblem(await call('POST', '/api/v1/auth/logout', { headers: bearer(s.token) }), 401, 'unauthenticated');
});

test('POST /api/v1/auth/logout without a session is 401 unauthenticated', async () => {
  assertProblem(await call('POST', '/api/v1/auth/logout'), 401, 'unauthenticated', '/api/v1/auth/logout');
});

test('logging out one session leaves the other sessions of the same person working', async () => {
  const a = await login();
  const b = await login();
  assert.equal((await call('POST', '/api/v1/auth/logout', { headers: bearer(a.token) })).status, 204);
  assert.equal((await call('GET', '/api/v1/me', { headers: bearer(b.token) })).status, 200);
});

test('the session cookie alone authenticates GET /api/v1/me', async () => {
  const s = await login('learner@karmayogi.demo');
  const me = await call('GET', '/api/v1/me', { headers: cookie(s.token) });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.data.email, 'learner@karmayogi.demo');
  const among = await call('GET', '/api/v1/me', { headers: { cookie: `theme=dark; ky_session=${s.token}; lang=hi` } });
  assert.equal(among.status, 200, 'the cookie is found among other cookies');
});

test('a cookie POST without X-CSRF-Token is 403 csrf_required and the session survives', async () => {
  const s = await login();
  const r = await call('POST', '/api/v1/auth/logout', { headers: cookie(s.token) });
  assertProblem(r, 403, 'csrf_required', '/api/v1/auth/logout');
  const me = await call('GET', '/api/v1/me', { headers: cookie(s.token) });
  assert.equal(me.status, 200, 'the refused logout must not end the session');
});

test('a cookie POST with a wrong X-CSRF-Token is 403 csrf_required', async () => {
  const s = await login();
  const other = await login();
  for (const wrong of [crypto.randomBytes(32).toString('hex'), other.csrf_token, s.token, '']) {
    const r = await call('POST', '/api/v1/auth/logout', { headers: { ...cookie(s.token), 'x-csrf-token': wrong } });
    assertProblem(r, 403, 'csrf_required');
  }
  assert.equal((await call('GET', '/api/v1/me', { headers: cookie(s.token) })).status, 200);
});

test('a cookie POST with the right X-CSRF-Token logs out with 204', async () => {
  const s = await login();
  const r = await call('POST', '/api/v1/auth/logout', { headers: { ...cookie(s.token), 'x-csrf-token': s.csrf_token } });
  assert.equal(r.status, 204, r.text);
  assertProblem(await call('GET', '/api/v1/me', { headers: cookie(s.token) }), 401, 'unauthenticated');
});

test('the csrf_token from /api/v1/me works as the CSRF header', async () => {
  const s = await login();
  const me = await call('GET', '/api/v1/me', { headers: cookie(s.token) });
  const r = await call('POST', '/api/v1/auth/logout', { headers: { ...cookie(s.token), 'x-csrf-token': me.data.csrf_token } });
  assert.equal(r.status, 204, r.text);
});

test('a bearer POST needs no CSRF header', async () => {
  const s = await login();
  const r = await call('POST', '/api/v1/auth/logout', { headers: bearer(s.token) });
  assert.equal(r.status, 204, r.text);
});
