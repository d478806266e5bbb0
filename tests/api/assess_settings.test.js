// API tests: an assessment's settings (module assess, issue 7). A creator sets purpose, pass mark, attempts,
// time limit, shuffling, review and the draws of a draft; every bad input is a 422 naming its field; only the
// provider's creators write, only provider people see drafts, anyone sees the published settings; a
// published version never changes (an edit goes to a new draft, which starts as a copy of the published
// settings); a version without settings cannot go to review.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');
const { makeAssess } = require('../lib/assess.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const A = makeAssess(api, () => srv);
const t = {};
const me = {};
const org = {};
let bankId, otherBank, competency;

const put = (id, json, token = t.creator) => call('PUT', `/api/v1/contents/${id}/assessment`, { token, json });
const get = (id, token = t.creator, q = '') => call('GET', `/api/v1/contents/${id}/assessment${q}`, { token });
const act = (id, token, action) => call('POST', `/api/v1/contents/${id}/transitions`, { token, json: { action } });
const base = () => ({ purpose: 'final', pass_percent: 60, max_attempts: 3, time_limit_minutes: 10,
  draws: [{ bank_id: bankId, count: 3 }] });
let codeSeq = 0;
const newAssessment = (settings, publish) => A.assessment(t.creator, org.LBSNAA, `AS-SET-${++codeSeq}`, settings,
  publish ? { reviewer: t.reviewer, publisher: t.publisher } : undefined);

before(async () => {
  srv = await startServer();
  for (const who of ['creator', 'reviewer', 'publisher', 'learner', 'istm.faculty']) {
    t[who] = (await api.login(`${who}@karmayogi.demo`)).token;
    me[who] = ok(await call('GET', '/api/v1/me', { token: t[who] })).id;
  }
  org.LBSNAA = await api.orgId('LBSNAA', t.creator);
  org.ISTM = await api.orgId('ISTM', t['istm.faculty']);
  competency = Number(A.sql("SELECT id FROM competencies WHERE status = 'active' ORDER BY id LIMIT 1"));
  bankId = await A.bank(t.creator, me.creator, org.LBSNAA, 'AS-SET-BANK');
  await A.fourKinds(t.creator, me.creator, bankId);
  await A.fourKinds(t.creator, me.creator, bankId, 'B: ', { competency_id: competency, level: 2 });
  otherBank = await A.bank(t['istm.faculty'], me['istm.faculty'], org.ISTM, 'AS-SET-ISTM');
  await A.question(t['istm.faculty'], me['istm.faculty'], otherBank, { kind: 'true_false', text: 'Elsewhere', correct: true });
});
after(async () => { if (srv) await srv.stop(); });

test('a creator sets a draft\'s settings and reads them back with what each draw can take', async () => {
  const id = await newAssessment();
  assertProblem(await get(id), 404, 'no_settings');
  const s = ok(await put(id, { ...base(), shuffle_options: false, allow_review: false,
    draws: [{ bank_id: bankId, count: 2, competency_id: competency, level: 2 }, { bank_id: bankId, count: 3 }] }));
  assert.equal(s.content_id, id);
  assert.equal(s.version, 1);
  assert.equal(s.purpose, 'final');
  assert.equal(s.pass_percent, 60);
  assert.equal(s.max_attempts, 3);
  assert.equal(s.time_limit_minutes, 10);
  assert.equal(s.shuffle_questions, true, 'shuffling questions is on unless turned off');
  assert.equal(s.shuffle_options, false);
  assert.equal(s.allow_review, false);
  assert.equal(s.grant, null);
  assert.equal(s.draws.length, 2);
  assert.deepEqual(s.draws.map((d) => [d.bank_id, d.bank_code, d.competency_id, d.level, d.count, d.available]),
    [[bankId, 'AS-SET-BANK', competency, 2, 2, 4], [bankId, 'AS-SET-BANK', null, null, 3, 8]]);
  assert.equal(s.question_count, 5);
  // The most it can score: the tagged draw's two best (3 + 1) and the open draw's three best (3 + 3 + 1).
  assert.equal(s.max_score, 11);
  assert.deepEqual(ok(await get(id)), s, 'GET gives what PUT answered');
  // PUT replaces: back with a GET body, unchanged; then without limits.
  assert.deepEqual(ok(await put(id, s)), s);
  const open = ok(await put(id, { purpose: 'practice', pass_percent: 0, max_attempts: null, time_limit_minutes: null,
    draws: [{ bank_id: bankId, count: 1 }] }));
  assert.equal(open.max_attempts, null);
  assert.equal(open.time_limit_minutes, null);
  assert.equal(open.draws.length, 1);
});

test('a proficiency assessment names the competency and level a pass grants', async () => {
  const id = await newAssessment();
  const s = ok(await put(id, { ...base(), purpose: 'proficiency', grant: { competency_id: competency, level: 3 } }));
  assert.equal(s.grant.competency_id, competency);
  assert.equal(s.grant.level, 3);
  assert.ok(s.grant.competency_name);
});

test('bad settings are 422 naming the field', async () => {
  const id = await newAssessment();
  const bad = async (body, fields) => {
    const p = assertProblem(await put(id, body), 422);
    for (const f of fields) assert.ok(fieldsOf(p).includes(f), `${f} in ${JSON.stringify(p.errors)}`);
    return p;
  };
  // A bank of another provider.
  await bad({ ...base(), draws: [{ bank_id: otherBank, count: 1 }] }, ['draws[0].bank_id']);
  await bad({ ...base(), draws: [{ bank_id: 99999999, count: 1 }] }, ['draws[0].bank_id']);
  // More questions than the draw's active questions.
  const p = await bad({ ...base(), draws: [{ bank_id: bankId, count: 5, competency_id: competency, level: 2 }] },
    ['draws[0].count']);
  assert.match(p.errors[0].message, /5 questions.*4 active/);
  // Proficiency without grant; a grant on another purpose.
  await bad({ ...base(), purpose: 'proficiency' }, ['grant']);
  await bad({ ...base(), grant: { competency_id: competency, level: 2 } }, ['grant']);
  await bad({ ...base(), purpose: 'proficiency', grant: { competency_id: 99999999, level: 9 } },
    ['grant.level']);
  await bad({ ...base(), purpose: 'proficiency', grant: { competency_id: 99999999, level: 2 } },
    ['grant.competency_id']);
  // The time limit is 1 to 1440 minutes.
  await bad({ ...base(), time_limit_minutes: 0 }, ['time_limit_minutes']);
  await bad({ ...base(), time_limit_minutes: 1441 }, ['time_limit_minutes']);
  await bad({ ...base(), time_limit_minutes: '10' }, ['time_limit_minutes']);
  await bad({ ...base(), purpose: 'exam', pass_percent: 101, max_attempts: 0 }, ['purpose', 'pass_percent', 'max_attempts']);
  await bad({ ...base(), draws: [] }, ['draws']);
  await bad({ ...base(), draws: Array.from({ length: 21 }, () => ({ bank_id: bankId, count: 1 })) }, ['draws']);
  await bad({ ...base(), draws: [{ bank_id: bankId, count: 0 }] }, ['draws[0].count']);
  await bad({ ...base(), draws: [{ bank_id: bankId, count: 1, level: 6 }] }, ['draws[0].level']);
  await bad({ ...base(), shuffle_questions: 'yes', colour: 'red' }, ['shuffle_questions', 'colour']);
  const { pass_percent: _, ...noPass } = base();
  await bad(noPass, ['pass_percent']);
  assertProblem(await get(id), 404, 'no_settings', 'nothing was saved');
  // Content that is not an assessment.
  const course = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: org.LBSNAA, kind: 'course', code: 'AS-SET-COURSE', title: 'Not an assessment' } }), 201);
  const q = assertProblem(await put(course.id, base()), 422);
  assert.deepEqual(fieldsOf(q), ['content']);
  assertProblem(await get(course.id), 404);
  assertProblem(await call('PUT', `/api/v1/contents/${id}/assessment`, { token: t.creator, body: 'x',
    headers: { 'content-type': 'text/plain' } }), 415);
});

test('only the provider\'s creators write; drafts are for provider people only', async () => {
  const id = await newAssessment(base());
  assertProblem(await put(id, base(), t.reviewer), 403);
  assertProblem(await put(id, base(), t['istm.faculty']), 403);
  assertProblem(await put(id, base(), t.learner), 404);
  assertProblem(await get(id, t.learner), 404);
  ok(await get(id, t.reviewer));
  assertProblem(await get(99999999), 404);
});

test('a version goes to review only with settings the banks can fill', async () => {
  const id = await newAssessment();
  const p = assertProblem(await act(id, t.creator, 'submit'), 422);
  assert.deepEqual(fieldsOf(p), ['assessment']);
  ok(await put(id, base()));
  ok(await act(id, t.creator, 'submit'));
  // In review, settings are frozen.
  assertProblem(await put(id, { ...base(), pass_percent: 70 }), 409);
});

test('published settings never change: an edit is a new draft copied from them; learners read the published', async () => {
  const id = await newAssessment(base(), true);
  const v1 = ok(await get(id, t.learner));
  assert.equal(v1.version, 1);
  assert.equal(v1.pass_percent, 60);
  // A metadata edit makes version 2, which starts with version 1's settings and draws.
  ok(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title: 'Renamed' } }));
  const copy = ok(await get(id));
  assert.equal(copy.version, 2);
  assert.deepEqual({ ...copy, version: 1 }, v1);
  const v2 = ok(await put(id, { ...base(), pass_percent: 75 }));
  assert.equal(v2.version, 2);
  assert.equal(v2.pass_percent, 75);
  assert.equal(ok(await get(id, t.creator, '?version=1')).pass_percent, 60);
  assert.equal(ok(await get(id, t.learner)).pass_percent, 60, 'learners still see the published version');
  assertProblem(await get(id, t.learner, '?version=2'), 404);
  // A settings edit of published content makes the new draft itself.
  const other = await newAssessment(base(), true);
  const d = ok(await put(other, { ...base(), pass_percent: 80 }));
  assert.equal(d.version, 2);
  assert.equal(ok(await get(other, t.learner)).pass_percent, 60);
  const by = ok(await call('GET', '/api/v1/assessments/by-code/AS-SET-' + codeSeq, { token: t.learner }));
  assert.equal(by.pass_percent, 60);
});
