// The leak test of issue 7: before an attempt is submitted, no answer the server gives its learner ever
// carries a correct-answer key or an explanation, for every kind of question (single, multiple, true/false,
// fill in the blank): not when starting or resuming, not when reading the attempt, not when saving (nor in a
// refusal), not in the history, the assessment's page by code or its settings. After submission, the review
// does carry them (which shows this test would see them if they leaked).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');
const { makeAssess, keysAndStrings } = require('../lib/assess.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;
const A = makeAssess(api, () => srv);
const t = {};
const me = {};
let kinds, contentId, bank2;

const FORBIDDEN_KEYS = ['correct', 'accepted_answers', 'answers', 'explanation', 'explanation_hi', 'normalised'];
const SECRET_TEXTS = ['EXPLAIN-', 'Lok Sabha', 'लोक सभा', 'CORRECTNESS-HI'];

// Fails when the answer r (any status) carries a key or text that gives an answer away.
function assertNoLeak(r, where) {
  const body = r.data === null ? r.text : r.data;
  const { keys, strings } = keysAndStrings(body);
  for (const k of FORBIDDEN_KEYS) assert.ok(!keys.has(k), `${where}: key "${k}" in ${r.text.slice(0, 400)}`);
  for (const s of SECRET_TEXTS) {
    assert.ok(!strings.some((x) => x.includes(s)), `${where}: "${s}" in ${r.text.slice(0, 400)}`);
    assert.ok(!r.text.includes(s), `${where}: "${s}" in the raw answer`);
  }
  // Options carry nothing but what a learner needs to choose.
  JSON.stringify(body, (k, v) => {
    if (k === 'options' && Array.isArray(v)) for (const o of v) assert.deepEqual(Object.keys(o).sort(), ['id', 'text', 'text_hi'], where);
    return v;
  });
}

before(async () => {
  srv = await startServer();
  for (const who of ['creator', 'reviewer', 'publisher', 'learner']) {
    t[who] = (await api.login(`${who}@karmayogi.demo`)).token;
    me[who] = ok(await call('GET', '/api/v1/me', { token: t[who] })).id;
  }
  const lbsnaa = await api.orgId('LBSNAA', t.creator);
  const bank = await A.bank(t.creator, me.creator, lbsnaa, 'AS-LEAK-BANK');
  kinds = await A.fourKinds(t.creator, me.creator, bank);
  // A second set with Hindi explanations, and several of each kind across two draws.
  bank2 = await A.bank(t.creator, me.creator, lbsnaa, 'AS-LEAK-BANK2');
  await A.fourKinds(t.creator, me.creator, bank2, 'Two: ', { explanation_hi: 'CORRECTNESS-HI व्याख्या' });
  contentId = await A.assessment(t.creator, lbsnaa, 'AS-LEAK', { purpose: 'final', pass_percent: 50, max_attempts: 5,
    time_limit_minutes: 15, draws: [{ bank_id: bank, count: 4 }, { bank_id: bank2, count: 4 }] },
  { reviewer: t.reviewer, publisher: t.publisher });
});
after(async () => { if (srv) await srv.stop(); });

test('nothing before submission gives away a correct answer or an explanation, for every kind', async () => {
  const token = t.learner;
  assertNoLeak(await call('GET', '/api/v1/assessments/by-code/AS-LEAK', { token }), 'by code');
  assertNoLeak(await call('GET', `/api/v1/contents/${contentId}/assessment`, { token }), 'settings');
  const started = await call('POST', `/api/v1/assessments/${contentId}/attempts`, { token });
  assert.equal(started.status, 201);
  assertNoLeak(started, 'start');
  const a = started.data;
  assert.deepEqual([...new Set(a.questions.map((q) => q.kind))].sort(), ['fill_blank', 'multiple', 'single', 'true_false'],
    'every kind is asked');
  assertNoLeak(await call('POST', `/api/v1/assessments/${contentId}/attempts`, { token }), 'resume');
  // Answer every question (a wrong blank, so the accepted answers never come back as the learner's own text).
  for (const q of a.questions) {
    const answer = q.kind === 'fill_blank' ? { question_id: q.id, text: 'Rajya Sabha' }
      : { question_id: q.id, option_ids: [q.options[0].id] };
    const r = await call('PUT', `/api/v1/attempts/${a.id}/answers`, { token, json: { answers: [answer] } });
    assert.equal(r.status, 200, r.text);
    assertNoLeak(r, `save ${q.kind}`);
  }
  // Refusals carry nothing either.
  const single = a.questions.find((q) => q.kind === 'single');
  const refused = await call('PUT', `/api/v1/attempts/${a.id}/answers`, { token, json: { answers: [
    { question_id: single.id, option_ids: single.options.map((o) => o.id) }] } });
  assert.equal(refused.status, 422);
  assertNoLeak(refused, 'refused save');
  assertNoLeak(await call('GET', `/api/v1/attempts/${a.id}/review`, { token }), 'review before submission');
  const got = await call('GET', `/api/v1/attempts/${a.id}`, { token });
  assert.equal(got.status, 200);
  assertNoLeak(got, 'get');
  assert.equal(got.data.answered, 8);
  assertNoLeak(await call('GET', `/api/v1/assessments/${contentId}/attempts`, { token }), 'history');

  // Submitted: the review shows answers and explanations (the test can see them when they are there).
  const done = await call('POST', `/api/v1/attempts/${a.id}/submit`, { token });
  assert.equal(done.status, 200);
  assertNoLeak(done, 'the submit answer (its result, not the key)');
  const r = ok(await call('GET', `/api/v1/attempts/${a.id}/review`, { token }));
  const { keys, strings } = keysAndStrings(r);
  assert.ok(keys.has('correct') && keys.has('accepted_answers') && keys.has('explanation'));
  assert.ok(strings.some((s) => s.includes('EXPLAIN-')) && strings.includes('Lok Sabha'));
  assert.ok(strings.some((s) => s.includes('CORRECTNESS-HI')));
});

test('a second attempt, started after a submitted one, is as closed as the first', async () => {
  const token = t.learner;
  const started = await call('POST', `/api/v1/assessments/${contentId}/attempts`, { token });
  assert.equal(started.status, 201);
  assert.equal(started.data.number, 2);
  assertNoLeak(started, 'second start');
  assertNoLeak(await call('GET', `/api/v1/attempts/${started.data.id}`, { token }), 'second get');
  assertNoLeak(await call('GET', `/api/v1/assessments/${contentId}/attempts`, { token }), 'history with a submitted one');
});
