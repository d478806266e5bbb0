// API tests: many requests at once, good and bad mixed, are all answered and leave the server healthy.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('200 concurrent mixed requests are all answered correctly, and the server stays healthy', async () => {
  const login = await fetch(srv.url + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'learner@karmayogi.demo', password: 'Karmayogi@2026' }),
  });
  assert.equal(login.status, 200);
  const { token } = await login.json();

  const kinds = [
    { name: 'hello', expect: 200, req: () => fetch(srv.url + '/api/v1/hello'), check: (b) => b.ok === true },
    { name: 'healthz', expect: 200, req: () => fetch(srv.url + '/healthz'), check: (b) => b.status === 'ok' },
    {
      name: 'me',
      expect: 200,
      req: () => fetch(srv.url + '/api/v1/me', { headers: { authorization: `Bearer ${token}` } }),
      check: (b) => b.email === 'learner@karmayogi.demo',
    },
    {
      name: 'bad json',
      expect: 400,
      req: () => fetch(srv.url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }),
      check: (b) => b.code === 'malformed_json',
    },
    {
      name: 'no session',
      expect: 401,
      req: () => fetch(srv.url + '/api/v1/me'),
      check: (b) => b.code === 'unauthenticated',
    },
  ];
  const jobs = [];
  for (let i = 0; i < 200; i++) {
    const k = kinds[i % kinds.length];
    jobs.push((async () => {
      const res = await k.req();
      const text = await res.text();
      let body = null;
      try { body = JSON.parse(text); } catch (_) { /* checked below */ }
      return { k, status: res.status, body, text, id: res.headers.get('x-request-id') };
    })());
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.filter((r) => r.status === 'rejected');
  assert.equal(failed.length, 0, `requests without an answer: ${failed.slice(0, 3).map((f) => f.reason).join('; ')}`);
  for (const { value: v } of results) {
    assert.equal(v.status, v.k.expect, `${v.k.name}: ${v.status} ${v.text}`);
    assert.ok(v.body && v.k.check(v.body), `${v.k.name}: unexpected body ${v.text}`);
  }
  const ids = new Set(results.map((r) => r.value.id));
  assert.equal(ids.size, 200, 'every request got its own X-Request-Id');

  const health = await fetch(srv.url + '/healthz');
  assert.equal(health.status, 200);
  const ready = await fetch(srv.url + '/readyz');
  assert.equal(ready.status, 200);
  const me = await fetch(srv.url + '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
});

test('clients that hang up mid-request do not hurt the server', async () => {
  const net = require('node:net');
  const port = Number(new URL(srv.url).port);
  const half = [
    'GET /healthz HTTP/1.1\r\nHost: x',
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"em',
    'GARBAGE\r\n\r\n',
    '\x00\x01\x02\xff\r\n\r\n',
  ];
  await Promise.all(half.map((s) => new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => { sock.write(Buffer.from(s, 'latin1')); setTimeout(() => { sock.destroy(); resolve(); }, 50); });
    sock.on('error', resolve);
  })));
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
});
