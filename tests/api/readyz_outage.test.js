// API test: when the database goes away under a running server, /readyz says so (503 problem+json),
// /healthz still answers, requests that need the database get 503 db_unavailable, and the server
// neither hangs nor crashes. PostgreSQL only: an embedded SQLite file cannot become unreachable.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer } = require('../lib/server.js');

const onPostgres = (process.env.KARMAYOGI_TEST_BACKEND || 'sqlite') === 'postgresql';
let srv;
before(async () => { if (onPostgres) srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('a database that goes away makes /readyz 503 while /healthz stays 200',
  { skip: onPostgres ? false : 'PostgreSQL only' }, async () => {
    const ready = await fetch(srv.url + '/readyz');
    assert.equal(ready.status, 200);

    execFileSync('dropdb', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '--force', srv.pgDatabase]);

    const down = await fetch(srv.url + '/readyz');
    assert.equal(down.status, 503);
    assert.match(down.headers.get('content-type'), /^application\/problem\+json/);
    const problem = await down.json();
    assert.equal(problem.code, 'db_unavailable');
    assert.equal(problem.status, 503);

    const login = await fetch(srv.url + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'learner@karmayogi.demo', password: 'Karmayogi@2026' }),
    });
    assert.equal(login.status, 503);
    assert.equal((await login.json()).code, 'db_unavailable');

    const health = await fetch(srv.url + '/healthz');
    assert.equal(health.status, 200);
  });
