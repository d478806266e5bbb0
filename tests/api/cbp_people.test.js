// API tests: the plan builder's pickers (module cbp). Whoever may change a plan searches the officials and the
// positions of the plan's organisation and below it that an audience rule may name (GET /cbp-plans/{id}/people
// and /positions, by the start of a word as they type), and fetches saved ones by id to show them by name. The
// Railways' CBP admin, who administers no staff, is the caller. A unit of known people checks the rule; a unit of
// 5,000 onboarded officials holding bench posts makes the Railways' subtree large, so the server takes its other
// ways there (names read in order, the word index, positions an organisation at a time): their pages must be the
// ones the rule gives, in order, walked to the end.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const BIN = process.env.KARMAYOGI_BIN || path.join(__dirname, '..', '..', 'build', 'karmayogi');
const BIG = 5000;

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const t = {};
const org = {};
const people = {};
const plan = {};
const big = []; // the onboarded officials as the CSV gave them

// The rule the server matches by, written again here: each word of q (letters and digits, the first four)
// begins a word of the text, ASCII case ignored; separators are spaces and . - _ / ' , ( ).
const qWords = (q) => (q.match(/[A-Za-z0-9\u0080-\uffff]+/g) || []).slice(0, 4).map((w) => w.toLowerCase());
const textWords = (text) => text.toLowerCase().split(/[\s.\-_/',()]+/).filter(Boolean);
const finds = (q, text) => qWords(q).every((w) => textWords(text).some((x) => x.startsWith(w)));
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

const people$ = (id, query) => call('GET', `/api/v1/cbp-plans/${id}/people${query}`, { token: t.cbp });
const positions$ = (id, query) => call('GET', `/api/v1/cbp-plans/${id}/positions${query}`, { token: t.cbp });
const names = (r) => ok(r).items.map((o) => o.name);

before(async () => {
  srv = await startServer();
  for (const [k, email] of Object.entries({ cbp: 'cbp.admin@karmayogi.demo', mdo: 'mdo.admin@karmayogi.demo',
    spv: 'spv.admin@karmayogi.demo', learner: 'learner@karmayogi.demo' })) {
    t[k] = (await api.login(email)).token;
  }
  for (const code of ['MOR', 'RB', 'NR', 'MOF']) org[code] = await api.orgId(code, t.spv);
  // A unit of the Railway Board with a sub-unit: five people whose words the tests search for.
  const unit = async (code, parent) => ok(await call('POST', '/api/v1/orgs', { token: t.mdo, json: { code,
    name: `Picker ${code}`, kind: 'field_unit', parent_id: parent } }), 201).id;
  org.unit = await unit('PPL-UNIT', org.RB);
  org.sub = await unit('PPL-SUB', org.unit);
  const add = async (key, json, token = t.mdo) => {
    people[key] = ok(await call('POST', '/api/v1/officials', { token, json: { designation: 'SO', ...json } }), 201).id;
  };
  await add('zubin', { employee_code: 'PPL/001', email: 'zubin.qadri@pickers.example.in', name: 'Zubin Qadri',
    name_hi: 'ज़ुबिन क़ादरी', org_id: org.unit });
  await add('mary', { employee_code: 'PPL/002', email: 'mary.ann@pickers.example.in', name: "Mary-Ann D'Souza",
    org_id: org.sub, designation: 'ASO' });
  await add('suresh', { employee_code: 'QX7781', email: 'snarayan@pickers.example.in', name: 'Suresh Narayan',
    name_hi: 'सुरेश नारायण', org_id: org.sub });
  await add('zora', { employee_code: 'PPL/004', email: 'zora.qadri@pickers.example.in', name: 'Zora Qadri',
    org_id: org.unit });
  await add('gone', { employee_code: 'PPL/005', email: 'zubin.gone@pickers.example.in', name: 'Zubin Qadri Gone',
    org_id: org.unit });
  ok(await call('PATCH', `/api/v1/officials/${people.gone}`, { token: t.mdo, json: { status: 'retired' } }));
  await add('finance', { employee_code: 'PPL/006', email: 'zubin.fin@pickers.example.in', name: 'Zubin Qadri Finance',
    org_id: org.MOF }, t.spv);
  // 5,000 officials onboarded into a unit of Northern Railway, then a bench post each (karmayogi bench-seed).
  org.big = await unit('PPL-BIG', org.NR);
  const first = ['Ira', 'Omar', 'Lata', 'Dev', 'Nia', 'Ravi', 'Tara', 'Yash'];
  const rows = ['employee_code,name,email,designation'];
  for (let i = 0; i < BIG; i++) {
    const o = { code: `PB${7000 + i}`, name: `${first[i % first.length]} Pplbig ${String(i).padStart(4, '0')}`,
      email: `${first[i % first.length].toLowerCase()}.big${i}@pplbig.example.in` };
    big.push(o);
    rows.push(`${o.code},${o.name},${o.email},UDC`);
  }
  const onboarded = await call('POST', `/api/v1/orgs/${org.big}/onboarding`, { token: t.mdo, body: `${rows.join('\n')}\n`,
    headers: { 'content-type': 'text/csv' } });
  assert.equal(ok(onboarded).created, BIG);
  execFileSync(BIN, ['bench-seed', 'frac', '--db', srv.dbUrl, '--org', 'PPL-BIG', '--officials', String(BIG)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const newPlan = async (where, year) => ok(await call('POST', `/api/v1/orgs/${where}/cbp-plans`, { token: t.cbp,
    json: { year, title: `Picker plan ${year}` } }), 201).id;
  plan.unit = await newPlan(org.unit, 2026); // a small subtree: read whole
  plan.mor = await newPlan(org.MOR, 2026); // 5,000 and more: the other ways
  // Posts of the unit and its sub-unit: one held, one vacant.
  const role = ok(await call('GET', '/api/v1/work-roles?limit=1', { token: t.mdo })).items[0].id;
  const post = async (key, json) => {
    people[key] = ok(await call('POST', '/api/v1/positions', { token: t.mdo, json: { role_ids: [role], designation: 'SO',
      ...json } }), 201).id;
  };
  await post('lead', { org_id: org.unit, code: 'PPL-POS-1', title: 'Stores Procurement Lead', title_hi: 'भंडार खरीद प्रमुख' });
  await post('desk', { org_id: org.unit, code: 'PPL-POS-2', title: 'Section Officer (Desk-II)' });
  await post('assistant', { org_id: org.sub, code: 'PPL-SUB-3', title: 'Assistant, Procurement' });
  ok(await call('POST', `/api/v1/positions/${people.lead}/holders`, { token: t.mdo, json: { official_id: people.zubin,
    start_date: '2026-04-01' } }), 201);
});
after(async () => srv && srv.stop());

test('people: the start of any word of a name (English or Hindi), the email before the @ or the employee code', async () => {
  assert.deepEqual(names(await people$(plan.unit, '?q=zub')), ['Zubin Qadri'], 'not the retired one, not Finance\'s');
  assert.deepEqual(names(await people$(plan.unit, '?q=QAD')), ['Zora Qadri', 'Zubin Qadri'], 'a later word, any case, by name');
  assert.deepEqual(names(await people$(plan.unit, '?q=ubin')), [], 'inside a word is not the start of one');
  assert.deepEqual(names(await people$(plan.unit, '?q=ann')), ["Mary-Ann D'Souza"], 'words split at hyphens');
  assert.deepEqual(names(await people$(plan.unit, '?q=souza')), ["Mary-Ann D'Souza"], 'and at apostrophes');
  assert.deepEqual(names(await people$(plan.unit, `?q=${encodeURIComponent('नारा')}`)), ['Suresh Narayan'], 'Hindi');
  assert.deepEqual(names(await people$(plan.unit, '?q=snara')), ['Suresh Narayan'], 'the email');
  assert.deepEqual(names(await people$(plan.unit, '?q=pickers')), [], 'not the email\'s domain');
  assert.deepEqual(names(await people$(plan.unit, '?q=qx77')), ['Suresh Narayan'], 'the employee code');
  assert.deepEqual(names(await people$(plan.unit, '?q=ppl%2F00')), ["Mary-Ann D'Souza", 'Zora Qadri', 'Zubin Qadri'],
    'a code with its separator');
  assert.deepEqual(names(await people$(plan.unit, '?q=qadri%20zo')), ['Zora Qadri'], 'every word must begin one');
  assert.deepEqual(names(await people$(plan.unit, '?q=%25%5F%22*')), names(await people$(plan.unit, '?limit=100')),
    'q with no letters or digits finds everyone');

  const one = ok(await people$(plan.unit, '?q=zubin')).items[0];
  assert.deepEqual(one, { id: people.zubin, name: 'Zubin Qadri', name_hi: 'ज़ुबिन क़ादरी', employee_code: 'PPL/001',
    designation: 'SO', status: 'active', org: { id: org.unit, code: 'PPL-UNIT', name: 'Picker PPL-UNIT', name_hi: null } });
});

test('people: pages in order of name, and every official of the subtree once', async () => {
  const all = await walk(`/api/v1/cbp-plans/${plan.unit}/people`, t.cbp, 3);
  const staff = await walk(`/api/v1/officials?org_id=${org.unit}&status=active`, t.mdo, 500);
  assert.deepEqual(all.items.map((o) => o.id), staff.items.map((o) => o.id), 'the staff list\'s officials in its order');
  assert.equal(all.pages.length, 2);
  const q = await walk(`/api/v1/cbp-plans/${plan.unit}/people?q=qadri`, t.cbp, 1);
  assert.deepEqual(q.items.map((o) => o.name), ['Zora Qadri', 'Zubin Qadri']);
  assert.equal(ok(await people$(plan.unit, '')).items.length, Math.min(20, staff.items.length), 'twenty unless asked');
});

test('people by id: those of the subtree whatever their status, in the order asked; others left out', async () => {
  const got = ok(await people$(plan.unit, `?ids=${people.suresh},${people.finance},${people.gone},${people.suresh},999999`));
  assert.deepEqual(got.items.map((o) => [o.id, o.status]), [[people.suresh, 'active'], [people.gone, 'retired']]);
  assert.equal(got.next_cursor, null);
});

test('a large subtree gives the pages the rule gives, whichever way the server finds them', async () => {
  const walked = async (q, limit) => (await walk(`/api/v1/cbp-plans/${plan.mor}/people?q=${encodeURIComponent(q)}`,
    t.cbp, limit)).items;
  const expect = (q) => big.map((o) => ({ ...o }))
    .filter((o) => finds(q, `${o.name} ${o.email.split('@')[0]} ${o.code}`)).map((o) => o.name).sort();
  for (const [q, limit] of [['pplbig', 100], ['pplbig 012', 7], ['ira 01', 5], ['pb1', 100], ['dev.big42', 3],
    ['PB7042', 20], ['omar pplbig 0001', 20]]) {
    const got = await walked(q, limit);
    assert.deepEqual(got.map((o) => o.name), expect(q), `q=${q}`);
  }
  assert.deepEqual(await walked('pplbig zzz', 20), []);
  // Everyone of the Railways, as their staff list has them.
  const everyone = await walk(`/api/v1/cbp-plans/${plan.mor}/people`, t.cbp, 100);
  const staff = await walk(`/api/v1/officials?org_id=${org.MOR}&status=active`, t.mdo, 500);
  assert.ok(staff.items.length > BIG);
  assert.deepEqual(everyone.items.map((o) => o.id), staff.items.map((o) => o.id));
  assert.deepEqual([...everyone.items].sort(byName).map((o) => o.id), everyone.items.map((o) => o.id));
});

test('positions: active posts of the subtree by title or code, with their holders; by id whatever their status', async () => {
  const titles = async (q) => ok(await positions$(plan.unit, `?q=${encodeURIComponent(q)}`)).items.map((p) => p.title);
  assert.deepEqual(await titles('proc'), ['Stores Procurement Lead', 'Assistant, Procurement'],
    'by organisation, then title');
  assert.deepEqual(await titles('ppl-pos-2'), ['Section Officer (Desk-II)'], 'by code');
  assert.deepEqual(await titles('desk ii'), ['Section Officer (Desk-II)'], 'words split at brackets and hyphens');
  assert.deepEqual(await titles('खरीद'), ['Stores Procurement Lead'], 'by the Hindi title');
  assert.deepEqual(await titles('ocure'), []);
  const lead = ok(await positions$(plan.unit, '?q=lead')).items[0];
  assert.deepEqual(lead, { id: people.lead, code: 'PPL-POS-1', title: 'Stores Procurement Lead', title_hi: 'भंडार खरीद प्रमुख',
    designation: 'SO', status: 'active', org: { id: org.unit, code: 'PPL-UNIT', name: 'Picker PPL-UNIT', name_hi: null },
    holder_count: 1 });
  const nr = ok(await positions$(plan.mor, '?q=bench-0000001')).items[0];
  assert.equal(nr.code, 'BENCH-0000001');
  assert.equal(nr.holder_count, 1);
  // Abolished: gone from the search, still named by id; another organisation's are left out.
  ok(await call('PATCH', `/api/v1/positions/${people.desk}`, { token: t.mdo, json: { status: 'abolished' } }));
  assert.deepEqual(await titles('section'), []);
  const byId = ok(await positions$(plan.unit, `?ids=${nr.id},${people.desk},${people.lead}`));
  assert.deepEqual(byId.items.map((x) => [x.id, x.status]), [[people.desk, 'abolished'], [people.lead, 'active']]);
  ok(await call('PATCH', `/api/v1/positions/${people.desk}`, { token: t.mdo, json: { status: 'active' } }));
  const paged = await walk(`/api/v1/cbp-plans/${plan.unit}/positions`, t.cbp, 2);
  assert.deepEqual(paged.items.map((p) => p.code), ['PPL-POS-2', 'PPL-POS-1', 'PPL-SUB-3']);
});

test('positions of a large subtree: by organisation, title and id, walked to the end', async () => {
  const frac = (await walk(`/api/v1/orgs/${org.big}/positions?subtree=0`, t.mdo, 500)).items;
  assert.equal(frac.length, BIG);
  for (const [q, limit] of [['post', 100], ['bench 00012', 4], ['bench-0004321', 10]]) {
    const got = (await walk(`/api/v1/cbp-plans/${plan.mor}/positions?q=${encodeURIComponent(q)}`, t.cbp, limit)).items
      .filter((p) => p.org.id === org.big);
    const want = frac.filter((p) => finds(q, `${p.title} ${p.title_hi || ''} ${p.code}`));
    assert.deepEqual(got.map((p) => p.id), want.map((p) => p.id), `q=${q}`);
  }
  const all = (await walk(`/api/v1/cbp-plans/${plan.mor}/positions`, t.cbp, 100)).items;
  const key = (p) => [p.org.id, p.title, p.id];
  const sorted = [...all].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
  });
  assert.deepEqual(all.map((p) => p.id), sorted.map((p) => p.id));
  assert.ok(all.length > BIG);
});

test('who may ask: those who may change the plan; 404 for a plan unknown or out of reach, 403 for its readers', async () => {
  for (const what of ['people', 'positions']) {
    assertProblem(await call('GET', `/api/v1/cbp-plans/999999/${what}`, { token: t.cbp }), 404, 'not_found');
    assertProblem(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}`, { token: t.learner }), 404, 'not_found');
    assertProblem(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}`, { token: t.mdo }), 403, 'forbidden');
    ok(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}?q=a`, { token: t.spv }));
    assertProblem(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}`), 401);
  }
});

test('bad parameters are refused, each naming its field', async () => {
  const long = 'क'.repeat(101);
  for (const what of ['people', 'positions']) {
    const bad = async (query, field) => {
      const p = assertProblem(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}${query}`, { token: t.cbp }), 422,
        'validation_failed');
      assert.deepEqual(fieldsOf(p), [field], `${what}${query}`);
    };
    await bad('?limit=0', 'limit');
    await bad('?limit=101', 'limit');
    await bad('?limit=ten', 'limit');
    await bad('?cursor=zz', 'cursor');
    await bad(`?cursor=${Buffer.from('no colon').toString('hex')}`, 'cursor');
    await bad(`?q=${encodeURIComponent(long)}`, 'q');
    await bad('?ids=', 'ids');
    await bad('?ids=1,,2', 'ids');
    await bad('?ids=1,x', 'ids');
    await bad('?ids=-4', 'ids');
    await bad('?ids=1,', 'ids');
    await bad(`?ids=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`, 'ids');
    await bad('?ids=1&q=a', 'ids');
    ok(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}?q=${encodeURIComponent(long.slice(1))}&limit=100`,
      { token: t.cbp }));
    ok(await call('GET', `/api/v1/cbp-plans/${plan.unit}/${what}?ids=${Array.from({ length: 100 }, (_, i) => i + 1).join(',')}`,
      { token: t.cbp }));
  }
  // A cursor of the people list is not one of the positions list.
  const cursor = ok(await people$(plan.unit, '?limit=1')).next_cursor;
  const p = assertProblem(await positions$(plan.unit, `?cursor=${cursor}`), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['cursor']);
});
