// API tests: `karmayogi bench-seed learn`, the learning data make bench measures on. Officials get ten
// enrolments each in published courses, some partway and some complete with a certificate; the bench's learners
// can log in with the demo password, and the plan's lines are what the wrk scripts send: a progress update
// the server takes (durably, without completing the course) and a certificate of theirs to download.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;

const sql = (query) => sqlText(srv, query);
const dbUrl = () => (srv.pgDatabase
  ? `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`
  : `sqlite:${path.join(srv.tmp, 'test.db')}`);
const seed = (...args) => execFileSync(BIN, ['bench-seed', 'learn', '--db', dbUrl(), ...args],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let plan;
before(async () => {
  srv = await startServer();
  const file = path.join(srv.tmp, 'plan.txt');
  const out = seed('--officials', '40', '--logins', '40', '--plan', file);
  assert.match(out, /^seeded 40 officials: 400 enrolments, \d+ progress rows, \d+ certificates, \d+ karma rows \(\d+ rows\/s\) in [0-9.]+ s\n$/);
  plan = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
});
after(async () => { if (srv) await srv.stop(); });

test('each seeded official has ten distinct published courses, partway ones below 100, completed ones certified', () => {
  const seeded = `(SELECT official_id FROM enrolments GROUP BY official_id HAVING COUNT(*) = 10 AND
    MIN(source) = 'self' AND MAX(source) = 'self')`;
  assert.equal(sql(`SELECT COUNT(*) FROM ${seeded} s`), '40');
  assert.equal(sql(`SELECT COUNT(*) FROM enrolments e JOIN contents c ON c.id = e.content_id
    WHERE e.official_id IN ${seeded} AND (c.published_version_id <> e.version_id OR c.kind <> 'course')`), '0');
  assert.equal(sql(`SELECT COUNT(DISTINCT official_id || ':' || content_id) FROM enrolments
    WHERE official_id IN ${seeded}`), '400');
  const statuses = sql(`SELECT DISTINCT status FROM enrolments WHERE official_id IN ${seeded} ORDER BY 1`);
  assert.deepEqual(statuses.split('\n'), ['completed', 'enrolled', 'in_progress']);
  assert.equal(sql(`SELECT COUNT(*) FROM enrolments WHERE official_id IN ${seeded} AND status = 'in_progress'
    AND (progress >= 100 OR NOT EXISTS (SELECT 1 FROM resource_progress p WHERE p.enrolment_id = enrolments.id))`), '0');
  // Completed: a certificate with the snapshot, every required resource at 100, karma paid once.
  assert.equal(sql(`SELECT COUNT(*) FROM enrolments e WHERE e.official_id IN ${seeded} AND e.status = 'completed'
    AND (e.completed_at IS NULL OR e.progress <> 100 OR NOT EXISTS (SELECT 1 FROM certificates c
    WHERE c.enrolment_id = e.id AND c.official_id = e.official_id AND length(c.code) = 26)
    OR EXISTS (SELECT 1 FROM resource_progress p WHERE p.enrolment_id = e.id AND p.percent < 100))`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM karma_ledger WHERE event = 'first_enrolment' AND official_id IN ${seeded}`),
    '40');
});

test('a bench learner logs in with the demo password, sees my learning and sends the plan\'s update', async () => {
  const line = plan.find((l) => l[0] === 'progress');
  const token = (await api.login(line[1])).token;
  const mine = ok(await call('GET', '/api/v1/me/enrolments?status=all&limit=50', { token }));
  assert.equal(mine.items.length, 10);
  const [content, resource] = [Number(line[2]), Number(line[3])];
  const before = mine.items.find((e) => e.content_id === content);
  assert.ok(['enrolled', 'in_progress'].includes(before.status));
  const res = ok(await call('POST', '/api/v1/me/progress', { token,
    json: { updates: [{ content_id: content, resource_id: resource, percent: 99, position: 70 }] } }));
  assert.equal(res.applied, 1);
  assert.equal(res.enrolments[0].status, 'in_progress', 'the untouched resource at 99% completes nothing');
  assert.ok(res.enrolments[0].progress < 100);
});

test('a bench learner downloads a certificate the plan names as theirs', async () => {
  const line = plan.find((l) => l[0] === 'certificate');
  assert.ok(line, 'forty learners with ten enrolments each have certificates among them');
  const token = (await api.login(line[1])).token;
  const res = await fetch(`${srv.url}/api/v1/certificates/${line[2]}/pdf`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
});

test('a second run goes on with officials not yet enrolled, and the server enrols after it', async () => {
  assert.match(seed('--officials', '5'), /^seeded 5 officials: 50 enrolments/);
  assert.equal(sql(`SELECT COUNT(*) FROM (SELECT official_id FROM enrolments WHERE source = 'self'
    GROUP BY official_id HAVING COUNT(*) = 10) s`), '45');
  // The server's own enrolment takes the next id (PostgreSQL's identity sequence was moved past the seed's).
  const line = plan.find((l) => l[0] === 'progress');
  const token = (await api.login(line[1])).token;
  const other = sql(`SELECT c.id FROM contents c WHERE c.kind = 'course' AND c.status = 'published' AND NOT EXISTS
    (SELECT 1 FROM enrolments e JOIN officials o ON o.id = e.official_id WHERE e.content_id = c.id AND
    o.email = '${line[1]}') ORDER BY c.id LIMIT 1`);
  const res = await call('POST', `/api/v1/contents/${other}/enrolment`, { token });
  assert.equal(res.status, 201);
});

test('bench-seed learn refuses --logins without --plan', () => {
  assert.throws(() => seed('--logins', '3'), /learn takes --logins and --plan together/);
  assert.throws(() => seed('--officials', '0'), /--officials must be a whole number/);
});
