// API tests: accounts. The activation journey (CLI link -> activate -> log in), every bad activation token
// and weak password, invitations, the outbox (JSON and CSV) and its scope, and "log out everywhere".
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer, BIN } = require('../lib/server.js');
const { sqlRows } = require('../lib/sql.js');

const PASSWORD = 'Karmayogi@2026';
const GOOD = 'Kesari-Chai-At-4pm';
const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

function dbUrl() {
  if (!PG) return `sqlite:${path.join(srv.tmp, 'test.db')}`;
  const host = process.env.KARMAYOGI_TEST_PGHOST;
  return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(host)}&user=postgres`;
}

// Runs SQL on the test server's database; rows come back as arrays of strings.
const sql = (query) => sqlRows(srv, query);

const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;

// Officials of an organisation who have never set a password, oldest first.
function unactivated(orgCode, n) {
  const rows = sql(`SELECT f.id, f.email FROM officials f JOIN organisations o ON o.id = f.org_id
    WHERE o.code = ${quote(orgCode)} AND f.password_hash IS NULL ORDER BY f.id LIMIT ${n}`);
  assert.equal(rows.length, n, `demo data has ${n} unactivated officials in ${orgCode}`);
  return rows.map(([id, email]) => ({ id: Number(id), email }));
}

const orgId = (code) => Number(sql(`SELECT id FROM organisations WHERE code = ${quote(code)}`)[0][0]);

function cli(...args) {
  return spawnSync(BIN, ['activation-link', ...args], { encoding: 'utf8' });
}

// Prints a fresh link with the CLI and returns its token.
function linkToken(email) {
  const r = cli('--db', dbUrl(), '--email', email, '--base', 'https://igot.example.gov.in/');
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.trim().match(/^https:\/\/igot\.example\.gov\.in\/#\/activate\?token=([0-9a-f]{64})$/);
  assert.ok(m, `the CLI printed a link: ${r.stdout}`);
  return m[1];
}

async function call(method, p, { headers = {}, body, json } = {}) {
  const h = { ...headers };
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(srv.url + p, { method, headers: h, body, redirect: 'manual' });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}

const activate = (token, password) => call('POST', '/api/v1/auth/activate', { json: { token, password } });
const login = (email, password = PASSWORD) => call('POST', '/api/v1/auth/login', { json: { email, password } });
const bearer = (token) => ({ authorization: `Bearer ${token}` });

async function session(email, password = PASSWORD) {
  const r = await login(email, password);
  assert.equal(r.status, 200, r.text);
  return r.data.token;
}

function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  assert.equal(r.data.code, code);
  assert.equal(typeof r.data.detail, 'string');
  return r.data;
}

const strip = (d) => { const c = { ...d }; delete c.request_id; return c; };

// --- the journey ---

test('an official without a password activates through the CLI link and then logs in', async () => {
  const [who] = unactivated('RB', 1);
  assertProblem(await login(who.email, GOOD), 401, 'invalid_credentials');
  const token = linkToken(who.email.toUpperCase()); // the CLI finds the email whatever its case
  const r = await activate(token, GOOD);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data, { status: 'activated' });
  const s = await login(who.email, GOOD);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.data.user.email, who.email);
  const me = await call('GET', '/api/v1/me', { headers: bearer(s.data.token) });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.data.id, who.id);
  const hash = sql(`SELECT password_hash FROM officials WHERE id = ${who.id}`)[0][0];
  assert.match(hash, /^\$argon2id\$/, 'the password is stored as an argon2id hash');
});

test('the CLI stores only the token hash, retires earlier links and queues an invitation', async () => {
  const [who] = unactivated('NR', 1);
  const first = linkToken(who.email);
  const second = linkToken(who.email);
  assert.notEqual(first, second);
  const stored = sql(`SELECT token_hash FROM activation_tokens WHERE official_id = ${who.id}`).map((r) => r[0]);
  assert.equal(stored.length, 2);
  for (const t of [first, second]) assert.ok(!stored.includes(t), 'the token itself is not stored');
  for (const h of stored) assert.match(h, /^[0-9a-f]{64}$/);
  const mails = sql(`SELECT kind, to_email FROM outbox WHERE official_id = ${who.id} ORDER BY id`);
  assert.deepEqual(mails, [['invitation', who.email], ['invitation', who.email]]);
  assertProblem(await activate(first, GOOD), 400, 'activation_invalid');
  assert.equal((await activate(second, GOOD)).status, 200);
});

test('the CLI explains itself and fails clearly', () => {
  const help = cli('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--email EMAIL/);
  assert.match(help.stdout, /--base URL/);
  const unknown = cli('--db', dbUrl(), '--email', 'nobody.at.all@demo.gov.in');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no official has the email nobody\.at\.all@demo\.gov\.in/);
  assert.equal(unknown.stdout, '');
  const missing = cli('--db', dbUrl());
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--email is required/);
  const bad = cli('--db', dbUrl(), '--email', 'a@b.in', '--frobnicate');
  assert.equal(bad.status, 2);
  const top = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
  assert.match(top.stdout, /activation-link/);
});

// --- bad tokens ---

test('a used activation token is refused with 400 activation_invalid', async () => {
  const [who] = unactivated('WR', 1);
  const token = linkToken(who.email);
  assert.equal((await activate(token, GOOD)).status, 200);
  const again = assertProblem(await activate(token, 'Another-Good-Phrase-9'), 400, 'activation_invalid');
  assert.match(again.detail, /used/);
  assert.match(again.detail, /expired/);
  assert.equal((await login(who.email, 'Another-Good-Phrase-9')).status, 401, 'the reused token set nothing');
  assert.equal((await login(who.email, GOOD)).status, 200);
});

test('an expired activation token is refused with the same answer', async () => {
  const [who] = unactivated('NR-DLI', 1);
  const token = linkToken(who.email);
  sql(`UPDATE activation_tokens SET expires_at = ${Date.now() - 1000} WHERE official_id = ${who.id} AND used_at IS NULL`);
  const r = assertProblem(await activate(token, GOOD), 400, 'activation_invalid');
  const forged = assertProblem(await activate('ab'.repeat(32), GOOD), 400, 'activation_invalid');
  assert.deepEqual(strip(r), strip(forged));
  assertProblem(await login(who.email, GOOD), 401, 'invalid_credentials');
});

test('forged, garbage and empty tokens all get the same 400 activation_invalid', async () => {
  const [who] = unactivated('RB', 1);
  const real = linkToken(who.email);
  const forged = [
    crypto.randomBytes(32).toString('hex'),
    'garbage',
    '',
    ' ',
    real.slice(0, 63),
    real + '0',
    real.slice(0, 62) + 'zz',
    `${real}\n`,
    'x'.repeat(256),
    '../../etc/passwd',
    "' OR 1=1 --",
  ];
  let first = null;
  for (const t of forged) {
    const d = strip(assertProblem(await activate(t, GOOD), 400, 'activation_invalid'));
    first = first || d;
    assert.deepEqual(d, first, `token ${JSON.stringify(t)} got a different answer`);
  }
  assert.equal((await activate(real, GOOD)).status, 200, 'the real token still works after the forgeries');
});

test('an activation body without a token or password is 422 naming the field', async () => {
  for (const [json, field] of [[{ password: GOOD }, 'token'], [{ token: 'ab'.repeat(32) }, 'password'],
    [{ token: 5, password: GOOD }, 'token'], [{ token: 'ab'.repeat(32), password: ['x'] }, 'password']]) {
    const p = assertProblem(await call('POST', '/api/v1/auth/activate', { json }), 422, 'validation_failed');
    assert.ok(p.errors.some((e) => e.field === field), `${JSON.stringify(json)}: ${JSON.stringify(p.errors)}`);
  }
  assertProblem(await call('POST', '/api/v1/auth/activate', { json: ['a'] }), 422, 'validation_failed');
  const text = await call('POST', '/api/v1/auth/activate', { body: 'token=x', headers: { 'content-type': 'text/plain' } });
  assert.equal(text.status, 415);
});

// --- password rules ---

test('each password rule is enforced with a message that states it, and the token survives', async () => {
  const [who] = unactivated('WR', 1);
  const local = who.email.split('@')[0];
  const token = linkToken(who.email);
  const cases = [
    ['Short-1a', /at least 12 characters/],
    ['Aa1-' + 'x'.repeat(125), /at most 128 characters/],
    [`My-${local}-Pass9`, /before the @/],
    [`XX-${local.toUpperCase()}-99`, /before the @/],
    ['Password-2026!', /common password/],
    ['my12345678CAT', /common password/],
    ['QwertyQwerty1', /common password/],
    ['Karmayogi@2026', /common password/],
    ['India@12345#', /common password/],
    ['Welcome!2026', /common password/],
    ['Letmein-now-2026', /common password/],
    ['ADMIN-1234-5678', /common password/],
    ['iloveyou-2-much', /common password/],
    ['aaaaaaaaaaaaaaaa', /common password/],
    ['कककककककककककक', /common password/],
    ['alllowercaseonly', null], // 16 characters: long enough to need no mix
    ['lowercase12345', /three of/],
    ['UPPERCASE!!!!', /three of/],
  ];
  for (const [pw, rule] of cases) {
    if (rule === null) continue; // tried last: it is accepted and uses the token up
    const p = assertProblem(await activate(token, pw), 422, 'validation_failed');
    assert.ok(p.errors.every((e) => e.field === 'password'));
    assert.ok(p.errors.some((e) => rule.test(e.message)), `${pw}: ${JSON.stringify(p.errors)}`);
  }
  assert.equal((await activate(token, 'alllowercaseonly')).status, 200, 'a 16-character phrase needs no mix');
});

test('several broken rules are all reported at once', async () => {
  const [who] = unactivated('NR', 1);
  const token = linkToken(who.email);
  const p = assertProblem(await activate(token, 'aaaa'), 422, 'validation_failed');
  const msgs = p.errors.map((e) => e.message).join(' | ');
  assert.match(msgs, /at least 12/);
  assert.match(msgs, /common password/);
  assert.match(msgs, /three of/);
  assert.equal((await activate(token, 'Hindi-और-English-1')).status, 200, 'Devanagari passwords are fine');
  assert.equal((await login(who.email, 'Hindi-और-English-1')).status, 200);
});

test('activation ends the sessions the official had', async () => {
  const [who] = unactivated('NR-DLI', 1);
  assert.equal((await activate(linkToken(who.email), GOOD)).status, 200);
  const s1 = await session(who.email, GOOD);
  const s2 = await session(who.email, GOOD);
  assert.equal((await activate(linkToken(who.email), 'Second-Choice-77')).status, 200);
  for (const t of [s1, s2]) assertProblem(await call('GET', '/api/v1/me', { headers: bearer(t) }), 401, 'unauthenticated');
  assert.equal((await login(who.email, GOOD)).status, 401);
  assert.equal((await login(who.email, 'Second-Choice-77')).status, 200);
});

// --- invitations ---

test('an MDO admin invites an official of their ministry: 201, no token in the answer, audited, in the outbox', async () => {
  const [who] = unactivated('RB', 1);
  const admin = await session('mdo.admin@karmayogi.demo');
  const before = Date.now();
  const r = await call('POST', `/api/v1/officials/${who.id}/invitation`, { headers: bearer(admin) });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(Object.keys(r.data), ['expires_at']);
  const expires = Date.parse(r.data.expires_at);
  assert.ok(Math.abs(expires - (before + 7 * 24 * 3600 * 1000)) < 60000, r.data.expires_at);
  assert.doesNotMatch(r.text, /[0-9a-f]{64}/, 'the token is never in the API answer');
  const audit = sql(`SELECT action, object_type, object_id FROM audit_log WHERE action = 'official.invite'
    AND object_id = ${quote(who.id)}`);
  assert.deepEqual(audit, [['official.invite', 'official', String(who.id)]]);
  const out = await call('GET', `/api/v1/outbox?org_id=${orgId('MOR')}&limit=1`, { headers: bearer(admin) });
  assert.equal(out.status, 200, out.text);
  const mail = out.data.items[0];
  assert.equal(mail.official_id, who.id);
  assert.equal(mail.to_email, who.email);
  assert.equal(mail.kind, 'invitation');
  const m = mail.body.match(/\/#\/activate\?token=([0-9a-f]{64})/);
  assert.ok(m, mail.body);
  assert.match(mail.body, /प्रिय/, 'the invitation is in Hindi too');
  assert.match(mail.subject, /Activate/);
  assert.equal((await activate(m[1], GOOD)).status, 200, 'the link in the outbox activates the account');
});

test('an official created through POST /officials gets an invitation whose link activates the account', async () => {
  const admin = await session('mdo.admin@karmayogi.demo');
  const email = `kavya.iyer.${Date.now()}@demo.gov.in`;
  const created = await call('POST', '/api/v1/officials', {
    headers: bearer(admin),
    json: { employee_code: `ACC-${Date.now()}`, email, name: 'Kavya Iyer', name_hi: 'काव्या अय्यर', org_id: orgId('NR') },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.data.has_password, false);
  const out = await call('GET', `/api/v1/outbox?org_id=${orgId('NR')}&limit=1`, { headers: bearer(admin) });
  const mail = out.data.items[0];
  assert.equal(mail.to_email, email);
  assert.match(mail.body, /^Dear Kavya Iyer \/ प्रिय काव्या अय्यर,/);
  const token = mail.body.match(/\/#\/activate\?token=([0-9a-f]{64})/)[1];
  assert.equal((await activate(token, GOOD)).status, 200);
  assert.equal((await login(email, GOOD)).status, 200);
});

test('invitations: activated accounts are 409, other ministries 404, non-admins 403 or 404', async () => {
  const admin = await session('mdo.admin@karmayogi.demo');
  const learner = await session('learner@karmayogi.demo');
  const learnerId = Number(sql("SELECT id FROM officials WHERE email = 'learner@karmayogi.demo'")[0][0]);
  const [posts] = unactivated('DOP-DL', 1);
  const [rail] = unactivated('NR', 1);
  const inv = (id, t) => call('POST', `/api/v1/officials/${id}/invitation`, { headers: bearer(t) });
  assertProblem(await inv(learnerId, admin), 409, 'conflict');
  const outside = assertProblem(await inv(posts.id, admin), 404, 'not_found');
  assert.doesNotMatch(JSON.stringify(outside), new RegExp(posts.email));
  assertProblem(await inv(999999999, admin), 404, 'not_found');
  assertProblem(await inv('abc', admin), 404, 'not_found');
  assertProblem(await inv(rail.id, learner), 404, 'not_found');
  assertProblem(await inv(learnerId, learner), 403, 'forbidden');
  assertProblem(await call('POST', `/api/v1/officials/${rail.id}/invitation`), 401, 'unauthenticated');
  sql(`UPDATE officials SET status = 'suspended' WHERE id = ${rail.id}`);
  assertProblem(await inv(rail.id, admin), 409, 'conflict');
  sql(`UPDATE officials SET status = 'active' WHERE id = ${rail.id}`);
  const count = sql(`SELECT COUNT(*) FROM outbox WHERE official_id IN (${posts.id}, ${rail.id}, ${learnerId})`)[0][0];
  assert.equal(count, '0', 'no refused invitation reached the outbox');
});

// --- the outbox ---

test('the outbox lists the subtree newest first, pages by cursor, and never shows another ministry', async () => {
  const rail = unactivated('WR', 3);
  const [posts] = unactivated('DOP-DL', 1);
  for (const w of rail) linkToken(w.email);
  linkToken(posts.email);
  const admin = await session('mdo.admin@karmayogi.demo');
  const mor = orgId('MOR');
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const q = `/api/v1/outbox?org_id=${mor}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await call('GET', q, { headers: bearer(admin) });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.data.items.length <= 2);
    for (const it of r.data.items) {
      assert.deepEqual(Object.keys(it).sort(), ['body', 'created_at', 'id', 'kind', 'official_id', 'subject', 'to_email']);
      assert.match(it.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      seen.push(it);
    }
    cursor = r.data.next_cursor;
    if (!cursor) break;
  }
  const ids = seen.map((i) => i.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  assert.equal(new Set(ids).size, ids.length, 'no row twice');
  for (const w of rail) assert.ok(seen.some((i) => i.to_email === w.email), `${w.email} is in the MOR outbox`);
  assert.ok(!seen.some((i) => i.to_email === posts.email), 'a Posts invitation is not in the MOR outbox');
  const expected = sql(`WITH RECURSIVE down(id) AS (SELECT id FROM organisations WHERE id = ${mor}
    UNION ALL SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id)
    SELECT COUNT(*) FROM outbox WHERE org_id IN (SELECT id FROM down)`)[0][0];
  assert.equal(seen.length, Number(expected));

  const wr = await call('GET', `/api/v1/outbox?org_id=${orgId('WR')}`, { headers: bearer(admin) });
  assert.equal(wr.status, 200);
  assert.ok(wr.data.items.every((i) => rail.some((w) => w.email === i.to_email) || i.to_email.endsWith('@demo.gov.in')));
  assert.ok(wr.data.items.length >= 3);

  const spv = await session('spv.admin@karmayogi.demo');
  const all = await call('GET', `/api/v1/outbox?org_id=${orgId('GOI')}&limit=500`, { headers: bearer(spv) });
  assert.equal(all.status, 200);
  assert.ok(all.data.items.some((i) => i.to_email === posts.email), 'the SPV admin sees every ministry');
});

test('outbox out of scope: MDO admin of MOR asking for Posts, and a learner, get 403 and no data', async () => {
  const [posts] = unactivated('DOP-DL', 1);
  linkToken(posts.email);
  const admin = await session('mdo.admin@karmayogi.demo');
  const learner = await session('learner@karmayogi.demo');
  for (const [t, org] of [[admin, 'DOP'], [admin, 'DOP-DL'], [admin, 'GOI'], [learner, 'RB'], [learner, 'MOR']]) {
    for (const p of ['/api/v1/outbox', '/api/v1/outbox.csv']) {
      const r = await call('GET', `${p}?org_id=${orgId(org)}`, { headers: bearer(t) });
      assertProblem(r, 403, 'forbidden');
      assert.doesNotMatch(r.text, /@demo\.gov\.in|activate\?token/);
    }
  }
  const spv = await session('spv.admin@karmayogi.demo');
  for (const t of [admin, spv]) {
    assertProblem(await call('GET', '/api/v1/outbox?org_id=999999999', { headers: bearer(t) }), 404, 'not_found');
  }
  assertProblem(await call('GET', `/api/v1/outbox?org_id=${orgId('MOR')}`), 401, 'unauthenticated');
});

test('outbox parameters are checked: org_id, limit and cursor', async () => {
  const admin = await session('mdo.admin@karmayogi.demo');
  const mor = orgId('MOR');
  for (const [q, field] of [['', 'org_id'], ['org_id=', 'org_id'], ['org_id=abc', 'org_id'], ['org_id=-1', 'org_id'],
    [`org_id=${mor}&limit=0`, 'limit'], [`org_id=${mor}&limit=501`, 'limit'], [`org_id=${mor}&cursor=zz`, 'cursor'],
    [`org_id=${mor}&cursor=${Buffer.from('nope').toString('hex')}`, 'cursor']]) {
    for (const p of ['/api/v1/outbox', '/api/v1/outbox.csv']) {
      const r = assertProblem(await call('GET', `${p}?${q}`, { headers: bearer(admin) }), 422, 'validation_failed');
      assert.ok(r.errors.some((e) => e.field === field), `${p}?${q}: ${JSON.stringify(r.errors)}`);
    }
  }
});

// A small RFC 4180 reader, to check the export round-trips.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    assert.notEqual(c, '"', 'a quote inside an unquoted field');
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(c !== '\n' && c !== '\r', 'a bare line break outside quotes');
    field += c; i++;
  }
  assert.equal(field, '', 'the file ends with a line break');
  assert.equal(row.length, 0);
  return rows;
}

test('outbox.csv downloads the same rows as CSV, quoted properly', async () => {
  const [who] = unactivated('RB', 1);
  linkToken(who.email);
  const rb = orgId('RB');
  const tricky = 'He said "namaste", then left\nline two\r\nline three, with a comma';
  // A name with quotes, commas and line breaks: it is written into the message text, which the CSV must quote.
  sql(`INSERT INTO outbox (official_id, org_id, kind, to_email, to_name, to_name_hi, link, created_at)
    VALUES (${who.id}, ${rb}, 'reminder', ${quote(who.email)}, ${quote(tricky)}, NULL, '/#/activate?token=x', ${Date.now()})`);
  const admin = await session('mdo.admin@karmayogi.demo');
  const mor = orgId('MOR');
  const r = await call('GET', `/api/v1/outbox.csv?org_id=${mor}`, { headers: bearer(admin) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="outbox.csv"');
  const rows = parseCsv(r.text);
  assert.deepEqual(rows[0], ['id', 'official_id', 'kind', 'to_email', 'subject', 'body', 'created_at']);
  for (const row of rows) assert.equal(row.length, 7);
  const json = [];
  for (let cursor = null, n = 0; n < 100; n++) {
    const j = await call('GET', `/api/v1/outbox?org_id=${mor}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(admin) });
    json.push(...j.data.items);
    cursor = j.data.next_cursor;
    if (!cursor) break;
  }
  assert.equal(rows.length - 1, json.length, 'the CSV has every row the list has');
  rows.slice(1).forEach((row, k) => {
    const it = json[k];
    assert.deepEqual(row, [String(it.id), it.official_id === null ? '' : String(it.official_id), it.kind, it.to_email,
      it.subject, it.body, it.created_at]);
  });
  const mine = rows.find((row) => row[2] === 'reminder');
  assert.ok(mine[5].includes(`Dear ${tricky} / प्रिय ${tricky},`), mine[5]);
  assert.ok(mine[5].includes('/#/activate?token=x'));
  assert.ok(rows.some((row) => row[3] === who.email && /प्रिय/.test(row[5])), 'Hindi survives the export');

  const small = await call('GET', `/api/v1/outbox.csv?org_id=${mor}&limit=1`, { headers: bearer(admin) });
  assert.equal(parseCsv(small.text).length, 2);
  const link = small.headers.get('link');
  assert.match(link, /^<\/api\/v1\/outbox\.csv\?org_id=\d+&cursor=[0-9a-f]+>; rel="next"$/);
  const next = await call('GET', link.slice(1, link.indexOf('>')) + '&limit=1', { headers: bearer(admin) });
  assert.equal(next.status, 200);
  assert.deepEqual(parseCsv(next.text)[1], rows[2], 'the next file continues where the first stopped');
});

// --- log out everywhere ---

test('logout-all ends every session of the caller and only theirs', async () => {
  const a = await session('learner@karmayogi.demo');
  const b = await session('learner@karmayogi.demo');
  const other = await session('mdo.admin@karmayogi.demo');
  const r = await call('POST', '/api/v1/auth/logout-all', { headers: bearer(a) });
  assert.equal(r.status, 204, r.text);
  assert.ok(r.headers.getSetCookie().some((c) => /^ky_session=;/.test(c) && /Max-Age=0/.test(c)), 'the cookie is cleared');
  for (const t of [a, b]) assertProblem(await call('GET', '/api/v1/me', { headers: bearer(t) }), 401, 'unauthenticated');
  assert.equal((await call('GET', '/api/v1/me', { headers: bearer(other) })).status, 200, "another person's session lives on");
  assertProblem(await call('POST', '/api/v1/auth/logout-all', { headers: bearer(a) }), 401, 'unauthenticated');
  assertProblem(await call('POST', '/api/v1/auth/logout-all'), 401, 'unauthenticated');
  assert.equal((await login('learner@karmayogi.demo')).status, 200, 'logging in again works');
});

test('logout-all with the session cookie needs the CSRF header', async () => {
  const l = await login('learner@karmayogi.demo');
  const cookie = { cookie: `ky_session=${l.data.token}` };
  assertProblem(await call('POST', '/api/v1/auth/logout-all', { headers: cookie }), 403, 'csrf_required');
  const ok = await call('POST', '/api/v1/auth/logout-all', { headers: { ...cookie, 'x-csrf-token': l.data.csrf_token } });
  assert.equal(ok.status, 204);
  assertProblem(await call('GET', '/api/v1/me', { headers: cookie }), 401, 'unauthenticated');
});
