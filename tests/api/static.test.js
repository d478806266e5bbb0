// API tests: the web shell and its files from web/: types, caching, and no way out of the folder.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer } = require('../lib/server.js');

let srv;
let port;
before(async () => {
  srv = await startServer();
  port = Number(new URL(srv.url).port);
});
after(async () => { if (srv) await srv.stop(); });

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

// Sends a GET with the path exactly as written (no normalisation) and reads one answer.
function rawGet(path, timeoutMs = 5000) {
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
    const timer = setTimeout(() => finish(new Error(`no answer for ${path} in ${timeoutMs} ms`)), timeoutMs);
    const tryParse = (ended) => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return ended ? finish(new Error(`closed without an answer for ${path}`)) : undefined;
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
      if (len !== null && rest.length >= len) return finish(null, { status, headers, body: rest.subarray(0, len).toString('latin1') });
      if (ended) return finish(null, { status, headers, body: rest.toString('latin1') });
      return undefined;
    };
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); tryParse(false); });
    sock.on('end', () => tryParse(true));
    sock.on('close', () => tryParse(true));
    sock.on('error', () => tryParse(true));
  });
}

async function scriptPath() {
  const html = await (await fetch(srv.url + '/')).text();
  const m = /<script[^>]*\bsrc="([^"]+\.m?js)"/i.exec(html);
  assert.ok(m, 'index.html loads no script');
  return new URL(m[1], srv.url + '/').pathname;
}

test('/ serves the HTML shell from web/index.html', async () => {
  const res = await fetch(srv.url + '/');
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /^text\/html/);
  assert.match(html, /^\s*<!doctype html>/i);
  assert.match(html, /<title>[^<]*Karmayogi/);
  assert.match(html, /<script[^>]*type="module"/i, 'the shell loads its ES modules');
});

test('a JavaScript file is served with a JavaScript content type', async () => {
  const path = await scriptPath();
  const res = await fetch(srv.url + path);
  assert.equal(res.status, 200, `GET ${path}`);
  assert.match(res.headers.get('content-type') || '', /^(text|application)\/javascript/);
  assert.ok((await res.text()).length > 0);
});

test('static files carry ETag and Cache-Control, and If-None-Match gives 304 with no body', async () => {
  for (const path of ['/', await scriptPath()]) {
    const first = await fetch(srv.url + path);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    assert.ok(etag, `${path} has no ETag`);
    assert.ok(first.headers.get('cache-control'), `${path} has no Cache-Control`);
    const again = await fetch(srv.url + path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, `${path} with If-None-Match: ${etag}`);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    const stale = await fetch(srv.url + path, { headers: { 'If-None-Match': '"not-the-etag"' } });
    assert.equal(stale.status, 200, 'a different ETag gets the file again');
    await stale.arrayBuffer();
  }
});

// The web folder may sit at any depth, so each form is also tried with enough `..` to reach `/`.
const deep = (seg) => Array(12).fill(seg).join('/');
for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/js/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  `/${deep('..')}/etc/passwd`, `/${deep('%2e%2e')}/etc/passwd`, `/js/${deep('%2e%2e')}/etc/passwd`,
  `/${deep('%2E%2E')}/etc/passwd`, `/${deep('..%2f').replace(/\//g, '')}etc/passwd`, `/js/${deep('..')}/etc/passwd`,
  `/${deep('.%2e')}/etc/passwd`, `/${deep('%2e.')}/etc/passwd`]) {
  test(`path traversal ${path} is refused with 404`, async () => {
    const r = await rawGet(path);
    assert.equal(r.status, 404, `GET ${path} answered ${r.status}`);
    assert.ok(!r.body.includes('root:'), `GET ${path} leaked /etc/passwd`);
  });
}

test('path traversal /..%2fsrc/main.c does not serve the source', async () => {
  for (const path of ['/..%2fsrc/main.c', '/../src/main.c', '/%2e%2e/src/main.c', '/%2e%2e%2fCMakeLists.txt']) {
    const r = await rawGet(path);
    assert.equal(r.status, 404, `GET ${path} answered ${r.status}`);
    assert.ok(!/#include|cmake_minimum_required/.test(r.body), `GET ${path} leaked a source file`);
  }
});
