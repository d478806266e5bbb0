// API tests: the organisation tree. Reading an organisation with its path and counts, paging its
// children, searching, creating (by scope), renaming, moving a unit with its people, and every bad body.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ORG_FIELDS = ['id', 'code', 'name', 'name_hi', 'kind', 'parent_id', 'ministry_id', 'status', 'created_at',
  'updated_at'];

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email) => (await api.login(email)).token;
const orgId = (code) => api.orgId(code, spv);
let spv; let mdo; let learner;
const org = {}; // code -> id

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'NR-DLI', 'WR', 'NAIR', 'MOC', 'DOP', 'DOP-DL', 'MOF', 'DOR', 'CBDT',
    'CBIC', 'MHA', 'ISTM']) org[code] = await orgId(code);
});
after(async () => { if (srv) await srv.stop(); });


// Byte order of UTF-8, the order both databases sort names in (SQLite BINARY, PostgreSQL C.UTF-8).
const byNameThenId = (a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.id - b.id;

function assertSortedByName(items) {
  for (let i = 1; i < items.length; i++) {
    assert.ok(byNameThenId(items[i - 1], items[i]) < 0,
      `out of order: ${JSON.stringify(items[i - 1].name)} (${items[i - 1].id}) before ${JSON.stringify(items[i].name)} (${items[i].id})`);
  }
}

function assertOrgShape(o) {
  for (const f of ORG_FIELDS) assert.ok(f in o, `ORG lacks ${f}: ${JSON.stringify(o)}`);
  assert.equal(typeof o.id, 'number');
  assert.match(o.created_at, ISO);
  assert.match(o.updated_at, ISO);
}

const getOrg = async (id, token = spv) => ok(await call('GET', `/api/v1/orgs/${id}`, { token }));
const children = async (id, token = spv) => (await walk(`/api/v1/orgs/${id}/children`, token, 500)).items;
const staff = async (id, subtree = 1) => (await walk(`/api/v1/officials?org_id=${id}&subtree=${subtree}`, spv, 500)).items;

test('an organisation reads with every ORG field, its path from the root, children_count and officials_count', async () => {
  const nr = await getOrg(org.NR, learner); // any session may read the tree
  assertOrgShape(nr);
  assert.equal(nr.id, org.NR);
  assert.equal(nr.code, 'NR');
  assert.equal(nr.name, 'Northern Railway');
  assert.equal(nr.name_hi, 'उत्तर रेलवे');
  assert.equal(nr.kind, 'field_unit');
  assert.equal(nr.parent_id, org.RB);
  assert.equal(nr.ministry_id, org.MOR);
  assert.equal(nr.status, 'active');
  assert.deepEqual(nr.path.map((p) => p.code), ['GOI', 'MOR', 'RB']);
  assert.deepEqual(nr.path.map((p) => p.id), [org.GOI, org.MOR, org.RB]);
  assert.deepEqual(nr.path[1], { id: org.MOR, code: 'MOR', name: 'Ministry of Railways', name_hi: 'रेल मंत्रालय' });
  assert.equal(nr.children_count, 1, 'NR has one unit, NR-DLI');
  const own = await staff(org.NR, 0);
  assert.ok(own.length > 0, 'the demo data has staff in NR');
  assert.equal(nr.officials_count, own.length, 'officials_count is the number of NR\'s own staff');

  const root = await getOrg(org.GOI, learner);
  assert.equal(root.parent_id, null);
  assert.deepEqual(root.path, []);
  assert.equal(root.children_count, (await children(org.GOI)).length);
});

test('an unknown organisation is 404, and reading the tree needs a session', async () => {
  assertProblem(await call('GET', '/api/v1/orgs/999999', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/orgs/0', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/orgs/abc', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', '/api/v1/orgs/999999/children', { token: learner }), 404, 'not_found');
  assertProblem(await call('GET', `/api/v1/orgs/${org.RB}`), 401, 'unauthenticated');
  assertProblem(await call('GET', `/api/v1/orgs/${org.RB}/children`), 401, 'unauthenticated');
  assertProblem(await call('GET', '/api/v1/orgs?q=RB'), 401, 'unauthenticated');
});

test('children page one at a time with limit=1: every child exactly once, sorted by name, next_cursor null at the end', async () => {
  const { items, pages } = await walk(`/api/v1/orgs/${org.GOI}/children`, learner, 1);
  const root = await getOrg(org.GOI);
  assert.ok(items.length >= 9, `GOI has at least nine children, got ${items.length}`);
  assert.equal(items.length, root.children_count);
  assert.equal(pages.length, items.length, 'one child per page (no empty page before the end)');
  for (const p of pages) assert.equal(p.items.length, 1);
  assert.equal(pages[pages.length - 1].next_cursor, null);
  assert.equal(new Set(items.map((o) => o.id)).size, items.length, 'a child came twice');
  for (const o of items) {
    assertOrgShape(o);
    assert.equal(o.parent_id, org.GOI);
  }
  assertSortedByName(items);
  const codes = items.map((o) => o.code);
  for (const c of ['MOR', 'MOC', 'MOF', 'MHA', 'MOHFW', 'MOPPGP', 'UP']) assert.ok(codes.includes(c), `${c} missing`);

  const all = ok(await call('GET', `/api/v1/orgs/${org.GOI}/children?limit=500`, { token: learner }));
  assert.deepEqual(all.items.map((o) => o.id), items.map((o) => o.id), 'paged and unpaged lists differ');
  assert.equal(all.next_cursor, null);

  const leaf = ok(await call('GET', `/api/v1/orgs/${org['NR-DLI']}/children`, { token: learner }));
  assert.deepEqual(leaf, { items: [], next_cursor: null });
});

test('a limit out of 1..500 or a cursor the server did not give out is refused, naming the parameter', async () => {
  for (const q of ['limit=0', 'limit=501', 'limit=ten', 'cursor=zz', 'cursor=3a78']) {
    const p = assertProblem(await call('GET', `/api/v1/orgs/${org.GOI}/children?${q}`, { token: learner }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), [q.split('=')[0]], q);
  }
});

test('searching organisations matches code and name, in English and Hindi, any case, and filters by kind', async () => {
  const search = async (qs) => (await walk(`/api/v1/orgs?${qs}`, learner, 500)).items;
  const railway = await search('q=railway');
  const codes = railway.map((o) => o.code);
  for (const c of ['MOR', 'RB', 'NR', 'NR-DLI', 'WR', 'NAIR']) assert.ok(codes.includes(c), `q=railway lacks ${c}`);
  for (const o of railway) assert.ok(`${o.code} ${o.name}`.toLowerCase().includes('railway'), o.name);
  assert.ok(!codes.includes('DOP'));
  assertSortedByName(railway);
  assert.deepEqual((await search('q=RAILWAY')).map((o) => o.id), railway.map((o) => o.id), 'search is case-sensitive');

  const hindi = await search(`q=${encodeURIComponent('रेल')}`);
  const hcodes = hindi.map((o) => o.code);
  assert.ok(hcodes.includes('MOR') && hcodes.includes('RB') && hcodes.includes('NR'), `q=रेल found ${hcodes}`);
  for (const o of hindi) assert.ok((o.name_hi || '').includes('रेल'), o.name_hi);

  assert.deepEqual((await search('q=cbdt')).map((o) => o.code), ['CBDT']);
  assert.deepEqual((await search('kind=training_institution')).map((o) => o.code).sort(), ['ISTM', 'NAIR']);
  const units = await search('q=nr&kind=field_unit');
  assert.ok(units.some((o) => o.code === 'NR') && units.some((o) => o.code === 'NR-DLI'));
  for (const o of units) assert.equal(o.kind, 'field_unit');

  // Wildcards are searched for as they are, not as LIKE patterns.
  assert.deepEqual(await search('q=%25'), []);
  assert.deepEqual(await search('q=_'), []);
  assert.deepEqual(ok(await call('GET', '/api/v1/orgs?q=zzzz', { token: learner })), { items: [], next_cursor: null });

  const everyone = await search('q=of');
  const paged = (await walk('/api/v1/orgs?q=of', learner, 2)).items;
  assert.ok(everyone.length > 4);
  assert.deepEqual(paged.map((o) => o.id), everyone.map((o) => o.id), 'paging a search lost or repeated items');

  const p = assertProblem(await call('GET', '/api/v1/orgs?kind=galaxy', { token: learner }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['kind']);
});

test('an SPV admin creates organisations anywhere: inside another ministry and at the top of the tree', async () => {
  const before = await getOrg(org.DOP);
  const body = { code: 'DOP-MUM', name: 'Mumbai Postal Circle', name_hi: 'मुंबई डाक परिमंडल', kind: 'field_unit',
    parent_id: org.DOP };
  const made = ok(await call('POST', '/api/v1/orgs', { token: spv, json: body }), 201);
  assertOrgShape(made);
  assert.equal(made.code, 'DOP-MUM');
  assert.equal(made.name, body.name);
  assert.equal(made.name_hi, body.name_hi);
  assert.equal(made.kind, 'field_unit');
  assert.equal(made.parent_id, org.DOP);
  assert.equal(made.ministry_id, org.MOC, 'a unit of DOP belongs to the Ministry of Communications');
  assert.equal(made.status, 'active');

  const read = await getOrg(made.id, learner);
  assert.deepEqual(read.path.map((p) => p.code), ['GOI', 'MOC', 'DOP']);
  assert.equal(read.children_count, 0);
  assert.equal(read.officials_count, 0);
  assert.equal((await getOrg(org.DOP)).children_count, before.children_count + 1);
  assert.ok((await children(org.DOP)).some((o) => o.id === made.id), 'the new unit is not among DOP\'s children');
  assert.equal(await orgId('DOP-MUM'), made.id);

  const ministry = ok(await call('POST', '/api/v1/orgs', {
    token: spv, json: { code: 'MOE', name: 'Ministry of Education', name_hi: 'शिक्षा मंत्रालय', kind: 'ministry', parent_id: org.GOI },
  }), 201);
  assert.equal(ministry.parent_id, org.GOI);
  assert.equal(ministry.ministry_id, ministry.id, 'a child of the root is its own ministry');
});

test('an MDO admin of MOR creates units inside MOR, at any depth', async () => {
  const lko = ok(await call('POST', '/api/v1/orgs', {
    token: mdo, json: { code: 'NR-LKO', name: 'Lucknow Division, Northern Railway', kind: 'field_unit', parent_id: org.NR },
  }), 201);
  assert.equal(lko.parent_id, org.NR);
  assert.equal(lko.ministry_id, org.MOR);
  assert.equal(lko.name_hi, null);
  const deep = ok(await call('POST', '/api/v1/orgs', {
    token: mdo, json: { code: 'NR-DLI-NDLS', name: 'New Delhi Station', kind: 'field_unit', parent_id: org['NR-DLI'] },
  }), 201);
  assert.deepEqual((await getOrg(deep.id)).path.map((p) => p.code), ['GOI', 'MOR', 'RB', 'NR', 'NR-DLI']);
  assert.equal(deep.ministry_id, org.MOR);
});

test('an MDO admin of MOR cannot create under DOP or at the root, and a learner nowhere: 403, nothing created', async () => {
  const tries = [
    [mdo, { code: 'DOP-XX', name: 'Not Mine', kind: 'field_unit', parent_id: org.DOP }],
    [mdo, { code: 'MOX', name: 'Ministry of Nothing', kind: 'ministry', parent_id: org.GOI }],
    [learner, { code: 'RB-XX', name: 'Learner Unit', kind: 'field_unit', parent_id: org.RB }],
  ];
  for (const [token, body] of tries) {
    assertProblem(await call('POST', '/api/v1/orgs', { token, json: body }), 403, 'forbidden');
    const found = ok(await call('GET', `/api/v1/orgs?q=${body.code}`, { token: spv }));
    assert.deepEqual(found.items, [], `${body.code} was created anyway`);
  }
});

test('a duplicate organisation code is 409 conflict, whatever its case, and nothing is added', async () => {
  const before = (await getOrg(org.RB)).children_count;
  assertProblem(await call('POST', '/api/v1/orgs', {
    token: mdo, json: { code: 'NR', name: 'Another Northern Railway', kind: 'field_unit', parent_id: org.RB },
  }), 409, 'conflict');
  assertProblem(await call('POST', '/api/v1/orgs', {
    token: mdo, json: { code: 'wr', name: 'Another Western Railway', kind: 'field_unit', parent_id: org.RB },
  }), 409, 'conflict');
  assert.equal((await getOrg(org.RB)).children_count, before);
});

test('bad organisation bodies are 422 validation_failed naming each bad field, and create nothing', async () => {
  let n = 0;
  const good = () => ({ code: `BAD-${++n}`, name: 'A Unit', kind: 'field_unit', parent_id: org.DOP });
  const cases = [
    [{}, ['code', 'kind', 'name', 'parent_id']],
    [(({ code, ...rest }) => rest)(good()), ['code']],
    [(({ name, ...rest }) => rest)(good()), ['name']],
    [(({ kind, ...rest }) => rest)(good()), ['kind']],
    [(({ parent_id, ...rest }) => rest)(good()), ['parent_id']],
    [{ ...good(), code: 'X' }, ['code']],
    [{ ...good(), code: 'has space' }, ['code']],
    [{ ...good(), code: 'C'.repeat(33) }, ['code']],
    [{ ...good(), code: 'नया' }, ['code']],
    [{ ...good(), code: 42 }, ['code']],
    [{ ...good(), name: '' }, ['name']],
    [{ ...good(), name: 'N'.repeat(201) }, ['name']],
    [{ ...good(), name: 7 }, ['name']],
    [{ ...good(), name_hi: 'ह'.repeat(201) }, ['name_hi']],
    [{ ...good(), kind: 'galaxy' }, ['kind']],
    [{ ...good(), kind: 3 }, ['kind']],
    [{ ...good(), parent_id: 999999 }, ['parent_id']],
    [{ ...good(), parent_id: String(org.DOP) }, ['parent_id']],
    [{ ...good(), parent_id: 0 }, ['parent_id']],
    [{ ...good(), parent_id: null }, ['parent_id']],
    [{ ...good(), status: 'active' }, ['status']],
    [[good()], ['body']],
  ];
  for (const [body, fields] of cases) {
    const p = assertProblem(await call('POST', '/api/v1/orgs', { token: spv, json: body }), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), fields, `body ${JSON.stringify(body).slice(0, 120)}`);
    for (const e of p.errors) assert.ok(typeof e.message === 'string' && e.message.length > 0);
  }
  const made = ok(await call('GET', '/api/v1/orgs?q=BAD-&limit=500', { token: spv }));
  assert.deepEqual(made.items.map((o) => o.code), [], 'a refused body created an organisation');
});

test('every bad field of an organisation body is reported at once, an unknown parent too', async () => {
  const p = assertProblem(await call('POST', '/api/v1/orgs', {
    token: spv, json: { code: 'X', name: 'A Unit', kind: 'galaxy', parent_id: 999999 },
  }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['code', 'kind', 'parent_id'],
    'docs/api.md: validation failures list every bad field, not only the first ones found');
});

test('a Hindi name of 100 Devanagari characters fits: the limit of 200 counts characters, not bytes', async () => {
  const long = 'कार्मिक प्रशिक्षण '.repeat(6).slice(0, 100); // 100 characters, 278 bytes of UTF-8
  assert.equal([...long].length, 100);
  const made = ok(await call('POST', '/api/v1/orgs', {
    token: spv, json: { code: 'LONG-HI', name: 'An Institute With A Long Hindi Name', name_hi: long, kind: 'organisation',
      parent_id: org.DOP },
  }), 201);
  assert.equal(made.name_hi, long);
  const renamed = ok(await call('PATCH', `/api/v1/orgs/${org.ISTM}`, { token: spv, json: { name_hi: long } }));
  assert.equal(renamed.name_hi, long);
});

test('an admin renames an organisation and sets, changes and clears its Hindi name', async () => {
  const before = await getOrg(org['NR-DLI']);
  const after = ok(await call('PATCH', `/api/v1/orgs/${org['NR-DLI']}`, {
    token: mdo, json: { name: 'Delhi Division', name_hi: 'दिल्ली मंडल' },
  }));
  assertOrgShape(after);
  assert.equal(after.name, 'Delhi Division');
  assert.equal(after.name_hi, 'दिल्ली मंडल');
  for (const f of ['id', 'code', 'kind', 'parent_id', 'ministry_id', 'status', 'created_at']) {
    assert.deepEqual(after[f], before[f], `${f} changed on a rename`);
  }
  assert.ok(Date.parse(after.updated_at) >= Date.parse(before.updated_at));
  const read = await getOrg(org['NR-DLI'], learner);
  assert.equal(read.name, 'Delhi Division');
  assert.equal(read.name_hi, 'दिल्ली मंडल');
  const found = ok(await call('GET', `/api/v1/orgs?q=${encodeURIComponent('दिल्ली मंडल')}`, { token: learner }));
  assert.deepEqual(found.items.map((o) => o.code), ['NR-DLI']);

  const cleared = ok(await call('PATCH', `/api/v1/orgs/${org['NR-DLI']}`, { token: mdo, json: { name_hi: null } }));
  assert.equal(cleared.name_hi, null);
  assert.equal(cleared.name, 'Delhi Division', 'a PATCH of name_hi alone must leave the name');
  const inactive = ok(await call('PATCH', `/api/v1/orgs/${org['NR-DLI']}`, { token: mdo, json: { status: 'inactive' } }));
  assert.equal(inactive.status, 'inactive');
  assert.equal((await getOrg(org['NR-DLI'])).status, 'inactive');
  ok(await call('PATCH', `/api/v1/orgs/${org['NR-DLI']}`, { token: mdo, json: { status: 'active', name_hi: 'दिल्ली मंडल' } }));

  for (const [body, field] of [[{ name: '' }, 'name'], [{ name: 'N'.repeat(201) }, 'name'], [{ kind: 'state' }, 'kind'],
    [{ status: 'closed' }, 'status'], [{ parent_id: 'RB' }, 'parent_id'], [[], 'body']]) {
    const p = assertProblem(await call('PATCH', `/api/v1/orgs/${org['NR-DLI']}`, { token: mdo, json: body }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], JSON.stringify(body));
  }
  assert.equal((await getOrg(org['NR-DLI'])).name, 'Delhi Division', 'a refused PATCH changed the name');

  assertProblem(await call('PATCH', `/api/v1/orgs/${org.RB}`, { token: learner, json: { name: 'Mine' } }), 403, 'forbidden');
  assertProblem(await call('PATCH', `/api/v1/orgs/${org.GOI}`, { token: mdo, json: { name: 'Mine' } }), 403, 'forbidden');
  assertProblem(await call('PATCH', '/api/v1/orgs/999999', { token: spv, json: { name: 'Nobody' } }), 404, 'not_found');
  assert.equal((await getOrg(org.RB)).name, 'Railway Board');
  assert.equal((await getOrg(org.GOI)).name, 'Government of India');
});

test('moving a unit inside the ministry takes its people along: same officials_count, same org, history intact', async () => {
  const wr = await getOrg(org.WR);
  const people = await staff(org.WR, 0);
  assert.ok(people.length > 0);
  const rbSubtree = await staff(org.RB);
  // Give one of them some history first: a promotion.
  const who = people[0];
  const to = who.designation && who.designation.code === 'DIR' ? 'DS' : 'DIR';
  ok(await call('PATCH', `/api/v1/officials/${who.id}`, { token: mdo, json: { designation: to } }));
  const historyBefore = ok(await call('GET', `/api/v1/officials/${who.id}`, { token: mdo })).history;
  assert.ok(historyBefore.some((h) => h.field === 'designation' && h.new_value === to));

  const moved = ok(await call('PATCH', `/api/v1/orgs/${org.WR}`, { token: mdo, json: { parent_id: org.NR } }));
  assert.equal(moved.parent_id, org.NR);
  assert.equal(moved.ministry_id, org.MOR);
  assert.equal(moved.code, 'WR');

  const after = await getOrg(org.WR, learner);
  assert.deepEqual(after.path.map((p) => p.code), ['GOI', 'MOR', 'RB', 'NR']);
  assert.equal(after.officials_count, wr.officials_count, 'the people did not move with their unit');
  const peopleAfter = await staff(org.WR, 0);
  assert.deepEqual(peopleAfter.map((p) => p.id), people.map((p) => p.id));
  for (const p of peopleAfter) assert.equal(p.org.id, org.WR);
  const whoAfter = ok(await call('GET', `/api/v1/officials/${who.id}`, { token: mdo }));
  assert.deepEqual(whoAfter.history, historyBefore, 'a move of their unit rewrote an official\'s history');
  assert.ok(!whoAfter.history.some((h) => h.field === 'org'), 'the official did not transfer; only the unit moved');

  assert.ok((await children(org.NR)).some((o) => o.id === org.WR), 'WR is not a child of NR');
  assert.ok(!(await children(org.RB)).some((o) => o.id === org.WR), 'WR is still a child of RB');
  assert.deepEqual((await staff(org.RB)).map((p) => p.id).sort(), rbSubtree.map((p) => p.id).sort(),
    'RB\'s whole staff changed though WR stayed under it');
  const nrSubtree = (await staff(org.NR)).map((p) => p.id);
  for (const p of people) assert.ok(nrSubtree.includes(p.id), 'NR\'s subtree lacks the staff of WR');
});

test('moving a department to another ministry carries its units and people; ministry_id follows, nobody transfers', async () => {
  const cbdt = await getOrg(org.CBDT);
  const people = await staff(org.DOR);
  assert.ok(people.length > 0);
  const sample = people[0];
  const sampleBefore = ok(await call('GET', `/api/v1/officials/${sample.id}`, { token: spv }));

  const moved = ok(await call('PATCH', `/api/v1/orgs/${org.DOR}`, { token: spv, json: { parent_id: org.MHA } }));
  assert.equal(moved.parent_id, org.MHA);
  assert.equal(moved.ministry_id, org.MHA);
  for (const code of ['CBDT', 'CBIC']) {
    const unit = await getOrg(org[code]);
    assert.equal(unit.ministry_id, org.MHA, `${code} kept its old ministry`);
    assert.deepEqual(unit.path.map((p) => p.code), ['GOI', 'MHA', 'DOR']);
  }
  assert.equal((await getOrg(org.CBDT)).officials_count, cbdt.officials_count);

  const after = await staff(org.DOR);
  assert.deepEqual(after.map((p) => [p.id, p.org.id]), people.map((p) => [p.id, p.org.id]));
  const mha = (await staff(org.MHA)).map((p) => p.id);
  const mof = (await staff(org.MOF)).map((p) => p.id);
  for (const p of people) {
    assert.ok(mha.includes(p.id), 'the Home Affairs staff list lacks a moved official');
    assert.ok(!mof.includes(p.id), 'the Finance staff list still has a moved official');
  }
  const sampleAfter = ok(await call('GET', `/api/v1/officials/${sample.id}`, { token: spv }));
  assert.deepEqual(sampleAfter.history, sampleBefore.history);
  assert.deepEqual(sampleAfter.org, sampleBefore.org);
});

test('an organisation cannot move under itself or one of its own units: 422 naming parent_id', async () => {
  for (const [token, target] of [[spv, org['NR-DLI']], [spv, org.NR], [mdo, org.NR], [spv, org.RB]]) {
    const p = assertProblem(await call('PATCH', `/api/v1/orgs/${org.RB}`, { token, json: { parent_id: target } }), 422,
      'validation_failed');
    assert.deepEqual(fieldsOf(p), ['parent_id']);
  }
  const rb = await getOrg(org.RB);
  assert.equal(rb.parent_id, org.MOR);
  assert.deepEqual((await getOrg(org['NR-DLI'])).path.map((p) => p.code), ['GOI', 'MOR', 'RB', 'NR']);
});

test('the root of the tree cannot be moved, and nothing moves under an unknown parent: 422', async () => {
  const p = assertProblem(await call('PATCH', `/api/v1/orgs/${org.GOI}`, { token: spv, json: { parent_id: org.MOR } }),
    422, 'validation_failed');
  assert.deepEqual(fieldsOf(p), ['parent_id']);
  assert.equal((await getOrg(org.GOI)).parent_id, null);
  assert.equal((await getOrg(org.MOR)).parent_id, org.GOI);

  const q = assertProblem(await call('PATCH', `/api/v1/orgs/${org.NAIR}`, { token: spv, json: { parent_id: 999999 } }),
    422, 'validation_failed');
  assert.deepEqual(fieldsOf(q), ['parent_id']);
  assert.equal((await getOrg(org.NAIR)).parent_id, org.MOR);
});

test('an MDO admin cannot move a unit out of MOR, nor pull another ministry\'s unit in: 403, nothing moves', async () => {
  assertProblem(await call('PATCH', `/api/v1/orgs/${org.NAIR}`, { token: mdo, json: { parent_id: org.DOP } }), 403,
    'forbidden');
  assertProblem(await call('PATCH', `/api/v1/orgs/${org['DOP-DL']}`, { token: mdo, json: { parent_id: org.NR } }), 403,
    'forbidden');
  assertProblem(await call('PATCH', `/api/v1/orgs/${org.MOR}`, { token: mdo, json: { parent_id: org.MOC } }), 403,
    'forbidden');
  assert.equal((await getOrg(org.NAIR)).parent_id, org.MOR);
  assert.equal((await getOrg(org['DOP-DL'])).parent_id, org.DOP);
  assert.equal((await getOrg(org.MOR)).parent_id, org.GOI);
});

test('a move that would give two officials of one ministry the same employee code is 409, and nothing changes', async () => {
  const unit = ok(await call('POST', '/api/v1/orgs', {
    token: spv, json: { code: 'DOP-CLASH', name: 'Clash Circle', kind: 'field_unit', parent_id: org.DOP },
  }), 201);
  const there = ok(await call('POST', '/api/v1/officials', {
    token: spv, json: { employee_code: 'CLASH/1', email: 'clash.one@indiapost.gov.in', name: 'Clash One', org_id: unit.id },
  }), 201);
  ok(await call('POST', '/api/v1/officials', {
    token: spv, json: { employee_code: 'CLASH/1', email: 'clash.two@indianrailways.gov.in', name: 'Clash Two', org_id: org.RB },
  }), 201);

  assertProblem(await call('PATCH', `/api/v1/orgs/${unit.id}`, {
    token: spv, json: { parent_id: org.RB, name: 'Renamed In The Same Request' },
  }), 409, 'conflict');
  const after = await getOrg(unit.id);
  assert.equal(after.parent_id, org.DOP);
  assert.equal(after.ministry_id, org.MOC);
  assert.equal(after.name, 'Clash Circle', 'half of a refused PATCH was applied');
  const official = ok(await call('GET', `/api/v1/officials/${there.id}`, { token: spv }));
  assert.equal(official.org.id, unit.id);
  assert.deepEqual((await staff(org.DOP)).filter((p) => p.id === there.id).length, 1);
});
