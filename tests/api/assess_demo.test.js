// API tests: the assessment demo (module assess, issue 7) as `karmayogi demo` leaves it. LBSNAA's bank
// DEMO-BANK-RTI holds two dozen Right to Information questions of all four kinds in English and Hindi, each
// explained and tagged with a competency and level; three assessments drawing on it are published and found in
// the catalogue (a practice quiz, a timed final assessment, a proficiency test granting policy drafting at
// level 2); the course "RTI in practice" ends with both quizzes; Priya (learner@) has read all of it and taken
// the practice quiz, so the final assessment is the one thing between her and the certificate. Running
// `karmayogi demo` again changes nothing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const DEVANAGARI = /[\u0900-\u097F]/;
const COURSE = 'LBSNAA-RTI-PRACTICE';

let srv;
let learner;
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
const idOf = (code) => Number(sql(`SELECT id FROM contents WHERE code = '${code}'`));

before(async () => {
  srv = await startServer();
  learner = (await api.login('learner@karmayogi.demo')).token;
});
after(async () => { if (srv) await srv.stop(); });

test('the bank DEMO-BANK-RTI is LBSNAA\'s: two dozen questions of all four kinds, in Hindi too, explained', () => {
  const [bank] = rows(`SELECT b.id, o.code, b.title_en, b.title_hi, a.email FROM question_banks b
    JOIN organisations o ON o.id = b.provider_id JOIN officials a ON a.id = b.created_by
    WHERE b.code = 'DEMO-BANK-RTI'`);
  assert.ok(bank, 'the demo bank exists');
  const [id, provider, title, titleHi, author] = bank;
  assert.deepEqual([provider, author], ['LBSNAA', 'creator@karmayogi.demo']);
  assert.ok(title.includes('Right to Information') && DEVANAGARI.test(titleHi));

  const qs = rows(`SELECT q.id, q.kind, q.status, q.text_en, q.text_hi, q.explanation_en, q.explanation_hi, k.code,
    q.level, q.points FROM questions q LEFT JOIN competencies k ON k.id = q.competency_id WHERE q.bank_id = ${id}
    ORDER BY q.id`);
  assert.ok(qs.length >= 20 && qs.length <= 30, `${qs.length} questions`);
  const kinds = {};
  for (const [qid, kind, status, en, hi, why, whyHi, comp, level, points] of qs) {
    kinds[kind] = (kinds[kind] || 0) + 1;
    assert.equal(status, 'active');
    assert.ok(en.length > 15 && !DEVANAGARI.test(en), `question ${qid} in English: ${en}`);
    assert.ok(DEVANAGARI.test(hi), `question ${qid} in Hindi: ${hi}`);
    assert.ok(why.length > 20 && DEVANAGARI.test(whyHi), `question ${qid} explains its answer in both languages`);
    assert.match(comp, /^(FUN|BEH)-/, `question ${qid} is tagged with a competency`);
    assert.ok(Number(level) >= 1 && Number(level) <= 2, `question ${qid} at level ${level}`);
    assert.equal(points, '1');
  }
  for (const kind of ['single', 'multiple', 'true_false', 'fill_blank']) {
    assert.ok(kinds[kind] >= 3, `${kind}: ${kinds[kind]} questions`);
  }

  // Every choice question is answerable as its kind says; fill in the blank has accepted answers, Hindi among them.
  const opts = rows(`SELECT q.id, q.kind, COUNT(o.id), SUM(o.correct), MIN(o.text_hi) FROM questions q
    JOIN question_options o ON o.question_id = q.id WHERE q.bank_id = ${id} GROUP BY q.id, q.kind`);
  for (const [qid, kind, n, correct, hi] of opts) {
    assert.ok(DEVANAGARI.test(hi) || /^[₹\d]/.test(hi), `question ${qid}'s options carry Hindi: ${hi}`);
    if (kind === 'single') assert.ok(n >= 2 && correct === '1', `single ${qid}: ${n} options, ${correct} correct`);
    if (kind === 'multiple') assert.ok(n >= 2 && Number(correct) >= 1, `multiple ${qid}: ${correct} correct`);
    if (kind === 'true_false') assert.deepEqual([n, correct], ['2', '1'], `true/false ${qid}`);
  }
  const tf = rows(`SELECT o.seq, o.text_en, o.text_hi FROM question_options o JOIN questions q ON q.id = o.question_id
    WHERE q.bank_id = ${id} AND q.kind = 'true_false' GROUP BY o.seq, o.text_en, o.text_hi ORDER BY o.seq`);
  assert.deepEqual(tf, [['1', 'True', 'सही'], ['2', 'False', 'गलत']]);
  const fill = rows(`SELECT q.id, COUNT(a.seq), SUM(CASE WHEN a.answer = a.normalised THEN 0 ELSE 1 END) FROM questions q
    JOIN question_answers a ON a.question_id = q.id WHERE q.bank_id = ${id} GROUP BY q.id`);
  assert.equal(fill.length, kinds.fill_blank, 'every fill-in-the-blank question has accepted answers');
  const hindiAnswers = rows(`SELECT a.answer FROM question_answers a JOIN questions q ON q.id = a.question_id
    WHERE q.bank_id = ${id}`).map((r) => r[0]).filter((a) => DEVANAGARI.test(a));
  assert.ok(hindiAnswers.length >= 3, `Hindi answers are accepted: ${hindiAnswers}`);
  assert.equal(sql(`SELECT COUNT(*) FROM question_answers a JOIN questions q ON q.id = a.question_id
    WHERE q.bank_id = ${id} AND a.normalised <> LOWER(TRIM(a.normalised))`), '0', 'normalised answers are folded');
});

test('the demo creator finds the bank in LBSNAA\'s workspace, tagged by competency and level', async () => {
  const creator = (await api.login('creator@karmayogi.demo')).token;
  const lbsnaa = Number(sql(`SELECT id FROM organisations WHERE code = 'LBSNAA'`));
  const banks = ok(await call('GET', `/api/v1/providers/${lbsnaa}/question-banks`, { token: creator })).items;
  const bank = banks.find((b) => b.code === 'DEMO-BANK-RTI');
  assert.ok(bank, `LBSNAA's banks: ${banks.map((b) => b.code)}`);
  assert.equal(bank.question_count, 24);
  assert.ok(DEVANAGARI.test(bank.title_hi));
  const tags = bank.tags.map((t) => `${t.competency_id ? sql(`SELECT code FROM competencies WHERE id = ${t.competency_id}`)
    : '-'}:${t.level}:${t.count}`).sort();
  assert.deepEqual(tags, ['BEH-CITIZEN:1:4', 'BEH-CITIZEN:2:2', 'BEH-COMMUNICATION:2:2', 'FUN-POLICY:1:8',
    'FUN-POLICY:2:8']);
  const qs = ok(await call('GET', `/api/v1/question-banks/${bank.id}/questions?limit=100`, { token: creator })).items;
  assert.equal(qs.length, 24);
  const fill = qs.filter((q) => q.kind === 'fill_blank');
  assert.ok(fill.some((q) => q.answers.includes('तीस')), 'a blank may be filled in Hindi');
  const tf = qs.find((q) => q.kind === 'true_false');
  assert.deepEqual(tf.options.map((o) => [o.text, o.text_hi]), [['True', 'सही'], ['False', 'गलत']]);
  for (const q of qs) assert.ok(q.explanation && DEVANAGARI.test(q.explanation_hi) && q.competency, q.text);
  // A learner has no business in a provider's bank.
  assert.equal((await call('GET', `/api/v1/question-banks/${bank.id}`, { token: learner })).status >= 403, true);
});

test('the three assessments are published with their settings, and every draw can be filled', async () => {
  const want = {
    'RTI-PRACTICE': { purpose: 'practice', pass: 50, max: null, limit: null, questions: 5 },
    'RTI-FINAL': { purpose: 'final', pass: 60, max: 3, limit: 600, questions: 10 },
    'PROF-RTI': { purpose: 'proficiency', pass: 70, max: 3, limit: 900, questions: 8 },
  };
  for (const [code, w] of Object.entries(want)) {
    const id = idOf(code);
    const page = ok(await call('GET', `/api/v1/contents/${id}`, { token: learner }));
    assert.deepEqual([page.kind, page.status, page.code], ['assessment', 'published', code]);
    assert.ok(DEVANAGARI.test(page.title_hi) && DEVANAGARI.test(page.description_hi), code);
    assert.equal(page.provider.code, 'LBSNAA');
    const [s] = rows(`SELECT s.purpose, s.pass_percent, s.max_attempts, s.time_limit_s, s.shuffle_questions,
      s.shuffle_options, s.allow_review, k.code, s.grant_level FROM contents c
      JOIN assessment_settings s ON s.version_id = c.published_version_id
      LEFT JOIN competencies k ON k.id = s.grant_competency_id WHERE c.id = ${id}`);
    assert.ok(s, `${code} has settings on its published version`);
    assert.deepEqual(s.slice(0, 7), [w.purpose, String(w.pass), w.max === null ? '' : String(w.max),
      w.limit === null ? '' : String(w.limit), '1', '1', '1'], code);
    if (code === 'PROF-RTI') assert.deepEqual(s.slice(7), ['FUN-POLICY', '2'], 'grants policy drafting at level 2');
    else assert.deepEqual(s.slice(7), ['', ''], `${code} grants nothing`);

    const draws = rows(`SELECT d.count, (SELECT COUNT(*) FROM questions q WHERE q.bank_id = d.bank_id
      AND q.status = 'active' AND (d.competency_id IS NULL OR q.competency_id = d.competency_id)
      AND (d.level IS NULL OR q.level = d.level)), b.code FROM contents c
      JOIN assessment_draws d ON d.version_id = c.published_version_id JOIN question_banks b ON b.id = d.bank_id
      WHERE c.id = ${id} ORDER BY d.seq`);
    assert.equal(draws.reduce((n, d) => n + Number(d[0]), 0), w.questions, `${code} asks ${w.questions} questions`);
    for (const [count, available, bank] of draws) {
      assert.equal(bank, 'DEMO-BANK-RTI');
      assert.ok(Number(available) >= Number(count), `${code}: a draw of ${count} from ${available}`);
    }
  }
  // Priya holds policy drafting below level 2: the proficiency test is worth her while.
  assert.equal(sql(`SELECT COALESCE(MAX(p.level), 0) FROM passport_entries p JOIN officials o ON o.id = p.official_id
    JOIN competencies k ON k.id = p.competency_id WHERE o.email = 'learner@karmayogi.demo' AND k.code = 'FUN-POLICY'
    AND p.status = 'verified'`), '1');
});

test('the course RTI in practice ends with a required final assessment and an optional practice quiz', async () => {
  const page = ok(await call('GET', `/api/v1/contents/${idOf(COURSE)}`, { token: learner }));
  assert.deepEqual([page.kind, page.status], ['course', 'published']);
  assert.equal(page.title, 'RTI in practice: from request to appeal');
  assert.ok(DEVANAGARI.test(page.title_hi));
  const last = page.modules[page.modules.length - 1];
  const quizzes = last.resources.filter((r) => r.kind === 'quiz');
  assert.deepEqual(quizzes.map((r) => [r.assessment_ref, r.required]), [['RTI-PRACTICE', false], ['RTI-FINAL', true]]);
  assert.equal(last.resources[last.resources.length - 1].assessment_ref, 'RTI-FINAL', 'the final assessment is last');
  for (const m of page.modules.slice(0, -1)) assert.ok(m.resources.every((r) => r.kind !== 'quiz'), m.title);
  assert.equal(page.duration_minutes,
    page.modules.flatMap((m) => m.resources).reduce((n, r) => n + r.duration_minutes, 0));
  assert.ok(page.competencies.some((c) => c.competency.code === 'FUN-POLICY' && c.level === 2));
});

test('the course\'s pages are already safe: the sanitiser keeps each as it is', async () => {
  const creator = (await api.login('creator@karmayogi.demo')).token;
  const pages = rows(`SELECT r.id FROM resources r JOIN course_modules m ON m.id = r.module_id
    JOIN contents c ON c.published_version_id = m.version_id WHERE c.code = '${COURSE}' AND r.kind = 'html'
    ORDER BY m.seq, r.seq`).map(([id]) => sql(`SELECT html FROM resources WHERE id = ${id}`));
  assert.equal(pages.length, 5);
  for (const html of pages) assert.ok(DEVANAGARI.test(html) && html.startsWith('<h2>'), html);
  const lbsnaa = Number(sql(`SELECT id FROM organisations WHERE code = 'LBSNAA'`));
  const made = ok(await call('POST', '/api/v1/contents', { token: creator,
    json: { provider_id: lbsnaa, kind: 'course', code: 'RTI-PAGES-CHECK', title: 'RTI pages check' } }), 201);
  const put = ok(await call('PUT', `/api/v1/contents/${made.id}/outline`, { token: creator, json: { modules: [
    { title: 'Pages', resources: pages.map((html, i) => ({ kind: 'html', title: `Page ${i + 1}`, html })) }] } }));
  put.modules[0].resources.forEach((r, i) => {
    assert.notEqual(r.sanitised, true, `page ${i + 1} lost something to the sanitiser`);
    assert.equal(r.html.replace(/\s+/g, ' ').trim(), pages[i].replace(/\s+/g, ' ').trim());
  });
});

test('the catalogue finds the course and the assessments by English and Hindi words', async () => {
  const search = async (q) => ok(await call('GET', `/api/v1/catalogue?q=${encodeURIComponent(q)}&limit=100`,
    { token: learner })).items;
  const titles = (items) => items.map((i) => i.title);
  const rti = titles(await search('RTI in practice'));
  for (const t of ['RTI in practice: from request to appeal', 'RTI in practice: final assessment',
    'RTI in practice: practice quiz']) assert.ok(rti.includes(t), `"RTI in practice" finds ${t}: ${rti}`);
  assert.ok(titles(await search('proficiency test')).includes('Proficiency test: the Right to Information Act'));
  const hindi = (await search('अंतिम मूल्यांकन')).map((i) => i.title_hi);
  assert.ok(hindi.includes('व्यवहार में सूचना का अधिकार: अंतिम मूल्यांकन'), `अंतिम मूल्यांकन: ${hindi}`);
  const kinds = (await search('RTI')).filter((i) => i.kind === 'assessment').map((i) => i.title);
  assert.equal(kinds.length, 3, `the assessments are in the catalogue: ${kinds}`);
});

test('Priya has done everything in the course but its final assessment: no certificate yet', async () => {
  const e = ok(await call('GET', `/api/v1/me/enrolments/${idOf(COURSE)}`, { token: learner }));
  assert.equal(e.status, 'in_progress');
  assert.equal(e.certificate_code, null);
  assert.ok(e.progress >= 50 && e.progress < 100, `progress ${e.progress}`);
  const resources = e.outline.flatMap((m) => m.resources);
  const left = resources.filter((r) => !r.progress || r.progress.percent < 100);
  assert.deepEqual(left.map((r) => [r.kind, r.assessment_ref, r.required]), [['quiz', 'RTI-FINAL', true]],
    'the final assessment is the one thing left');
  const practice = resources.find((r) => r.assessment_ref === 'RTI-PRACTICE');
  assert.equal(practice.progress.percent, 100, 'the practice quiz counted when she took it');

  // The course is among her learning, under way.
  const mine = ok(await call('GET', `/api/v1/me/enrolments?content_id=${idOf(COURSE)}`, { token: learner })).items;
  assert.equal(mine.length, 1);
  assert.equal(mine[0].status, 'in_progress');

  // The practice attempt she took: five questions, four right, submitted and scored.
  const [attempt] = rows(`SELECT a.id, a.number, a.status, a.score_x100, a.max_score, a.percent, a.passed,
    a.submitted_at > a.started_at FROM attempts a JOIN officials o ON o.id = a.official_id
    WHERE o.email = 'learner@karmayogi.demo' AND a.content_id = ${idOf('RTI-PRACTICE')}`);
  assert.deepEqual(attempt.slice(1), ['1', 'submitted', '400', '5', '80', '1', attempt[7]]);
  assert.ok(attempt[7] === '1' || attempt[7] === 't');
  const qs = rows(`SELECT q.kind, aq.answer, aq.score_x100 FROM attempt_questions aq JOIN questions q
    ON q.id = aq.question_id WHERE aq.attempt_id = ${attempt[0]} ORDER BY aq.seq`);
  assert.equal(qs.length, 5);
  assert.deepEqual([...new Set(qs.map((q) => q[0]))].sort(), ['fill_blank', 'multiple', 'single', 'true_false']);
  for (const [, answer] of qs) assert.ok(JSON.parse(answer), answer);
  assert.equal(sql(`SELECT COUNT(*) FROM attempts WHERE content_id = ${idOf('RTI-FINAL')}`), '0',
    'nobody has tried the final assessment yet');
});

test('her practice attempt shows in her history and its review, as the engine scored it', async () => {
  const practice = idOf('RTI-PRACTICE');
  const history = ok(await call('GET', `/api/v1/assessments/${practice}/attempts`, { token: learner }));
  assert.deepEqual([history.purpose, history.attempts_used, history.attempts_left, history.passed,
    history.best_percent], ['practice', 1, null, true, 80]);
  assert.equal(history.items.length, 1);
  const [attempt] = history.items;
  assert.equal(attempt.status, 'submitted');
  assert.deepEqual([attempt.result.score, attempt.result.max_score, attempt.result.percent, attempt.result.passed],
    [4, 5, 80, true]);
  const review = ok(await call('GET', `/api/v1/attempts/${attempt.id}/review`, { token: learner }));
  assert.equal(review.questions.length, 5);
  assert.deepEqual(review.questions.map((q) => q.correct), [true, true, true, true, false]);
  for (const q of review.questions) {
    assert.ok(q.answer, `question ${q.seq} has her answer`);
    assert.ok(q.explanation && DEVANAGARI.test(q.explanation_hi), `question ${q.seq} explains itself`);
  }
  const wrong = review.questions[4];
  assert.equal(wrong.options.find((o) => o.chosen).text, 'The Central Information Commission');
});

// The right answer to each question of an attempt, as the bank's author wrote it.
function rightAnswers(attempt) {
  return attempt.questions.map((q) => {
    if (q.kind === 'fill_blank') {
      return { question_id: q.id, text: sql(`SELECT answer FROM question_answers WHERE question_id = ${q.id} AND seq = 1`) };
    }
    const right = sql(`SELECT id FROM question_options WHERE question_id = ${q.id} AND correct = 1`).split('\n').map(Number);
    return { question_id: q.id, option_ids: right };
  });
}

test('Priya passes the final assessment through the API, and the course completes with its certificate', async () => {
  const final = ok(await call('GET', '/api/v1/assessments/by-code/RTI-FINAL', { token: learner }));
  assert.deepEqual([final.purpose, final.pass_percent, final.max_attempts, final.time_limit_minutes,
    final.question_count], ['final', 60, 3, 10, 10]);
  const attempt = ok(await call('POST', `/api/v1/assessments/${final.content_id}/attempts`, { token: learner }), 201);
  assert.equal(attempt.questions.length, 10);
  assert.ok(attempt.remaining_s > 500 && attempt.remaining_s <= 600, `${attempt.remaining_s} s left`);
  const answers = rightAnswers(attempt);
  const saved = ok(await call('PUT', `/api/v1/attempts/${attempt.id}/answers`, { token: learner, json: { answers } }));
  assert.deepEqual([saved.answered, saved.total], [10, 10]);
  const done = ok(await call('POST', `/api/v1/attempts/${attempt.id}/submit`, { token: learner }));
  assert.deepEqual([done.result.percent, done.result.passed, done.result.attempts_left], [100, true, 2]);
  const e = ok(await call('GET', `/api/v1/me/enrolments/${idOf(COURSE)}`, { token: learner }));
  assert.equal(e.status, 'completed');
  assert.equal(e.progress, 100);
  assert.match(e.certificate_code, /^[a-z2-7]{26}$/);
});

test('passing the proficiency test adds policy drafting at level 2 to her passport, verified by assessment', async () => {
  const prof = ok(await call('GET', '/api/v1/assessments/by-code/PROF-RTI', { token: learner }));
  assert.deepEqual([prof.purpose, prof.question_count, prof.time_limit_minutes], ['proficiency', 8, 15]);
  const attempt = ok(await call('POST', `/api/v1/assessments/${prof.content_id}/attempts`, { token: learner }), 201);
  const levels = rows(`SELECT k.code, q.level FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id
    JOIN competencies k ON k.id = q.competency_id WHERE aq.attempt_id = ${attempt.id}`).map((r) => r.join(':'));
  assert.deepEqual([...new Set(levels)].sort(), ['FUN-POLICY:1', 'FUN-POLICY:2'], 'it draws on policy drafting only');
  ok(await call('PUT', `/api/v1/attempts/${attempt.id}/answers`, { token: learner,
    json: { answers: rightAnswers(attempt) } }));
  const done = ok(await call('POST', `/api/v1/attempts/${attempt.id}/submit`, { token: learner }));
  assert.equal(done.result.passed, true);
  assert.equal(sql(`SELECT p.level || ':' || p.source || ':' || p.status FROM passport_entries p
    JOIN officials o ON o.id = p.official_id JOIN competencies k ON k.id = p.competency_id
    WHERE o.email = 'learner@karmayogi.demo' AND k.code = 'FUN-POLICY' ORDER BY p.level DESC, p.id DESC LIMIT 1`),
  '2:assessment:verified');
});

test('running karmayogi demo again changes nothing in banks, assessments, the course or attempts', () => {
  const tables = ['question_banks', 'questions', 'question_options', 'question_answers', 'assessment_settings',
    'assessment_draws', 'attempts', 'attempt_questions', 'contents', 'resources', 'enrolments', 'resource_progress'];
  const counts = () => tables.map((t) => `${t}=${sql(`SELECT COUNT(*) FROM ${t}`)}`);
  const before = counts();
  const out = execFileSync(BIN, ['demo', '--db', srv.dbUrl], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(out, /demo data already present/);
  assert.deepEqual(counts(), before);
});
