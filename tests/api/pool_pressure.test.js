// Regression: a worker must not hold database connections for answers that are still being sent. With
// one worker thread (a pool of three connections), bursts of requests whose clients give up part-way
// once left every connection held and the worker waiting on the pool for its next request: the server
// answered nothing more and never stopped. Now it keeps answering, and stop() checks it exits cleanly.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
before(async () => { srv = await startServer({ extraArgs: ['--threads', '1'] }); });
after(async () => { if (srv) await srv.stop(); });

test('bursts of abandoned database requests leave the server answering and able to stop', { timeout: 60000 }, async () => {
  const { token } = await api.login('spv.admin@karmayogi.demo');
  const root = await api.orgId('GOI', token);
  const headers = { authorization: `Bearer ${token}` };
  for (let round = 0; round < 8; round++) {
    const burst = [];
    for (let i = 0; i < 80; i++) {
      // Whole-government staff pages; some clients give up after a few milliseconds, mid-answer.
      const signal = AbortSignal.timeout(i % 2 ? 2 + (i % 7) : 20000);
      burst.push(fetch(`${srv.url}/api/v1/officials?org_id=${root}&limit=500`, { headers, signal })
        .then(async (r) => { await r.arrayBuffer(); return r.status; })
        .catch(() => 'aborted'));
    }
    const statuses = await Promise.all(burst);
    assert.ok(statuses.every((s) => s === 200 || s === 'aborted'), statuses.join(','));
  }
  const after = await fetch(`${srv.url}/api/v1/me`, { headers, signal: AbortSignal.timeout(5000) });
  assert.equal(after.status, 200, 'the server still answers requests that need the database');
});
