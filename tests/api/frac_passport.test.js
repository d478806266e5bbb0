// API tests: the competency passport (module frac, part 2). Priya (learner@) holds a position in RB with
// Vikram (supervisor@) as her reporting officer, set up through the positions API as an MDO admin would.
// Claims she declares wait for Vikram, who verifies (maybe lowering the level) or rejects them with a
// reason; he may also add verified entries himself. Nobody else may review; strangers may not even look.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const DEVANAGARI = /[\u0900-\u097F]/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ENTRY_FIELDS = ['id', 'competency', 'version', 'level', 'source', 'status', 'verified', 'claimed_level',
  'evidence', 'evidence_ref', 'earned_on', 'review', 'created_at'];

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;

// People: token and official id of each demo account the tests use.
const who = {};
const ACCOUNTS = {
  priya: 'learner@karmayogi.demo', // the official
  vikram: 'supervisor@karmayogi.demo', // her reporting officer
  harish: 'coordinator@karmayogi.demo', // a second reportee of Vikram's (given a position below)
  farida: 'trainer@karmayogi.demo', // an official who reports to nobody here
  mdo: 'mdo.admin@karmayogi.demo', // administers MOR (and so RB), is nobody's reporting officer
  spv: 'spv.admin@karmayogi.demo',
  anil: 'cbp.admin@karmayogi.demo', // MOR, a CBP admin: no right to see people's passports
  kavita: 'creator@karmayogi.demo', // LBSNAA: a stranger to Priya
};
const org = {};
const holding = {}; // official key -> HOLDING id
let competencies = []; // active competencies made for this file; each claim takes its own
let retired; // a competency made for this file and retired

const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

let nextComp = 0;
// A competency no other test in this file has claimed on (claims on one competency must not collide).
function freshCompetency() {
  assert.ok(nextComp < competencies.length, 'ran out of test competencies');
  return competencies[nextComp++];
}

// Reads the database behind the server directly, the way an auditor would (sqlite3 or psql CLI).
const sql = (query) => sqlText(srv, query);

const passportOf = (key, token = who[key].token, qs = '') =>
  call('GET', `/api/v1/officials/${who[key].id}/passport${qs}`, { token });
const declare = (key, body, token = who[key].token) =>
  call('POST', `/api/v1/officials/${who[key].id}/passport`, { token, json: body });
const verify = (id, token, json) => call('POST', `/api/v1/passport-entries/${id}/verify`, { token, json });
const reject = (id, token, json) => call('POST', `/api/v1/passport-entries/${id}/reject`, { token, json });
const withdraw = (id, token) => call('DELETE', `/api/v1/passport-entries/${id}`, { token });
const verifications = (token, qs = '') => call('GET', `/api/v1/me/verifications${qs}`, { token });

// A pending claim by `key` on a fresh competency; returns the ENTRY.
async function claim(key, level = 3, extra = {}) {
  const c = freshCompetency();
  return ok(await declare(key, { competency_id: c.id, level, ...extra }), 201);
}

function assertEntryShape(e) {
  for (const f of ENTRY_FIELDS) assert.ok(f in e, `ENTRY lacks ${f}: ${JSON.stringify(e)}`);
  assert.equal(typeof e.id, 'number');
  for (const f of ['id', 'code', 'name', 'name_hi', 'area']) assert.ok(f in e.competency, `competency lacks ${f}`);
  assert.ok(Number.isInteger(e.version) && e.version >= 1);
  assert.ok(Number.isInteger(e.level) && e.level >= 1 && e.level <= 5);
  assert.ok(['course', 'assessment', 'supervisor', 'self'].includes(e.source), e.source);
  assert.ok(['verified', 'pending', 'rejected'].includes(e.status), e.status);
  assert.equal(e.verified, e.status === 'verified', 'verified is true exactly when the status is verified');
  if (e.source === 'self') assert.equal(e.verified, false, 'a self-declared entry is never verified');
  assert.match(e.earned_on, DATE);
  assert.match(e.created_at, ISO);
  if (e.review !== null) {
    assert.equal(typeof e.review.by.id, 'number');
    assert.deepEqual(Object.keys(e.review.by).sort(), ['id', 'name', 'name_hi']);
    assert.equal(typeof e.review.by.name, 'string');
    assert.match(e.review.at, ISO);
    assert.ok('comment' in e.review);
  }
}

function assertOfficialRef(ref, key) {
  for (const f of ['id', 'name', 'name_hi', 'designation', 'org']) assert.ok(f in ref, `OFFICIAL REF lacks ${f}`);
  if (key) assert.equal(ref.id, who[key].id);
  for (const f of ['id', 'code', 'name', 'name_hi']) assert.ok(f in ref.org, `OFFICIAL REF org lacks ${f}`);
  if (ref.designation) assert.deepEqual(Object.keys(ref.designation).sort(), ['code', 'name', 'name_hi']);
}

// Assigns `key` to a new position in RB with Vikram as reporting officer, as the MDO admin; returns HOLDING.
async function assignUnderVikram(key, code) {
  const role = ok(await call('POST', '/api/v1/work-roles', { token: who.mdo.token, json: {
    code: `PASSPORT-${code}`, name: `Passport test role ${code}`, org_id: org.RB,
    requirements: [{ competency_id: competencies[competencies.length - 1].id, level: 2 }],
  } }), 201);
  const position = ok(await call('POST', '/api/v1/positions', { token: who.mdo.token, json: {
    org_id: org.RB, code: `PP-${code}`, title: `Passport test post ${code}`, role_ids: [role.id],
  } }), 201);
  const h = ok(await call('POST', `/api/v1/positions/${position.id}/holders`, { token: who.mdo.token, json: {
    official_id: who[key].id, reporting_officer_id: who.vikram.id, start_date: today(),
  } }), 201);
  assert.equal(h.official.id, who[key].id);
  assert.equal(h.reporting_officer.id, who.vikram.id);
  return h;
}

before(async () => {
  srv = await startServer();
  for (const [key, email] of Object.entries(ACCOUNTS)) {
    const l = await api.login(email);
    who[key] = { token: l.token, id: l.user.id };
  }
  for (const code of ['RB', 'MOR']) org[code] = await api.orgId(code, who.spv.token);
  // Competencies of this file's own, so claims never meet entries the demo data may hold; one is retired.
  const levels = [1, 2, 3, 4, 5].map((n) => ({ level: n, descriptor: `Passport test level ${n}` }));
  const make = async (code, name) => ok(await call('POST', '/api/v1/competencies', { token: who.spv.token, json: {
    code, area: 'functional', name, name_hi: `पासपोर्ट परीक्षण ${code}`, description: 'Made by the passport tests.',
    levels,
  } }), 201);
  for (let i = 1; i <= 40; i++) {
    const n = String(i).padStart(2, '0');
    competencies.push(await make(`FUN-PASSPORT-T${n}`, `Passport test skill ${n}`));
  }
  const made = await make('FUN-PASSPORT-RETIRED', 'Passport test: retired skill');
  retired = ok(await call('PATCH', `/api/v1/competencies/${made.id}`, { token: who.spv.token,
    json: { status: 'retired' } }));
  assert.equal(retired.status, 'retired');
  holding.priya = await assignUnderVikram('priya', 'PRIYA');
  holding.harish = await assignUnderVikram('harish', 'HARISH');
});
after(async () => { if (srv) await srv.stop(); });

test('a self-declared entry is pending, shown with source self and verified false, and the claim is kept', async () => {
  const c = freshCompetency();
  const e = ok(await declare('priya', { competency_id: c.id, level: 3, evidence: 'Led the GeM tender for 2024',
    earned_on: '2024-03-15' }), 201);
  assertEntryShape(e);
  assert.equal(e.source, 'self');
  assert.equal(e.status, 'pending');
  assert.equal(e.verified, false);
  assert.equal(e.level, 3);
  assert.equal(e.claimed_level, 3);
  assert.equal(e.competency.id, c.id);
  assert.equal(e.competency.code, c.code);
  assert.equal(e.version, c.version);
  assert.equal(e.evidence, 'Led the GeM tender for 2024');
  assert.equal(e.earned_on, '2024-03-15');
  assert.equal(e.review, null);

  const p = ok(await passportOf('priya'));
  const shown = p.items.find((x) => x.id === e.id);
  assert.deepEqual(shown, e, 'the passport shows the entry as it was answered');
  assertOfficialRef(p.official, 'priya');
  assert.equal(p.official.name, 'Priya Sharma');
  assert.equal(p.official.org.code, 'RB');
  // Her name, designation and organisation in Hindi, for a page read in Hindi.
  assert.ok(DEVANAGARI.test(p.official.name_hi), JSON.stringify(p.official));
  assert.ok(DEVANAGARI.test(p.official.designation.name_hi), JSON.stringify(p.official));
  assert.equal(p.official.org.name_hi, 'रेलवे बोर्ड');
  // The database agrees: never a verified self entry.
  assert.equal(sql("SELECT COUNT(*) FROM passport_entries WHERE source = 'self' AND status = 'verified'"), '0');
});

test('earned_on defaults to today; a claim on a competency already waiting for review is 409', async () => {
  const c = freshCompetency();
  const e = ok(await declare('priya', { competency_id: c.id, level: 2 }), 201);
  assert.equal(e.earned_on, today());
  assert.equal(e.evidence, null);
  assertProblem(await declare('priya', { competency_id: c.id, level: 4 }), 409, 'conflict');
  // Withdrawn, it can be declared again.
  assert.equal((await withdraw(e.id, who.priya.token)).status, 204);
  ok(await declare('priya', { competency_id: c.id, level: 4 }), 201);
});

test('the reporting officer verifies: source supervisor, verified true, review by him, claimed level kept', async () => {
  const e = await claim('priya', 4);
  const v = ok(await verify(e.id, who.vikram.token, { comment: 'Seen it in the Q3 audit' }));
  assertEntryShape(v);
  assert.equal(v.id, e.id);
  assert.equal(v.source, 'supervisor');
  assert.equal(v.status, 'verified');
  assert.equal(v.verified, true);
  assert.equal(v.level, 4);
  assert.equal(v.claimed_level, 4);
  assert.equal(v.review.by.id, who.vikram.id);
  assert.deepEqual(v.review.by, { id: who.vikram.id, name: 'Vikram Singh', name_hi: 'विक्रम सिंह' });
  assert.equal(v.review.comment, 'Seen it in the Q3 audit');
  const shown = ok(await passportOf('priya')).items.find((x) => x.id === e.id);
  assert.deepEqual(shown, v);
  // The review is in the audit log, by Vikram.
  assert.equal(sql(`SELECT actor_id FROM audit_log WHERE object_type = 'passport_entry' AND object_id = '${e.id}' `
    + "AND action = 'passport.verify'"), String(who.vikram.id));
});

test('verifying without a body takes the claim as it is', async () => {
  const e = await claim('priya', 2);
  const r = await call('POST', `/api/v1/passport-entries/${e.id}/verify`, { token: who.vikram.token });
  const v = ok(r);
  assert.equal(v.status, 'verified');
  assert.equal(v.level, 2);
  assert.equal(v.review.comment, null);
});

test('the reporting officer may lower the level but never raise it', async () => {
  const e = await claim('priya', 4);
  const high = assertProblem(await verify(e.id, who.vikram.token, { level: 5 }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(high), ['level']);
  assert.match(high.errors[0].message, /never raise/);
  const still = ok(await passportOf('priya')).items.find((x) => x.id === e.id);
  assert.equal(still.status, 'pending', 'a refused verification leaves the claim pending');
  const v = ok(await verify(e.id, who.vikram.token, { level: 2, comment: 'Level 2 for now' }));
  assert.equal(v.level, 2);
  assert.equal(v.claimed_level, 4);
  assert.equal(v.source, 'supervisor');
  assert.equal(v.verified, true);
});

test('a verification level outside 1-5 or not a whole number is 422', async () => {
  const e = await claim('priya', 3);
  for (const level of [0, 6, 2.5, '2', -1, true]) {
    const p = assertProblem(await verify(e.id, who.vikram.token, { level }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), ['level'], `level ${JSON.stringify(level)}`);
  }
  const p = assertProblem(await verify(e.id, who.vikram.token, { level: 2, stamp: 'ok' }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['stamp']);
  assertProblem(await verify(e.id, who.vikram.token, [2]), 422, 'validation_failed');
  assert.equal(ok(await passportOf('priya')).items.find((x) => x.id === e.id).status, 'pending');
});

test('reject needs a comment and sets the status rejected; the entry stays self and unverified', async () => {
  const e = await claim('priya', 5);
  for (const body of [{}, { comment: '' }, { comment: '   ' }, { comment: null }]) {
    const p = assertProblem(await reject(e.id, who.vikram.token, body), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), ['comment'], JSON.stringify(body));
  }
  const none = assertProblem(await call('POST', `/api/v1/passport-entries/${e.id}/reject`, { token: who.vikram.token }),
    422, 'validation_failed');
  assert.deepEqual(fieldsOf(none), ['comment'], 'a rejection without a body still needs its reason');
  const lv = assertProblem(await reject(e.id, who.vikram.token, { comment: 'no', level: 2 }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(lv), ['level'], 'a rejection carries no level');
  const r = ok(await reject(e.id, who.vikram.token, { comment: 'Attach the tender file, please' }));
  assertEntryShape(r);
  assert.equal(r.status, 'rejected');
  assert.equal(r.source, 'self');
  assert.equal(r.verified, false);
  assert.equal(r.level, 5);
  assert.equal(r.claimed_level, 5);
  assert.equal(r.review.by.id, who.vikram.id);
  assert.equal(r.review.comment, 'Attach the tender file, please');
  assertProblem(await reject(e.id, who.vikram.token, { comment: 'again' }), 409, 'conflict');
  assertProblem(await verify(e.id, who.vikram.token, {}), 409, 'conflict');
});

test('an official cannot verify or reject their own entry (403)', async () => {
  const e = await claim('priya', 3);
  const p = assertProblem(await verify(e.id, who.priya.token, {}), 403, 'forbidden');
  assert.match(p.detail, /you cannot verify your own entry/i);
  assertProblem(await reject(e.id, who.priya.token, { comment: 'hmm' }), 403, 'forbidden');
  assert.equal(ok(await passportOf('priya')).items.find((x) => x.id === e.id).status, 'pending');
});

test('someone the official does not report to cannot verify or reject (403), admins included', async () => {
  const e = await claim('priya', 3);
  for (const key of ['mdo', 'spv', 'anil', 'harish', 'kavita']) {
    const p = assertProblem(await verify(e.id, who[key].token, {}), 403, 'forbidden');
    assert.match(p.detail, /does not report to you/, key);
    assertProblem(await reject(e.id, who[key].token, { comment: 'no' }), 403, 'forbidden');
  }
  // Vikram is a reporting officer, but not Farida's.
  const f = await claim('farida', 3);
  const p = assertProblem(await verify(f.id, who.vikram.token, {}), 403, 'forbidden');
  assert.match(p.detail, /does not report to you/);
  assert.equal(ok(await passportOf('priya')).items.find((x) => x.id === e.id).status, 'pending');
});

test('verifying twice is 409, and so is verifying an entry that was never a claim', async () => {
  const e = await claim('priya', 3);
  ok(await verify(e.id, who.vikram.token, {}));
  const p = assertProblem(await verify(e.id, who.vikram.token, {}), 409, 'conflict');
  assert.match(p.detail, /already verified/);
  assertProblem(await reject(e.id, who.vikram.token, { comment: 'changed my mind' }), 409, 'conflict');
  const added = ok(await declare('priya', { competency_id: freshCompetency().id, level: 2 }, who.vikram.token), 201);
  assertProblem(await verify(added.id, who.vikram.token, {}), 409, 'conflict');
  assertProblem(await verify(999999, who.vikram.token, {}), 404, 'not_found');
  assertProblem(await reject(999999, who.vikram.token, { comment: 'x' }), 404, 'not_found');
});

test('the reporting officer adds a verified entry directly; admins and strangers may not add (403)', async () => {
  const c = freshCompetency();
  const e = ok(await declare('priya', { competency_id: c.id, level: 3, evidence: 'Ran the zonal review' },
    who.vikram.token), 201);
  assertEntryShape(e);
  assert.equal(e.source, 'supervisor');
  assert.equal(e.status, 'verified');
  assert.equal(e.verified, true);
  assert.equal(e.claimed_level, null, 'not a self-declaration, so no claimed level');
  assert.equal(e.review.by.id, who.vikram.id);
  const other = freshCompetency();
  for (const key of ['mdo', 'spv', 'anil', 'kavita', 'harish']) {
    assertProblem(await declare('priya', { competency_id: other.id, level: 2 }, who[key].token), 403, 'forbidden');
  }
  assert.ok(!ok(await passportOf('priya')).items.some((x) => x.competency.id === other.id), 'nothing was written');
});

test('a level outside 1-5 or not a whole number is 422', async () => {
  const c = freshCompetency();
  for (const level of [0, 6, 2.5, '3', -2, null, true]) {
    const p = assertProblem(await declare('priya', { competency_id: c.id, level }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), ['level'], `level ${JSON.stringify(level)}`);
  }
  const p = assertProblem(await declare('priya', { competency_id: c.id }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['level']);
  assert.ok(!ok(await passportOf('priya')).items.some((x) => x.competency.id === c.id), 'nothing was written');
});

test('an unknown or retired competency is 422', async () => {
  let p = assertProblem(await declare('priya', { competency_id: 999999, level: 2 }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['competency_id']);
  p = assertProblem(await declare('priya', { competency_id: retired.id, level: 2 }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['competency_id']);
  assert.match(p.errors[0].message, /is retired; choose an active competency/);
  for (const competency_id of ['5', 0, -1, 1.5, null]) {
    p = assertProblem(await declare('priya', { competency_id, level: 2 }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), ['competency_id'], JSON.stringify(competency_id));
  }
  p = assertProblem(await declare('priya', { level: 2 }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['competency_id']);
  // The reporting officer cannot add one on a retired competency either.
  p = assertProblem(await declare('priya', { competency_id: retired.id, level: 2 }, who.vikram.token), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['competency_id']);
});

test('earned_on in the future or not a real date is 422; a past date is kept', async () => {
  const c = freshCompetency();
  for (const earned_on of [dayOffset(1), dayOffset(400), '2024-02-30', '15/03/2024', 'yesterday', 20240315]) {
    const p = assertProblem(await declare('priya', { competency_id: c.id, level: 2, earned_on }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), ['earned_on'], JSON.stringify(earned_on));
  }
  const future = assertProblem(await declare('priya', { competency_id: c.id, level: 2, earned_on: dayOffset(1) }),
    422, 'validation_failed');
  assert.match(future.errors[0].message, /future/);
  const e = ok(await declare('priya', { competency_id: c.id, level: 2, earned_on: '2019-11-04' }), 201);
  assert.equal(e.earned_on, '2019-11-04');
});

test('other bad bodies: unknown fields, evidence too long, not an object', async () => {
  const c = freshCompetency();
  let p = assertProblem(await declare('priya', { competency_id: c.id, level: 2, source: 'course' }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['source'], 'the source is decided by who writes, not by the body');
  p = assertProblem(await declare('priya', { competency_id: c.id, level: 2, status: 'verified' }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['status']);
  p = assertProblem(await declare('priya', { competency_id: c.id, level: 2, evidence: 'x'.repeat(2001) }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['evidence']);
  p = assertProblem(await declare('priya', { competency_id: c.id, level: 2, evidence: 42 }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['evidence']);
  assertProblem(await declare('priya', [c.id, 2]), 422, 'validation_failed');
  p = assertProblem(await declare('priya', { competency_id: 999999, level: 9, earned_on: 'soon' }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['competency_id', 'earned_on', 'level'], 'every problem is named at once');
  const ok2000 = ok(await declare('priya', { competency_id: c.id, level: 2, evidence: 'é'.repeat(2000) }), 201);
  assert.equal(ok2000.evidence.length, 2000);
});

test('who may read a passport: the official, the reporting officer, admins; strangers 403; unknown 404', async () => {
  for (const key of ['priya', 'vikram', 'mdo', 'spv']) {
    const p = ok(await passportOf('priya', who[key].token));
    assertOfficialRef(p.official, 'priya');
  }
  for (const key of ['anil', 'kavita', 'harish', 'farida']) {
    assertProblem(await passportOf('priya', who[key].token), 403, 'forbidden');
  }
  // Vikram reports to nobody: Priya may not read his.
  assertProblem(await passportOf('vikram', who.priya.token), 403, 'forbidden');
  assertProblem(await call('GET', '/api/v1/officials/999999/passport', { token: who.spv.token }), 404, 'not_found');
  assertProblem(await call('POST', '/api/v1/officials/999999/passport', { token: who.priya.token,
    json: { competency_id: competencies[0].id, level: 2 } }), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/officials/${who.priya.id}/passport`), 401, 'unauthenticated');
});

test('the passport lists by competency name then level, filters by status and source, and counts', async () => {
  const p = ok(await passportOf('priya'));
  assert.ok(p.items.length >= 10, `expected the entries made so far, got ${p.items.length}`);
  for (const e of p.items) assertEntryShape(e);
  for (let i = 1; i < p.items.length; i++) {
    const a = p.items[i - 1]; const b = p.items[i];
    const byName = Buffer.compare(Buffer.from(a.competency.name), Buffer.from(b.competency.name));
    assert.ok(byName < 0 || (byName === 0 && (a.competency.id !== b.competency.id || a.level >= b.level)),
      `out of order: ${a.competency.name} ${a.level} before ${b.competency.name} ${b.level}`);
  }
  const count = (s) => p.items.filter((e) => e.status === s).length;
  assert.deepEqual(p.summary, { verified: count('verified'), pending: count('pending'), rejected: count('rejected') });
  assert.ok(p.summary.verified > 0 && p.summary.pending > 0 && p.summary.rejected > 0, JSON.stringify(p.summary));

  for (const status of ['verified', 'pending', 'rejected']) {
    const f = ok(await passportOf('priya', who.priya.token, `?status=${status}`));
    assert.deepEqual(f.items.map((e) => e.id), p.items.filter((e) => e.status === status).map((e) => e.id), status);
    assert.deepEqual(f.summary, p.summary, 'the summary counts the whole passport');
  }
  for (const source of ['self', 'supervisor', 'course']) {
    const f = ok(await passportOf('priya', who.priya.token, `?source=${source}`));
    assert.deepEqual(f.items.map((e) => e.id), p.items.filter((e) => e.source === source).map((e) => e.id), source);
  }
  const both = ok(await passportOf('priya', who.priya.token, '?status=pending&source=self'));
  assert.deepEqual(both.items.map((e) => e.id), p.items.filter((e) => e.status === 'pending').map((e) => e.id));
  let bad = assertProblem(await passportOf('priya', who.priya.token, '?status=approved'), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['status']);
  bad = assertProblem(await passportOf('priya', who.priya.token, '?source=hr&status=x'), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['source', 'status']);
});

test('/me/verifications lists exactly the reportees\' pending claims, oldest first, with the official', async () => {
  const h1 = await claim('harish', 3);
  const p1 = await claim('priya', 2);
  const h2 = await claim('harish', 1);
  await claim('farida', 4); // not a reportee of Vikram's: never listed
  const done = await claim('priya', 3);
  ok(await verify(done.id, who.vikram.token, {}));

  // His reportees as the positions API shows them (the demo data gives him some of its own), and each one's
  // pending claims as their passport shows them.
  const reportees = ok(await call('GET', '/api/v1/me/reportees', { token: who.vikram.token })).items;
  const ids = [...new Set(reportees.map((r) => r.official.id))];
  assert.ok(ids.includes(who.priya.id) && ids.includes(who.harish.id), 'Priya and Harish report to Vikram');
  assert.ok(!ids.includes(who.farida.id));
  const claims = [];
  for (const id of ids) {
    const p = ok(await call('GET', `/api/v1/officials/${id}/passport?status=pending&source=self`,
      { token: who.vikram.token }));
    claims.push(...p.items);
  }
  claims.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const expected = claims.map((e) => e.id);
  for (const e of [h1, p1, h2]) assert.ok(expected.includes(e.id));
  assert.ok(!expected.includes(done.id));
  const counted = reportees.reduce((n, r) => n + r.pending_verifications, 0);
  assert.equal(counted, expected.length, 'the reportees list counts the same claims');

  const list = ok(await verifications(who.vikram.token));
  assert.deepEqual(list.items.map((e) => e.id), expected, 'exactly the pending claims of his reportees, oldest first');
  assert.equal(list.next_cursor, null);
  for (const e of list.items) {
    assertEntryShape(e);
    assert.equal(e.status, 'pending');
    assert.equal(e.source, 'self');
    assertOfficialRef(e.official);
    assert.ok(ids.includes(e.official.id), `${e.official.name} does not report to Vikram`);
  }
  const priyaClaim = list.items.find((e) => e.id === p1.id);
  assert.ok(DEVANAGARI.test(priyaClaim.official.name_hi) && DEVANAGARI.test(priyaClaim.official.org.name_hi),
    'the queue names Priya and her organisation in Hindi too');
  assert.equal(list.items.find((e) => e.id === h1.id).official.name, 'Harish Chauhan');

  const paged = await api.walk('/api/v1/me/verifications', who.vikram.token, 1);
  assert.deepEqual(paged.items.map((e) => e.id), expected, 'paging one by one gives the same list');

  // Nobody reports to Priya, to the MDO admin or to Farida.
  for (const key of ['priya', 'mdo', 'farida']) {
    assert.deepEqual(ok(await call('GET', '/api/v1/me/reportees', { token: who[key].token })).items, [], key);
    assert.deepEqual(ok(await verifications(who[key].token)).items, [], key);
  }
  assertProblem(await verifications(who.vikram.token, '?limit=0'), 422, 'validation_failed');
  const forged = Buffer.from('7:soon').toString('hex');
  const c = assertProblem(await verifications(who.vikram.token, `?cursor=${forged}`), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(c), ['cursor']);
  assertProblem(await verifications(null), 401, 'unauthenticated');
});

test('DELETE withdraws only the official\'s own pending entry', async () => {
  const e = await claim('priya', 2);
  assertProblem(await withdraw(e.id, who.vikram.token), 403, 'forbidden');
  assertProblem(await withdraw(e.id, who.mdo.token), 403, 'forbidden');
  assert.equal((await withdraw(e.id, who.priya.token)).status, 204);
  assert.ok(!ok(await passportOf('priya')).items.some((x) => x.id === e.id), 'the withdrawn claim is gone');
  assert.ok(!ok(await verifications(who.vikram.token)).items.some((x) => x.id === e.id));
  assertProblem(await withdraw(e.id, who.priya.token), 404, 'not_found');

  const v = await claim('priya', 2);
  assert.ok(v.id > e.id, `the withdrawn claim's id ${e.id} was given again (${v.id}): the audit log would name two entries`);
  ok(await verify(v.id, who.vikram.token, {}));
  assertProblem(await withdraw(v.id, who.priya.token), 409, 'conflict');
  const r = await claim('priya', 2);
  ok(await reject(r.id, who.vikram.token, { comment: 'No evidence' }));
  assertProblem(await withdraw(r.id, who.priya.token), 409, 'conflict');
  assertProblem(await withdraw(999999, who.priya.token), 404, 'not_found');
  assertProblem(await withdraw('abc', who.priya.token), 404, 'not_found');
  assert.equal(sql(`SELECT actor_id FROM audit_log WHERE object_type = 'passport_entry' AND object_id = '${e.id}' `
    + "AND action = 'passport.withdraw'"), String(who.priya.id), 'the withdrawal is in the audit log');
});

// Last: it ends Harish's holding, so Vikram is no longer his reporting officer.
test('once the holding naming him is ended, the former reporting officer can no longer verify or see', async () => {
  const e = await claim('harish', 3);
  assert.ok(ok(await verifications(who.vikram.token)).items.some((x) => x.id === e.id));
  ok(await call('PATCH', `/api/v1/position-holders/${holding.harish.id}`, { token: who.mdo.token,
    json: { end_date: today() } }));
  const p = assertProblem(await verify(e.id, who.vikram.token, {}), 403, 'forbidden');
  assert.match(p.detail, /does not report to you/);
  assertProblem(await reject(e.id, who.vikram.token, { comment: 'x' }), 403, 'forbidden');
  assertProblem(await declare('harish', { competency_id: freshCompetency().id, level: 2 }, who.vikram.token), 403,
    'forbidden');
  assertProblem(await passportOf('harish', who.vikram.token), 403, 'forbidden');
  assert.ok(!ok(await verifications(who.vikram.token)).items.some((x) => x.official.id === who.harish.id),
    'his former reportee\'s claims left his queue');
  // Priya still reports to him.
  const mine = await claim('priya', 2);
  ok(await verify(mine.id, who.vikram.token, {}));
});
