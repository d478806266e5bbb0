// API tests: every bad request body a login can get: broken JSON, wrong shapes, wrong media type,
// oversized and lying bodies, invalid UTF-8. Each must get its documented 4xx, never a 500 or a hang.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer } = require('../lib/server.js');

const LOGIN = '/api/v1/auth/login';
const PASSWORD = 'Karmayogi@2026';

let srv;
let port;
before(async () => {
  srv = await startServer();
  port = Number(new URL(srv.url).port);
});
after(async () => { if (srv) await srv.stop(); });

async function post(body, contentType = 'application/json', path = LOGIN) {
  const headers = contentType ? { 'content-type': contentType } : {};
  const res = await fetch(srv.url + path, { method: 'POST', headers, body });
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

// Writes raw bytes (a string, a Buffer, or a list of them) and reads one answer; `ms` is how long the
// answer took. With paceMs, each piece after the first waits that long and is not sent once an answer
// has begun, as a careful client does: a server may answer 413 early and close, and bytes written after
// that make the kernel reset the connection, which would hide the answer from Node.
function raw(chunks, timeoutMs = 5000, { paceMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err, res) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err); else resolve({ ...res, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(new Error(`no complete answer in ${timeoutMs} ms; got: ${buf.toString('latin1', 0, 300)}`)), timeoutMs);
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
      const parsed = (b) => { let data = null; try { data = JSON.parse(b); } catch (_) { /* not JSON */ } return data; };
      if (len !== null && rest.length >= len) {
        const text = rest.subarray(0, len).toString('utf8');
        return finish(null, { status, headers, text, data: parsed(text) });
      }
      if (ended) { const text = rest.toString('utf8'); return finish(null, { status, headers, text, data: parsed(text) }); }
      return undefined;
    };
    sock.on('connect', async () => {
      const list = [].concat(chunks);
      for (let i = 0; i < list.length; i++) {
        if (done || buf.length > 0) return;
        if (i > 0 && paceMs) await new Promise((r) => setTimeout(r, paceMs));
        if (done || buf.length > 0) return;
        if (!sock.write(list[i])) await new Promise((r) => sock.once('drain', r));
      }
    });
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); tryParse(false); });
    sock.on('end', () => tryParse(true));
    sock.on('close', () => tryParse(true));
    sock.on('error', () => tryParse(true));
  });
}

function head(path, headers) {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
    Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  const ct = typeof r.headers.get === 'function' ? r.headers.get('content-type') : r.headers['content-type'];
  assert.match(ct || '', /^application\/problem\+json/);
  assert.equal(r.data.status, status);
  assert.equal(r.data.code, code);
  assert.equal(r.data.type, `/problems/${code}`);
  assert.equal(typeof r.data.detail, 'string');
  return r.data;
}

function assertFieldError(r, field) {
  const p = assertProblem(r, 422, 'validation_failed');
  assert.ok(Array.isArray(p.errors) && p.errors.length > 0, `422 without errors[]: ${r.text}`);
  for (const e of p.errors) {
    assert.equal(typeof e.field, 'string');
    assert.ok(e.field.length > 0, 'errors[].field is empty');
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
  }
  if (field) assert.ok(p.errors.some((e) => e.field === field), `errors[] does not name ${field}: ${r.text}`);
}

test('malformed JSON is 400 malformed_json', async () => {
  for (const body of ['{"email":', '{email: "a", password: "b"}', '{"email":"a","password":"b"}}', "{'email':'a'}", 'nope']) {
    assertProblem(await post(body), 400, 'malformed_json');
  }
});

test('a JSON array, number or string instead of an object is 422 validation_failed', async () => {
  for (const body of ['[]', '[{"email":"learner@karmayogi.demo","password":"x"}]', '42', '"learner@karmayogi.demo"', 'null']) {
    assertFieldError(await post(body));
  }
});

test('a missing email or password is 422 naming the field', async () => {
  assertFieldError(await post(JSON.stringify({ password: PASSWORD })), 'email');
  assertFieldError(await post(JSON.stringify({ email: 'learner@karmayogi.demo' })), 'password');
  const both = await post('{}');
  assertFieldError(both, 'email');
  assertFieldError(both, 'password');
});

test('an email or password of the wrong JSON type is 422 naming the field', async () => {
  assertFieldError(await post(JSON.stringify({ email: 12345, password: PASSWORD })), 'email');
  assertFieldError(await post(JSON.stringify({ email: null, password: PASSWORD })), 'email');
  assertFieldError(await post(JSON.stringify({ email: ['learner@karmayogi.demo'], password: PASSWORD })), 'email');
  assertFieldError(await post(JSON.stringify({ email: 'learner@karmayogi.demo', password: 2026 })), 'password');
  assertFieldError(await post(JSON.stringify({ email: 'learner@karmayogi.demo', password: { p: 1 } })), 'password');
});

test('extra-long email or password is 422 naming the field', async () => {
  const longEmail = 'a'.repeat(5000) + '@karmayogi.demo';
  assertFieldError(await post(JSON.stringify({ email: longEmail, password: PASSWORD })), 'email');
  const longPassword = 'p'.repeat(60000);
  assertFieldError(await post(JSON.stringify({ email: 'learner@karmayogi.demo', password: longPassword })), 'password');
});

test('a body without Content-Type is 415 unsupported_media_type', async () => {
  const body = JSON.stringify({ email: 'learner@karmayogi.demo', password: PASSWORD });
  const r = await raw(head(LOGIN, { 'Content-Length': Buffer.byteLength(body) }) + body);
  assertProblem(r, 415, 'unsupported_media_type');
});

test('a body sent as text/plain or form data is 415 unsupported_media_type', async () => {
  const body = JSON.stringify({ email: 'learner@karmayogi.demo', password: PASSWORD });
  assertProblem(await post(body, 'text/plain'), 415, 'unsupported_media_type');
  assertProblem(await post('email=learner%40karmayogi.demo&password=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
});

test('a 2 MiB body is 413 payload_too_large', async () => {
  const size = 2 * 1024 * 1024;
  const pieces = Array.from({ length: size / 65536 }, () => Buffer.alloc(65536, 'a'));
  const r = await raw([head(LOGIN, { 'Content-Type': 'application/json', 'Content-Length': size }), ...pieces], 10000, { paceMs: 10 });
  assertProblem(r, 413, 'payload_too_large');
});

test('login refuses a body just over its 64 KiB limit with 413', async () => {
  const json = JSON.stringify({ email: 'learner@karmayogi.demo', password: 'p'.repeat(70 * 1024) });
  assertProblem(await post(json), 413, 'payload_too_large');
});

test('a declared 10 MB Content-Length with a few bytes sent is answered 413 at once, without waiting', async () => {
  const r = await raw(head(LOGIN, { 'Content-Type': 'application/json', 'Content-Length': 10 * 1000 * 1000 }) + '{"email":"a', 5000);
  assertProblem(r, 413, 'payload_too_large');
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('a chunked body over the limit is 413, and a small chunked body logs in', async () => {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const chunks = [head(LOGIN, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' })];
  for (let i = 0; i < 32; i++) chunks.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
  chunks.push('0\r\n\r\n');
  assertProblem(await raw(chunks, 10000, { paceMs: 10 }), 413, 'payload_too_large');

  const body = JSON.stringify({ email: 'learner@karmayogi.demo', password: PASSWORD });
  const half = Math.floor(body.length / 2);
  const ok = await raw([head(LOGIN, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }),
    `${half.toString(16)}\r\n${body.slice(0, half)}\r\n`, `${(body.length - half).toString(16)}\r\n${body.slice(half)}\r\n`, '0\r\n\r\n']);
  assert.equal(ok.status, 200, ok.text);
  assert.match(ok.data.token, /^[0-9a-f]{64}$/);
});

test('invalid UTF-8 inside a JSON string is 400 invalid_utf8', async () => {
  const bad = [
    Buffer.from([0xff, 0xfe]), // never valid
    Buffer.from([0xc0, 0xaf]), // overlong '/'
    Buffer.from([0xed, 0xa0, 0x80]), // UTF-16 surrogate
    Buffer.from([0xe0, 0xa4]), // truncated Devanagari
  ];
  for (const b of bad) {
    const body = Buffer.concat([Buffer.from('{"email":"learner'), b, Buffer.from('@karmayogi.demo","password":"x"}')]);
    assertProblem(await post(body), 400, 'invalid_utf8');
  }
});

test('valid Hindi text in a JSON string is not mistaken for invalid UTF-8', async () => {
  const r = await post(JSON.stringify({ email: 'प्रिया@karmayogi.demo', password: 'कर्मयोगी' }));
  assertProblem(r, 401, 'invalid_credentials');
});

test('invalid UTF-8 in a query string value is 400 invalid_utf8', async () => {
  const login = await post(JSON.stringify({ email: 'learner@karmayogi.demo', password: PASSWORD }));
  assert.equal(login.status, 200);
  for (const q of ['x=%ff', 'x=%c0%af', 'x=abc%ed%a0%80', 'x=%e0%a4']) {
    const r = await raw(`GET /api/v1/me?${q} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${login.data.token}\r\nConnection: close\r\n\r\n`);
    assertProblem(r, 400, 'invalid_utf8');
  }
  for (const q of ['x=%ff', 'x=%c0%af']) {
    const r = await raw(`GET /api/v1/hello?${q} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assertProblem(r, 400, 'invalid_utf8');
  }
  const fine = await raw(`GET /api/v1/me?x=%e0%a4%95 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${login.data.token}\r\nConnection: close\r\n\r\n`);
  assert.equal(fine.status, 200, 'a valid UTF-8 query (क) is accepted');
});

test('an empty body is a 400 or 422 problem, never a 500', async () => {
  for (const ct of ['application/json', null]) {
    const r = await raw(head(LOGIN, ct ? { 'Content-Type': ct, 'Content-Length': 0 } : { 'Content-Length': 0 }));
    assert.ok([400, 415, 422].includes(r.status), `empty body with Content-Type ${ct} answered ${r.status}: ${r.text}`);
    if (ct) assert.ok([400, 422].includes(r.status), `empty JSON body answered ${r.status}`);
    assert.match(r.headers['content-type'] || '', /^application\/problem\+json/);
  }
});

test('after all the bad bodies the server still logs people in', async () => {
  const r = await post(JSON.stringify({ email: 'learner@karmayogi.demo', password: PASSWORD }));
  assert.equal(r.status, 200, r.text);
});
