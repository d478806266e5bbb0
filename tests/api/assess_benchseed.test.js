// API tests: `karmayogi bench-seed assess`, the assessment data make bench measures on. After bench-seed learn
// gave the bench learners a login, each of them gets an open attempt in every bench assessment (20 questions
// drawn from a bank of all four kinds, no time limit, no limit on attempts): the first assessment's attempts
// take the "save an answer" row's writes, the others', answered already, are submitted one by one. The plan's
// lines name only what is theirs: their open attempt, a question in it, an option of that question.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;

function sql(query) {
  if (srv.pgDatabase) {
    return execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-At', '-F', '|', '-c', query], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '|', path.join(srv.tmp, 'test.db'), query],
    { encoding: 'utf8' }).trim();
}
const rows = (query) => { const out = sql(query); return out ? out.split('\n').map((l) => l.split('|')) : []; };
const seed = (...args) => spawnSync(BIN, ['bench-seed', ...args, '--db', srv.dbUrl], { encoding: 'utf8' });

const LOGINS = 12;
let plan;
let answers;
let submits;
before(async () => {
  srv = await startServer();
  const learn = seed('learn', '--officials', '30', '--logins', '20', '--plan', path.join(srv.tmp, 'learn.txt'));
  assert.equal(learn.status, 0, learn.stderr);
  const file = path.join(srv.tmp, 'assess.txt');
  const out = seed('assess', '--logins', String(LOGINS), '--plan', file);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, new RegExp(`^seeded open attempts for ${LOGINS} bench learners in [0-9.]+ s\n$`));
  plan = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
  answers = plan.filter((l) => l[0] === 'answer');
  submits = plan.filter((l) => l[0] === 'submit');
});
after(async () => { if (srv) await srv.stop(); });

test('the plan has only answer and submit lines, for the bench learners bench-seed learn made', () => {
  for (const l of plan) {
    assert.ok((l[0] === 'answer' && l.length === 5) || (l[0] === 'submit' && l.length === 3), l.join(' '));
    for (const n of l.slice(2)) assert.match(n, /^\d+$/);
  }
  // The bench learners: the first of the officials bench-seed learn enrolled, each with a login of theirs.
  const learners = fs.readFileSync(path.join(srv.tmp, 'learn.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]);
  const emails = [...new Set(plan.map((l) => l[1]))];
  assert.equal(emails.length, LOGINS);
  for (const e of emails) assert.ok(learners.includes(e), `${e} is a bench learner`);
  assert.equal(new Set(answers.map((l) => l[1])).size, LOGINS, 'every learner saves answers');
  assert.equal(new Set(submits.map((l) => l[1])).size, LOGINS, 'every learner submits');
  // Enough attempts to submit that a bench run does not run out: one each, never twice.
  assert.ok(submits.length >= 1000, `${submits.length} attempts to submit`);
  assert.equal(new Set(submits.map((l) => l[2])).size, submits.length, 'an attempt is submitted once');
  // Consecutive submits go to different learners.
  for (let i = 1; i < submits.length; i++) assert.notEqual(submits[i][1], submits[i - 1][1]);
});

test('each line names an open attempt of its learner, a question in it and an option of that question', () => {
  const owner = new Map(rows(`SELECT a.id, o.email, a.status, a.deadline_at, a.content_id FROM attempts a
    JOIN officials o ON o.id = a.official_id`).map((r) => [r[0], r.slice(1)]));
  const inAttempt = new Set(rows('SELECT attempt_id, question_id FROM attempt_questions').map((r) => r.join(':')));
  const optionOf = new Map(rows('SELECT id, question_id FROM question_options').map((r) => [r[0], r[1]]));
  const answerAttempts = new Set(answers.map((l) => l[2]));
  for (const [, email, attempt, question, option] of answers) {
    assert.deepEqual(owner.get(attempt).slice(0, 3), [email, 'in_progress', ''], `attempt ${attempt}`);
    assert.ok(inAttempt.has(`${attempt}:${question}`), `question ${question} is in attempt ${attempt}`);
    assert.equal(optionOf.get(option), question, `option ${option} is one of question ${question}'s`);
  }
  // Two options of each question, one after the other, so consecutive saves change the answer.
  for (let i = 0; i + 1 < answers.length; i += 2) {
    assert.deepEqual(answers[i].slice(1, 4), answers[i + 1].slice(1, 4));
    assert.notEqual(answers[i][4], answers[i + 1][4]);
  }
  for (const [, email, attempt] of submits) {
    assert.deepEqual(owner.get(attempt).slice(0, 3), [email, 'in_progress', ''], `attempt ${attempt}`);
    assert.ok(!answerAttempts.has(attempt), 'the submit row never takes the answer row\'s attempts');
  }
  // A learner holds at most one open attempt at an assessment, as the engine keeps it.
  assert.equal(sql(`SELECT COUNT(*) FROM (SELECT official_id, content_id FROM attempts WHERE status = 'in_progress'
    GROUP BY official_id, content_id HAVING COUNT(*) > 1) d`), '0');
});

test('the attempts have 20 questions of all four kinds drawn; those to submit are answered already', () => {
  const ids = (lines) => lines.map((l) => l[2]).join(',');
  const per = (lines) => rows(`SELECT aq.attempt_id, COUNT(*), COUNT(aq.answer), SUM(aq.points), MAX(a.max_score)
    FROM attempt_questions aq JOIN attempts a ON a.id = aq.attempt_id WHERE aq.attempt_id IN (${ids(lines)})
    GROUP BY aq.attempt_id`);
  const open = per(answers.filter((l, i) => i === 0 || l[2] !== answers[i - 1][2]));
  assert.equal(open.length, LOGINS);
  for (const [id, n, answered, points, max] of open) assert.deepEqual([n, answered, points, max], ['20', '0', '20', '20'], id);
  const toSubmit = per(submits.slice(0, 50));
  assert.equal(toSubmit.length, 50);
  for (const [id, n, answered, points, max] of toSubmit) {
    assert.deepEqual([n, answered, points, max], ['20', '20', '20', '20'], id);
  }
  const kinds = rows(`SELECT DISTINCT q.kind FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id
    WHERE aq.attempt_id = ${submits[0][2]} ORDER BY q.kind`).map((r) => r[0]);
  assert.deepEqual(kinds, ['fill_blank', 'multiple', 'single', 'true_false']);
  // A choice question's options are in the attempt in an order of its own options.
  for (const [qid, order] of rows(`SELECT question_id, option_order FROM attempt_questions
    WHERE attempt_id = ${submits[0][2]} AND option_order IS NOT NULL`)) {
    const own = rows(`SELECT id FROM question_options WHERE question_id = ${qid} ORDER BY id`).map((r) => r[0]);
    assert.deepEqual(order.split(',').sort(), own.sort(), `question ${qid}`);
  }
});

test('the bench assessments are published, with no time limit and no limit on attempts', async () => {
  const learner = (await api.login(submits[0][1])).token;
  const used = rows(`SELECT DISTINCT a.content_id FROM attempts a WHERE a.id IN (${plan.map((l) => l[2]).join(',')})`);
  assert.ok(used.length >= 2, `${used.length} assessments`);
  for (const [id] of used) {
    const page = ok(await call('GET', `/api/v1/contents/${id}`, { token: learner }));
    assert.deepEqual([page.kind, page.status], ['assessment', 'published']);
    const [s] = rows(`SELECT s.purpose, s.max_attempts, s.time_limit_s, d.count, b.code,
      (SELECT COUNT(*) FROM questions q WHERE q.bank_id = d.bank_id AND q.status = 'active') FROM contents c
      JOIN assessment_settings s ON s.version_id = c.published_version_id
      JOIN assessment_draws d ON d.version_id = c.published_version_id JOIN question_banks b ON b.id = d.bank_id
      WHERE c.id = ${id}`);
    assert.deepEqual(s, ['final', '', '', '20', 'BENCH-BANK-0001', '20'], `assessment ${id}`);
  }
});

test('the bench learners send what the plan says: answers are saved, a submit scores all twenty once', async () => {
  const tokens = {};
  const token = async (email) => (tokens[email] ||= (await api.login(email)).token);
  for (const [, email, attempt, question, option] of answers.slice(0, 6)) {
    const saved = ok(await call('PUT', `/api/v1/attempts/${attempt}/answers`, { token: await token(email),
      json: { answers: [{ question_id: Number(question), option_ids: [Number(option)] }] } }));
    assert.equal(saved.saved, 1);
    assert.equal(saved.total, 20);
  }
  const [, email, attempt] = submits[0];
  const done = ok(await call('POST', `/api/v1/attempts/${attempt}/submit`, { token: await token(email) }));
  // The seed's answers: the first option everywhere (right for single and true/false, half of a multiple
  // choice's two right ones) and the blank typed "lok  sabha": 10 + 4 x 0.5 + 3 + 3 of 20.
  assert.deepEqual([done.status, done.result.score, done.result.max_score, done.result.percent, done.result.passed],
    ['submitted', 18, 20, 90, true]);
  assert.equal((await call('POST', `/api/v1/attempts/${attempt}/submit`, { token: await token(email) })).status, 409);
  // Another learner's attempt is no business of this one's.
  const other = submits.find((l) => l[1] !== email);
  assert.equal((await call('POST', `/api/v1/attempts/${other[2]}/submit`, { token: await token(email) })).status, 404);
});

test('a second run adds another set; too many logins or no plan is refused with a reason', () => {
  const before = Number(sql(`SELECT COUNT(*) FROM attempts`));
  const again = seed('assess', '--logins', '5', '--plan', path.join(srv.tmp, 'again.txt'));
  assert.equal(again.status, 0, again.stderr);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM attempts`)) > before);
  assert.equal(sql(`SELECT COUNT(*) FROM question_banks WHERE code LIKE 'BENCH-BANK-%'`), '2');
  const many = seed('assess', '--logins', '500', '--plan', path.join(srv.tmp, 'many.txt'));
  assert.equal(many.status, 1);
  assert.match(many.stderr, /500 bench learners are missing/);
  const noPlan = seed('assess', '--logins', '5');
  assert.equal(noPlan.status, 2);
  assert.match(noPlan.stderr, /assess needs --logins and --plan/);
});
