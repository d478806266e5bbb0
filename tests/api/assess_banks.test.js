// API tests: question banks (module assess). A provider's content creator makes banks and writes questions of
// the four kinds (single and multiple choice, true/false, fill in the blank) in English and Hindi, tagged with
// a competency and a level; every bad question is refused with a 422 naming the field; an edit of a question an
// attempt already drew becomes a new question that replaces it; deleting retires. Reviewers and publishers of
// the provider read; other providers' people get 403, officials without a content role 404.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const t = {}; // tokens by person
const comp = {}; // competency ids by code
let LBSNAA;
let ISTM;
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();

// Reads the database behind the server directly (sqlite3 or psql CLI), as an auditor would: the audit log and
// the normal forms of accepted answers.
function sql(query) {
  const out = srv.pgDatabase
    ? execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-AtqX', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(srv.tmp, 'test.db'), query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

const bankPath = (id) => `/api/v1/question-banks/${id}`;
const makeBank = async (code, title = `Bank ${code}`, token = t.creator) =>
  ok(await call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token, json: { code, title } }), 201);
const addQuestion = (bank, json, token = t.creator) => call('POST', `${bankPath(bank)}/questions`, { token, json });

const single = (extra = {}) => ({
  kind: 'single',
  text: 'Within how many days must a PIO answer an RTI request?',
  text_hi: 'लोक सूचना अधिकारी को आरटीआई अनुरोध का उत्तर कितने दिनों में देना होता है?',
  explanation: 'Section 7(1) of the RTI Act: thirty days.',
  explanation_hi: 'आरटीआई अधिनियम की धारा 7(1): तीस दिन।',
  options: [
    { text: '15 days', text_hi: '15 दिन', correct: false },
    { text: '30 days', text_hi: '30 दिन', correct: true },
    { text: '45 days', text_hi: '45 दिन', correct: false },
  ],
  ...extra,
});

before(async () => {
  srv = await startServer();
  for (const who of ['creator', 'reviewer', 'publisher', 'learner', 'istm.faculty', 'spv.admin']) {
    t[who] = (await api.login(`${who}@karmayogi.demo`)).token;
  }
  LBSNAA = await api.orgId('LBSNAA', t['spv.admin']);
  ISTM = await api.orgId('ISTM', t['spv.admin']);
  const comps = ok(await call('GET', '/api/v1/competencies?limit=500', { token: t.creator }));
  for (const c of comps.items) comp[c.code] = c.id;
  assert.ok(comp['BEH-CITIZEN'] && comp['FUN-PROCUREMENT'], 'the demo competencies are there');
});
after(async () => { if (srv) await srv.stop(); });

test('a content creator makes a bank: 201 with the BANK, listed for the provider; the code is unique (409 code_taken)', async () => {
  const code = `RTI-${RUN}`;
  const made = ok(await call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token: t.creator,
    json: { code, title: 'Right to Information', title_hi: 'सूचना का अधिकार' } }), 201);
  assert.equal(made.code, code);
  assert.equal(made.title, 'Right to Information');
  assert.equal(made.title_hi, 'सूचना का अधिकार');
  assert.equal(made.provider.id, LBSNAA);
  assert.equal(typeof made.provider.name, 'string');
  assert.equal(made.question_count, 0);
  assert.deepEqual(made.tags, []);
  assert.match(made.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(ok(await call('GET', bankPath(made.id), { token: t.reviewer })), made);
  const again = assertProblem(await call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token: t.creator,
    json: { code, title: 'Another' } }), 409, 'code_taken');
  assert.match(again.detail, new RegExp(code));
  const listed = await walk(`/api/v1/providers/${LBSNAA}/question-banks`, t.publisher, 50);
  assert.ok(listed.items.some((b) => b.id === made.id));
  assert.deepEqual(sql(`SELECT action, object_type FROM audit_log WHERE object_type = 'question_bank' AND object_id = '${made.id}'`),
    [['question_bank.create', 'question_bank']]);
});

test('a bank needs a code of capitals, digits, - and _ and a title; unknown fields are named (422)', async () => {
  const post = (json) => call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token: t.creator, json });
  const cases = [
    [{ title: 'No code' }, ['code']],
    [{ code: 'lower-case', title: 'x' }, ['code']],
    [{ code: 'A', title: 'x' }, ['code']],
    [{ code: `OK-${RUN}-1` }, ['title']],
    [{ code: `OK-${RUN}-2`, title: '' }, ['title']],
    [{ code: `OK-${RUN}-3`, title: 'x'.repeat(201) }, ['title']],
    [{ code: `OK-${RUN}-4`, title: 'x', colour: 'red' }, ['colour']],
    [{ code: 7, title: 'x', title_hi: 5 }, ['code', 'title_hi']],
  ];
  for (const [json, fields] of cases) {
    assert.deepEqual(fieldsOf(assertProblem(await post(json), 422, 'validation_failed')), fields, JSON.stringify(json));
  }
  assertProblem(await post([1, 2]), 422);
  assertProblem(await call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token: t.creator,
    body: 'code=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  ok(await post({ code: `OK-${RUN}-5`, title: 'अ'.repeat(200) }), 201); // characters, not bytes
});

test('who may see and make banks: the provider people read, only its creators write, others 403, learners 404', async () => {
  const bank = await makeBank(`WHO-${RUN}`);
  const listPath = `/api/v1/providers/${LBSNAA}/question-banks`;
  ok(await call('GET', listPath, { token: t.reviewer }));
  assertProblem(await call('POST', listPath, { token: t.reviewer, json: { code: `R-${RUN}`, title: 'x' } }), 403, 'forbidden');
  assertProblem(await call('POST', listPath, { token: t['istm.faculty'], json: { code: `I-${RUN}`, title: 'x' } }), 403);
  assertProblem(await call('GET', listPath, { token: t['istm.faculty'] }), 403);
  assertProblem(await call('GET', listPath, { token: t.learner }), 404);
  assertProblem(await call('GET', bankPath(bank.id), { token: t.learner }), 404);
  assertProblem(await call('GET', bankPath(bank.id), { token: t['istm.faculty'] }), 403);
  assertProblem(await call('PATCH', bankPath(bank.id), { token: t.publisher, json: { title: 'x' } }), 403);
  assertProblem(await call('GET', bankPath(99999999), { token: t.creator }), 404);
  assertProblem(await call('GET', bankPath('abc'), { token: t.creator }), 404);
  assertProblem(await call('GET', '/api/v1/providers/99999999/question-banks', { token: t.creator }), 404);
  assertProblem(await call('GET', bankPath(bank.id)), 401);
  // ISTM's own creator makes ISTM banks, which LBSNAA's people do not see in their list.
  const istm = ok(await call('POST', `/api/v1/providers/${ISTM}/question-banks`, { token: t['istm.faculty'],
    json: { code: `ISTM-${RUN}`, title: 'Office procedure' } }), 201);
  const lbs = await walk(listPath, t.creator, 50);
  assert.ok(!lbs.items.some((b) => b.id === istm.id));
  assertProblem(await call('GET', bankPath(istm.id), { token: t.creator }), 403);
});

test('banks page by code with an opaque cursor', async () => {
  for (const c of ['PG-C', 'PG-A', 'PG-B']) await makeBank(`${c}-${RUN}`);
  const { items, pages } = await walk(`/api/v1/providers/${LBSNAA}/question-banks`, t.creator, 2);
  const codes = items.map((b) => b.code);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(items.map((b) => b.id)).size, items.length, 'no bank twice');
  assert.ok(pages.length >= 2);
  assertProblem(await call('GET', `/api/v1/providers/${LBSNAA}/question-banks?limit=0`, { token: t.creator }), 422);
  assertProblem(await call('GET', `/api/v1/providers/${LBSNAA}/question-banks?cursor=zz`, { token: t.creator }), 422);
});

test('PATCH renames a bank (audited with before and after); the code cannot change; an empty PATCH changes nothing', async () => {
  const bank = await makeBank(`REN-${RUN}`);
  const renamed = ok(await call('PATCH', bankPath(bank.id), { token: t.creator, json: { title_hi: 'नया नाम' } }));
  assert.equal(renamed.title, bank.title);
  assert.equal(renamed.title_hi, 'नया नाम');
  const again = ok(await call('PATCH', bankPath(bank.id), { token: t.creator, json: { title: 'New name', title_hi: null } }));
  assert.deepEqual([again.title, again.title_hi], ['New name', null]);
  const rows = sql(`SELECT before_json, after_json FROM audit_log WHERE action = 'question_bank.update' AND object_id = '${bank.id}' ORDER BY id`);
  assert.equal(rows.length, 2);
  assert.equal(JSON.parse(rows[1][0]).title, bank.title);
  assert.equal(JSON.parse(rows[1][1]).title, 'New name');
  for (const [json, field] of [[{ code: 'X-1' }, 'code'], [{}, 'body'], [{ title: null }, 'title'], [{ owner: 1 }, 'owner']]) {
    assert.deepEqual(fieldsOf(assertProblem(await call('PATCH', bankPath(bank.id), { token: t.creator, json }), 422)), [field]);
  }
});

test('questions of all four kinds: the author view carries correct flags, accepted answers and tags; the bank counts them', async () => {
  const bank = await makeBank(`KINDS-${RUN}`);
  const s = ok(await addQuestion(bank.id, single({ competency_id: comp['BEH-CITIZEN'], level: 2, points: 2 })), 201);
  assert.equal(s.kind, 'single');
  assert.equal(s.status, 'active');
  assert.equal(s.bank_id, bank.id);
  assert.equal(s.text_hi, single().text_hi);
  assert.equal(s.explanation, single().explanation);
  assert.deepEqual(s.options.map((o) => [o.seq, o.text, o.text_hi, o.correct]),
    [[1, '15 days', '15 दिन', false], [2, '30 days', '30 दिन', true], [3, '45 days', '45 दिन', false]]);
  assert.ok(s.options.every((o) => Number.isInteger(o.id)));
  assert.deepEqual(s.competency, { id: comp['BEH-CITIZEN'], code: 'BEH-CITIZEN', name: 'Citizen centricity', name_hi: 'नागरिक केंद्रितता' });
  assert.deepEqual([s.level, s.points, s.replaces_id], [2, 2, null]);

  const m = ok(await addQuestion(bank.id, { kind: 'multiple', text: 'Which are exempt under Section 8?',
    options: [{ text: 'Cabinet papers', correct: true }, { text: 'Budget speech', correct: false },
      { text: 'Information from a foreign government in confidence', correct: true }],
    competency_id: comp['BEH-CITIZEN'], level: 2 }), 201);
  assert.deepEqual(m.options.map((o) => o.correct), [true, false, true]);
  assert.equal(m.points, 1, 'points default to 1');

  const tf = ok(await addQuestion(bank.id, { kind: 'true_false', text: 'A PIO may ask why information is wanted.',
    text_hi: 'लोक सूचना अधिकारी पूछ सकता है कि सूचना क्यों चाहिए।', correct: false, competency_id: comp['FUN-PROCUREMENT'] }), 201);
  assert.deepEqual(tf.options.map((o) => [o.text, o.text_hi, o.correct]), [['True', 'सही', false], ['False', 'गलत', true]]);
  assert.equal(tf.correct, false);
  assert.equal(tf.level, null);

  const fb = ok(await addQuestion(bank.id, { kind: 'fill_blank', text: 'The lower house of Parliament is the ____.',
    text_hi: 'संसद का निचला सदन ____ है।', answers: ['Lok Sabha', 'लोक सभा', 'House of the People'] }), 201);
  assert.deepEqual(fb.answers, ['Lok Sabha', 'लोक सभा', 'House of the People']);
  assert.deepEqual(fb.options, []);
  assert.equal(fb.competency, null);
  // the normal forms are stored beside the answers, as attempts compare them
  assert.deepEqual(sql(`SELECT normalised FROM question_answers WHERE question_id = ${fb.id} ORDER BY seq`).map((r) => r[0]),
    ['lok sabha', 'लोक सभा', 'house of the people']);

  const got = ok(await call('GET', `/api/v1/questions/${s.id}`, { token: t.reviewer }));
  assert.deepEqual(got, s);
  const b = ok(await call('GET', bankPath(bank.id), { token: t.creator }));
  assert.equal(b.question_count, 4);
  assert.deepEqual(b.tags.map((x) => [x.competency_code, x.level, x.count]),
    [['BEH-CITIZEN', 2, 2], ['FUN-PROCUREMENT', null, 1]]);
  assert.equal(b.tags[0].competency_id, comp['BEH-CITIZEN']);
  assert.equal(b.tags[0].competency_name, 'Citizen centricity');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'question.create' AND scope_org_id = ${LBSNAA}`)[0][0] >= 4, true);
});

test('bad questions are refused with 422 naming the field, and nothing is saved', async () => {
  const bank = await makeBank(`BAD-${RUN}`);
  const opts = (...correct) => correct.map((c, i) => ({ text: `Option ${i + 1}`, correct: c }));
  const cases = [
    [{ ...single(), options: opts(false, false, false) }, 'options', /exactly one correct option \(none is marked\)/],
    [{ ...single(), options: opts(true, true, false) }, 'options', /exactly one correct option \(2 are marked\)/],
    [{ kind: 'multiple', text: 'x', options: opts(false, false) }, 'options', /at least one correct option/],
    [{ ...single(), options: opts(true) }, 'options', /2 to 10 options/],
    [{ ...single(), options: opts(true, ...Array(10).fill(false)) }, 'options', /2 to 10 options/],
    [{ ...single(), options: [{ text: 'Yes', correct: true }, { text: '  YES ', correct: false }] }, 'options[1].text', /same as options\[0\]/],
    [{ ...single(), options: [{ text: 'Yes', correct: true }, { text: 'No' }] }, 'options[1].correct', /required/],
    [{ ...single(), options: [{ text: '', correct: true }, { text: 'No', correct: false }] }, 'options[0].text', /empty/],
    [{ ...single(), options: [{ text: 'A', correct: true, colour: 1 }, { text: 'B', correct: false }] }, 'options[0].colour', /not a field/],
    [{ ...single(), text: '' }, 'text', /empty/],
    [{ ...single(), text: 'x'.repeat(2001) }, 'text', /2000/],
    [{ kind: 'single', options: opts(true, false) }, 'text', /required/],
    [{ ...single(), kind: 'essay' }, 'kind', /single, multiple, true_false or fill_blank/],
    [{ ...single(), competency_id: comp['BEH-CITIZEN'], level: 6 }, 'level', /1 to 5/],
    [{ ...single(), competency_id: comp['BEH-CITIZEN'], level: 0 }, 'level', /1 to 5/],
    [{ ...single(), level: 3 }, 'level', /needs a competency_id/],
    [{ ...single(), competency_id: 99999999 }, 'competency_id', /no competency/],
    [{ ...single(), competency_id: 'BEH-CITIZEN' }, 'competency_id', /id of a competency/],
    [{ ...single(), points: 0 }, 'points', /1 to 100/],
    [{ ...single(), points: 101 }, 'points', /1 to 100/],
    [{ ...single(), correct: true }, 'correct', /only for a true_false/],
    [{ kind: 'true_false', text: 'x' }, 'correct', /true or false/],
    [{ kind: 'true_false', text: 'x', correct: 'yes' }, 'correct', /true or false/],
    [{ kind: 'true_false', text: 'x', correct: true, options: opts(true, false) }, 'options', /made by the server/],
    [{ kind: 'fill_blank', text: 'x' }, 'answers', /1 to 20/],
    [{ kind: 'fill_blank', text: 'x', answers: [] }, 'answers', /1 to 20/],
    [{ kind: 'fill_blank', text: 'x', answers: Array(21).fill(0).map((_, i) => `a${i}`) }, 'answers', /1 to 20/],
    [{ kind: 'fill_blank', text: 'x', answers: ['Lok Sabha', 'lok  sabha'] }, 'answers[1]', /same as answers\[0\]/],
    [{ kind: 'fill_blank', text: 'x', answers: ['   '] }, 'answers[0]', /empty/],
    [{ kind: 'fill_blank', text: 'x', answers: [7] }, 'answers[0]', /string/],
    [{ kind: 'fill_blank', text: 'x', answers: ['a'], options: opts(true, false) }, 'options', /not part of a fill_blank/],
    [{ ...single(), answers: ['a'] }, 'answers', /only for a fill_blank/],
    [{ ...single(), difficulty: 'hard' }, 'difficulty', /not a field of a question/],
  ];
  for (const [json, field, message] of cases) {
    const p = assertProblem(await addQuestion(bank.id, json), 422, 'validation_failed');
    const e = p.errors.find((x) => x.field === field);
    assert.ok(e, `${JSON.stringify(json).slice(0, 120)}: no error on ${field}: ${JSON.stringify(p.errors)}`);
    assert.match(e.message, message);
  }
  assertProblem(await addQuestion(bank.id, 'not an object'), 422);
  assertProblem(await call('POST', `${bankPath(bank.id)}/questions`, { token: t.creator, body: '{"kind":',
    headers: { 'content-type': 'application/json' } }), 400);
  assert.equal(ok(await call('GET', bankPath(bank.id), { token: t.creator })).question_count, 0);
  // Hindi text counts characters: 2000 Devanagari letters fit
  ok(await addQuestion(bank.id, single({ text: 'क'.repeat(2000) })), 201);
});

test('only the provider creators write questions; reviewers read; others 403; learners 404', async () => {
  const bank = await makeBank(`QWHO-${RUN}`);
  const q = ok(await addQuestion(bank.id, single()), 201);
  assertProblem(await addQuestion(bank.id, single(), t.reviewer), 403);
  assertProblem(await addQuestion(bank.id, single(), t['istm.faculty']), 403);
  assertProblem(await addQuestion(bank.id, single(), t.learner), 404);
  ok(await call('GET', `/api/v1/questions/${q.id}`, { token: t.publisher }));
  ok(await call('GET', `${bankPath(bank.id)}/questions`, { token: t.reviewer }));
  assertProblem(await call('GET', `/api/v1/questions/${q.id}`, { token: t.learner }), 404);
  assertProblem(await call('GET', `/api/v1/questions/${q.id}`, { token: t['istm.faculty'] }), 403);
  assertProblem(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.reviewer, json: single() }), 403);
  assertProblem(await call('DELETE', `/api/v1/questions/${q.id}`, { token: t.publisher }), 403);
  assertProblem(await call('GET', '/api/v1/questions/99999999', { token: t.creator }), 404);
  assertProblem(await call('PUT', '/api/v1/questions/99999999', { token: t.creator, json: single() }), 404);
});

test('questions list by status, competency and level, page by page', async () => {
  const bank = await makeBank(`LIST-${RUN}`);
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push(ok(await addQuestion(bank.id, single({ text: `Question ${i}`, competency_id: comp['BEH-CITIZEN'], level: 1 + (i % 2) })), 201).id);
  }
  ids.push(ok(await addQuestion(bank.id, single({ text: 'Untagged' })), 201).id);
  ok(await call('DELETE', `/api/v1/questions/${ids[0]}`, { token: t.creator }));
  const base = `${bankPath(bank.id)}/questions`;
  const all = await walk(base, t.creator, 2);
  assert.deepEqual(all.items.map((q) => q.id), ids.slice(1));
  assert.equal(all.pages.length, 3);
  assert.deepEqual((await walk(`${base}?status=retired`, t.creator, 10)).items.map((q) => q.id), [ids[0]]);
  assert.deepEqual((await walk(`${base}?status=all`, t.creator, 10)).items.map((q) => q.id), ids);
  assert.deepEqual((await walk(`${base}?competency_id=${comp['BEH-CITIZEN']}&level=2`, t.creator, 10)).items.map((q) => q.id),
    [ids[1], ids[3]]);
  assert.deepEqual((await walk(`${base}?competency_id=${comp['BEH-CITIZEN']}`, t.creator, 10)).items.length, 4);
  for (const q of ['status=gone', 'level=6', 'level=x', 'competency_id=-1', 'limit=501']) {
    assertProblem(await call('GET', `${base}?${q}`, { token: t.creator }), 422);
  }
});

test('PUT replaces a question in place until an attempt draws it; then the edit is a new question replacing it', async () => {
  const bank = await makeBank(`EDIT-${RUN}`);
  const q = ok(await addQuestion(bank.id, single()), 201);
  // nobody drew it yet: same id, new content, the bank still counts one
  const edited = ok(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.creator, json: single({ text: 'Edited once', points: 3 }) }));
  assert.equal(edited.id, q.id);
  assert.deepEqual([edited.text, edited.points, edited.replaces_id], ['Edited once', 3, null]);
  // a kind change is a replacement too: the options go, the answers come
  const blank = ok(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.creator, json: { kind: 'fill_blank', text: 'Thirty ____', answers: ['days'] } }));
  assert.deepEqual([blank.id, blank.kind, blank.options, blank.answers], [q.id, 'fill_blank', [], ['days']]);
  ok(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.creator, json: single({ text: 'Edited once' }) }));

  // A published practice quiz draws it: the learner's attempt asks it.
  const content = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: LBSNAA, kind: 'assessment', code: `AS-${RUN}`, title: 'RTI check' } }), 201);
  ok(await call('PUT', `/api/v1/contents/${content.id}/assessment`, { token: t.creator, json: {
    purpose: 'practice', pass_percent: 50, draws: [{ bank_id: bank.id, count: 1 }] } }));
  for (const [who, action] of [['creator', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'approve'], ['publisher', 'publish']]) {
    ok(await call('POST', `/api/v1/contents/${content.id}/transitions`, { token: t[who], json: { action } }));
  }
  const attempt = ok(await call('POST', `/api/v1/assessments/${content.id}/attempts`, { token: t.learner }), 201);
  assert.deepEqual(attempt.questions.map((x) => [x.id, x.text]), [[q.id, 'Edited once']]);

  const fresh = ok(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.creator, json: single({ text: 'Edited after it was drawn' }) }));
  assert.notEqual(fresh.id, q.id);
  assert.equal(fresh.replaces_id, q.id);
  assert.equal(fresh.text, 'Edited after it was drawn');
  assert.equal(fresh.status, 'active');
  const old = ok(await call('GET', `/api/v1/questions/${q.id}`, { token: t.creator }));
  assert.deepEqual([old.status, old.text], ['retired', 'Edited once'], 'what the attempt asked is kept');
  const seen = ok(await call('GET', `/api/v1/attempts/${attempt.id}`, { token: t.learner }));
  assert.deepEqual(seen.questions.map((x) => [x.id, x.text]), [[q.id, 'Edited once']], 'the attempt still shows what it asked');
  assert.equal(ok(await call('GET', bankPath(bank.id), { token: t.creator })).question_count, 1);
  assertProblem(await call('PUT', `/api/v1/questions/${q.id}`, { token: t.creator, json: single() }), 409, 'question_retired');
  const audit = sql(`SELECT before_json, after_json FROM audit_log WHERE action = 'question.update' AND object_id = '${q.id}' ORDER BY id`);
  assert.equal(audit.length, 4);
  assert.equal(JSON.parse(audit[3][1]).id, fresh.id);
  // a bad replacement changes nothing
  assertProblem(await call('PUT', `/api/v1/questions/${fresh.id}`, { token: t.creator, json: single({ options: [] }) }), 422);
  assert.equal(ok(await call('GET', `/api/v1/questions/${fresh.id}`, { token: t.creator })).text, 'Edited after it was drawn');
});

test('DELETE retires a question (200 with it); retiring again answers the same; the bank stops counting it', async () => {
  const bank = await makeBank(`DEL-${RUN}`);
  const q = ok(await addQuestion(bank.id, single({ competency_id: comp['BEH-CITIZEN'], level: 1 })), 201);
  const retired = ok(await call('DELETE', `/api/v1/questions/${q.id}`, { token: t.creator }));
  assert.deepEqual([retired.id, retired.status], [q.id, 'retired']);
  const again = ok(await call('DELETE', `/api/v1/questions/${q.id}`, { token: t.creator }));
  assert.equal(again.status, 'retired');
  const b = ok(await call('GET', bankPath(bank.id), { token: t.creator }));
  assert.deepEqual([b.question_count, b.tags], [0, []]);
  assert.deepEqual(sql(`SELECT count(*) FROM audit_log WHERE action = 'question.retire' AND object_id = '${q.id}'`), [['1']]);
});
