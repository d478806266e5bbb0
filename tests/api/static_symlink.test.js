// API tests: a symlink inside the web folder that points out of it is never followed.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../lib/server.js');

let srv;
let web;
before(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'karmayogi-web-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>symlink fixture</title>\n');
  fs.writeFileSync(path.join(web, 'plain.txt'), 'a plain file\n');
  fs.symlinkSync('/etc/passwd', path.join(web, 'secret'));
  fs.symlinkSync('/etc', path.join(web, 'etcdir'));
  // The launcher passes ROOT/web first; a second --web wins.
  srv = await startServer({ extraArgs: ['--web', web] });
});
after(async () => {
  try { if (srv) await srv.stop(); } finally { fs.rmSync(web, { recursive: true, force: true }); }
});

test('the fixture folder is the one served (control)', async () => {
  const res = await fetch(srv.url + '/');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /symlink fixture/);
  const plain = await fetch(srv.url + '/plain.txt');
  assert.equal(plain.status, 200);
  assert.equal(await plain.text(), 'a plain file\n');
});

test('a symlink to a file outside web/ is refused with 404', async () => {
  const res = await fetch(srv.url + '/secret');
  const body = await res.text();
  assert.equal(res.status, 404);
  assert.ok(!body.includes('root:'), 'the symlink leaked /etc/passwd');
});

test('a symlinked folder pointing outside web/ is refused with 404', async () => {
  for (const p of ['/etcdir/passwd', '/etcdir/hostname', '/etcdir/']) {
    const res = await fetch(srv.url + p);
    const body = await res.text();
    assert.equal(res.status, 404, `GET ${p} answered ${res.status}`);
    assert.ok(!body.includes('root:'), `GET ${p} leaked /etc/passwd`);
  }
});
