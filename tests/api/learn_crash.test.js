// Reliability (issue 6): kill the server with SIGKILL in the middle of a burst of progress updates and start
// it again. Every update that was answered 2xx is there (progress only grows, so the stored percent is at
// least the one sent), nothing is half-applied (each enrolment's progress agrees with its resources), and
// certificates agree with completions (one for each completed enrolment, none for any other).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;

const sql = (query) => sqlText(srv, query);
const rows = (q) => { const out = sql(q); return out ? out.split('\n').map((l) => l.split('|')) : []; };

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('SIGKILL during a burst of progress: every 2xx update survives, nothing half-applied, certificates agree', async () => {
  const tokens = [(await api.login('learner@karmayogi.demo')).token, (await api.login('supervisor@karmayogi.demo')).token];
  const courses = rows(`SELECT c.id FROM contents c WHERE c.kind = 'course' AND c.status = 'published'
    AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.content_id = c.id) ORDER BY c.id LIMIT 24 OFFSET 100`).map((r) => Number(r[0]));
  const updates = [];
  for (const [i, id] of courses.entries()) {
    const token = tokens[i % 2];
    ok(await call('POST', `/api/v1/contents/${id}/enrolment`, { token }), 201);
    const res = rows(`SELECT r.id FROM contents c JOIN course_modules m ON m.version_id = c.published_version_id
      JOIN resources r ON r.module_id = m.id WHERE c.id = ${id}`).map((r) => Number(r[0]));
    // Most courses are finished (every resource to 100), a few only started.
    const top = i % 4 === 3 ? 50 : 100;
    for (const rid of res) for (const percent of [25, 50, 75, 100].filter((p) => p <= top)) {
      updates.push({ token, update: { content_id: id, resource_id: rid, percent, position: percent * 3, time_spent_s: percent } });
    }
  }
  // Shuffled (deterministically), so completions land while the burst goes on.
  for (let i = updates.length - 1; i > 0; i--) { const j = (i * 7919) % (i + 1); [updates[i], updates[j]] = [updates[j], updates[i]]; }

  const acked = [];
  let failed = 0;
  let next = 0;
  let crashed = null;
  async function worker() {
    while (next < updates.length) {
      const u = updates[next++];
      if (!crashed && acked.length >= updates.length / 3) crashed = srv.crash();
      try {
        const r = await call('POST', '/api/v1/me/progress', { token: u.token, json: { updates: [u.update] } });
        if (r.status === 200) acked.push(u.update);
        else failed++;
      } catch (_) {
        failed++; // the connection died with the server: its outcome is unknown, and that is allowed
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  await crashed;
  assert.ok(crashed, 'the server was killed mid-burst');
  assert.ok(acked.length > updates.length / 3, `${acked.length} of ${updates.length} answered 2xx`);

  // Every acknowledged update is durable.
  const stored = new Map(rows(`SELECT e.content_id, p.resource_id, p.percent FROM resource_progress p JOIN enrolments e
    ON e.id = p.enrolment_id`).map(([c, r, p]) => [`${c}/${r}`, Number(p)]));
  for (const u of acked) {
    const got = stored.get(`${u.content_id}/${u.resource_id}`);
    assert.ok(got !== undefined && got >= u.percent, `acknowledged ${JSON.stringify(u)} but stored ${got}`);
  }
  // Each enrolment agrees with its resources: completed exactly when all are at 100, progress otherwise.
  for (const [id, status, progress, done, total, sum, certs] of rows(`SELECT e.id, e.status, e.progress,
      (SELECT count(*) FROM resource_progress p WHERE p.enrolment_id = e.id AND p.percent = 100),
      (SELECT count(*) FROM resources r JOIN course_modules m ON m.id = r.module_id WHERE m.version_id = e.version_id),
      (SELECT COALESCE(SUM(p.percent), 0) FROM resource_progress p WHERE p.enrolment_id = e.id),
      (SELECT count(*) FROM certificates c WHERE c.enrolment_id = e.id)
      FROM enrolments e WHERE e.content_id IN (${courses.join(',')})`).map((r) => r.map(Number).map((v, k) => (k === 1 ? r[1] : v)))) {
    const required = Number(sql(`SELECT count(*) FROM resources r JOIN course_modules m ON m.id = r.module_id
      JOIN enrolments e ON e.version_id = m.version_id WHERE e.id = ${id} AND r.required = 1`)) || total;
    const requiredDone = Number(sql(`SELECT count(*) FROM resource_progress WHERE enrolment_id = ${id} AND required = 1
      AND percent = 100`));
    if (status === 'completed') {
      assert.equal(requiredDone, required, `enrolment ${id} completed with ${requiredDone}/${required} required done`);
      assert.equal(progress, 100);
      assert.equal(certs, 1, `completed enrolment ${id} has one certificate`);
    } else {
      assert.ok(requiredDone < required, `enrolment ${id} has every required resource done but is ${status}`);
      assert.equal(certs, 0, `enrolment ${id} is not complete and has no certificate`);
      const requiredSum = Number(sql(`SELECT COALESCE(SUM(percent), 0) FROM resource_progress WHERE enrolment_id = ${id}
        AND required = 1`));
      assert.equal(progress, Math.min(99, Math.floor(requiredSum / required)), `enrolment ${id} progress`);
    }
    assert.ok(done <= total && sum >= 0);
  }
  // The server that came back answers, and the sessions survived (they live in the database).
  const mine = ok(await call('GET', '/api/v1/me/enrolments?status=completed', { token: tokens[0] }));
  assert.ok(Array.isArray(mine.items));
});
