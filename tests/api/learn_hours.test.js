// API tests: learning hours and targets (module learn, part 7). Minutes of completed content per month of a
// year against the target of the nearest organisation above the official; targets read and set by the
// organisation's admins (audited); who may see an official's hours; every bad year and target.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const org = {};
let spv; let mdo; let learner; let learnerId; let creator; let creatorId;
const YEAR = new Date().getUTCFullYear();

const sql = (query) => sqlText(srv, query);

before(async () => {
  srv = await startServer();
  spv = (await api.login('spv.admin@karmayogi.demo')).token;
  mdo = (await api.login('mdo.admin@karmayogi.demo')).token;
  const l = await api.login('learner@karmayogi.demo');
  learner = l.token;
  learnerId = l.user.id;
  for (const code of ['GOI', 'MOR', 'RB', 'NAIR', 'MOPPGP']) org[code] = await api.orgId(code, spv);
  // Kavita (LBSNAA, in MOPPGP) is made an admin of her own ministry: an admin of another ministry than MOR.
  const c = await api.login('creator@karmayogi.demo');
  creator = c.token;
  creatorId = c.user.id;
  ok(await call('POST', `/api/v1/officials/${creatorId}/roles`, { token: spv, json: { role: 'mdo_admin', org_id: org.MOPPGP } }), 201);
});
after(async () => { if (srv) await srv.stop(); });

const hours = (query = '', token = learner) => call('GET', `/api/v1/me/learning-hours${query}`, { token });
const target = (orgId, year, token = mdo) => call('GET', `/api/v1/orgs/${orgId}/learning-targets/${year}`, { token });
const setTarget = (orgId, year, json, token = mdo) => call('PUT', `/api/v1/orgs/${orgId}/learning-targets/${year}`, { token, json });
const ms = (y, m, d) => Date.UTC(y, m - 1, d, 10, 0, 0);

// Completed enrolments made directly in the database, at chosen times (the API completes only now): the
// content items are published ones Priya is not enrolled in.
function completeAt(officialId, times) {
  const rows = sql(`SELECT id, published_version_id, kind FROM contents WHERE published_version_id IS NOT NULL AND id NOT IN
    (SELECT content_id FROM enrolments WHERE official_id = ${officialId}) ORDER BY id LIMIT ${times.length}`).split('\n');
  assert.equal(rows.length, times.length);
  return rows.map((row, i) => {
    const [id, version, kind] = row.split('|');
    const [at, minutes] = times[i];
    sql(`INSERT INTO enrolments (official_id, content_id, version_id, kind, source, status, progress, enrolled_at,
      last_activity_at, completed_at, credited_minutes) VALUES (${officialId}, ${id}, ${version}, '${kind}', 'self',
      'completed', 100, ${at - 1000}, ${at}, ${at}, ${minutes})`);
    return Number(id);
  });
}

test('my learning hours: this year by default, twelve months, no target until one is set', async () => {
  const h = ok(await hours());
  assert.equal(h.year, YEAR);
  assert.equal(h.official.id, learnerId);
  assert.equal(h.official.name_en, 'Priya Sharma');
  assert.equal(h.months.length, 12);
  assert.deepEqual(h.months.map((m) => m.month), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(h.total_minutes, h.months.reduce((a, m) => a + m.minutes, 0));
  assert.equal(h.target_hours, null);
  assert.equal(h.target_org, null);
  assert.equal(ok(await hours(`?year=${YEAR}`)).total_minutes, h.total_minutes);
  assertProblem(await hours('', null), 401);
});

test('completed content counts its minutes in the month it was completed, and only in its year', async () => {
  const before = ok(await hours('?year=2030'));
  assert.equal(before.total_minutes, 0);
  const ids = completeAt(learnerId, [[ms(2030, 2, 10), 90], [ms(2030, 2, 20), 30], [ms(2030, 11, 5), 45],
    [ms(2031, 1, 1), 600], [Date.UTC(2030, 0, 1, 0, 0, 0), 15]]);
  const h = ok(await hours('?year=2030'));
  assert.equal(h.total_minutes, 90 + 30 + 45 + 15);
  assert.deepEqual(h.months.filter((m) => m.minutes).map((m) => [m.month, m.minutes]), [[1, 15], [2, 120], [11, 45]]);
  assert.deepEqual(h.items.map((i) => i.content_id), [ids[2], ids[1], ids[0], ids[4]], 'newest first');
  const item = h.items[0];
  assert.equal(item.minutes, 45);
  assert.equal(item.completed_at, new Date(ms(2030, 11, 5)).toISOString().replace('.000Z', 'Z'));
  assert.equal(typeof item.title_en, 'string');
  assert.equal(typeof item.code, 'string');
  assert.equal(h.items_truncated, false);
  assert.equal(ok(await hours('?year=2031')).total_minutes, 600);
  // Another official's completions are never in Priya's hours.
  assert.equal(ok(await hours('?year=2030', mdo)).total_minutes, 0);
});

test('an admin sets a yearly target; officials are held to the nearest organisation above them that has one', async () => {
  const set = ok(await setTarget(org.MOR, YEAR, { hours: 50 }));
  assert.deepEqual([set.org.code, set.year, set.hours, set.updated_by], ['MOR', YEAR, 50, set.updated_by]);
  assert.deepEqual([set.effective.hours, set.effective.org.code], [50, 'MOR']);
  let h = ok(await hours());
  assert.equal(h.target_hours, 50);
  assert.equal(h.target_org.code, 'MOR');
  assert.equal(h.target_org.name_hi, 'रेल मंत्रालय');

  ok(await setTarget(org.RB, YEAR, { hours: 40 }));
  h = ok(await hours());
  assert.deepEqual([h.target_hours, h.target_org.code], [40, 'RB'], 'RB\'s own target is nearer than MOR\'s');
  const nair = ok(await target(org.NAIR, YEAR));
  assert.deepEqual([nair.hours, nair.effective.hours, nair.effective.org.code], [null, 50, 'MOR']);
  assert.equal(ok(await hours(`?year=${YEAR + 1}`)).target_hours, null, 'a target is for its year only');

  // Setting again replaces; 0 is a target of nothing, not no target.
  ok(await setTarget(org.RB, YEAR, { hours: 0 }));
  h = ok(await hours());
  assert.deepEqual([h.target_hours, h.target_org.code], [0, 'RB']);
  const rb = ok(await target(org.RB, YEAR));
  assert.equal(rb.hours, 0);
  assert.match(rb.updated_at, /^\d{4}-/);
  // The SPV admin may set any organisation's.
  ok(await setTarget(org.RB, YEAR, { hours: 2000 }, spv));
  assert.equal(ok(await hours()).target_hours, 2000);
});

test('every target change is in the audit log with its actor, before and after', async () => {
  const rows = sql(`SELECT action || '|' || object_id || '|' || scope_org_id FROM audit_log WHERE object_type = 'learning_target' ORDER BY id`).split('\n');
  assert.deepEqual(rows, [`learning_target.set|${org.MOR}:${YEAR}|${org.MOR}`, `learning_target.set|${org.RB}:${YEAR}|${org.RB}`,
    `learning_target.set|${org.RB}:${YEAR}|${org.RB}`, `learning_target.set|${org.RB}:${YEAR}|${org.RB}`]);
  const [b, a] = sql(`SELECT before_json, after_json FROM audit_log WHERE object_type = 'learning_target' AND object_id = '${org.RB}:${YEAR}' ORDER BY id DESC LIMIT 1`).split('|');
  assert.deepEqual([JSON.parse(b).hours, JSON.parse(a).hours], [0, 2000]);
});

test('an admin over an official sees their hours; others do not learn the official exists', async () => {
  const seen = ok(await call('GET', `/api/v1/officials/${learnerId}/learning-hours?year=2030`, { token: mdo }));
  assert.equal(seen.official.id, learnerId);
  assert.equal(seen.total_minutes, 180);
  ok(await call('GET', `/api/v1/officials/${learnerId}/learning-hours`, { token: spv }));
  ok(await call('GET', `/api/v1/officials/${learnerId}/learning-hours`, { token: learner }), 200);
  assertProblem(await call('GET', `/api/v1/officials/${learnerId}/learning-hours`, { token: creator }), 404);
  const mdoId = ok(await call('GET', '/api/v1/me', { token: mdo })).id;
  assertProblem(await call('GET', `/api/v1/officials/${mdoId}/learning-hours`, { token: learner }), 404);
  assertProblem(await call('GET', '/api/v1/officials/999999/learning-hours', { token: mdo }), 404);
  assertProblem(await call('GET', '/api/v1/officials/abc/learning-hours', { token: mdo }), 404);
  assert.deepEqual(fieldsOf(assertProblem(await call('GET', `/api/v1/officials/${learnerId}/learning-hours?year=1999`, { token: mdo }), 422)), ['year']);
});

test('bad years: out of 2000..2100 or not a year is 422 naming year', async () => {
  for (const y of ['1999', '2101', '20x6', '26', '02026', '']) {
    const r = await hours(`?year=${y}`);
    assert.deepEqual(fieldsOf(assertProblem(r, 422, 'validation_failed')), ['year'], `year=${y}`);
  }
  for (const y of ['1999', '2101', 'abcd', '99999']) {
    assert.deepEqual(fieldsOf(assertProblem(await setTarget(org.MOR, y, { hours: 5 }), 422)), ['year'], `PUT ${y}`);
    assert.deepEqual(fieldsOf(assertProblem(await target(org.MOR, y), 422)), ['year'], `GET ${y}`);
  }
  ok(await setTarget(org.MOR, 2000, { hours: 1 }));
  ok(await setTarget(org.MOR, 2100, { hours: 1 }));
});

test('bad targets: hours negative, over 2000, not a whole number, missing or with strangers is 422', async () => {
  for (const hoursValue of [-1, 2001, '10', 1.5, null, true]) {
    const r = await setTarget(org.MOR, YEAR, { hours: hoursValue });
    assert.deepEqual(fieldsOf(assertProblem(r, 422, 'validation_failed')), ['hours'], JSON.stringify(hoursValue));
  }
  assert.deepEqual(fieldsOf(assertProblem(await setTarget(org.MOR, YEAR, {}), 422)), ['hours']);
  assert.deepEqual(fieldsOf(assertProblem(await setTarget(org.MOR, YEAR, { hours: 5, minutes: 3 }), 422)), ['minutes']);
  assert.deepEqual(fieldsOf(assertProblem(await setTarget(org.MOR, YEAR, [5]), 422)), ['body']);
  assertProblem(await call('PUT', `/api/v1/orgs/${org.MOR}/learning-targets/${YEAR}`, { token: mdo, body: '{"hours":',
    headers: { 'content-type': 'application/json' } }), 400);
  assertProblem(await call('PUT', `/api/v1/orgs/${org.MOR}/learning-targets/${YEAR}`, { token: mdo, body: 'hours=5',
    headers: { 'content-type': 'text/plain' } }), 415);
  assert.equal(ok(await target(org.MOR, YEAR)).hours, 50, 'no bad request changed the target');
});

test('who may set a target: an admin of another ministry, a learner, an admin below get 403; unknown 404', async () => {
  assertProblem(await setTarget(org.MOR, YEAR, { hours: 5 }, creator), 403, 'forbidden');
  assertProblem(await target(org.MOR, YEAR, creator), 403, 'forbidden');
  assertProblem(await setTarget(org.RB, YEAR, { hours: 5 }, learner), 403, 'forbidden');
  assertProblem(await target(org.RB, YEAR, learner), 403, 'forbidden');
  assertProblem(await setTarget(org.GOI, YEAR, { hours: 5 }, mdo), 403, 'forbidden');
  assertProblem(await setTarget(org.MOPPGP, YEAR, { hours: 5 }, mdo), 403, 'forbidden');
  assertProblem(await setTarget(999999, YEAR, { hours: 5 }), 404);
  assertProblem(await setTarget('abc', YEAR, { hours: 5 }), 404);
  // Kavita sets her own ministry's target, which MOR's people never see.
  ok(await setTarget(org.MOPPGP, YEAR, { hours: 30 }, creator));
  assert.equal(ok(await hours()).target_hours, 2000);
  const kavita = ok(await hours('', creator));
  assert.deepEqual([kavita.target_hours, kavita.target_org.code], [30, 'MOPPGP']);
  assert.equal(ok(await target(org.MOR, YEAR)).hours, 50);
});
