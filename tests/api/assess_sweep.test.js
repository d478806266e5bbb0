// API test: a timed attempt nobody comes back to is submitted by the server itself once its time is up (the
// ticker's sweep, every few seconds), dated at its deadline, as it stood: its history shows it submitted
// without the learner touching it. The deadline is moved into the past in the test database, as the attempts
// tests do, so the test need not wait ten minutes.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');
const { sqlRows } = require('../lib/sql.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;

before(async () => { srv = await startServer(); });
after(async () => srv && srv.stop());

test('an attempt left open past its time limit is submitted by the server, dated at the deadline', async () => {
  const token = (await api.login('learner@karmayogi.demo')).token;
  const final = ok(await call('GET', '/api/v1/assessments/by-code/RTI-FINAL', { token }));
  const attempt = ok(await call('POST', `/api/v1/assessments/${final.content_id}/attempts`, { token }), 201);
  assert.equal(attempt.status, 'in_progress');
  const q = attempt.questions[0];
  const answer = q.kind === 'fill_blank' ? { question_id: q.id, text: 'तीस' } : { question_id: q.id, option_ids: [q.options[0].id] };
  ok(await call('PUT', `/api/v1/attempts/${attempt.id}/answers`, { token, json: { answers: [answer] } }));
  const deadline = Date.now() - 60000;
  sqlRows(srv, `UPDATE attempts SET deadline_at = ${deadline} WHERE id = ${attempt.id}`);
  let row = [];
  for (let i = 0; i < 100; i++) { // the sweep runs every 5 s
    row = sqlRows(srv, `SELECT status, auto_submitted, submitted_at FROM attempts WHERE id = ${attempt.id}`)[0];
    if (row[0] === 'submitted') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(row, ['submitted', '1', String(deadline)], 'submitted by the server, at the deadline');
  const history = ok(await call('GET', `/api/v1/assessments/${final.content_id}/attempts`, { token }));
  const mine = history.items.find((a) => a.id === attempt.id);
  assert.equal(mine.status, 'submitted');
  assert.equal(mine.result.auto_submitted, true);
  assert.equal(mine.result.submitted_at, new Date(deadline).toISOString().replace('.000Z', 'Z'));
});
