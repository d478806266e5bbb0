// API tests: officials. The staff list (filters, English and Hindi search, subtree, keyset paging), adding
// an official and every field rule, duplicates, admin edits with their history (transfer, promotion,
// status), the self-service profile, and what a learner may not see or change.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient, DEMO_PASSWORD: PASSWORD } = require('../lib/api.js');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const OFFICIAL_FIELDS = ['id', 'employee_code', 'email', 'name', 'name_hi', 'mobile', 'designation', 'group', 'service',
  'pay_level', 'date_of_joining', 'language', 'status', 'org', 'has_password', 'created_at', 'updated_at'];

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = (email) => api.login(email);
const orgId = (code) => api.orgId(code, spv);
let spv; let mdo; let learner; let learnerId; let mdoId;
const org = {};

before(async () => {
  srv = await startServer();
  spv = (await login('spv.admin@karmayogi.demo')).token;
  const m = await login('mdo.admin@karmayogi.demo');
  mdo = m.token;
  mdoId = m.user.id;
  const l = await login('learner@karmayogi.demo');
  learner = l.token;
  learnerId = l.user.id;
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'NR-DLI', 'WR', 'NAIR', 'DOP', 'DOP-DL', 'CBDT']) org[code] = await orgId(code);
});
after(async () => { if (srv) await srv.stop(); });


const byNameThenId = (a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.id - b.id;
function assertSortedByName(items) {
  for (let i = 1; i < items.length; i++) {
    assert.ok(byNameThenId(items[i - 1], items[i]) < 0,
      `out of order: ${JSON.stringify(items[i - 1].name)} (${items[i - 1].id}) before ${JSON.stringify(items[i].name)} (${items[i].id})`);
  }
}

function assertOfficialShape(o) {
  for (const f of OFFICIAL_FIELDS) assert.ok(f in o, `OFFICIAL lacks ${f}: ${JSON.stringify(o)}`);
  assert.equal(typeof o.has_password, 'boolean');
  assert.deepEqual(Object.keys(o.org).sort(), ['code', 'id', 'name', 'name_hi']);
  assert.match(o.created_at, ISO);
  assert.match(o.updated_at, ISO);
}

// The staff list as the given admin sees it (query string without limit/cursor).
const list = async (qs, token = mdo) => (await walk(`/api/v1/officials?${qs}`, token, 500)).items;
const ids = (items) => items.map((o) => o.id);
const sorted = (a) => [...a].sort((x, y) => x - y);
const getOfficial = async (id, token = mdo) => ok(await call('GET', `/api/v1/officials/${id}`, { token }));

let seq = 0;
// A valid new official for the given organisation; fields can be overridden.
function newOfficial(orgIdValue, extra = {}) {
  seq++;
  return { employee_code: `T/${seq}`, email: `test.official.${seq}@example.gov.in`, name: `Test Official ${seq}`,
    org_id: orgIdValue, ...extra };
}

test('the staff list filters by group, designation and status, alone and together', async () => {
  const all = await list(`org_id=${org.RB}`);
  assert.ok(all.length >= 80, `RB and its units have ${all.length} staff`);
  for (const o of all) assertOfficialShape(o);
  let covered = 0;
  for (const g of ['A', 'B', 'C']) {
    const got = await list(`org_id=${org.RB}&group=${g}`);
    assert.ok(got.length > 0, `nobody in group ${g}`);
    assert.deepEqual(sorted(ids(got)), sorted(ids(all.filter((o) => o.group === g))), `group=${g}`);
    covered += got.length;
  }
  assert.equal(covered, all.filter((o) => o.group !== null).length);
  for (const d of ['SO', 'UDC', 'DIR']) {
    const got = await list(`org_id=${org.RB}&designation=${d}`);
    assert.ok(got.length > 0, `nobody is ${d}`);
    assert.deepEqual(sorted(ids(got)), sorted(ids(all.filter((o) => o.designation && o.designation.code === d))), d);
  }
  const both = await list(`org_id=${org.RB}&group=B&designation=SO`);
  assert.deepEqual(sorted(ids(both)), sorted(ids(all.filter((o) => o.group === 'B' && o.designation?.code === 'SO'))));
  for (const s of ['active', 'suspended', 'retired']) {
    const got = await list(`org_id=${org.RB}&status=${s}`);
    assert.deepEqual(sorted(ids(got)), sorted(ids(all.filter((o) => o.status === s))), `status=${s}`);
  }
  assert.deepEqual(await list(`org_id=${org.RB}&designation=NOPE`), []);
});

test('bad staff-list filters are 422 naming the parameter', async () => {
  const cases = [
    ['', 'org_id'], ['org_id=abc', 'org_id'], ['org_id=0', 'org_id'],
    [`org_id=${org.RB}&group=D`, 'group'], [`org_id=${org.RB}&status=gone`, 'status'],
    [`org_id=${org.RB}&subtree=2`, 'subtree'], [`org_id=${org.RB}&q=${'x'.repeat(201)}`, 'q'],
    [`org_id=${org.RB}&limit=0`, 'limit'], [`org_id=${org.RB}&limit=501`, 'limit'], [`org_id=${org.RB}&cursor=nothex`, 'cursor'],
  ];
  for (const [qs, field] of cases) {
    const p = assertProblem(await call('GET', `/api/v1/officials?${qs}`, { token: mdo }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], qs);
  }
});

test('the staff list searches English and Hindi names, emails and employee codes; both scripts find the same people', async () => {
  const all = await list(`org_id=${org.MOR}`);
  const en = await list(`org_id=${org.MOR}&q=sharma`);
  assert.ok(en.length > 1, 'the demo data has Sharmas in MOR');
  assert.deepEqual(sorted(ids(en)), sorted(ids(all.filter((o) => `${o.name} ${o.email} ${o.employee_code}`
    .toLowerCase().includes('sharma')))));
  assertSortedByName(en);
  assert.deepEqual(ids(await list(`org_id=${org.MOR}&q=SHARMA`)), ids(en), 'the search is case-sensitive');

  const hi = await list(`org_id=${org.MOR}&q=${encodeURIComponent('शर्मा')}`);
  assert.ok(hi.length > 0);
  for (const o of hi) assert.ok(o.name_hi.includes('शर्मा'), o.name_hi);
  assert.deepEqual(sorted(ids(hi)), sorted(ids(en)), 'q=शर्मा and q=sharma find different people');
  assert.deepEqual(sorted(ids(await list(`org_id=${org.MOR}&q=${encodeURIComponent('प्रिया')}`))), [learnerId]);

  const byCode = await list(`org_id=${org.MOR}&q=${encodeURIComponent(en[0].employee_code)}`);
  assert.ok(byCode.some((o) => o.id === en[0].id), 'search by employee code');
  const byEmail = await list(`org_id=${org.MOR}&q=${encodeURIComponent(en[0].email)}`);
  assert.deepEqual(ids(byEmail), [en[0].id], 'search by the whole email');

  assert.deepEqual(await list(`org_id=${org.MOR}&q=%25`), [], 'a % must be searched for, not be a wildcard');
  assert.deepEqual(await list(`org_id=${org.MOR}&q=_`), [], 'an _ must be searched for, not be a wildcard');
  assert.deepEqual(await list(`org_id=${org.MOR}&q=zzzqqq`), []);
});

test('subtree=0 lists only the organisation\'s own staff; subtree=1, the default, adds everyone in its units', async () => {
  const count = async (id) => ok(await call('GET', `/api/v1/orgs/${id}`, { token: mdo })).officials_count;
  const own = await list(`org_id=${org.RB}&subtree=0`);
  assert.ok(own.length > 0);
  for (const o of own) assert.equal(o.org.code, 'RB');
  assert.equal(own.length, await count(org.RB));

  const deep = await list(`org_id=${org.RB}&subtree=1`);
  const codes = new Set(deep.map((o) => o.org.code));
  assert.deepEqual([...codes].sort(), ['NR', 'NR-DLI', 'RB', 'WR']);
  let expected = 0;
  for (const c of ['RB', 'NR', 'NR-DLI', 'WR']) expected += await count(org[c]);
  assert.equal(deep.length, expected);
  assert.deepEqual(ids(await list(`org_id=${org.RB}`)), ids(deep), 'the default is not subtree=1');

  const ministry = await list(`org_id=${org.MOR}&subtree=0`);
  assert.deepEqual(ministry.map((o) => o.email).sort(), ['cbp.admin@karmayogi.demo', 'coordinator@karmayogi.demo',
    'mdo.admin@karmayogi.demo', 'trainer@karmayogi.demo']);
});

test('paging the staff list with a cursor returns everyone exactly once, ordered by name', async () => {
  const one = ok(await call('GET', `/api/v1/officials?org_id=${org.MOR}&limit=500`, { token: mdo }));
  assert.equal(one.next_cursor, null);
  assertSortedByName(one.items);
  const { items, pages } = await walk(`/api/v1/officials?org_id=${org.MOR}`, mdo, 7);
  for (const p of pages.slice(0, -1)) assert.equal(p.items.length, 7, 'a page before the last is short');
  assert.equal(new Set(ids(items)).size, items.length, 'someone came twice');
  assert.deepEqual(ids(items), ids(one.items), 'paged and unpaged lists differ');
  const first = ok(await call('GET', `/api/v1/officials?org_id=${org.MOR}`, { token: mdo }));
  assert.equal(first.items.length, 50, 'the default page is 50');

  // The whole government as the SPV admin, and a filtered list, page by page.
  const everyone = await walk(`/api/v1/officials?org_id=${org.GOI}`, spv, 50);
  assert.ok(everyone.items.length >= 300, `${everyone.items.length} officials in all`);
  assert.equal(new Set(ids(everyone.items)).size, everyone.items.length);
  assertSortedByName(everyone.items);
  const sharma = await walk(`/api/v1/officials?org_id=${org.GOI}&q=sharma`, spv, 2);
  assert.deepEqual(ids(sharma.items), ids(await list(`org_id=${org.GOI}&q=sharma`, spv)));
});

test('an admin adds an official: 201, has_password false, shown in the staff list, cannot log in yet', async () => {
  const body = {
    employee_code: 'NR/2026/0001', email: 'Ramesh.Kumar@IndianRailways.gov.in', name: 'Ramesh Kumar',
    name_hi: 'रमेश कुमार', mobile: '+91 98765 43210', designation: 'SO', group: 'B',
    service: 'Indian Railway Management Service', pay_level: 7, date_of_joining: '2024-02-29', language: 'hi',
    org_id: org.NR,
  };
  const made = ok(await call('POST', '/api/v1/officials', { token: mdo, json: body }), 201);
  assertOfficialShape(made);
  assert.equal(made.has_password, false);
  assert.equal(made.employee_code, 'NR/2026/0001');
  assert.equal(made.email, 'ramesh.kumar@indianrailways.gov.in', 'emails are kept in lower case');
  assert.equal(made.name, 'Ramesh Kumar');
  assert.equal(made.name_hi, 'रमेश कुमार');
  assert.equal(made.mobile, '9876543210', 'the mobile is kept as its ten digits');
  assert.deepEqual(made.designation, { code: 'SO', name: 'Section Officer', name_hi: 'अनुभाग अधिकारी' });
  assert.equal(made.group, 'B');
  assert.equal(made.service, 'Indian Railway Management Service');
  assert.equal(made.pay_level, 7);
  assert.equal(made.date_of_joining, '2024-02-29');
  assert.equal(made.language, 'hi');
  assert.equal(made.status, 'active');
  assert.deepEqual(made.org, { id: org.NR, code: 'NR', name: 'Northern Railway', name_hi: 'उत्तर रेलवे' });

  const read = await getOfficial(made.id);
  for (const f of OFFICIAL_FIELDS) assert.deepEqual(read[f], made[f], f);
  assert.deepEqual(read.roles, []);
  assert.deepEqual(read.history, []);
  assert.ok(ids(await list(`org_id=${org.NR}&subtree=0`)).includes(made.id), 'not in NR\'s staff list');
  const r = await call('POST', '/api/v1/auth/login', { json: { email: body.email, password: PASSWORD } });
  assert.equal(r.status, 401, 'an official without a password logged in');

  const bare = ok(await call('POST', '/api/v1/officials', {
    token: mdo, json: { employee_code: 'NR/2026/0002', email: 'bare@indianrailways.gov.in', name: 'Bare Minimum', org_id: org.NR },
  }), 201);
  for (const f of ['name_hi', 'mobile', 'designation', 'group', 'service', 'pay_level', 'date_of_joining']) {
    assert.equal(bare[f], null, `${f} of a bare official`);
  }
  assert.equal(bare.language, 'en');
  assert.equal(bare.status, 'active');
  assert.equal(bare.has_password, false);
});

test('each field rule is enforced when adding an official: 422 naming the field, and nothing is added', async () => {
  const cases = [
    [{ email: 'no-at-sign.gov.in' }, 'email'], [{ email: 'two@@example.gov.in' }, 'email'],
    [{ email: 'a@b@example.gov.in' }, 'email'], [{ email: 'nodot@localhost' }, 'email'],
    [{ email: 'space in@example.gov.in' }, 'email'], [{ email: `${'x'.repeat(250)}@example.gov.in` }, 'email'],
    [{ email: '' }, 'email'], [{ email: 5 }, 'email'],
    [{ mobile: '12345' }, 'mobile'], [{ mobile: '5123456789' }, 'mobile'], [{ mobile: '98765432101' }, 'mobile'],
    [{ mobile: '98765abcde' }, 'mobile'], [{ mobile: '+1 9876543210' }, 'mobile'],
    [{ group: 'D' }, 'group'], [{ group: 'a' }, 'group'], [{ group: 1 }, 'group'],
    [{ pay_level: 0 }, 'pay_level'], [{ pay_level: 19 }, 'pay_level'], [{ pay_level: '7' }, 'pay_level'],
    [{ pay_level: 7.5 }, 'pay_level'],
    [{ date_of_joining: '2023-02-30' }, 'date_of_joining'], [{ date_of_joining: '2023-13-01' }, 'date_of_joining'],
    [{ date_of_joining: '2023-2-1' }, 'date_of_joining'], [{ date_of_joining: '01/02/2023' }, 'date_of_joining'],
    [{ date_of_joining: '2023-02-29' }, 'date_of_joining'],
    [{ language: 'fr' }, 'language'], [{ language: 'EN' }, 'language'], [{ language: null }, 'language'],
    [{ status: 'active' }, 'status'],
    [{ designation: 'NOPE' }, 'designation'],
    [{ employee_code: '' }, 'employee_code'], [{ employee_code: 'has space' }, 'employee_code'],
    [{ employee_code: 'E'.repeat(33) }, 'employee_code'], [{ employee_code: 'a;b' }, 'employee_code'],
    [{ employee_code: 123 }, 'employee_code'],
    [{ name: '' }, 'name'], [{ name: 'N'.repeat(201) }, 'name'], [{ name: null }, 'name'],
    [{ org_id: 999999 }, 'org_id'], [{ org_id: 'NR' }, 'org_id'],
    [{ salary: 100000 }, 'salary'], [{ password_hash: 'x' }, 'password_hash'], [{ has_password: true }, 'has_password'],
  ];
  const emails = [];
  for (const [override, field] of cases) {
    const body = newOfficial(org.NR, override);
    emails.push(body.email);
    const p = assertProblem(await call('POST', '/api/v1/officials', { token: mdo, json: body }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], `${JSON.stringify(override).slice(0, 80)} -> ${p.detail}`);
  }
  const missing = assertProblem(await call('POST', '/api/v1/officials', { token: mdo, json: { name_hi: 'कोई' } }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(missing), ['email', 'employee_code', 'name', 'org_id']);
  assertProblem(await call('POST', '/api/v1/officials', { token: mdo, json: [newOfficial(org.NR)] }), 422, 'validation_failed');
  const staffEmails = new Set((await list(`org_id=${org.NR}`)).map((o) => o.email));
  for (const e of emails.filter((x) => typeof x === 'string')) assert.ok(!staffEmails.has(e.toLowerCase()), `${e} was added by a refused request`);
});

test('the field rules accept what they promise: +91 mobiles, leap days, 32-character codes, 200-character names', async () => {
  const goods = [
    { mobile: '+919876543210' }, { mobile: '6000000000' }, { date_of_joining: '2000-02-29' },
    { employee_code: `A/b_c-${'9'.repeat(26)}` }, { pay_level: 1 }, { pay_level: 18 }, { group: 'A' }, { group: 'C' },
    { name: 'N'.repeat(200) }, { designation: 'MTS' }, { language: 'en' },
  ];
  for (const g of goods) {
    const made = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.WR, g) }), 201);
    const [k, v] = Object.entries(g)[0];
    if (k === 'mobile') assert.equal(made.mobile, v.slice(-10));
    else if (k === 'designation') assert.equal(made.designation.code, v);
    else assert.equal(made[k], v, k);
  }
});

test('a Hindi name of 100 Devanagari characters fits: the limit of 200 counts characters, not bytes', async () => {
  const hindi = 'कार्मिक प्रशिक्षण '.repeat(6).slice(0, 100); // 100 characters, 278 bytes of UTF-8
  assert.equal([...hindi].length, 100);
  const made = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.WR, { name_hi: hindi }) }), 201);
  assert.equal(made.name_hi, hindi);
  const edited = ok(await call('PATCH', `/api/v1/officials/${made.id}`, { token: mdo, json: { name_hi: `${hindi.slice(0, 99)}क` } }));
  assert.equal([...edited.name_hi].length, 100);
});

test('every bad field of an official is reported at once, an unknown designation and organisation too', async () => {
  const p = assertProblem(await call('POST', '/api/v1/officials', {
    token: spv, json: newOfficial(999999, { email: 'not-an-email', designation: 'NOPE' }),
  }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['designation', 'email', 'org_id'],
    'docs/api.md: validation failures list every bad field, not only the first ones found');
});

test('a duplicate email, or a duplicate employee code in the same ministry, is 409; the same code in another ministry is fine', async () => {
  const first = ok(await call('POST', '/api/v1/officials', {
    token: mdo, json: newOfficial(org.NR, { employee_code: 'DUP/1', email: 'dup.one@indianrailways.gov.in' }),
  }), 201);
  // Same ministry (MOR), another unit: the employee code clashes.
  assertProblem(await call('POST', '/api/v1/officials', {
    token: mdo, json: newOfficial(org.WR, { employee_code: 'DUP/1' }),
  }), 409, 'conflict');
  assertProblem(await call('POST', '/api/v1/officials', {
    token: mdo, json: newOfficial(org.NAIR, { employee_code: 'DUP/1' }),
  }), 409, 'conflict');
  // The same email, in any case, anywhere.
  for (const email of ['dup.one@indianrailways.gov.in', 'DUP.One@IndianRailways.gov.in', 'learner@karmayogi.demo']) {
    assertProblem(await call('POST', '/api/v1/officials', { token: spv, json: newOfficial(org['DOP-DL'], { email }) }), 409,
      'conflict');
  }
  // Another ministry (MOC) may use the same employee code.
  const other = ok(await call('POST', '/api/v1/officials', {
    token: spv, json: newOfficial(org['DOP-DL'], { employee_code: 'DUP/1' }),
  }), 201);
  assert.equal(other.employee_code, 'DUP/1');
  // An edit that would make a clash is refused the same way.
  assertProblem(await call('PATCH', `/api/v1/officials/${other.id}`, { token: spv, json: { org_id: org.RB } }), 409, 'conflict');
  assert.equal((await getOfficial(other.id, spv)).org.id, org['DOP-DL']);
  const second = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.WR) }), 201);
  assertProblem(await call('PATCH', `/api/v1/officials/${second.id}`, { token: mdo, json: { employee_code: 'DUP/1' } }),
    409, 'conflict');
  assertProblem(await call('PATCH', `/api/v1/officials/${second.id}`, { token: mdo, json: { email: first.email.toUpperCase() } }),
    409, 'conflict');
  const unchanged = await getOfficial(second.id);
  assert.notEqual(unchanged.employee_code, 'DUP/1');
  assert.notEqual(unchanged.email, first.email);
});

test('an admin transfers an official: the history shows field org with old_org and new_org', async () => {
  const who = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.WR, { designation: 'SO' }) }), 201);
  const countOf = async (id) => ok(await call('GET', `/api/v1/orgs/${id}`, { token: mdo })).officials_count;
  const wrBefore = await countOf(org.WR);
  const nrBefore = await countOf(org.NR);
  const moved = ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { org_id: org.NR } }));
  assert.deepEqual(moved.org, { id: org.NR, code: 'NR', name: 'Northern Railway', name_hi: 'उत्तर रेलवे' });
  assert.ok(Date.parse(moved.updated_at) >= Date.parse(who.updated_at));

  const read = await getOfficial(who.id);
  assert.equal(read.history.length, 1, JSON.stringify(read.history));
  const h = read.history[0];
  assert.equal(h.field, 'org');
  assert.equal(h.old_value, String(org.WR));
  assert.equal(h.new_value, String(org.NR));
  assert.equal(h.old_org.code, 'WR');
  assert.equal(h.old_org.id, org.WR);
  assert.equal(h.new_org.code, 'NR');
  assert.equal(h.new_org.id, org.NR);
  assert.equal(h.source, 'admin');
  assert.equal(h.actor_id, mdoId);
  assert.match(h.at, ISO);
  assert.equal(await countOf(org.WR), wrBefore - 1);
  assert.equal(await countOf(org.NR), nrBefore + 1);
  assert.ok(!ids(await list(`org_id=${org.WR}&subtree=0`)).includes(who.id));
  assert.ok(ids(await list(`org_id=${org.NR}&subtree=0`)).includes(who.id));
});

test('a promotion is recorded in the designation history; an edit of other fields adds no history', async () => {
  const who = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.RB, { designation: 'SO' }) }), 201);
  const promoted = ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { designation: 'US', pay_level: 10 } }));
  assert.deepEqual(promoted.designation, { code: 'US', name: 'Under Secretary', name_hi: 'अवर सचिव' });
  assert.equal(promoted.pay_level, 10);
  let read = await getOfficial(who.id);
  assert.deepEqual(read.history.map((h) => [h.field, h.old_value, h.new_value, h.source]), [['designation', 'SO', 'US', 'admin']]);

  ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { designation: 'DS' } }));
  read = await getOfficial(who.id);
  assert.deepEqual(read.history.map((h) => [h.field, h.old_value, h.new_value]),
    [['designation', 'US', 'DS'], ['designation', 'SO', 'US']], 'history is newest first');

  ok(await call('PATCH', `/api/v1/officials/${who.id}`, {
    token: mdo, json: { mobile: '9123456780', service: 'Central Secretariat Service', designation: 'DS' },
  }));
  assert.equal((await getOfficial(who.id)).history.length, 2, 'an unchanged designation or a new mobile made history');
});

test('status changes are recorded, and the staff list filters by them', async () => {
  const who = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org['NR-DLI']) }), 201);
  const s = ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { status: 'suspended' } }));
  assert.equal(s.status, 'suspended');
  assert.ok(ids(await list(`org_id=${org['NR-DLI']}&status=suspended`)).includes(who.id));
  assert.ok(!ids(await list(`org_id=${org['NR-DLI']}&status=active`)).includes(who.id));
  ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { status: 'retired' } }));
  assert.ok(ids(await list(`org_id=${org.MOR}&status=retired`)).includes(who.id));
  const read = await getOfficial(who.id);
  assert.deepEqual(read.history.map((h) => [h.field, h.old_value, h.new_value]),
    [['status', 'suspended', 'retired'], ['status', 'active', 'suspended']]);
});

test('admin edits follow the field rules: 422 naming the field, and nothing changes', async () => {
  const who = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.NR) }), 201);
  const cases = [
    [{ status: 'gone' }, 'status'], [{ status: null }, 'status'], [{ email: 'nope' }, 'email'],
    [{ mobile: '0123456789' }, 'mobile'], [{ group: 'Z' }, 'group'], [{ pay_level: 20 }, 'pay_level'],
    [{ date_of_joining: '2023-02-30' }, 'date_of_joining'], [{ language: 'ta' }, 'language'],
    [{ designation: 'CEO' }, 'designation'], [{ employee_code: 'no spaces please' }, 'employee_code'],
    [{ name: '' }, 'name'], [{ org_id: 999999 }, 'org_id'], [{ nickname: 'Ram' }, 'nickname'],
  ];
  for (const [body, field] of cases) {
    const p = assertProblem(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: body }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], JSON.stringify(body));
  }
  const after = await getOfficial(who.id);
  for (const f of OFFICIAL_FIELDS) assert.deepEqual(after[f], who[f], `${f} changed by a refused edit`);
  assert.deepEqual(after.history, []);
});

test('an MDO admin cannot transfer an official out of their ministry: 403, nothing changes', async () => {
  const who = ok(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.NR) }), 201);
  assertProblem(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { org_id: org.DOP } }), 403, 'forbidden');
  assertProblem(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { org_id: org.GOI, name: 'X' } }), 403,
    'forbidden');
  const after = await getOfficial(who.id);
  assert.equal(after.org.id, org.NR);
  assert.equal(after.name, who.name);
  assert.deepEqual(after.history, []);
  assertProblem(await call('POST', '/api/v1/officials', { token: mdo, json: newOfficial(org.CBDT) }), 403, 'forbidden');
  assertProblem(await call('POST', '/api/v1/officials', { token: learner, json: newOfficial(org.RB) }), 403, 'forbidden');
});

test('an official edits their own mobile, Hindi name and language at /me/profile', async () => {
  const me = ok(await call('GET', '/api/v1/me/profile', { token: learner }));
  assertOfficialShape(me);
  assert.equal(me.id, learnerId);
  assert.equal(me.email, 'learner@karmayogi.demo');
  assert.equal(me.has_password, true);
  assert.equal(me.org.code, 'RB');

  const changed = ok(await call('PATCH', '/api/v1/me/profile', {
    token: learner, json: { mobile: '+91 91234 56789', name_hi: 'प्रिया शर्मा (रेल)', language: 'hi' },
  }));
  assert.equal(changed.mobile, '9123456789');
  assert.equal(changed.name_hi, 'प्रिया शर्मा (रेल)');
  assert.equal(changed.language, 'hi');
  for (const f of ['name', 'email', 'employee_code', 'designation', 'status', 'org', 'group', 'pay_level']) {
    assert.deepEqual(changed[f], me[f], `${f} changed by a self-service edit`);
  }
  const again = ok(await call('GET', '/api/v1/me/profile', { token: learner }));
  assert.equal(again.mobile, '9123456789');
  assert.equal(again.language, 'hi');
  assert.equal(ok(await call('GET', '/api/v1/me', { token: learner })).language, 'hi');
  assert.deepEqual((await getOfficial(learnerId)).history, [], 'personal fields make no history');

  const p = assertProblem(await call('PATCH', '/api/v1/me/profile', { token: learner, json: { mobile: '12345' } }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(p), ['mobile']);
  const q = assertProblem(await call('PATCH', '/api/v1/me/profile', { token: learner, json: { language: 'fr' } }), 422,
    'validation_failed');
  assert.deepEqual(fieldsOf(q), ['language']);
  const cleared = ok(await call('PATCH', '/api/v1/me/profile', { token: learner, json: { mobile: null, language: 'en' } }));
  assert.equal(cleared.mobile, null);
  assert.equal(cleared.language, 'en');
  assertProblem(await call('GET', '/api/v1/me/profile'), 401, 'unauthenticated');
});

test('an official cannot change their name, designation, status or organisation at /me/profile: 403 naming the field', async () => {
  const before = ok(await call('GET', '/api/v1/me/profile', { token: learner }));
  const cases = [
    [{ name: 'Priya S.' }, ['name']], [{ designation: 'JS' }, ['designation']], [{ status: 'retired' }, ['status']],
    [{ org_id: org.MOR }, ['org_id']], [{ email: 'me@elsewhere.in' }, ['email']], [{ employee_code: 'ME/1' }, ['employee_code']],
    [{ pay_level: 18 }, ['pay_level']], [{ group: 'A' }, ['group']], [{ date_of_joining: '2001-01-01' }, ['date_of_joining']],
    [{ service: 'Indian Administrative Service' }, ['service']],
    [{ mobile: '9000000001', name: 'Priya S.', status: 'active' }, ['name', 'status']],
  ];
  for (const [body, fields] of cases) {
    const p = assertProblem(await call('PATCH', '/api/v1/me/profile', { token: learner, json: body }), 403, 'forbidden');
    assert.deepEqual(fieldsOf(p), fields, JSON.stringify(body));
  }
  const after = ok(await call('GET', '/api/v1/me/profile', { token: learner }));
  for (const f of OFFICIAL_FIELDS.filter((x) => x !== 'updated_at')) {
    assert.deepEqual(after[f], before[f], `${f} changed by a refused self-service edit`);
  }
  assert.deepEqual((await getOfficial(learnerId, learner)).history, []);
});

test('an official reads their own record at /officials/{id} but cannot edit it there: 403', async () => {
  const self = ok(await call('GET', `/api/v1/officials/${learnerId}`, { token: learner }));
  assert.equal(self.email, 'learner@karmayogi.demo');
  assert.ok(Array.isArray(self.history));
  assert.ok(Array.isArray(self.roles));
  for (const body of [{ mobile: '9000000002' }, { name: 'Priya' }, { status: 'retired' }]) {
    assertProblem(await call('PATCH', `/api/v1/officials/${learnerId}`, { token: learner, json: body }), 403, 'forbidden');
  }
  const after = ok(await call('GET', `/api/v1/officials/${learnerId}`, { token: learner }));
  assert.equal(after.mobile, self.mobile);
  assert.equal(after.name, self.name);
  assert.equal(after.status, self.status);
});

test('a learner cannot see another official (404, as if nobody were there) nor list any staff (403)', async () => {
  const colleague = (await list(`org_id=${org.RB}&subtree=0`)).find((o) => o.id !== learnerId);
  const seen = await call('GET', `/api/v1/officials/${colleague.id}`, { token: learner });
  const p = assertProblem(seen, 404, 'not_found');
  assert.ok(!seen.text.includes(colleague.email) && !seen.text.includes(colleague.name), 'the 404 leaks who it is');
  const nobody = assertProblem(await call('GET', '/api/v1/officials/999999', { token: learner }), 404, 'not_found');
  assert.equal(p.title, nobody.title);
  assert.equal(p.detail.replace(String(colleague.id), 'N'), nobody.detail.replace('999999', 'N'),
    'a hidden official and a missing one must answer alike');
  assertProblem(await call('PATCH', `/api/v1/officials/${colleague.id}`, { token: learner, json: { name: 'X' } }), 404, 'not_found');
  for (const id of [org.RB, org.MOR, org.GOI]) {
    assertProblem(await call('GET', `/api/v1/officials?org_id=${id}`, { token: learner }), 403, 'forbidden');
  }
  assertProblem(await call('GET', `/api/v1/officials/${colleague.id}`), 401, 'unauthenticated');
});

test('designations list every code with its English and Hindi name and group, for any session', async () => {
  const d = ok(await call('GET', '/api/v1/designations', { token: learner }));
  assert.equal(d.next_cursor, null);
  assert.deepEqual(d.items.map((x) => x.code).sort(),
    ['ASO', 'DIR', 'DS', 'FAC', 'ITO', 'JS', 'MT', 'MTS', 'PA', 'SI', 'SM', 'SO', 'SSA', 'UDC', 'US']);
  const so = d.items.find((x) => x.code === 'SO');
  assert.deepEqual(so, { code: 'SO', name: 'Section Officer', name_hi: 'अनुभाग अधिकारी', group: 'B' });
  assertProblem(await call('GET', '/api/v1/designations'), 401, 'unauthenticated');
});
