// API tests: a session ends when its time is up (server started with a one-second session TTL).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');

let srv;
before(async () => { srv = await startServer({ sessionTtl: 1 }); });
after(async () => { if (srv) await srv.stop(); });

async function call(method, path, { headers = {}, body } = {}) {
  const res = await fetch(srv.url + path, { method, headers, body });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

async function login() {
  const r = await call('POST', '/api/v1/auth/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'learner@karmayogi.demo', password: 'Karmayogi@2026' }),
  });
  assert.equal(r.status, 200, r.text);
  return r;
}

test('login reports the configured lifetime in expires_at and the cookie Max-Age', async () => {
  const before = Date.now();
  const r = await login();
  const expires = Date.parse(r.data.expires_at);
  assert.ok(expires >= Math.floor(before / 1000) * 1000, `expires_at ${r.data.expires_at} is in the past`);
  assert.ok(expires <= Date.now() + 2000, `expires_at ${r.data.expires_at} is not about 1 s away`);
  const c = r.headers.getSetCookie().find((s) => s.startsWith('ky_session='));
  assert.match(c, /Max-Age=1(;|$)/i);
});

test('a session is refused with 401 once it has expired', async () => {
  const { data } = await login();
  const fresh = await call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${data.token}` } });
  assert.equal(fresh.status, 200, 'a fresh session works');
  await new Promise((r) => setTimeout(r, 2500));
  for (const headers of [{ authorization: `Bearer ${data.token}` }, { cookie: `ky_session=${data.token}` }]) {
    const r = await call('GET', '/api/v1/me', { headers });
    assert.equal(r.status, 401, r.text);
    assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
    assert.equal(r.data.code, 'unauthenticated');
  }
  const again = await login();
  const me = await call('GET', '/api/v1/me', { headers: { authorization: `Bearer ${again.data.token}` } });
  assert.equal(me.status, 200, 'logging in again gives a working session');
});
