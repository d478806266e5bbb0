// API tests: importing and exporting question banks (module assess). A provider's creator imports a CSV or JSON
// file of questions: all of it lands, or nothing does and the report names row, column and what is wrong, as
// onboarding's does. ?dry_run=true checks and counts only. Export gives back a file the import takes: into the
// same bank it changes nothing, into another it copies the bank.
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
const { call, ok, assertProblem, walk } = api;
const t = {};
let LBSNAA;
const RUN = crypto.randomBytes(3).toString('hex').toUpperCase();

function sql(query) {
  const out = srv.pgDatabase
    ? execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-AtqX', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(srv.tmp, 'test.db'), query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

let banks = 0;
const makeBank = async () => ok(await call('POST', `/api/v1/providers/${LBSNAA}/question-banks`, { token: t.creator,
  json: { code: `IMP-${RUN}-${++banks}`, title: `Import ${banks}` } }), 201);
const importCsv = (bank, body, query = '', token = t.creator) => call('POST', `/api/v1/question-banks/${bank}/import${query}`,
  { token, body, headers: { 'content-type': 'text/csv' } });
const importJson = (bank, json, query = '', token = t.creator) => call('POST', `/api/v1/question-banks/${bank}/import${query}`,
  { token, json });
const questions = async (bank) => (await walk(`/api/v1/question-banks/${bank}/questions`, t.creator, 500)).items;
const count = async (bank) => ok(await call('GET', `/api/v1/question-banks/${bank}`, { token: t.creator })).question_count;

// The report's errors as [row, column, message] for compact assertions.
const reportOf = (r) => {
  const p = assertProblem(r, 422, 'import_rejected');
  assert.equal(p.report.errors_total, p.report.errors.length);
  return p.report.errors.map((e) => [e.row, e.column, e.message]);
};
const hasError = (errors, row, column, pattern) => assert.ok(
  errors.some(([r, c, m]) => r === row && c === column && pattern.test(m)),
  `no error at row ${row}, ${column} matching ${pattern}: ${JSON.stringify(errors)}`);

const HEADER = 'kind,text,text_hi,explanation,competency_code,level,points,correct,answers,option_1,option_1_hi,option_2,option_2_hi,option_3';
const GOOD_CSV = [
  HEADER,
  'single,Within how many days must a PIO answer?,लोक सूचना अधिकारी कितने दिनों में उत्तर दे?,Section 7(1).,BEH-CITIZEN,2,2,2,,15 days,15 दिन,30 days,30 दिन,45 days',
  'multiple,"Which are exempt under Section 8, of the RTI Act?",,,BEH-CITIZEN,3,,1;3,,Cabinet papers,,Budget speech,,"Foreign information, in confidence"',
  'true_false,A PIO may ask why information is wanted.,लोक सूचना अधिकारी पूछ सकता है कि सूचना क्यों चाहिए।,"No: Section 6(2).",FUN-PROCUREMENT,,,false,,,,,,',
  'fill_blank,The lower house of Parliament is the ____.,संसद का निचला सदन ____ है।,,,,,,Lok Sabha|लोक सभा| House of the People ,,,,,',
].join('\r\n') + '\r\n';

before(async () => {
  srv = await startServer();
  for (const who of ['creator', 'reviewer', 'learner', 'istm.faculty', 'spv.admin']) {
    t[who] = (await api.login(`${who}@karmayogi.demo`)).token;
  }
  LBSNAA = await api.orgId('LBSNAA', t['spv.admin']);
});
after(async () => { if (srv) await srv.stop(); });

test('a CSV file of all four kinds imports whole: counts, questions as written, tags, one audit entry', async () => {
  const bank = await makeBank();
  const r = ok(await importCsv(bank.id, GOOD_CSV));
  assert.deepEqual([r.dry_run, r.rows, r.created, r.updated, r.unchanged], [false, 4, 4, 0, 0]);
  assert.deepEqual(r.items.map((i) => [i.row, i.action]), [[1, 'create'], [2, 'create'], [3, 'create'], [4, 'create']]);
  const qs = await questions(bank.id);
  assert.deepEqual(qs.map((q) => q.id), r.items.map((i) => i.question_id));
  const [s, m, tf, fb] = qs;
  assert.deepEqual([s.kind, s.level, s.points, s.competency.code], ['single', 2, 2, 'BEH-CITIZEN']);
  assert.equal(s.text_hi, 'लोक सूचना अधिकारी कितने दिनों में उत्तर दे?');
  assert.deepEqual(s.options.map((o) => [o.text, o.text_hi, o.correct]),
    [['15 days', '15 दिन', false], ['30 days', '30 दिन', true], ['45 days', null, false]]);
  assert.equal(m.text, 'Which are exempt under Section 8, of the RTI Act?');
  assert.deepEqual(m.options.map((o) => o.correct), [true, false, true]);
  assert.equal(m.options[2].text, 'Foreign information, in confidence');
  assert.deepEqual([tf.correct, tf.explanation, tf.level], [false, 'No: Section 6(2).', null]);
  assert.deepEqual(fb.answers, ['Lok Sabha', 'लोक सभा', 'House of the People']);
  const b = ok(await call('GET', `/api/v1/question-banks/${bank.id}`, { token: t.creator }));
  assert.equal(b.question_count, 4);
  assert.deepEqual(b.tags.map((x) => [x.competency_code, x.level, x.count]),
    [['BEH-CITIZEN', 2, 1], ['BEH-CITIZEN', 3, 1], ['FUN-PROCUREMENT', null, 1]]);
  const audit = sql(`SELECT after_json FROM audit_log WHERE action = 'question_bank.import' AND object_id = '${bank.id}'`);
  assert.equal(audit.length, 1);
  assert.deepEqual(JSON.parse(audit[0][0]), { dry_run: false, rows: 4, created: 4, updated: 0, unchanged: 0, format: 'csv' });
});

test('?dry_run=true checks and counts but writes nothing', async () => {
  const bank = await makeBank();
  const r = ok(await importCsv(bank.id, GOOD_CSV, '?dry_run=true'));
  assert.deepEqual([r.dry_run, r.rows, r.created], [true, 4, 4]);
  assert.ok(r.items.every((i) => i.question_id === null));
  assert.equal(await count(bank.id), 0);
  assert.deepEqual(sql(`SELECT count(*) FROM audit_log WHERE action = 'question_bank.import' AND object_id = '${bank.id}'`), [['0']]);
  reportOf(await importCsv(bank.id, `${HEADER}\nsingle,x,,,,,,,,a,,b,,\n`, '?dry_run=true'));
  assertProblem(await importCsv(bank.id, GOOD_CSV, '?dry_run=maybe'), 422, 'validation_failed');
});

test('a file with bad rows changes nothing; the report names row, column and what is wrong', async () => {
  const bank = await makeBank();
  ok(await importCsv(bank.id, GOOD_CSV));
  const bad = [
    HEADER,
    'single,No correct option,,,,,,,,Yes,,No,,', // 1
    'single,Two correct options,,,,,,1;2,,Yes,,No,,', // 2
    'single,Unknown competency,,,NO-SUCH-COMP,2,,1,,Yes,,No,,', // 3
    'single,Level outside,,,BEH-CITIZEN,7,,1,,Yes,,No,,', // 4
    'single,,,,,,,1,,Yes,,No,,', // 5: empty text
    'multiple,No correct at all,,,,,,,,A,,B,,C', // 6
    'single,Option number 4 of 3,,,,,,4,,A,,B,,C', // 7
    'true_false,Maybe,,,,,,perhaps,,,,,,', // 8
    'fill_blank,Blank without answers,,,,,,,,,,,,', // 9
    'essay,Write an essay,,,,,,,,,,,,', // 10
    'single,Level not a number,,,BEH-CITIZEN,two,,1,,Yes,,No,,', // 11
    'single,Points too many,,,,,500,1,,Yes,,No,,', // 12
    'single,Only one option,,,,,,1,,Yes,,,,', // 13
    'single,Within how many days must a PIO answer?,,,,,,1,,A,,B,,', // 14: fine
    'single,within how many days  must a PIO answer?,,,,,,1,,A,,B,,', // 15: the same question as row 14
    'single,Level without competency,,,,3,,1,,Yes,,No,,', // 16
    'single,Too few fields', // 17
  ].join('\n');
  const errors = reportOf(await importCsv(bank.id, bad));
  hasError(errors, 1, 'correct', /exactly one correct option \(none is marked\)/);
  hasError(errors, 2, 'correct', /exactly one correct option \(2 are marked\)/);
  hasError(errors, 3, 'competency_code', /NO-SUCH-COMP is not the code of an active competency/);
  hasError(errors, 4, 'level', /1 to 5/);
  hasError(errors, 5, 'text', /required/);
  hasError(errors, 6, 'correct', /at least one correct option/);
  hasError(errors, 7, 'correct', /4 is not the number of an option here \(1 to 3\)/);
  hasError(errors, 8, 'correct', /true or false/);
  hasError(errors, 9, 'answers', /1 to 20 accepted answers/);
  hasError(errors, 10, 'kind', /single, multiple, true_false or fill_blank/);
  hasError(errors, 11, 'level', /whole number from 1 to 5/);
  hasError(errors, 12, 'points', /1 to 100/);
  hasError(errors, 13, 'options', /2 to 10 options/);
  hasError(errors, 15, 'text', /same question as row 14/);
  hasError(errors, 16, 'level', /needs a competency_code/);
  hasError(errors, 17, null, /The row has 2 fields; the header has 14/);
  assert.ok(!errors.some(([row]) => row === 14), 'row 14 is fine');
  const rows = errors.map(([row]) => row);
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b), 'errors come in row order');
  const p = assertProblem(await importCsv(bank.id, bad), 422);
  assert.equal(p.report.rows, 17);
  assert.match(p.detail, /errors in 16 rows; nothing was changed/);
  assert.equal(await count(bank.id), 4, 'nothing was written');
  // One error alone is said in the detail itself.
  const one = assertProblem(await importCsv(bank.id, `${HEADER}\nsingle,Two marked,,,,,,1;2,,Yes,,No,,\n`), 422);
  assert.equal(one.detail, 'Row 1, correct: a single-choice question needs exactly one correct option (2 are marked). Nothing was changed.');
});

test('whole-file problems are row 0: empty, header only, not UTF-8, not CSV, unknown or missing columns, broken quotes', async () => {
  const bank = await makeBank();
  hasError(reportOf(await importCsv(bank.id, '')), 0, null, /The file is empty/);
  hasError(reportOf(await importCsv(bank.id, ' \r\n\n')), 0, null, /The file is empty/);
  hasError(reportOf(await importCsv(bank.id, `${HEADER}\n`)), 0, null, /header row but no questions/);
  // ISO-8859-1 bytes (é as 0xE9) instead of UTF-8: the report names the column
  const latin1 = Buffer.concat([Buffer.from('kind,text,correct,option_1,option_2\nsingle,Caf'), Buffer.from([0xe9]),
    Buffer.from(' or tea?,1,Yes,No\n')]);
  const errors = reportOf(await importCsv(bank.id, latin1));
  hasError(errors, 1, 'text', /not valid UTF-8/);
  hasError(reportOf(await importCsv(bank.id, Buffer.from([0xff, 0xfe, 0x6b, 0x00, 0x69, 0x00]))), 0, null, /NUL bytes/);
  hasError(reportOf(await importCsv(bank.id, '{"questions": []}')), 0, null, /looks like JSON/);
  hasError(reportOf(await importCsv(bank.id, Buffer.from('PK\x03\x04rest'))), 0, null, /Excel workbook/);
  const cols = reportOf(await importCsv(bank.id, 'kind,question,option_11\nsingle,x,y\n'));
  hasError(cols, 0, null, /question is not a known column/);
  hasError(cols, 0, null, /option_11 is not a known column/);
  hasError(cols, 0, 'text', /required column and is missing/);
  hasError(reportOf(await importCsv(bank.id, 'kind,text,kind\nsingle,x,single\n')), 0, 'kind', /appears twice/);
  hasError(reportOf(await importCsv(bank.id, 'kind,text\nsingle,"unclosed\n')), 1, null, /quote is out of place or not closed/);
  assert.equal(await count(bank.id), 0);
});

test('CSV as spreadsheets write it: BOM, header names in any case and order, quoted commas and line breaks, blank lines', async () => {
  const bank = await makeBank();
  const csv = '\uFEFFOption 2,Option 1,Correct,Text,KIND,Points\r\n'
    + '"Two, with a comma",One,2,"Line one\nline two",single,3\r\n'
    + ',,,,,\r\n\r\n'
    + '-5 degrees,+5 degrees,1,Which is warmer?,single,\r\n';
  const r = ok(await importCsv(bank.id, csv));
  assert.equal(r.created, 2);
  const [a, b] = await questions(bank.id);
  assert.deepEqual([a.text, a.points, a.options.map((o) => o.text)], ['Line one\nline two', 3, ['One', 'Two, with a comma']]);
  assert.deepEqual(b.options.map((o) => [o.text, o.correct]), [['+5 degrees', true], ['-5 degrees', false]]);
});

test('415 for a file that is neither CSV nor JSON; 400 for broken JSON; who may import', async () => {
  const bank = await makeBank();
  const post = (headers, body) => call('POST', `/api/v1/question-banks/${bank.id}/import`, { token: t.creator, headers, body });
  assertProblem(await post({ 'content-type': 'text/plain' }, 'kind,text\n'), 415, 'unsupported_media_type');
  assertProblem(await post({ 'content-type': 'application/pdf' }, '%PDF-1.4'), 415);
  assertProblem(await post({}, 'kind,text\n'), 415);
  assertProblem(await post({ 'content-type': 'application/json' }, '{"questions": ['), 400);
  assertProblem(await post({ 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), 400);
  ok(await post({ 'content-type': 'application/vnd.ms-excel' }, GOOD_CSV)); // what browsers on Windows call .csv
  assertProblem(await importCsv(bank.id, GOOD_CSV, '', t.reviewer), 403);
  assertProblem(await importCsv(bank.id, GOOD_CSV, '', t['istm.faculty']), 403);
  assertProblem(await importCsv(bank.id, GOOD_CSV, '', t.learner), 404);
  assertProblem(await importCsv(99999999, GOOD_CSV), 404);
  assert.equal(await count(bank.id), 4);
});

test('a JSON file imports the same way; its errors name the field as the API does', async () => {
  const bank = await makeBank();
  const good = { questions: [
    { kind: 'single', text: 'Who appoints the CIC?', competency_code: 'BEH-CITIZEN', level: 1,
      options: [{ text: 'The President', text_hi: 'राष्ट्रपति', correct: true }, { text: 'The Speaker', correct: false }] },
    { kind: 'true_false', text: 'RTI applies to private companies.', correct: false },
    { kind: 'fill_blank', text: 'The RTI Act was passed in ____.', answers: ['2005'] },
  ] };
  const r = ok(await importJson(bank.id, good));
  assert.deepEqual([r.rows, r.created], [3, 3]);
  assert.equal((await questions(bank.id))[0].options[0].text_hi, 'राष्ट्रपति');
  const bad = { questions: [
    { kind: 'single', text: 'No correct', options: [{ text: 'A', correct: false }, { text: 'B', correct: false }] },
    { kind: 'single', text: 'Two correct', options: [{ text: 'A', correct: true }, { text: 'B', correct: true }] },
    { kind: 'single', text: 'Too many', options: Array.from({ length: 11 }, (_, i) => ({ text: `O${i}`, correct: i === 0 })) },
    { kind: 'single', text: 'Unknown code', competency_code: 'NOPE', options: [{ text: 'A', correct: true }, { text: 'B', correct: false }] },
    { kind: 'single', text: 'Ids differ', competency_id: 1, options: [{ text: 'A', correct: true }, { text: 'B', correct: false }] },
    { kind: 'multiple', text: '', options: [{ text: 'A', correct: true }, { text: '', correct: false }] },
    'not an object',
    { kind: 'fill_blank', text: 'Level 9', answers: ['x'], competency_code: 'BEH-CITIZEN', level: 9 },
  ] };
  const errors = reportOf(await importJson(bank.id, bad));
  hasError(errors, 1, 'options', /none is marked/);
  hasError(errors, 2, 'options', /\(2 are marked\)/);
  hasError(errors, 3, 'options', /2 to 10 options/);
  hasError(errors, 4, 'competency_code', /NOPE is not the code of an active competency/);
  hasError(errors, 5, 'competency_id', /name the competency by competency_code/);
  hasError(errors, 6, 'text', /empty/);
  hasError(errors, 6, 'options[1].text', /empty/);
  hasError(errors, 7, null, /must be a JSON object/);
  hasError(errors, 8, 'level', /1 to 5/);
  hasError(reportOf(await importJson(bank.id, { questions: [] })), 0, null, /no questions/);
  hasError(reportOf(await importJson(bank.id, [good.questions[0]])), 0, null, /JSON object with a list of questions/);
  hasError(reportOf(await importJson(bank.id, { ...good, extra: 1 })), 0, 'extra', /not a member/);
  assert.equal(await count(bank.id), 3);
});

test('export gives back what the import takes: the same bank is unchanged, another bank gets a copy, an edit updates', async () => {
  const bank = await makeBank();
  ok(await importCsv(bank.id, GOOD_CSV));
  ok(await importJson(bank.id, { questions: [
    { kind: 'single', text: '=SUM(A1) is a formula?', options: [{ text: '-1', correct: true }, { text: '@home', correct: false }] }] }));
  for (const format of ['csv', 'json']) {
    const r = await call('GET', `/api/v1/question-banks/${bank.id}/export?format=${format}`, { token: t.reviewer });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="${bank.code}\\.${format}"`));
    const body = r.text;
    const again = format === 'csv' ? ok(await importCsv(bank.id, body)) : ok(await importJson(bank.id, JSON.parse(body)));
    assert.deepEqual([again.rows, again.created, again.updated, again.unchanged], [5, 0, 0, 5], `${format}: ${JSON.stringify(again)}`);
    const copy = await makeBank();
    const made = format === 'csv' ? ok(await importCsv(copy.id, body)) : ok(await importJson(copy.id, JSON.parse(body)));
    assert.equal(made.created, 5);
    const strip = (qs) => qs.map(({ id, bank_id, created_at, updated_at, options, ...q }) =>
      ({ ...q, options: options.map(({ id: _, ...o }) => o) }));
    assert.deepEqual(strip(await questions(copy.id)), strip(await questions(bank.id)), format);
  }
  const json = JSON.parse((await call('GET', `/api/v1/question-banks/${bank.id}/export?format=json`, { token: t.creator })).text);
  assert.deepEqual(json.bank, { code: bank.code, title: bank.title, title_hi: null });
  assert.deepEqual(Object.keys(json.questions[2]).sort(), ['competency_code', 'correct', 'explanation', 'kind', 'points', 'text', 'text_hi']);
  json.questions[0].points = 5;
  json.questions[0].options[0].correct = true;
  json.questions[0].options[1].correct = false;
  const changed = ok(await importJson(bank.id, json));
  assert.deepEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 4]);
  const first = (await questions(bank.id))[0];
  assert.deepEqual([first.points, first.options[0].correct], [5, true]);
  const csv = (await call('GET', `/api/v1/question-banks/${bank.id}/export?format=csv`, { token: t.creator })).text;
  assert.ok(csv.replace(/^\uFEFF/, '').startsWith('kind,text,text_hi,explanation,explanation_hi,competency_code,level,points,correct,answers,option_1,option_1_hi'));
  assert.match(csv, /Lok Sabha\|लोक सभा\|House of the People/);
  assertProblem(await call('GET', `/api/v1/question-banks/${bank.id}/export?format=xml`, { token: t.creator }), 422);
  assertProblem(await call('GET', `/api/v1/question-banks/${bank.id}/export`, { token: t.learner }), 404);
});

const QTI_NS = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"';
const choiceItem = (id, { cardinality = 'single', correct = ['B'], choices = ['15 days', '30 days', '45 days'], prompt = 'Within how many days must a PIO answer an RTI request?', extra = '' } = {}) => `
<assessmentItem ${QTI_NS} identifier="${id}" title="${id}" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="${cardinality}" baseType="identifier">
    ${correct.length ? `<correctResponse>${correct.map((c) => `<value>${c}</value>`).join('')}</correctResponse>` : ''}
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="${cardinality === 'single' ? 1 : 0}">
      <prompt>${prompt}</prompt>
      ${choices.map((c, i) => `<simpleChoice identifier="${String.fromCharCode(65 + i)}">${c}</simpleChoice>`).join('\n      ')}
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
  ${extra}
</assessmentItem>`;
const BLANK_ITEM = `
<assessmentItem ${QTI_NS} identifier="lok-sabha" title="Lok Sabha" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
    <correctResponse><value>Lok Sabha</value></correctResponse>
    <mapping defaultValue="0">
      <mapEntry mapKey="Lok Sabha" mappedValue="1"/>
      <mapEntry mapKey="लोक सभा" mappedValue="1"/>
      <mapEntry mapKey="Rajya Sabha" mappedValue="0"/>
    </mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>3</value></defaultValue></outcomeDeclaration>
  <itemBody>
    <p>The lower house of <em>Parliament</em> is the <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="15"/>.</p>
  </itemBody>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="fb" showHide="show">Article 81 of the Constitution.</modalFeedback>
</assessmentItem>`;
const importXml = (bank, xml, query = '') => call('POST', `/api/v1/question-banks/${bank}/import${query}`,
  { token: t.creator, body: xml, headers: { 'content-type': 'application/xml' } });

test('QTI 2.1 items import: choice by cardinality, True/False choices, text entry with its mapping, feedback as explanation', async () => {
  const bank = await makeBank();
  const one = ok(await importXml(bank.id, `<?xml version="1.0" encoding="UTF-8"?>${choiceItem('rti-days', {
    extra: '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="f" showHide="show">Section 7(1): thirty days.</modalFeedback>' })}`));
  assert.deepEqual([one.rows, one.created], [1, 1]);
  const doc = `<?xml version="1.0" encoding="UTF-8"?><items>
    ${choiceItem('exempt', { cardinality: 'multiple', correct: ['A', 'C'], prompt: 'Which are exempt under Section 8?', choices: ['Cabinet papers', 'Budget speech', 'Foreign confidences'] })}
    ${choiceItem('why', { correct: ['B'], prompt: 'A PIO may ask why information is wanted.', choices: ['True', 'False'] })}
    ${BLANK_ITEM}
  </items>`;
  const many = ok(await importXml(bank.id, doc));
  assert.deepEqual([many.rows, many.created], [3, 3]);
  const [s, m, tf, fb] = await questions(bank.id);
  assert.deepEqual([s.kind, s.text, s.explanation, s.points], ['single', 'Within how many days must a PIO answer an RTI request?', 'Section 7(1): thirty days.', 1]);
  assert.deepEqual(s.options.map((o) => [o.text, o.correct]), [['15 days', false], ['30 days', true], ['45 days', false]]);
  assert.deepEqual([m.kind, m.options.map((o) => o.correct)], ['multiple', [true, false, true]]);
  assert.deepEqual([tf.kind, tf.correct], ['true_false', false]);
  assert.deepEqual([fb.kind, fb.text, fb.answers, fb.points, fb.explanation],
    ['fill_blank', 'The lower house of Parliament is the ____.', ['Lok Sabha', 'लोक सभा'], 3, 'Article 81 of the Constitution.']);
  // the same file again is the same questions: nothing changes
  const again = ok(await importXml(bank.id, doc));
  assert.deepEqual([again.created, again.unchanged], [0, 3]);
  assert.equal(sql(`SELECT after_json FROM audit_log WHERE action = 'question_bank.import' AND object_id = '${bank.id}' ORDER BY id`)
    .map((r) => JSON.parse(r[0]).format).join(), 'qti,qti,qti');
});

test('bad QTI is reported per item, and a file that is not QTI as row 0; entities bring nothing in', async () => {
  const bank = await makeBank();
  const doc = `<items>
    ${choiceItem('none', { correct: [] })}
    ${choiceItem('two', { correct: ['A', 'B'] })}
    <assessmentItem ${QTI_NS} identifier="essay"><itemBody><extendedTextInteraction responseIdentifier="R"/></itemBody></assessmentItem>
    <assessmentItem ${QTI_NS} identifier="empty"><itemBody><p>Nothing to answer</p></itemBody></assessmentItem>
    ${choiceItem('one-choice', { choices: ['Only'], correct: ['A'] })}
  </items>`;
  const errors = reportOf(await importXml(bank.id, doc));
  hasError(errors, 1, 'options', /none is marked/);
  hasError(errors, 2, 'options', /\(2 are marked\)/);
  hasError(errors, 3, null, /essay uses extendedTextInteraction; the import takes choiceInteraction/);
  hasError(errors, 4, null, /empty has no interaction/);
  hasError(errors, 5, 'options', /2 to 10 options/);
  hasError(reportOf(await importXml(bank.id, '<assessmentItem><itemBody>')), 0, null, /not well-formed XML \(line 1/);
  hasError(reportOf(await importXml(bank.id, '')), 0, null, /not well-formed XML: it is empty/);
  hasError(reportOf(await importXml(bank.id, '<html><body>Hello</body></html>')), 0, null, /no QTI 2.1 assessmentItem/);
  const xxe = `<?xml version="1.0"?><!DOCTYPE assessmentItem [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    ${choiceItem('xxe', { prompt: 'Leak &secret; here?' }).replace(/^\s*/, '')}`;
  ok(await importXml(bank.id, xxe));
  const [q] = await questions(bank.id);
  assert.equal(q.text, 'Leak here?');
  // entities that multiply (a billion laughs) are refused by the parser, not expanded
  const laughs = `<?xml version="1.0"?><!DOCTYPE assessmentItem [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
    ${choiceItem('laughs', { prompt: 'Laugh &c; here?' }).replace(/^\s*/, '')}`;
  hasError(reportOf(await importXml(bank.id, laughs)), 0, null, /not well-formed XML \(line \d+: Detected an entity reference loop\)/);
  assert.equal(await count(bank.id), 1);
});
