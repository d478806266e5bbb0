// API tests: matching (module frac, part 2). Candidates for a post, ranked by the fit score over verified
// levels only (own and inherited requirements, over-qualification capped, the holder and retired officials
// left out, ties by needs met then name), within a scope the admin must administer; and the posts an
// official fits, with what each lacks. Every case is built here by hand in an organisation of its own.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';
const PASSWORD = 'Match-Making-Chai-2026';

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const login = async (email, password) => (await api.login(email, password)).token;
let spv; let mdo; let learner; let supervisor; let chetanToken;
const org = {};
const comp = {}; // code -> id
const who = {}; // first name -> official id
const email = {}; // official id -> email
const post = {}; // name -> position id
let zonal; // a competency made here and retired by a test

function dbUrl() {
  if (!PG) return `sqlite:${path.join(srv.tmp, 'test.db')}`;
  return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`;
}
const today = () => new Date().toISOString().slice(0, 10);

let seq = 0;
async function official(name, orgId) {
  seq++;
  const made = ok(await call('POST', '/api/v1/officials', { token: mdo, json: {
    employee_code: `MATCH/${seq}`, email: `match.${seq}@example.gov.in`, name, org_id: orgId } }), 201);
  email[made.id] = made.email;
  who[name.split(' ')[0].toLowerCase()] = made.id;
  return made.id;
}

async function activate(address) {
  const r = spawnSync(BIN, ['activation-link', '--db', dbUrl(), '--email', address, '--base', 'https://x.example/'],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().match(/token=([0-9a-f]{64})$/)[1];
  ok(await call('POST', '/api/v1/auth/activate', { json: { token, password: PASSWORD } }));
  return login(address, PASSWORD);
}

const role = async (json) => ok(await call('POST', '/api/v1/work-roles', { token: mdo, json }), 201);
async function position(code, orgId, roleIds, holder) {
  const p = ok(await call('POST', '/api/v1/positions', { token: mdo,
    json: { org_id: orgId, code, title: `Post ${code}`, title_hi: `पद ${code}`, role_ids: roleIds } }), 201);
  if (holder) {
    ok(await call('POST', `/api/v1/positions/${p.id}/holders`, { token: mdo,
      json: { official_id: holder, reporting_officer_id: who.vikram, start_date: today() } }), 201);
  }
  return p.id;
}
// Verified entries, written by the reporting officer.
async function verified(official, levels) {
  for (const [code, level] of Object.entries(levels)) {
    ok(await call('POST', `/api/v1/officials/${official}/passport`, { token: supervisor,
      json: { competency_id: comp[code], level } }), 201);
  }
}
const candidates = (id, qs = '', token = mdo) => call('GET', `/api/v1/positions/${id}/candidates${qs}`, { token });
const matches = (id, qs = '', token = mdo) => call('GET', `/api/v1/officials/${id}/position-matches${qs}`, { token });
// [name, score, met, missing, shortfall] per candidate, in order.
const ranked = (r) => r.items.map((i) => [i.official.name, i.score, i.met, i.missing, i.shortfall]);

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  supervisor = await login('supervisor@karmayogi.demo');
  who.priya = ok(await call('GET', '/api/v1/me', { token: learner })).id;
  who.vikram = ok(await call('GET', '/api/v1/me', { token: supervisor })).id;
  for (const code of ['MOR', 'RB', 'NR', 'DOP']) org[code] = await api.orgId(code, spv);
  const unit = (code, name, nameHi, parent) => call('POST', '/api/v1/orgs', { token: mdo,
    json: { code, name, name_hi: nameHi, kind: 'field_unit', parent_id: parent } });
  org.unit = ok(await unit('MATCH-UNIT', 'Match test unit', 'मिलान परीक्षण इकाई', org.RB), 201).id;
  org.sub = ok(await unit('MATCH-SUB', 'Match test sub-unit', 'मिलान परीक्षण उप-इकाई', org.unit), 201).id;
  for (const code of ['FUN-PROCUREMENT', 'BEH-INTEGRITY', 'DOM-RAILWAY-OPS', 'FUN-EOFFICE']) {
    comp[code] = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: learner })).items.find((c) => c.code === code).id;
  }
  zonal = ok(await call('POST', '/api/v1/competencies', { token: spv, json: {
    code: 'DOM-MATCH-ZONAL', area: 'domain', name: 'Zonal safety audit', description: 'Audits a zone for safety.',
    levels: [1, 2, 3, 4, 5].map((n) => ({ level: n, descriptor: `Zonal level ${n}` })) } }), 201);
  comp['DOM-MATCH-ZONAL'] = zonal.id;

  // The post P carries CHILD: railway operations 2 of its own, procurement 3 and integrity 2 inherited
  // from BASE: seven levels in all. Q carries ZONAL (procurement 3, zonal audit 4). Everyone else holds a
  // post carrying PARK (e-office 1), so that Vikram is their reporting officer.
  const base = await role({ code: 'MATCH-BASE', name: 'Match base', org_id: org.RB, requirements: [
    { competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-INTEGRITY'], level: 2 }] });
  const child = await role({ code: 'MATCH-CHILD', name: 'Match child', org_id: org.RB, extends_id: base.id,
    requirements: [{ competency_id: comp['DOM-RAILWAY-OPS'], level: 2 }] });
  const zone = await role({ code: 'MATCH-ZONAL', name: 'Match zonal', org_id: org.RB, requirements: [
    { competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: zonal.id, level: 4 }] });
  const park = await role({ code: 'MATCH-PARK', name: 'Match park', org_id: org.RB, requirements: [
    { competency_id: comp['FUN-EOFFICE'], level: 1 }] });

  await official('Harish Holder', org.unit);
  for (const name of ['Asha Rao', 'Kiran Pillai', 'Chetan Das', 'Gita Menon', 'Dev Anand', 'Rekha Bose', 'Nila Sen']) {
    await official(name, org.unit);
  }
  await official('Bhavna Iyer', org.sub);
  await official('Esha Khan', org.NR); // in the ministry, outside the unit
  post.P = await position('MATCH-P', org.unit, [child.id], who.harish);
  post.Q = await position('MATCH-Q', org.unit, [zone.id], null);
  for (const name of ['asha', 'kiran', 'chetan', 'gita', 'dev', 'rekha', 'nila', 'bhavna', 'esha']) {
    const where = name === 'bhavna' ? org.sub : name === 'esha' ? org.NR : org.unit;
    post[name] = await position(`MATCH-PARK-${name.toUpperCase()}`, where, [park.id], who[name]);
  }
  const all5 = { 'FUN-PROCUREMENT': 5, 'BEH-INTEGRITY': 5, 'DOM-RAILWAY-OPS': 5 };
  await verified(who.harish, all5);
  await verified(who.rekha, all5);
  await verified(who.esha, all5);
  await verified(who.asha, { 'FUN-PROCUREMENT': 3, 'BEH-INTEGRITY': 2, 'DOM-RAILWAY-OPS': 2 });
  await verified(who.bhavna, { 'FUN-PROCUREMENT': 2, 'BEH-INTEGRITY': 2 });
  await verified(who.kiran, { 'FUN-PROCUREMENT': 2, 'BEH-INTEGRITY': 1, 'DOM-RAILWAY-OPS': 1 });
  await verified(who.chetan, { 'FUN-PROCUREMENT': 5 });
  await verified(who.gita, { 'FUN-PROCUREMENT': 3 });
  await verified(who.dev, { 'DOM-RAILWAY-OPS': 1 });
  await verified(who.nila, { 'DOM-MATCH-ZONAL': 4 });
  // Chetan declares the two he lacks at level 5: claims, never counted.
  chetanToken = await activate(email[who.chetan]);
  for (const code of ['BEH-INTEGRITY', 'DOM-RAILWAY-OPS']) {
    ok(await call('POST', `/api/v1/officials/${who.chetan}/passport`, { token: chetanToken,
      json: { competency_id: comp[code], level: 5 } }), 201);
  }
});
after(async () => { if (srv) await srv.stop(); });

// --- candidates for a post ---

// The unit as every reference shows it, in both languages.
const unitRef = () => ({ id: org.unit, code: 'MATCH-UNIT', name: 'Match test unit', name_hi: 'मिलान परीक्षण इकाई' });

test('candidates: exact scores and order; the holder left out; self-declared levels never counted', async () => {
  const r = ok(await candidates(post.P, `?org_id=${org.unit}`));
  assert.deepEqual(Object.keys(r).sort(), ['considered', 'items', 'position', 'requirements', 'scope']);
  // The post, its unit and the scope each carry their Hindi name.
  assert.deepEqual(r.position, { id: post.P, code: 'MATCH-P', title: 'Post MATCH-P', title_hi: 'पद MATCH-P', org: unitRef() });
  assert.deepEqual(r.scope, unitRef());
  // the effective requirements, inherited ones included, by competency name
  assert.deepEqual(r.requirements.map((q) => [q.competency.code, q.level]),
    [['BEH-INTEGRITY', 2], ['FUN-PROCUREMENT', 3], ['DOM-RAILWAY-OPS', 2]]);
  // score = round(100 * sum(min(verified, required)) / 7)
  assert.deepEqual(ranked(r), [
    ['Asha Rao', 100, 3, 0, 0], //    3 + 2 + 2 = 7
    ['Rekha Bose', 100, 3, 0, 0], //  5 + 5 + 5, capped at 3 + 2 + 2; after Asha by name
    ['Bhavna Iyer', 57, 1, 1, 3], //  2 + 2 + 0 = 4: 57.1; one need met (integrity)
    ['Kiran Pillai', 57, 0, 0, 3], // 2 + 1 + 1 = 4: the same score, no need met, so after Bhavna
    ['Chetan Das', 43, 1, 2, 4], //   procurement 5 capped at 3; his claims of 5 count for nothing
    ['Gita Menon', 43, 1, 2, 4], //   procurement 3 (an inherited requirement): equal to Chetan, by name
    ['Dev Anand', 14, 0, 2, 6], //    railway operations 1 of 2: 1/7
  ]);
  assert.ok(!r.items.some((i) => i.official.id === who.harish), 'the holder is not a candidate for his own post');
  assert.ok(!r.items.some((i) => i.official.id === who.nila), 'no verified level on any requirement: not a candidate');
  // officials of the scope (the unit and its sub-unit), the holder not counted
  assert.equal(r.considered, 8);
  const chetan = r.items.find((i) => i.official.id === who.chetan);
  assert.deepEqual(chetan.official, { id: who.chetan, name: 'Chetan Das', name_hi: null, designation: null,
    org: unitRef() });
  assert.deepEqual(chetan.details.map((d) => [d.competency.code, d.required, d.verified, d.met, d.shortfall]), [
    ['BEH-INTEGRITY', 2, 0, false, 2],
    ['FUN-PROCUREMENT', 3, 5, true, 0],
    ['DOM-RAILWAY-OPS', 2, 0, false, 2],
  ]);
  for (const d of chetan.details) assert.deepEqual(Object.keys(d.competency).sort(), ['area', 'code', 'id', 'name', 'name_hi']);
});

test('candidates: limit keeps the best; a sub-unit scope holds only its own officials', async () => {
  const two = ok(await candidates(post.P, `?org_id=${org.unit}&limit=2`));
  assert.deepEqual(two.items.map((i) => i.official.name), ['Asha Rao', 'Rekha Bose']);
  const sub = ok(await candidates(post.P, `?org_id=${org.sub}`));
  assert.deepEqual(ranked(sub), [['Bhavna Iyer', 57, 1, 1, 3]]);
  assert.equal(sub.considered, 1);
});

test('candidates: the default scope is the post\'s ministry, reaching officials of other units', async () => {
  const r = ok(await candidates(post.P, '?limit=100'));
  assert.deepEqual(r.scope, { id: org.MOR, code: 'MOR', name: 'Ministry of Railways', name_hi: 'रेल मंत्रालय' });
  const esha = r.items.find((i) => i.official.id === who.esha);
  assert.ok(esha, 'Esha, in Northern Railway, is a candidate at ministry scope');
  assert.equal(esha.score, 100);
  assert.ok(!r.items.some((i) => i.official.id === who.harish));
  for (let i = 1; i < r.items.length; i++) assert.ok(r.items[i - 1].score >= r.items[i].score, 'ranked by score');
  // every official of the ministry's staff list but the holder
  const staff = (await api.walk(`/api/v1/officials?org_id=${org.MOR}&subtree=1`, mdo, 500)).items;
  assert.equal(r.considered, staff.length - 1);
});

test('candidates: a retired official is never a candidate', async () => {
  ok(await call('PATCH', `/api/v1/officials/${who.rekha}`, { token: mdo, json: { status: 'retired' } }));
  const r = ok(await candidates(post.P, `?org_id=${org.unit}`));
  assert.deepEqual(r.items.map((i) => i.official.name),
    ['Asha Rao', 'Bhavna Iyer', 'Kiran Pillai', 'Chetan Das', 'Gita Menon', 'Dev Anand']);
  // still among the officials of the scope, whatever their status
  assert.equal(r.considered, 8);
  const two = ok(await candidates(post.P, `?org_id=${org.unit}&limit=2`));
  assert.deepEqual(two.items.map((i) => i.official.name), ['Asha Rao', 'Bhavna Iyer']);
});

test('candidates: only an admin of the scope may ask; outside it is 403', async () => {
  const p = assertProblem(await candidates(post.P, `?org_id=${org.DOP}`), 403, 'forbidden');
  assert.match(p.detail, /outside your scope/);
  assertProblem(await candidates(post.P, `?org_id=${org.unit}`, learner), 403, 'forbidden');
  assertProblem(await candidates(post.P, '', supervisor), 403, 'forbidden');
  assertProblem(await candidates(post.P, '', chetanToken), 403, 'forbidden');
  ok(await candidates(post.P, `?org_id=${org.DOP}`, spv)); // the platform admin administers every scope
  assertProblem(await candidates(post.P, '', null), 401);
});

test('candidates: bad parameters are 422 naming them; an unknown post 404', async () => {
  for (const [qs, field] of [['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?limit=ten', 'limit'], ['?limit=2.5', 'limit'],
    ['?org_id=abc', 'org_id'], ['?org_id=0', 'org_id'], ['?org_id=99999999', 'org_id']]) {
    const p = assertProblem(await candidates(post.P, qs), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), [field], qs);
  }
  assertProblem(await candidates(99999999), 404, 'not_found');
  assertProblem(await candidates('abc'), 404, 'not_found');
});

// --- the posts an official fits ---

const fits = (r) => r.items.map((i) => [i.position.code, i.vacant, i.score, i.met, i.missing, i.shortfall,
  i.lacking.map((l) => [l.competency.code, l.required, l.verified])]);

test('posts-I-fit: ranks the scope\'s posts by the same rule and lists what each lacks', async () => {
  const r = ok(await matches(who.chetan, `?org_id=${org.unit}&limit=3`, chetanToken));
  assert.deepEqual(r.official.id, who.chetan);
  assert.deepEqual(r.scope, unitRef());
  assert.deepEqual(fits(r), [
    // 3 of 7, like Q; equal score, needs met and shortfall: by title
    ['MATCH-P', false, 43, 1, 2, 4, [['BEH-INTEGRITY', 2, 0], ['DOM-RAILWAY-OPS', 2, 0]]],
    ['MATCH-Q', true, 43, 1, 1, 4, [['DOM-MATCH-ZONAL', 4, 0]]],
    // the parking posts ask e-office 1, which he lacks; his own is left out
    ['MATCH-PARK-ASHA', false, 0, 0, 1, 1, [['FUN-EOFFICE', 1, 0]]],
  ]);
  assert.deepEqual(r.items[0].position, { id: post.P, code: 'MATCH-P', title: 'Post MATCH-P', title_hi: 'पद MATCH-P',
    org: unitRef() });
  const all = ok(await matches(who.chetan, `?org_id=${org.unit}&limit=100`, chetanToken));
  assert.ok(!all.items.some((i) => i.position.id === post.chetan), 'the post he holds is not offered');
  assert.equal(all.items.length, 9); // P, Q and the eight parking posts of the unit but his own
});

test('posts-I-fit: the official and admins may ask; the reporting officer and strangers may not', async () => {
  ok(await matches(who.chetan, '', chetanToken)); // his own ministry by default
  const byAdmin = ok(await matches(who.asha, `?org_id=${org.unit}&limit=1`));
  assert.deepEqual(fits(byAdmin), [['MATCH-P', false, 100, 3, 0, 0, []]]);
  assertProblem(await matches(who.chetan, '', supervisor), 403, 'forbidden');
  assertProblem(await matches(who.chetan, '', learner), 403, 'forbidden');
  assertProblem(await matches(who.chetan, `?org_id=${org.DOP}`, chetanToken), 403, 'forbidden'); // outside his ministry
  assertProblem(await matches(who.chetan, `?org_id=${org.DOP}`), 403, 'forbidden'); // outside the admin's
  for (const [qs, field] of [['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?org_id=x', 'org_id'], ['?org_id=99999999', 'org_id']]) {
    assert.deepEqual(fieldsOf(assertProblem(await matches(who.chetan, qs, chetanToken), 422, 'validation_failed')), [field], qs);
  }
  assertProblem(await matches(99999999), 404, 'not_found');
  assertProblem(await matches(who.chetan, '', null), 401);
});

// --- a retired competency ---

test('a retired competency\'s requirement stops counting, for candidates and for posts-I-fit', async () => {
  const before = ok(await candidates(post.Q, `?org_id=${org.unit}`));
  assert.deepEqual(before.requirements.map((q) => [q.competency.code, q.level]), [['FUN-PROCUREMENT', 3], ['DOM-MATCH-ZONAL', 4]]);
  assert.deepEqual(ranked(before).slice(0, 2), [['Nila Sen', 57, 1, 1, 3], ['Asha Rao', 43, 1, 1, 4]]);
  ok(await call('PATCH', `/api/v1/competencies/${zonal.id}`, { token: spv, json: { status: 'retired' } }));
  const r = ok(await candidates(post.Q, `?org_id=${org.unit}`));
  assert.deepEqual(r.requirements.map((q) => [q.competency.code, q.level]), [['FUN-PROCUREMENT', 3]]);
  assert.ok(!r.items.some((i) => i.official.id === who.nila), 'her only level is on the retired competency');
  assert.deepEqual(ranked(r).slice(0, 3), [['Asha Rao', 100, 1, 0, 0], ['Chetan Das', 100, 1, 0, 0], ['Gita Menon', 100, 1, 0, 0]]);
  const m = ok(await matches(who.chetan, `?org_id=${org.unit}&limit=2`, chetanToken));
  assert.deepEqual(fits(m)[0], ['MATCH-Q', true, 100, 1, 0, 0, []]);
});
