// API tests: file uploads (module catalog). A provider's creator uploads videos, PDFs and images as
// multipart bodies streamed to disk; the type comes from the bytes, the same bytes are stored once, and
// every bad upload (too big, a type a browser could run, a lying name, a truncated body, a learner) is
// refused without leaving a file behind. Downloads honour Range, ETag and If-None-Match.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem } = api;
let creator; let learner;

before(async () => {
  srv = await startServer();
  creator = (await api.login('creator@karmayogi.demo')).token;
  learner = (await api.login('learner@karmayogi.demo')).token;
});
after(async () => { if (srv) await srv.stop(); });

// Minimal files of each type, unique per call so each test stores its own.
const tag = () => crypto.randomBytes(8).toString('hex');
const pdf = () => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${tag()}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const mp4 = () => Buffer.concat([Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0mp42isom', 'latin1'),
  Buffer.from(`\0\0\0\x10free${tag()}`, 'latin1')]);
const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(tag())]);

const BOUNDARY = '----karmayogi' + 'x'.repeat(12);
function multipart(bytes, filename, { name = 'file', close = true } = {}) {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from(close ? `\r\n--${BOUNDARY}--\r\n` : '\r\n');
  return Buffer.concat([head, bytes, tail]);
}
const MP_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function upload(kind, bytes, filename, token = creator, opts = {}) {
  return call('POST', `/api/v1/files?kind=${kind}`, { token, body: multipart(bytes, filename, opts), headers: { 'content-type': MP_TYPE } });
}

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');
const dataDir = () => path.join(srv.tmp, 'files');
const stored = (b) => path.join(dataDir(), 'files', sha256(b).slice(0, 2), sha256(b));
const tempFiles = () => { try { return fs.readdirSync(path.join(dataDir(), 'tmp')); } catch (_) { return []; } };

// Waits (briefly) until the server has cleaned up after a request the client cut short.
async function noTempFiles() {
  for (let i = 0; i < 100 && tempFiles().length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(tempFiles(), [], 'a temporary file was left behind');
}

test('a creator uploads a PDF, an MP4 and a PNG; each is stored by its hash and described by its bytes', async () => {
  for (const [kind, bytes, name, mime] of [['pdf', pdf(), 'notes.pdf', 'application/pdf'],
    ['video', mp4(), 'lecture.mp4', 'video/mp4'], ['image', png(), 'thumb.png', 'image/png']]) {
    const r = await upload(kind, bytes, name);
    const f = ok(r, 201);
    assert.deepEqual(Object.keys(f).sort(), ['id', 'kind', 'mime', 'size', 'url']);
    assert.equal(f.kind, kind);
    assert.equal(f.mime, mime);
    assert.equal(f.size, bytes.length);
    assert.equal(f.url, `/api/v1/files/${f.id}`);
    assert.equal(r.headers.get('location'), f.url);
    assert.deepEqual(fs.readFileSync(stored(bytes)), bytes, 'the stored bytes are the uploaded bytes');
    const got = await fetch(srv.url + f.url, { headers: { authorization: `Bearer ${creator}` } });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), mime);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
  }
  await noTempFiles();
});

test('the same bytes uploaded twice are stored once: the second answer is the first file, 200', async () => {
  const bytes = pdf();
  const first = ok(await upload('pdf', bytes, 'a.pdf'), 201);
  const second = ok(await upload('pdf', bytes, 'copy-of-a.pdf'), 200);
  assert.deepEqual(second, first);
  assert.deepEqual(fs.readdirSync(path.dirname(stored(bytes))).filter((n) => n === sha256(bytes)), [sha256(bytes)]);
});

test('an image over 5 MiB is 413 and leaves no temporary file, declared or streamed', async () => {
  const big = Buffer.concat([png(), Buffer.alloc(6 * 1024 * 1024, 7)]);
  assertProblem(await upload('image', big, 'big.png'), 413);
  await noTempFiles();
  assert.ok(!fs.existsSync(stored(big)));

  // Sent in chunks with no Content-Length: refused as soon as the file passes the limit.
  const body = multipart(big, 'big.png');
  const stream = new ReadableStream({
    start(c) { for (let i = 0; i < body.length; i += 65536) c.enqueue(body.subarray(i, i + 65536)); c.close(); },
  });
  const res = await fetch(`${srv.url}/api/v1/files?kind=image`, {
    method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${creator}`, 'content-type': MP_TYPE },
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).code, 'payload_too_large');
  await noTempFiles();
  assert.ok(!fs.existsSync(stored(big)));

  // Just under the limit is fine.
  const fits = Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024 - 100, 1)]);
  ok(await upload('image', fits, 'fits.png'), 201);
});

test('HTML, SVG and JavaScript are refused whatever they are called', async () => {
  const html = Buffer.from('<!doctype html><script>alert(1)</script>');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  for (const [kind, bytes, name] of [['pdf', html, 'page.pdf'], ['image', svg, 'logo.png'], ['image', svg, 'logo.svg'],
    ['pdf', pdf(), 'x.html'], ['video', Buffer.from('alert(1);'), 'x.js'], ['image', html, 'x.htm']]) {
    const p = assertProblem(await upload(kind, bytes, name), 415, 'unsupported_media_type');
    assert.ok(p.detail.length > 10);
  }
  const p = assertProblem(await upload('image', svg, 'logo.png'), 415);
  assert.match(p.detail, /markup/);
  await noTempFiles();
});

test('a name that lies about the bytes, or bytes of another kind, is 415 naming what was found', async () => {
  let p = assertProblem(await upload('video', pdf(), 'x.mp4'), 415);
  assert.match(p.detail, /PDF/);
  p = assertProblem(await upload('pdf', mp4(), 'x.pdf'), 415);
  assert.match(p.detail, /MP4/);
  p = assertProblem(await upload('image', png(), 'x.jpg'), 415);
  assert.match(p.detail, /PNG/);
  p = assertProblem(await upload('pdf', pdf(), 'x.mp4'), 415);
  assertProblem(await upload('pdf', Buffer.from('just some text, not a PDF at all'), 'x.pdf'), 415);
  await noTempFiles();
});

test('a truncated multipart body stores nothing: missing closing boundary is 400, a cut connection leaves no file', async () => {
  const bytes = pdf();
  const p = assertProblem(await upload('pdf', bytes, 't.pdf', creator, { close: false }), 400);
  assert.match(p.detail, /truncated/);
  assert.ok(!fs.existsSync(stored(bytes)));

  // Content-Length promises more than is sent, then the client goes away.
  const body = multipart(bytes, 't.pdf');
  const port = new URL(srv.url).port;
  await new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`POST /api/v1/files?kind=pdf HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${creator}\r\n` +
        `Content-Type: ${MP_TYPE}\r\nContent-Length: ${body.length + 1000}\r\n\r\n`);
      sock.write(body.subarray(0, body.length - 20));
      setTimeout(() => { sock.destroy(); resolve(); }, 200);
    });
    sock.on('error', reject);
  });
  await noTempFiles();
  assert.ok(!fs.existsSync(stored(bytes)));
  ok(await call('GET', '/healthz'));

  // Not multipart at all, or no part named file.
  assertProblem(await call('POST', '/api/v1/files?kind=pdf', { token: creator, body: pdf(), headers: { 'content-type': 'application/pdf' } }), 415);
  assertProblem(await upload('pdf', pdf(), 'x.pdf', creator, { name: 'document' }), 400);
});

test('only a content creator uploads; the kind must be named', async () => {
  assertProblem(await upload('pdf', pdf(), 'x.pdf', learner), 403, 'forbidden');
  assertProblem(await upload('pdf', pdf(), 'x.pdf', null), 401);
  const p = assertProblem(await call('POST', '/api/v1/files?kind=audio', { token: creator, body: multipart(pdf(), 'x.pdf'), headers: { 'content-type': MP_TYPE } }), 422);
  assert.deepEqual(p.errors.map((e) => e.field), ['kind']);
  assertProblem(await call('POST', '/api/v1/files', { token: creator, body: multipart(pdf(), 'x.pdf'), headers: { 'content-type': MP_TYPE } }), 422);
  await noTempFiles();
});

test('downloads: Range gives 206 with exact bytes, past the end is 416, ETag and If-None-Match give 304', async () => {
  const bytes = mp4();
  const f = ok(await upload('video', bytes, 'range.mp4'), 201);
  const get = (headers = {}) => fetch(srv.url + f.url, { headers: { authorization: `Bearer ${learner}`, ...headers } });

  let r = await get();
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('etag'), `"${sha256(bytes)}"`);
  assert.equal(r.headers.get('accept-ranges'), 'bytes');
  assert.equal(r.headers.get('cache-control'), 'private, max-age=31536000, immutable');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('content-disposition'), null, 'a video plays in the page');
  await r.arrayBuffer();

  r = await get({ range: 'bytes=0-9' });
  assert.equal(r.status, 206);
  assert.equal(r.headers.get('content-range'), `bytes 0-9/${bytes.length}`);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), bytes.subarray(0, 10));

  r = await get({ range: 'bytes=10-' });
  assert.equal(r.status, 206);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), bytes.subarray(10));

  r = await get({ range: 'bytes=-5' });
  assert.equal(r.status, 206);
  assert.equal(r.headers.get('content-range'), `bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), bytes.subarray(bytes.length - 5));

  r = await get({ range: `bytes=${bytes.length}-${bytes.length + 10}` });
  assert.equal(r.status, 416);
  assert.equal(r.headers.get('content-range'), `bytes */${bytes.length}`);
  await r.arrayBuffer();

  r = await get({ 'if-none-match': `"${sha256(bytes)}"` });
  assert.equal(r.status, 304);
  assert.equal(r.headers.get('etag'), `"${sha256(bytes)}"`);
  r = await get({ 'if-none-match': '"something-else"' });
  assert.equal(r.status, 200);
  await r.arrayBuffer();

  assertProblem(await call('GET', '/api/v1/files/999999', { token: learner }), 404);
  assertProblem(await call('GET', f.url), 401);
});

test('a PDF is served inline under its uploaded name', async () => {
  const f = ok(await upload('pdf', pdf(), 'नीति notes.pdf'), 201);
  const r = await fetch(srv.url + f.url, { headers: { authorization: `Bearer ${learner}` } });
  assert.equal(r.status, 200);
  const cd = r.headers.get('content-disposition');
  assert.match(cd, /^inline; filename="[^"]*notes\.pdf"; filename\*=UTF-8''/);
  assert.ok(cd.includes(encodeURIComponent('नीति')), cd);
  await r.arrayBuffer();
});

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

// The server is the process whose command line names this test's data folder.
function serverPid() {
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(dataDir()) && cmd.includes('serve')) return Number(pid);
    } catch (_) { /* gone */ }
  }
  throw new Error('server process not found');
}

test('a 100 MiB video is streamed to disk: the server does not hold it in memory', async () => {
  const pid = serverPid();
  const MiB = 1024 * 1024;
  const head = Buffer.concat([mp4(), Buffer.alloc(1)]);
  const chunk = crypto.randomBytes(MiB);
  const hash = crypto.createHash('sha256');
  const pre = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n\r\n`);
  const post = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const before = rssKiB(pid);
  let i = -1;
  const stream = new ReadableStream({
    pull(c) {
      if (i === -1) { c.enqueue(pre); c.enqueue(head); hash.update(head); } else if (i < 100) { c.enqueue(chunk); hash.update(chunk); } else { c.enqueue(post); c.close(); }
      i++;
    },
  });
  const res = await fetch(`${srv.url}/api/v1/files?kind=video`, {
    method: 'POST', body: stream, duplex: 'half', headers: { authorization: `Bearer ${creator}`, 'content-type': MP_TYPE },
  });
  const f = await res.json();
  assert.equal(res.status, 201, JSON.stringify(f));
  assert.equal(f.size, head.length + 100 * MiB);
  const grown = rssKiB(pid) - before;
  assert.ok(grown < 8 * 1024, `the server grew by ${grown} KiB while taking a 100 MiB upload`);
  const digest = hash.digest('hex');
  assert.equal(fs.statSync(path.join(dataDir(), 'files', digest.slice(0, 2), digest)).size, f.size);

  // And it is served from disk in ranges.
  const r = await fetch(srv.url + f.url, { headers: { authorization: `Bearer ${learner}`, range: `bytes=${50 * MiB}-${50 * MiB + 3}` } });
  assert.equal(r.status, 206);
  assert.equal(Buffer.from(await r.arrayBuffer()).length, 4);
});
