// API tests: liveness, readiness, Prometheus metrics and the X-Request-Id every answer carries.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
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

// Decodes a chunked body; returns null until the last chunk has arrived.
function dechunk(b) {
  const out = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', i);
    if (eol < 0) return null;
    const size = parseInt(b.toString('latin1', i, eol).split(';')[0], 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(out);
    if (b.length < eol + 2 + size + 2) return null;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

// Sends bytes over a raw socket and reads one HTTP answer, tolerating a server that closes early.
function raw(port, bytes, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err, res) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err); else resolve(res);
    };
    const timer = setTimeout(() => finish(new Error(`no complete answer in ${timeoutMs} ms: ${buf.toString('latin1', 0, 300)}`)), timeoutMs);
    const tryParse = (ended) => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return ended ? finish(new Error(`connection closed without an answer: ${buf.toString('latin1')}`)) : undefined;
      const lines = buf.toString('latin1', 0, end).split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      let rest = buf.subarray(end + 4);
      if (/chunked/i.test(headers['transfer-encoding'] || '')) {
        const body = dechunk(rest);
        if (body === null && !ended) return undefined;
        rest = body || rest;
        headers['content-length'] = String(rest.length);
      }
      const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
      if (status === 304 || status === 204) return finish(null, { status, headers, body: '' });
      if (len !== null && rest.length >= len) return finish(null, { status, headers, body: rest.subarray(0, len).toString('utf8') });
      if (ended) return finish(null, { status, headers, body: rest.toString('utf8') });
      return undefined;
    };
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); tryParse(false); });
    sock.on('end', () => tryParse(true));
    sock.on('close', () => tryParse(true));
    sock.on('error', () => tryParse(true));
  });
}

// Sum of karmayogi_http_requests_total for the given labels.
function requestCount(metricsText, labels) {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    const m = /^karmayogi_http_requests_total\{([^}]*)\}\s+([0-9.eE+-]+)/.exec(line);
    if (!m) continue;
    const got = Object.fromEntries([...m[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) total += Number(m[2]);
  }
  return total;
}

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const r = await call('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.deepEqual(r.data, { status: 'ok' });
});

test('GET /readyz answers 200 ready and names the database backend in use', async () => {
  const r = await call('GET', '/readyz');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.equal(r.data.status, 'ready');
  assert.equal(r.data.database, process.env.KARMAYOGI_TEST_BACKEND || 'sqlite');
});

test('GET /api/v1/hello answers {"ok":true} without a session', async () => {
  const r = await call('GET', '/api/v1/hello');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data, { ok: true });
});

test('GET /metrics is Prometheus text with the documented series', async () => {
  const r = await call('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/plain;\s*version=0\.0\.4/);
  for (const name of ['karmayogi_http_requests_total{', 'karmayogi_http_request_duration_seconds_bucket{le="',
    'karmayogi_http_request_duration_seconds_sum', 'karmayogi_http_request_duration_seconds_count',
    'karmayogi_db_pool_size', 'karmayogi_db_pool_in_use', 'karmayogi_db_group_commits_total']) {
    assert.ok(r.text.includes(name), `metrics lack ${name}`);
  }
  assert.match(r.text, /^karmayogi_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/m, 'histogram has a +Inf bucket');
  // Every line is a comment or `name{labels} value`: what a Prometheus scraper accepts.
  const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? [-+]?([0-9.]+([eE][-+]?[0-9]+)?|\+Inf|-Inf|NaN)( \d+)?$/;
  for (const line of r.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    assert.match(line, sample, `not a Prometheus sample line: ${JSON.stringify(line)}`);
  }
});

test('GET /metrics counts the /healthz requests just made', async () => {
  const labels = { method: 'GET', route: '/healthz', status: '200' };
  const before = requestCount((await call('GET', '/metrics')).text, labels);
  for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/healthz')).status, 200);
  // Accounting may land just after the answer is sent; give it a moment, then insist on the exact count.
  let afterCount = before;
  for (let i = 0; i < 20 && afterCount < before + 3; i++) {
    afterCount = requestCount((await call('GET', '/metrics')).text, labels);
    if (afterCount < before + 3) await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(afterCount, before + 3, `healthz counter went from ${before} to ${afterCount} after 3 requests`);
});

test('GET /metrics labels a request with the method actually used', async () => {
  const labels = { method: 'DELETE', status: '405' };
  const before = requestCount((await call('GET', '/metrics')).text, labels);
  assert.equal((await call('DELETE', '/healthz')).status, 405);
  let afterCount = before;
  for (let i = 0; i < 20 && afterCount === before; i++) {
    afterCount = requestCount((await call('GET', '/metrics')).text, labels);
    if (afterCount === before) await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(afterCount, before + 1, 'DELETE /healthz is not counted as method="DELETE" status="405"');
});

test('every answer carries X-Request-Id: 200, 404, 413 and a static file', async () => {
  const ok = await call('GET', '/healthz');
  assert.ok(ok.headers.get('x-request-id'), '200 lacks X-Request-Id');
  const missing = await call('GET', '/no/such/thing');
  assert.equal(missing.status, 404);
  assert.ok(missing.headers.get('x-request-id'), '404 lacks X-Request-Id');
  const page = await call('GET', '/');
  assert.equal(page.status, 200);
  assert.ok(page.headers.get('x-request-id'), 'static file lacks X-Request-Id');
  const port = Number(new URL(srv.url).port);
  const big = await raw(port, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${10 * 1024 * 1024}\r\nConnection: close\r\n\r\n{"email":`);
  assert.equal(big.status, 413);
  assert.ok(big.headers['x-request-id'], '413 lacks X-Request-Id');
});

test('two requests get different request ids', async () => {
  const a = (await call('GET', '/healthz')).headers.get('x-request-id');
  const b = (await call('GET', '/healthz')).headers.get('x-request-id');
  assert.ok(a && b);
  assert.notEqual(a, b);
});
