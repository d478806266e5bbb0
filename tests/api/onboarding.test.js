// API tests: e-HRMS onboarding. An MDO admin uploads a CSV (or the same as JSON) of officials: every row
// is checked, and either all land in one transaction (each new official invited through the outbox) or
// none does and the uploader gets a per-row report, on screen and as CSV. Re-uploading changes nothing; a
// known employee code under another organisation is a transfer. Every bad input has its test here.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');

const PASSWORD = 'Karmayogi@2026';
const HEADER = 'employee_code,name,name_hi,email,mobile,designation,group,service,pay_level,date_of_joining,language,org_code';

let srv;
let spv; let mdo; let learner;
const org = {}; // code -> id

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  for (const code of ['MOR', 'RB', 'NR', 'NR-DLI', 'WR', 'DOP', 'DOP-DL']) org[code] = await orgId(code);
});
after(async () => { if (srv) await srv.stop(); });

async function call(method, urlPath, { token, json, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['content-type'] = h['content-type'] || 'application/json';
  }
  const res = await fetch(srv.url + urlPath, { method, headers: h, body });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

async function login(email) {
  const r = await call('POST', '/api/v1/auth/login', { json: { email, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return r.data.token;
}

async function orgId(code) {
  const r = await call('GET', `/api/v1/orgs?q=${encodeURIComponent(code)}&limit=500`, { token: spv });
  assert.equal(r.status, 200, r.text);
  const hit = r.data.items.find((o) => o.code === code);
  assert.ok(hit, `no organisation with code ${code}`);
  return hit.id;
}

const uploadCsv = (orgCode, csv, token = mdo, type = 'text/csv') =>
  call('POST', `/api/v1/orgs/${org[orgCode]}/onboarding`, { token, body: csv, headers: { 'content-type': type } });

// Reads the database behind the server directly, the way an auditor would (sqlite3 or psql CLI).
const sql = (query) => sqlText(srv, query);
const count = (query) => Number(sql(query));
const officials = () => count('SELECT COUNT(*) FROM officials');

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.data.type, `/problems/${code}`);
  assert.equal(r.data.status, status);
  assert.equal(r.data.code, code);
  assert.equal(typeof r.data.detail, 'string');
  return r.data;
}

// A 422 onboarding_rejected with its report; returns the errors.
function rejected(r, rows) {
  const p = assertProblem(r, 422, 'onboarding_rejected');
  assert.ok(Number.isInteger(p.run_id), 'a rejected run is recorded too');
  assert.equal(p.report.rows, rows, 'rows counted');
  assert.ok(Array.isArray(p.report.errors));
  for (const e of p.report.errors) {
    assert.ok(Number.isInteger(e.row) && e.row >= 0, `row of ${JSON.stringify(e)}`);
    assert.ok(e.column === null || typeof e.column === 'string');
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
  }
  return p.report.errors;
}

function hasError(errors, row, column, pattern) {
  const hit = errors.find((e) => e.row === row && e.column === column && (!pattern || pattern.test(e.message)));
  assert.ok(hit, `no error at row ${row}, column ${column}${pattern ? ` matching ${pattern}` : ''} in\n` +
    JSON.stringify(errors, null, 1));
}

function succeeded(r) {
  assert.equal(r.status, 200, r.text);
  for (const k of ['run_id', 'rows', 'created', 'updated', 'unchanged', 'transferred']) {
    assert.ok(Number.isInteger(r.data[k]), `${k} is a whole number`);
  }
  assert.equal(r.data.rows, r.data.created + r.data.updated + r.data.unchanged + r.data.transferred);
  return r.data;
}

function row(o) {
  const cols = HEADER.split(',');
  return cols.map((c) => (o[c] === undefined ? '' : String(o[c]))).join(',');
}

test('an MDO admin onboards a CSV: officials created without passwords, each invited, the run recorded and audited', async () => {
  const before = officials();
  const csv = [HEADER,
    row({ employee_code: 'T1/001', name: 'Asha Rani', name_hi: 'आशा रानी', email: 'Asha.Rani@NR.gov.in', mobile: '+91 98765 43210',
      designation: 'SM', group: 'C', service: 'Indian Railway Traffic Service', pay_level: 6, date_of_joining: '2019-04-01',
      language: 'hi', org_code: 'NR' }),
    row({ employee_code: 'T1/002', name: 'Vikram Joshi', email: 'vikram.joshi@nr.gov.in', designation: 'UDC', org_code: 'NR-DLI' }),
    row({ employee_code: 'T1/003', name: 'Meera Iyer', email: 'meera.iyer@rb.gov.in' }),
  ].join('\n') + '\n';
  const s = succeeded(await uploadCsv('MOR', csv));
  assert.deepEqual({ rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, transferred: s.transferred },
    { rows: 3, created: 3, updated: 0, unchanged: 0, transferred: 0 });
  assert.equal(officials(), before + 3);

  const asha = sql("SELECT o.email, o.name_hi, o.mobile, o.designation, o.grp, o.pay_level, o.date_of_joining, o.language, " +
    "o.status, g.code, o.password_hash IS NULL FROM officials o JOIN organisations g ON g.id = o.org_id WHERE o.employee_code = 'T1/001'");
  assert.equal(asha, 'asha.rani@nr.gov.in|आशा रानी|9876543210|SM|C|6|2019-04-01|hi|active|NR|' + (srv.pgDatabase ? 't' : '1'));
  assert.equal(sql("SELECT g.code FROM officials o JOIN organisations g ON g.id = o.org_id WHERE o.employee_code = 'T1/003'"), 'MOR',
    'without org_code an official joins the organisation of the upload');
  assert.equal(sql("SELECT language FROM officials WHERE employee_code = 'T1/002'"), 'en', 'language defaults to en');

  assert.equal(count("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation' AND to_email IN " +
    "('asha.rani@nr.gov.in', 'vikram.joshi@nr.gov.in', 'meera.iyer@rb.gov.in')"), 3, 'one invitation per new official');
  assert.equal(count("SELECT COUNT(*) FROM activation_tokens t JOIN officials o ON o.id = t.official_id " +
    "WHERE o.employee_code LIKE 'T1/%' AND t.used_at IS NULL"), 3, 'one live activation token each');

  const runRow = sql(`SELECT org_id, format, rows_total, rows_created, errors FROM onboarding_runs WHERE id = ${s.run_id}`);
  assert.equal(runRow, `${org.MOR}|csv|3|3|0`);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'onboarding.run' AND object_id = '${s.run_id}'`), 1,
    'one audit entry for the run, not one per official');

  const got = await call('GET', `/api/v1/onboarding/${s.run_id}`, { token: mdo });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.data.status, 'done');
  assert.equal(got.data.created, 3);
  assert.equal(got.data.org_id, org.MOR);
});

test('quoted fields with commas, line breaks and doubled quotes are accepted and stored as written', async () => {
  const csv = 'employee_code,name,email,service\r\n' +
    '"Q/1","Kumar, Ravi ""Ravi""",ravi.q1@nr.gov.in,"Indian Railway\r\nTraffic Service, Group C"\r\n' +
    'Q/2,  Padded Name  ,q2@nr.gov.in,"  kept inside quotes  "\r\n';
  const s = succeeded(await uploadCsv('NR', csv));
  assert.equal(s.created, 2);
  assert.equal(sql("SELECT name_en FROM officials WHERE employee_code = 'Q/1'"), 'Kumar, Ravi "Ravi"');
  assert.equal(sql("SELECT service FROM officials WHERE employee_code = 'Q/1'"), 'Indian Railway\r\nTraffic Service, Group C');
  assert.equal(sql("SELECT name_en FROM officials WHERE employee_code = 'Q/2'"), 'Padded Name', 'spaces around a value are trimmed');
});

test('a header with a byte order mark, columns in any order and names in any case is read', async () => {
  const csv = '\uFEFFEmail,Employee Code,NAME\nbom1@nr.gov.in,BOM/1,Byte Order\n';
  const s = succeeded(await uploadCsv('NR', csv));
  assert.equal(s.created, 1);
  assert.equal(sql("SELECT email FROM officials WHERE employee_code = 'BOM/1'"), 'bom1@nr.gov.in');
});

test('re-uploading the same file changes nothing: every row unchanged, no write, no new invitation', async () => {
  const csv = [HEADER,
    row({ employee_code: 'R/1', name: 'Rohit Das', name_hi: 'रोहित दास', email: 'rohit.das@wr.gov.in', mobile: '9811122233',
      designation: 'ASO', group: 'B', service: 'CSS', pay_level: 7, date_of_joining: '2012-12-31', language: 'en', org_code: 'WR' }),
    row({ employee_code: 'R/2', name: 'Pooja Rao', email: 'pooja.rao@wr.gov.in', org_code: 'WR' }),
  ].join('\n');
  assert.equal(succeeded(await uploadCsv('MOR', csv)).created, 2);
  const stamp = sql("SELECT updated_at FROM officials WHERE employee_code IN ('R/1', 'R/2') ORDER BY employee_code");
  const outbox = count('SELECT COUNT(*) FROM outbox');
  const history = count('SELECT COUNT(*) FROM official_history');
  const again = succeeded(await uploadCsv('MOR', csv));
  assert.deepEqual([again.created, again.updated, again.unchanged, again.transferred], [0, 0, 2, 0]);
  assert.equal(sql("SELECT updated_at FROM officials WHERE employee_code IN ('R/1', 'R/2') ORDER BY employee_code"), stamp);
  assert.equal(count('SELECT COUNT(*) FROM outbox'), outbox);
  assert.equal(count('SELECT COUNT(*) FROM official_history'), history);
  // The same file as JSON is the same data: unchanged too.
  const json = await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, json: { officials: [
    { employee_code: 'R/1', name: 'Rohit Das', name_hi: 'रोहित दास', email: 'rohit.das@wr.gov.in', mobile: '9811122233',
      designation: 'ASO', group: 'B', service: 'CSS', pay_level: 7, date_of_joining: '2012-12-31', language: 'en', org_code: 'WR' },
    { employee_code: 'R/2', name: 'Pooja Rao', name_hi: null, email: 'pooja.rao@wr.gov.in', mobile: null, designation: null, group: null,
      service: null, pay_level: null, date_of_joining: null, language: null, org_code: 'WR' },
  ] } });
  assert.equal(succeeded(json).unchanged, 2);
});

test('changed fields update; designation and status changes go to history; a new organisation is a transfer', async () => {
  const first = 'employee_code,name,email,designation,status,org_code\n' +
    'H/1,Sanjay Verma,sanjay.verma@nr.gov.in,SM,active,NR\n' +
    'H/2,Neha Gupta,neha.gupta@nr.gov.in,UDC,active,NR\n' +
    'H/3,Amit Singh,amit.singh@nr.gov.in,MTS,active,NR\n' +
    'H/4,Deepa Mishra,deepa.mishra@nr.gov.in,SO,active,NR\n';
  assert.equal(succeeded(await uploadCsv('MOR', first)).created, 4);
  const second = 'employee_code,name,email,designation,status,org_code\n' +
    'H/1,Sanjay Verma,sanjay.verma@nr.gov.in,SM,active,WR\n' + // transfer NR -> WR
    'H/2,Neha Gupta,neha.g@nr.gov.in,SO,suspended,NR\n' + // email, promotion, status
    'H/3,Amit Singh,amit.singh@nr.gov.in,MTS,active,NR\n' + // unchanged
    'H/4,Deepa Mishra Rao,deepa.mishra@nr.gov.in,SO,active,NR\n'; // a new name only: no history
  const historyBefore = count('SELECT COUNT(*) FROM official_history');
  const s = succeeded(await uploadCsv('MOR', second));
  assert.deepEqual([s.created, s.updated, s.unchanged, s.transferred], [0, 2, 1, 1]);
  assert.equal(sql("SELECT name_en FROM officials WHERE employee_code = 'H/4'"), 'Deepa Mishra Rao');
  assert.equal(count('SELECT COUNT(*) FROM official_history'), historyBefore + 3, 'org, designation, status');

  const id1 = sql("SELECT id FROM officials WHERE employee_code = 'H/1'");
  assert.equal(sql(`SELECT field || '|' || old_value || '|' || new_value || '|' || source FROM official_history WHERE official_id = ${id1}`),
    `org|${org.NR}|${org.WR}|onboarding`);
  assert.equal(sql(`SELECT g.code FROM officials o JOIN organisations g ON g.id = o.org_id WHERE o.id = ${id1}`), 'WR');
  const id2 = sql("SELECT id FROM officials WHERE employee_code = 'H/2'");
  assert.equal(sql(`SELECT field || ':' || old_value || '>' || new_value FROM official_history WHERE official_id = ${id2} ORDER BY field`),
    'designation:UDC>SO\nstatus:active>suspended');
  assert.equal(sql(`SELECT email FROM officials WHERE id = ${id2}`), 'neha.g@nr.gov.in');

  // The official's own page shows the transfer, as the staff screens read it.
  const page = await call('GET', `/api/v1/officials/${id1}`, { token: mdo });
  if (page.status === 200 && Array.isArray(page.data.history)) {
    assert.ok(page.data.history.some((h) => h.field === 'org' && h.source === 'onboarding'), JSON.stringify(page.data.history));
  }
});

test('a column left out of the file leaves that field as it is', async () => {
  const full = [HEADER, row({ employee_code: 'K/1', name: 'Kavita Nair', email: 'kavita.nair@rb.gov.in', mobile: '9822233344',
    designation: 'DS', group: 'A', pay_level: 12, org_code: 'RB' })].join('\n');
  assert.equal(succeeded(await uploadCsv('MOR', full)).created, 1);
  const partial = 'employee_code,name,email\nK/1,Kavita Nair,kavita.nair@rb.gov.in\n';
  const s = succeeded(await uploadCsv('MOR', partial));
  assert.equal(s.unchanged, 1, 'missing columns are not "empty"');
  assert.equal(sql("SELECT mobile || '|' || designation || '|' || pay_level FROM officials WHERE employee_code = 'K/1'"), '9822233344|DS|12');
});

test('every bad row is reported with its row and column, and nothing changes', async () => {
  const before = officials();
  const runsBefore = count('SELECT COUNT(*) FROM onboarding_runs');
  const lines = [HEADER,
    /* 1 */ row({ employee_code: 'V/1', name: '', email: '' }),
    /* 2 */ row({ employee_code: 'V/2', name: 'Bad Email', email: 'not-an-email' }),
    /* 3 */ row({ employee_code: 'V/3', name: 'Bad Mobile', email: 'v3@nr.gov.in', mobile: '12345' }),
    /* 4 */ row({ employee_code: 'V/4', name: 'Twin A', email: 'twin@nr.gov.in' }),
    /* 5 */ row({ employee_code: 'V/5', name: 'Twin B', email: 'TWIN@nr.gov.in' }),
    /* 6 */ row({ employee_code: 'V/4', name: 'Same Code', email: 'v6@nr.gov.in' }),
    /* 7 */ row({ employee_code: 'V/7', name: 'Taken Email', email: 'learner@karmayogi.demo' }),
    /* 8 */ row({ employee_code: 'V/8', name: 'Unknown Org', email: 'v8@nr.gov.in', org_code: 'NOWHERE' }),
    /* 9 */ row({ employee_code: 'V/9', name: 'Other Ministry', email: 'v9@nr.gov.in', org_code: 'DOP' }),
    /* 10 */ row({ employee_code: 'V/10', name: 'Unknown Post', email: 'v10@nr.gov.in', designation: 'CEO' }),
    /* 11 */ 'V/11,Too Few,v11@nr.gov.in',
    /* 12 */ row({ employee_code: 'V/12', name: 'Odd Values', email: 'v12@nr.gov.in', group: 'D', pay_level: 19,
      date_of_joining: '2023-02-30', language: 'fr' }),
    /* 13 */ row({ employee_code: 'bad code!', name: 'Bad Code', email: 'v13@nr.gov.in' }),
    /* 14 */ row({ employee_code: 'V/14', name: 'x'.repeat(201), email: 'v14@nr.gov.in' }),
    /* 15 */ row({ employee_code: 'V/15', name: 'Fine Row', email: 'v15@nr.gov.in' }),
  ];
  const body = Buffer.concat([Buffer.from(lines.join('\n') + '\n'),
    /* 16 */ Buffer.from('V/16,'), Buffer.from([0x52, 0xff, 0x6f]), Buffer.from(',,v16@nr.gov.in,,,,,,,,\n')]);
  const errors = rejected(await uploadCsv('MOR', body), 16);
  hasError(errors, 1, 'name', /required/);
  hasError(errors, 1, 'email', /required/);
  hasError(errors, 2, 'email', /email/);
  hasError(errors, 3, 'mobile', /10 digits/);
  hasError(errors, 5, 'email', /row 4/);
  hasError(errors, 6, 'employee_code', /row 4/);
  hasError(errors, 7, 'email', /another official/);
  hasError(errors, 8, 'org_code', /NOWHERE/);
  hasError(errors, 9, 'org_code', /DOP/);
  hasError(errors, 10, 'designation', /CEO/);
  hasError(errors, 11, null, /3 fields.*12/);
  hasError(errors, 12, 'group');
  hasError(errors, 12, 'pay_level');
  hasError(errors, 12, 'date_of_joining');
  hasError(errors, 12, 'language');
  hasError(errors, 13, 'employee_code');
  hasError(errors, 14, 'name', /200/);
  hasError(errors, 16, 'name', /UTF-8/);
  assert.ok(!errors.some((e) => e.row === 15), 'the good row has no error');
  const rows = errors.map((e) => e.row);
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b), 'errors come in row order');
  assert.equal(officials(), before, 'nothing was written');
  assert.equal(count('SELECT COUNT(*) FROM onboarding_runs'), runsBefore + 1, 'the rejected run is recorded');
  assert.equal(count("SELECT COUNT(*) FROM officials WHERE employee_code = 'V/15'"), 0, 'not even the good row');
});

test('bad headers: unknown, repeated and missing required columns', async () => {
  const errors = rejected(await uploadCsv('MOR', 'employee_code,nmae,employee_code,mobile\nX/1,Typo,X/1,9876543210\n'), 1);
  hasError(errors, 0, 'nmae', /not a known column/);
  hasError(errors, 0, 'employee_code', /twice/);
  hasError(errors, 0, 'name', /missing/);
  hasError(errors, 0, 'email', /missing/);
});

test('a CSV with a header and no data rows, and an empty body, are rejected', async () => {
  hasError(rejected(await uploadCsv('MOR', `${HEADER}\n`), 0), 0, null, /no data rows/);
  hasError(rejected(await uploadCsv('MOR', `${HEADER}\n\n,,,,,,,,,,,\n\n`), 0), 0, null, /no data rows/);
  hasError(rejected(await uploadCsv('MOR', ''), 0), 0, null, /empty/);
  hasError(rejected(await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, json: { officials: [] } }), 0),
    0, 'officials', /empty/);
});

test('a file that is not CSV is refused with a clear message: an image, a workbook, JSON sent as CSV, broken quotes', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b4cbd80000000049454e44ae426082', 'hex');
  hasError(rejected(await uploadCsv('MOR', png), 0), 0, null, /not CSV/);
  const xlsx = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]);
  hasError(rejected(await uploadCsv('MOR', xlsx), 0), 0, null, /Excel|zip/);
  const json = JSON.stringify({ officials: [{ employee_code: 'J/1', name: 'Jay', email: 'jay@nr.gov.in' }] });
  hasError(rejected(await uploadCsv('MOR', json), 0), 0, null, /JSON/);
  const utf16 = Buffer.from('\uFEFFemployee_code,name,email\r\n', 'utf16le');
  hasError(rejected(await uploadCsv('MOR', utf16), 0), 0, null, /not CSV|UTF-8/);
  const quotes = 'employee_code,name,email\nQ/1,"Open "quote" inside",q@nr.gov.in\n';
  hasError(rejected(await uploadCsv('MOR', quotes), 0), 1, null, /quote/);
  const unclosed = 'employee_code,name,email\nQ/1,Fine,q1@nr.gov.in\nQ/2,"never closed,q2@nr.gov.in\n';
  hasError(rejected(await uploadCsv('MOR', unclosed), 1), 2, null, /quote/);
});

test('only CSV and JSON are taken; other media types get 415', async () => {
  assertProblem(await uploadCsv('MOR', 'employee_code,name,email\n', mdo, 'image/png'), 415, 'unsupported_media_type');
  assertProblem(await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, body: 'x' }), 415, 'unsupported_media_type');
  assertProblem(await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, body: '{"officials": [',
    headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
});

test('JSON over 16 MiB is refused with 413 (send big files as CSV)', async () => {
  const body = '{"officials": [' + '{"employee_code": "P", "name": "Padding", "email": "p@x.in"},'.repeat(300000) + '{}]}';
  assert.ok(body.length > 16 * 1024 * 1024);
  assertProblem(await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, body,
    headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
});

test('a 200 MB upload is refused with 413 at once, before the body is sent', async () => {
  const started = Date.now();
  const answer = await new Promise((resolve, reject) => {
    const { port } = new URL(srv.url);
    const sock = net.connect(Number(port), '127.0.0.1');
    let data = '';
    sock.setTimeout(10000, () => { sock.destroy(); reject(new Error(`no answer in 10 s: ${data}`)); });
    sock.on('connect', () => {
      sock.write(`POST /api/v1/orgs/${org.MOR}/onboarding HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${mdo}\r\n` +
        'Content-Type: text/csv\r\nContent-Length: 200000000\r\n\r\nemployee_code,name,email\n');
    });
    sock.on('data', (d) => { data += d; if (data.includes('\r\n\r\n') && data.includes('}')) { sock.destroy(); resolve(data); } });
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.on('close', () => resolve(data));
  });
  assert.match(answer, /^HTTP\/1\.1 413/, answer);
  assert.match(answer, /payload_too_large/);
  assert.ok(Date.now() - started < 5000, 'answered within seconds');
});

test('an e-HRMS file larger than 8 MiB (the route takes up to 160 MiB) is read to its end', async () => {
  // 90,000 rows of ~110 bytes; every one names an unknown designation, so the run is checked, rejected
  // and reported without writing: the report's row count proves the whole body arrived.
  const n = 90000;
  const parts = ['employee_code,name,email,designation,service\n'];
  for (let i = 1; i <= n; i++) {
    parts.push(`BIG/${i},Official Number ${i},big.${i}@nr.gov.in,NOPE,Indian Railway Accounts Service of the Railway Board\n`);
  }
  const body = parts.join('');
  assert.ok(body.length > 8 * 1024 * 1024);
  const p = assertProblem(await uploadCsv('MOR', body), 422, 'onboarding_rejected');
  assert.equal(p.report.rows, n);
  assert.equal(p.report.errors_total, n);
  assert.equal(p.report.errors.length, 1000, 'the report keeps the first 1000 errors');
  const csv = await call('GET', `/api/v1/onboarding/${p.run_id}/report.csv`, { token: mdo });
  assert.equal(csv.status, 200);
  assert.match(csv.text.trim().split('\r\n').pop(), /89000 more errors/);
});

test('the report downloads as CSV: row, column, message', async () => {
  const body = 'employee_code,name,email,=cmd\n"C/1","Comma, Name",not-an-email,x\n';
  const p = assertProblem(await uploadCsv('MOR', body), 422, 'onboarding_rejected');
  const r = await call('GET', `/api/v1/onboarding/${p.run_id}/report.csv`, { token: mdo });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition') || '', new RegExp(`attachment; filename="onboarding-${p.run_id}-report.csv"`));
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], 'row,column,message');
  assert.ok(lines.includes('1,"email","is not an email address (one @, a dot in the domain, at most 254 characters)"') ||
    lines.some((l) => l.startsWith('1,"email","')), r.text);
  assert.ok(lines.some((l) => l.startsWith('0,"\'=cmd"')), `a formula-like cell is defused: ${r.text}`);
  const run = await call('GET', `/api/v1/onboarding/${p.run_id}`, { token: mdo });
  assert.equal(run.status, 200);
  assert.equal(run.data.status, 'rejected');
  assert.equal(run.data.report.errors.length, run.data.errors);
});

test('JSON onboarding: the same rules, fields named as the CSV columns, wrong types and unknown fields reported', async () => {
  const ok = await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, json: { officials: [
    { employee_code: 'J/1', name: 'Jaya Prakash', email: 'jaya.prakash@nr.gov.in', pay_level: 9, org_code: 'NR', designation: 'SO' },
    { employee_code: 4711, name: 'Numeric Code', email: 'numeric.code@nr.gov.in' },
  ] } });
  const s = succeeded(ok);
  assert.equal(s.created, 2);
  assert.equal(sql("SELECT pay_level FROM officials WHERE employee_code = 'J/1'"), '9');
  assert.equal(sql('SELECT format FROM onboarding_runs WHERE id = ' + s.run_id), 'json');
  const bad = await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, json: { officials: [
    { employee_code: 'J/2', name: 'Wrong Types', email: 'j2@nr.gov.in', mobile: true, salary: 5 },
    'not an object',
    { employee_code: 'J/4', name: 'Missing Email' },
  ] } });
  const errors = rejected(bad, 3);
  hasError(errors, 1, 'mobile', /string/);
  hasError(errors, 1, 'salary', /not a known field/);
  hasError(errors, 2, null, /object/);
  hasError(errors, 3, 'email', /required/);
  hasError(rejected(await call('POST', `/api/v1/orgs/${org.MOR}/onboarding`, { token: mdo, json: [1, 2] }), 0), 0, 'officials');
});

test('employee codes are unique within a ministry: the same code in another ministry is another official', async () => {
  const csv = 'employee_code,name,email\nSAME/1,Railway Person,same.rail@nr.gov.in\n';
  assert.equal(succeeded(await uploadCsv('MOR', csv)).created, 1);
  const posts = 'employee_code,name,email\nSAME/1,Postal Person,same.post@indiapost.gov.in\n';
  assert.equal(succeeded(await uploadCsv('DOP', posts, spv)).created, 1, 'the SPV admin may onboard anywhere');
  assert.equal(count("SELECT COUNT(*) FROM officials WHERE employee_code = 'SAME/1'"), 2);
});

test('an MDO admin of Railways cannot onboard into Posts or read its runs; a learner cannot onboard at all', async () => {
  const before = officials();
  const csv = 'employee_code,name,email\nX/1,Intruder,intruder@indiapost.gov.in\n';
  const r = await uploadCsv('DOP', csv);
  assert.ok(r.status === 403 || r.status === 404, r.text);
  assert.ok(!/intruder|report/.test(r.text), 'no data in the answer');
  assertProblem(await uploadCsv('DOP-DL', csv), 403, 'forbidden');
  assertProblem(await call('POST', `/api/v1/orgs/${org.DOP}/onboarding`, { token: mdo, json: { officials: [] } }), 403, 'forbidden');
  assertProblem(await uploadCsv('MOR', csv, learner), 403, 'forbidden');
  assert.equal(officials(), before);

  const theirs = await uploadCsv('DOP', 'employee_code,name,email\nP/1,Bad,not-email\n', spv);
  const runId = assertProblem(theirs, 422, 'onboarding_rejected').run_id;
  assertProblem(await call('GET', `/api/v1/onboarding/${runId}/report.csv`, { token: mdo }), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/onboarding/${runId}`, { token: mdo }), 404, 'not_found');
  assert.equal((await call('GET', `/api/v1/onboarding/${runId}/report.csv`, { token: spv })).status, 200);
  assertProblem(await call('GET', '/api/v1/onboarding/999999/report.csv', { token: mdo }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/onboarding/abc', { token: mdo }), 404, 'not_found');
  assertProblem(await uploadCsv('MOR', csv, null), 401, 'unauthenticated');
  assertProblem(await call('POST', '/api/v1/orgs/999999/onboarding', { token: mdo, body: csv, headers: { 'content-type': 'text/csv' } }),
    404, 'not_found');
});
