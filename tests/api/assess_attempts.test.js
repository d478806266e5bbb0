// API tests: attempts (module assess, issue 7), all decided on the server. An official finds a published
// assessment by its code, starts an attempt (questions drawn per draw at random without repeats, shuffled,
// without answers), resumes it, saves answers as they go, submits and gets the score by the stated rules;
// the time limit is the server's (an answer after it is refused and the attempt is submitted as it stood,
// dated at the deadline); attempts stop at the maximum; the review opens after submission when allowed; the
// history lists them. A passed final assessment named by a course's required quiz completes the course with
// its certificate; a passed proficiency assessment enters a verified competency in the passport. Every bad
// input of the issue is answered with a clear 4xx and changes nothing.
//
// The time limit is tested without waiting: the test moves an open attempt's deadline_at into the past
// straight in the test database (sqlite3 / psql on the throw-away database), as a clock running on would.
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
let lbsnaa, bankId, kinds, competency;
const allQuestions = {}; // id -> question as made (with correct options and answers)

const start = (id, token = t.learner) => call('POST', `/api/v1/assessments/${id}/attempts`, { token });
const getA = (id, token = t.learner) => call('GET', `/api/v1/attempts/${id}`, { token });
const save = (id, answers, token = t.learner) => call('PUT', `/api/v1/attempts/${id}/answers`, { token, json: { answers } });
const submit = (id, token = t.learner) => call('POST', `/api/v1/attempts/${id}/submit`, { token });
const review = (id, token = t.learner) => call('GET', `/api/v1/attempts/${id}/review`, { token });
const history = (id, token = t.learner) => call('GET', `/api/v1/assessments/${id}/attempts`, { token });
const pastDeadline = (attemptId, msAgo = 60000) =>
  A.sql(`UPDATE attempts SET deadline_at = ${Date.now() - msAgo} WHERE id = ${attemptId}`);
const deadlineOf = (attemptId) => Number(A.sql(`SELECT deadline_at FROM attempts WHERE id = ${attemptId}`));

let codeSeq = 0;
async function published(settings, code = `AS-ATT-${++codeSeq}`) {
  return A.assessment(t.creator, lbsnaa, code, { draws: [{ bank_id: bankId, count: 4 }], ...settings },
    { reviewer: t.reviewer, publisher: t.publisher });
}

// The right answer to a question as the attempt shows it; wrong gives a wrong one.
function answerFor(q, right = true) {
  const made = allQuestions[q.id];
  if (q.kind === 'fill_blank') return { question_id: q.id, text: right ? '  lok   SABHA ' : 'Rajya Sabha' };
  const good = made.options.filter((o) => o.correct).map((o) => o.id);
  const bad = made.options.filter((o) => !o.correct).map((o) => o.id);
  return { question_id: q.id, option_ids: right ? good : [bad[0]] };
}

before(async () => {
  srv = await startServer();
  for (const who of ['creator', 'reviewer', 'publisher', 'learner', 'supervisor']) {
    t[who] = (await api.login(`${who}@karmayogi.demo`)).token;
    me[who] = ok(await call('GET', '/api/v1/me', { token: t[who] })).id;
  }
  lbsnaa = await api.orgId('LBSNAA', t.creator);
  competency = Number(A.sql("SELECT id FROM competencies WHERE status = 'active' ORDER BY id LIMIT 1"));
  bankId = await A.bank(t.creator, me.creator, lbsnaa, 'AS-ATT-BANK');
  kinds = await A.fourKinds(t.creator, me.creator, bankId);
  for (const q of Object.values(kinds)) allQuestions[q.id] = q;
});
after(async () => { if (srv) await srv.stop(); });

test('an assessment is found by its code once published', async () => {
  const id = await published({ purpose: 'final', pass_percent: 60, max_attempts: 3, time_limit_minutes: 10 }, 'AS-ATT-BYCODE');
  const a = ok(await call('GET', '/api/v1/assessments/by-code/AS-ATT-BYCODE', { token: t.learner }));
  assert.deepEqual(a, { content_id: id, code: 'AS-ATT-BYCODE', title: 'Assessment AS-ATT-BYCODE', title_hi: null,
    purpose: 'final', pass_percent: 60, max_attempts: 3, time_limit_minutes: 10, question_count: 4 });
  assertProblem(await call('GET', '/api/v1/assessments/by-code/NO-SUCH-CODE', { token: t.learner }), 404);
  await A.assessment(t.creator, lbsnaa, 'AS-ATT-DRAFT', { purpose: 'final', pass_percent: 50, draws: [{ bank_id: bankId, count: 1 }] });
  assertProblem(await call('GET', '/api/v1/assessments/by-code/AS-ATT-DRAFT', { token: t.learner }), 404);
});

test('starting draws every question without answers; starting again resumes the same attempt', async () => {
  const id = await published({ purpose: 'final', pass_percent: 60, max_attempts: 3, time_limit_minutes: 10 });
  const before = Date.now();
  const a = ok(await start(id), 201);
  assert.equal(a.content_id, id);
  assert.equal(a.version, 1);
  assert.equal(a.number, 1);
  assert.equal(a.status, 'in_progress');
  assert.equal(a.purpose, 'final');
  assert.equal(a.title, `Assessment AS-ATT-${codeSeq}`);
  assert.equal(a.time_limit_minutes, 10);
  assert.equal(a.result, null);
  assert.equal(a.total, 4);
  assert.equal(a.answered, 0);
  assert.ok(a.remaining_s > 590 && a.remaining_s <= 600, `remaining_s ${a.remaining_s}`);
  const deadline = Date.parse(a.deadline_at);
  assert.ok(Math.abs(deadline - Date.parse(a.started_at) - 600000) < 2, 'deadline is started_at + 10 minutes');
  assert.ok(Date.parse(a.started_at) >= before - 1000);
  assert.deepEqual(a.questions.map((q) => q.kind).sort(), ['fill_blank', 'multiple', 'single', 'true_false']);
  assert.deepEqual(a.questions.map((q) => q.seq), [1, 2, 3, 4]);
  for (const q of a.questions) {
    assert.deepEqual(Object.keys(q).sort(), ['answer', 'id', 'kind', 'options', 'points', 'seq', 'text', 'text_hi']);
    assert.equal(q.answer, null);
    const made = allQuestions[q.id];
    assert.deepEqual(q.options.map((o) => o.id).sort(), made.options.map((o) => o.id).sort());
    for (const o of q.options) assert.deepEqual(Object.keys(o).sort(), ['id', 'text', 'text_hi']);
  }
  assert.deepEqual(a.questions.find((q) => q.kind === 'true_false').options.map((o) => o.text), ['True', 'False'],
    'true/false keeps True before False');
  const again = ok(await start(id), 200);
  assert.equal(again.id, a.id, 'the open attempt is resumed');
  assert.deepEqual(again.questions, a.questions, 'same questions in the same order, options too');
  assert.deepEqual(ok(await getA(a.id)).questions, a.questions);
  assertProblem(await getA(a.id, t.supervisor), 404, undefined, 'another official cannot see it');
  assertProblem(await getA(99999999), 404);
});

test('questions and options are shuffled per attempt; draws never repeat and follow their tags', async () => {
  const bank2 = await A.bank(t.creator, me.creator, lbsnaa, 'AS-ATT-SHUFFLE');
  const made = [];
  for (let i = 0; i < 6; i++) {
    made.push(await A.question(t.creator, me.creator, bank2, { kind: 'single', text: `Plain ${i}`,
      options: [{ text: 'a', correct: true }, { text: 'b', correct: false }, { text: 'c', correct: false }, { text: 'd', correct: false }] }));
  }
  const tagged = [];
  for (let i = 0; i < 3; i++) {
    tagged.push(await A.question(t.creator, me.creator, bank2, { kind: 'true_false', text: `Tagged ${i}`, correct: true,
      competency_id: competency, level: 4 }));
  }
  const id = await published({ purpose: 'practice', pass_percent: 0, max_attempts: null, time_limit_minutes: null,
    draws: [{ bank_id: bank2, count: 2, competency_id: competency, level: 4 }, { bank_id: bank2, count: 7 }] });
  const orders = new Set();
  const optionOrders = new Set();
  const drawnTagged = new Set();
  for (let i = 0; i < 8; i++) {
    const a = ok(await start(id), 201);
    assert.equal(a.deadline_at, null);
    assert.equal(a.remaining_s, null);
    const ids = a.questions.map((q) => q.id);
    assert.equal(ids.length, 9, 'two tagged and seven more');
    assert.equal(new Set(ids).size, 9, 'no question twice in one attempt');
    assert.equal(ids.filter((x) => tagged.some((q) => q.id === x)).length, 3,
      'the first draw takes two tagged, the second the one tagged left and the six plain');
    orders.add(ids.join(','));
    optionOrders.add(a.questions.find((q) => q.id === made[0].id).options.map((o) => o.id).join(','));
    a.questions.filter((q) => q.kind === 'true_false').forEach((q) => drawnTagged.add(q.id));
    ok(await submit(a.id));
  }
  assert.ok(orders.size > 1, 'question order differs between attempts');
  assert.ok(optionOrders.size > 1, 'option order differs between attempts');
  // Without shuffling: the bank's order, the options as authored.
  const fixed = await published({ purpose: 'practice', pass_percent: 0, shuffle_questions: false, shuffle_options: false,
    draws: [{ bank_id: bank2, count: 6, competency_id: null }] });
  const a = ok(await start(fixed), 201);
  const ids = a.questions.map((q) => q.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => x - y));
  for (const q of a.questions) {
    assert.deepEqual(q.options.map((o) => o.id), allOptionIds(q, made, tagged));
  }
  ok(await submit(a.id));
});
function allOptionIds(q, ...lists) {
  for (const list of lists) { const m = list.find((x) => x.id === q.id); if (m) return m.options.map((o) => o.id); }
  return null;
}

test('answers are saved as one goes, survive a reload, and the submission scores them by the rules', async () => {
  const id = await published({ purpose: 'final', pass_percent: 60, max_attempts: 3, time_limit_minutes: 30 });
  const a = ok(await start(id), 201);
  const byKind = Object.fromEntries(a.questions.map((q) => [q.kind, q]));
  // Single right (1), multiple two of three right (3 x 2/3 = 2), true/false wrong (0), blank right typed loosely (1).
  const multi = allQuestions[byKind.multiple.id].options.filter((o) => o.correct).slice(0, 2).map((o) => o.id);
  let r = ok(await save(a.id, [answerFor(byKind.single), { question_id: byKind.multiple.id, option_ids: multi }]));
  assert.deepEqual(Object.keys(r).sort(), ['answered', 'remaining_s', 'saved', 'total']);
  assert.equal(r.saved, 2);
  assert.equal(r.answered, 2);
  assert.equal(r.total, 4);
  assert.ok(r.remaining_s > 1700);
  r = ok(await save(a.id, [answerFor(byKind.true_false, false), answerFor(byKind.fill_blank)]));
  assert.equal(r.answered, 4);
  // Changing an answer, clearing one and giving it again.
  ok(await save(a.id, [{ question_id: byKind.true_false.id, option_ids: [] }]));
  assert.equal(ok(await getA(a.id)).answered, 3);
  ok(await save(a.id, [answerFor(byKind.true_false, false)]));
  const reloaded = ok(await getA(a.id));
  assert.equal(reloaded.answered, 4);
  const got = Object.fromEntries(reloaded.questions.map((q) => [q.kind, q.answer]));
  assert.deepEqual(got.multiple, { option_ids: multi });
  assert.deepEqual(got.fill_blank, { text: '  lok   SABHA ' });
  const done = ok(await submit(a.id));
  assert.equal(done.status, 'submitted');
  assert.equal(done.remaining_s, null);
  assert.deepEqual(done.result, { score: 4, max_score: 6, percent: 66, passed: true, auto_submitted: false,
    submitted_at: done.result.submitted_at, attempts_left: 2, review_allowed: true });
  assert.ok(Math.abs(Date.parse(done.result.submitted_at) - Date.now()) < 5000);
  // Submitting twice, answering after submission.
  assertProblem(await submit(a.id), 409, 'already_submitted');
  assertProblem(await save(a.id, [answerFor(byKind.single)]), 409, 'attempt_submitted');
  assert.deepEqual(ok(await getA(a.id)).result, done.result, 'nothing changed');
});

test('bad answers are 422 naming the answer, and change nothing', async () => {
  const id = await published({ purpose: 'final', pass_percent: 60, max_attempts: 3 });
  const a = ok(await start(id), 201);
  const byKind = Object.fromEntries(a.questions.map((q) => [q.kind, q]));
  ok(await save(a.id, [answerFor(byKind.single)]));
  const bad = async (answers, field) => {
    const p = assertProblem(await save(a.id, answers), 422, 'validation_failed');
    assert.ok(fieldsOf(p).includes(field), `${field} in ${JSON.stringify(p.errors)}`);
    return p;
  };
  // A question that is not in the attempt (another bank's, or none at all).
  const otherBank = await A.bank(t.creator, me.creator, lbsnaa, 'AS-ATT-OTHER');
  const stranger = await A.question(t.creator, me.creator, otherBank, { kind: 'true_false', text: 'Not drawn', correct: true });
  await bad([answerFor(byKind.multiple), { question_id: stranger.id, option_ids: [stranger.options[0].id] }], 'answers[1].question_id');
  await bad([{ question_id: 99999999, option_ids: [1] }], 'answers[0].question_id');
  // An option id that does not exist, and an option of another question.
  await bad([{ question_id: byKind.single.id, option_ids: [99999999] }], 'answers[0].option_ids[0]');
  await bad([{ question_id: byKind.multiple.id, option_ids: [allQuestions[byKind.multiple.id].options[0].id,
    allQuestions[byKind.single.id].options[0].id] }], 'answers[0].option_ids[1]');
  // The wrong shape for the kind.
  const two = allQuestions[byKind.single.id].options.slice(0, 2).map((o) => o.id);
  const p = await bad([{ question_id: byKind.single.id, option_ids: two }], 'answers[0].option_ids');
  assert.match(p.errors[0].message, /one option; 2 were given/);
  await bad([{ question_id: byKind.true_false.id, option_ids: allQuestions[byKind.true_false.id].options.map((o) => o.id) }],
    'answers[0].option_ids');
  await bad([{ question_id: byKind.single.id, text: 'RTI' }], 'answers[0].text');
  await bad([{ question_id: byKind.fill_blank.id, option_ids: [1] }], 'answers[0].option_ids');
  await bad([{ question_id: byKind.fill_blank.id, text: 'x'.repeat(501) }], 'answers[0].text');
  await bad([{ question_id: byKind.multiple.id, option_ids: [allQuestions[byKind.multiple.id].options[0].id,
    allQuestions[byKind.multiple.id].options[0].id] }], 'answers[0].option_ids[1]');
  await bad([{ question_id: byKind.multiple.id, option_ids: ['a'] }], 'answers[0].option_ids[0]');
  await bad([{ option_ids: [1] }], 'answers[0].question_id');
  await bad([{ question_id: byKind.single.id, option_ids: [], colour: 'red' }], 'answers[0].colour');
  await bad([], 'answers');
  await bad(Array.from({ length: 201 }, () => answerFor(byKind.single)), 'answers');
  assertProblem(await call('PUT', `/api/v1/attempts/${a.id}/answers`, { token: t.learner, json: [1] }), 422);
  assertProblem(await call('PUT', `/api/v1/attempts/${a.id}/answers`, { token: t.learner, body: '{',
    headers: { 'content-type': 'application/json' } }), 400);
  // Someone else's attempt is not there for them.
  assertProblem(await save(a.id, [answerFor(byKind.single)], t.supervisor), 404);
  const now = ok(await getA(a.id));
  assert.equal(now.answered, 1, 'no bad batch saved anything');
  assert.ok(now.questions.every((q) => q.kind === 'single' ? q.answer : q.answer === null));
});

test('answering after the time limit is refused and the attempt is submitted as it stood, at the deadline', async () => {
  const id = await published({ purpose: 'final', pass_percent: 50, max_attempts: 3, time_limit_minutes: 5 });
  const a = ok(await start(id), 201);
  const byKind = Object.fromEntries(a.questions.map((q) => [q.kind, q]));
  ok(await save(a.id, [answerFor(byKind.single), answerFor(byKind.multiple)])); // 1 + 3 of 6
  pastDeadline(a.id);
  const deadline = deadlineOf(a.id);
  assertProblem(await save(a.id, [answerFor(byKind.true_false), answerFor(byKind.fill_blank)]), 409, 'time_up');
  const after = ok(await getA(a.id));
  assert.equal(after.status, 'submitted');
  assert.equal(after.answered, 2, 'the late answers were not saved');
  assert.equal(after.result.auto_submitted, true);
  assert.equal(Date.parse(after.result.submitted_at), deadline, 'dated at the deadline, not when noticed');
  assert.equal(after.result.score, 4);
  assert.equal(after.result.percent, 66);
  assert.equal(after.result.passed, true);
  assertProblem(await save(a.id, [answerFor(byKind.single)]), 409, 'attempt_submitted');
  assertProblem(await submit(a.id), 409, 'already_submitted');

  // Reading an attempt past its deadline submits it too; so does starting, which then draws a new one.
  const b = ok(await start(id), 201);
  pastDeadline(b.id, 1000);
  const seen = ok(await getA(b.id));
  assert.equal(seen.status, 'submitted');
  assert.equal(seen.result.auto_submitted, true);
  assert.equal(seen.result.score, 0);
  assert.equal(seen.result.passed, false);
  const c = ok(await start(id), 201);
  pastDeadline(c.id, 1000);
  const h = ok(await history(id));
  assert.equal(h.items[0].id, c.id);
  assert.equal(h.items[0].status, 'submitted', 'the history submits an attempt past its deadline');
  assertProblem(await start(id), 409, 'max_attempts_reached');
});

test('a late submit is the automatic one; a new start after an overdue attempt submits it first', async () => {
  const id = await published({ purpose: 'practice', pass_percent: 50, time_limit_minutes: 1 });
  const a = ok(await start(id), 201);
  pastDeadline(a.id, 5000);
  const deadline = deadlineOf(a.id);
  const s = ok(await submit(a.id));
  assert.equal(s.result.auto_submitted, true);
  assert.equal(Date.parse(s.result.submitted_at), deadline);
  const b = ok(await start(id), 201);
  pastDeadline(b.id, 5000);
  const c = ok(await start(id), 201);
  assert.notEqual(c.id, b.id);
  assert.equal(c.number, 3);
  assert.equal(ok(await getA(b.id)).result.auto_submitted, true);
});

test('starting beyond the maximum attempts is 409; unknown, draft or non-assessment content is refused', async () => {
  const id = await published({ purpose: 'final', pass_percent: 100, max_attempts: 2 });
  for (let i = 1; i <= 2; i++) {
    const a = ok(await start(id), 201);
    assert.equal(a.number, i);
    const s = ok(await submit(a.id));
    assert.equal(s.result.attempts_left, 2 - i);
    assert.equal(s.result.passed, false);
  }
  const p = assertProblem(await start(id), 409, 'max_attempts_reached');
  assert.match(p.detail, /all 2 attempts/);
  assert.equal(ok(await history(id)).items.length, 2, 'no third attempt was made');
  assertProblem(await start(99999999), 404);
  const course = Number(A.sql("SELECT id FROM contents WHERE kind = 'course' AND status = 'published' LIMIT 1"));
  assertProblem(await start(course), 404);
  const draft = await A.assessment(t.creator, lbsnaa, 'AS-ATT-UNPUB', { purpose: 'final', pass_percent: 50,
    draws: [{ bank_id: bankId, count: 1 }] });
  assertProblem(await start(draft), 409, 'content_not_published');
});

test('the review opens after submission only, when the assessment allows it', async () => {
  const id = await published({ purpose: 'final', pass_percent: 60, max_attempts: 3 });
  const a = ok(await start(id), 201);
  const byKind = Object.fromEntries(a.questions.map((q) => [q.kind, q]));
  assertProblem(await review(a.id), 409, 'not_submitted');
  ok(await save(a.id, [answerFor(byKind.single, false), answerFor(byKind.fill_blank)]));
  ok(await submit(a.id));
  const r = ok(await review(a.id));
  assert.equal(r.id, a.id);
  assert.equal(r.result.score, 1);
  assert.deepEqual(r.questions.map((q) => q.id), a.questions.map((q) => q.id), 'in the order asked');
  const rk = Object.fromEntries(r.questions.map((q) => [q.kind, q]));
  assert.equal(rk.single.correct, false);
  assert.equal(rk.single.score, 0);
  assert.deepEqual(rk.single.options.map((o) => o.id), byKind.single.options.map((o) => o.id), 'options as shown');
  assert.deepEqual(rk.single.options.filter((o) => o.correct).map((o) => o.id),
    allQuestions[byKind.single.id].options.filter((o) => o.correct).map((o) => o.id));
  assert.deepEqual(rk.single.options.filter((o) => o.chosen).map((o) => o.id), answerFor(byKind.single, false).option_ids);
  assert.match(rk.single.explanation, /EXPLAIN-SINGLE/);
  assert.equal(rk.fill_blank.correct, true);
  assert.equal(rk.fill_blank.score, 1);
  assert.deepEqual(rk.fill_blank.accepted_answers, ['Lok Sabha', 'लोक सभा']);
  assert.deepEqual(rk.fill_blank.answer, { text: '  lok   SABHA ' });
  assert.equal(rk.multiple.answer, null);
  assert.equal(rk.multiple.score, 0);
  assertProblem(await review(a.id, t.supervisor), 404);
  const closed = await published({ purpose: 'final', pass_percent: 60, allow_review: false });
  const b = ok(await start(closed), 201);
  const s = ok(await submit(b.id));
  assert.equal(s.result.review_allowed, false);
  assertProblem(await review(b.id), 403, 'review_not_allowed');
});

test('my history: newest first, attempts used and left, passed and the best percent', async () => {
  const id = await published({ purpose: 'final', pass_percent: 50, max_attempts: 3, time_limit_minutes: 20 });
  let h = ok(await history(id));
  assert.deepEqual(h, { purpose: 'final', pass_percent: 50, max_attempts: 3, time_limit_minutes: 20, attempts_used: 0,
    attempts_left: 3, passed: false, best_percent: null, items: [] });
  const a = ok(await start(id), 201);
  ok(await save(a.id, a.questions.map((q) => answerFor(q, q.kind === 'multiple')))); // 3 of 6
  ok(await submit(a.id));
  const b = ok(await start(id), 201);
  h = ok(await history(id));
  assert.equal(h.attempts_used, 2);
  assert.equal(h.attempts_left, 1);
  assert.equal(h.passed, true);
  assert.equal(h.best_percent, 50);
  assert.deepEqual(h.items.map((x) => x.id), [b.id, a.id]);
  assert.equal(h.items[0].status, 'in_progress');
  assert.equal(h.items[0].result, null);
  assert.equal(h.items[1].result.percent, 50);
  for (const x of h.items) assert.ok(!('questions' in x), 'the history carries no questions');
  assert.equal(ok(await history(id, t.supervisor)).items.length, 0, 'only mine');
  assertProblem(await history(99999999), 404);
});

test('a passed final assessment named by a course\'s required quiz completes the course with its certificate', async () => {
  const id = await published({ purpose: 'final', pass_percent: 100, max_attempts: 3 }, 'AS-ATT-FINAL');
  const c = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: lbsnaa, kind: 'course', code: 'AS-ATT-COURSE', title: 'RTI in practice (test)' } }), 201);
  ok(await call('PUT', `/api/v1/contents/${c.id}/outline`, { token: t.creator, json: { modules: [{ title: 'All of it',
    resources: [{ kind: 'link', title: 'The Act', url: 'https://rti.gov.in/', required: true },
      { kind: 'quiz', title: 'Practice', assessment_ref: 'AS-ATT-NOPE', required: false },
      { kind: 'quiz', title: 'Final assessment', assessment_ref: 'AS-ATT-FINAL', required: true }] }] } }));
  for (const [token, action] of [[t.creator, 'submit'], [t.reviewer, 'start_review'], [t.reviewer, 'approve'],
    [t.publisher, 'publish']]) ok(await call('POST', `/api/v1/contents/${c.id}/transitions`, { token, json: { action } }));
  ok(await call('POST', `/api/v1/contents/${c.id}/enrolment`, { token: t.learner }), 201);
  const e = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  const link = e.outline.flatMap((m) => m.resources).find((r) => r.kind === 'link');
  ok(await call('POST', '/api/v1/me/progress', { token: t.learner, json: { updates: [
    { content_id: c.id, resource_id: link.id, percent: 100 }] } }));
  // Fails once: the course stays open.
  const first = ok(await start(id), 201);
  ok(await save(first.id, first.questions.map((q) => answerFor(q, q.kind !== 'single'))));
  assert.equal(ok(await submit(first.id)).result.passed, false);
  let mine = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  assert.notEqual(mine.status, 'completed');
  assert.equal(mine.certificate_code, null);
  // Passes on the second attempt: the quiz is done, the course completes, the certificate issues.
  const second = ok(await start(id), 201);
  assert.equal(second.number, 2);
  ok(await save(second.id, second.questions.map((q) => answerFor(q))));
  const done = ok(await submit(second.id));
  assert.equal(done.result.passed, true);
  assert.equal(done.result.percent, 100);
  mine = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  assert.equal(mine.status, 'completed');
  assert.ok(mine.certificate_code, 'a certificate was issued');
  const quiz = mine.outline.flatMap((m) => m.resources).find((r) => r.title_en === 'Final assessment');
  assert.equal(quiz.progress.percent, 100);
});

test('a passed proficiency assessment enters a verified competency in the passport, source assessment', async () => {
  const comp = A.sql("SELECT id FROM competencies WHERE status = 'active' ORDER BY id DESC LIMIT 1");
  const id = await published({ purpose: 'proficiency', pass_percent: 50, grant: { competency_id: Number(comp), level: 2 } },
    'AS-ATT-PROF');
  const passport = async () => ok(await call('GET', `/api/v1/officials/${me.supervisor}/passport`, { token: t.supervisor }))
    .items.filter((x) => x.competency.id === Number(comp) && x.source === 'assessment');
  assert.equal((await passport()).length, 0);
  const fail = ok(await start(id, t.supervisor), 201);
  ok(await submit(fail.id, t.supervisor));
  assert.equal((await passport()).length, 0, 'a fail grants nothing');
  const a = ok(await start(id, t.supervisor), 201);
  ok(await save(a.id, a.questions.map((q) => answerFor(q)), t.supervisor));
  assert.equal(ok(await submit(a.id, t.supervisor)).result.passed, true);
  const entries = await passport();
  assert.equal(entries.length, 1);
  assert.equal(entries[0].verified, true);
  assert.equal(entries[0].level, 2);
  assert.equal(entries[0].source, 'assessment');
});

test('saves racing a submission: every answer acknowledged as saved is scored, every later one refused', async () => {
  const bank = await A.bank(t.creator, me.creator, lbsnaa, 'AS-ATT-RACE');
  for (let i = 0; i < 40; i++) {
    const q = await A.question(t.creator, me.creator, bank, { kind: 'true_false', text: `Race ${i}`, correct: true });
    allQuestions[q.id] = q;
  }
  const id = await published({ purpose: 'practice', pass_percent: 0, draws: [{ bank_id: bank, count: 40 }] });
  const a = ok(await start(id), 201);
  const saves = a.questions.map((q) => save(a.id, [answerFor(q)]));
  let settled = 0;
  let fire;
  const submitted = new Promise((resolve) => { fire = resolve; }).then(() => submit(a.id));
  saves.forEach((p) => p.then(() => { if (++settled === 5) fire(); }));
  const results = await Promise.all(saves);
  const s = await submitted;
  assert.equal(s.status, 200, s.text);
  const acknowledged = results.filter((r) => r.status === 200).length;
  for (const r of results) {
    assert.ok(r.status === 200 || (r.status === 409 && r.data.code === 'attempt_submitted'), r.text);
  }
  const r = ok(await review(a.id));
  const answered = r.questions.filter((q) => q.answer !== null).length;
  assert.equal(answered, acknowledged, 'exactly the acknowledged answers were kept');
  assert.equal(r.result.score, acknowledged, 'and every one of them was scored');
});
