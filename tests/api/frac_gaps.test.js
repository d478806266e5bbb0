// API tests: competency gaps (module frac, part 2). An official's gaps against what the posts they hold ask
// for (own and inherited requirements; self-declared levels shown but never counted; retired competencies
// dropped), who may read them, and an organisation's heatmap with its subtree switch. Every case is built
// here by hand: an organisation of its own under the Railway Board, its posts and roles, and passports
// written by the reporting officer (verified) and by an official themselves (claims).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';
const PASSWORD = 'Gap-List-Chai-2026';

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const login = async (email, password) => (await api.login(email, password)).token;
let spv; let mdo; let learner; let supervisor; let chetanToken;
const org = {};
const comp = {}; // code -> id
const who = {}; // name -> official id
const post = {}; // name -> position id
let zonal; // the competency made here and retired by a test

function dbUrl() {
  if (!PG) return `sqlite:${path.join(srv.tmp, 'test.db')}`;
  return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`;
}

const today = () => new Date().toISOString().slice(0, 10);
const bytes = (s) => Buffer.from(s);

let seq = 0;
const email = {}; // official id -> email
async function official(name, orgId) {
  seq++;
  const made = ok(await call('POST', '/api/v1/officials', { token: mdo, json: {
    employee_code: `GAP/${seq}`, email: `gap.${seq}@example.gov.in`, name, org_id: orgId, designation: 'SO' } }), 201);
  email[made.id] = made.email;
  return made.id;
}

// An account that can log in: the operator's activation link, then a password of their own.
async function activate(email) {
  const r = spawnSync(BIN, ['activation-link', '--db', dbUrl(), '--email', email, '--base', 'https://x.example/'],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().match(/token=([0-9a-f]{64})$/)[1];
  ok(await call('POST', '/api/v1/auth/activate', { json: { token, password: PASSWORD } }));
  return login(email, PASSWORD);
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
// The reporting officer's word: a verified entry.
const verified = async (official, code, level) => ok(await call('POST', `/api/v1/officials/${official}/passport`,
  { token: supervisor, json: { competency_id: comp[code], level } }), 201);
const gaps = (id, token = mdo) => call('GET', `/api/v1/officials/${id}/gaps`, { token });
const heatmap = (id, qs = '', token = mdo) => call('GET', `/api/v1/orgs/${id}/competency-gaps${qs}`, { token });
// Items as [code, required, verified, self_declared, gap], in the order given.
const rows = (g) => g.items.map((i) => [i.competency.code, i.required_level, i.verified_level, i.self_declared_level, i.gap]);

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  supervisor = await login('supervisor@karmayogi.demo');
  for (const [name, token] of [['priya', learner], ['vikram', supervisor]]) who[name] = ok(await call('GET', '/api/v1/me', { token })).id;
  org.RB = await api.orgId('RB', spv);
  org.DOP = await api.orgId('DOP', spv);
  org.unit = ok(await call('POST', '/api/v1/orgs', { token: mdo, json: { code: 'GAP-UNIT', name: 'Gap test unit',
    name_hi: 'अंतर परीक्षण इकाई', kind: 'field_unit', parent_id: org.RB } }), 201).id;
  org.sub = ok(await call('POST', '/api/v1/orgs', { token: mdo, json: { code: 'GAP-SUB', name: 'Gap test sub-unit', kind: 'field_unit', parent_id: org.unit } }), 201).id;
  for (const code of ['FUN-PROCUREMENT', 'BEH-INTEGRITY', 'DOM-RAILWAY-OPS']) {
    comp[code] = ok(await call('GET', `/api/v1/competencies?q=${code}`, { token: learner })).items.find((c) => c.code === code).id;
  }
  zonal = ok(await call('POST', '/api/v1/competencies', { token: spv, json: {
    code: 'DOM-GAP-ZONAL', area: 'domain', name: 'Zonal safety audit', description: 'Audits a zone for safety.',
    levels: [1, 2, 3, 4, 5].map((n) => ({ level: n, descriptor: `Zonal level ${n}` })) } }), 201);
  comp['DOM-GAP-ZONAL'] = zonal.id;

  // BASE asks procurement 3 and integrity 2; CHILD extends it and adds railway operations 2; ZONAL asks 3.
  const base = await role({ code: 'GAP-BASE', name: 'Gap base', org_id: org.RB, requirements: [
    { competency_id: comp['FUN-PROCUREMENT'], level: 3 }, { competency_id: comp['BEH-INTEGRITY'], level: 2 }] });
  const child = await role({ code: 'GAP-CHILD', name: 'Gap child', org_id: org.RB, extends_id: base.id, requirements: [
    { competency_id: comp['DOM-RAILWAY-OPS'], level: 2 }] });
  const zone = await role({ code: 'GAP-ZONAL', name: 'Gap zonal', org_id: org.RB, requirements: [
    { competency_id: zonal.id, level: 3 }] });

  who.asha = await official('Asha Rao', org.unit);
  who.bhavna = await official('Bhavna Iyer', org.sub);
  who.chetan = await official('Chetan Das', org.unit);
  who.nobody = await official('Nirmal Postless', org.unit);
  post.asha = await position('GAP-A', org.unit, [child.id, zone.id], who.asha);
  post.bhavna = await position('GAP-B', org.sub, [child.id], who.bhavna);
  post.chetan = await position('GAP-C', org.unit, [child.id], who.chetan);
  post.vacant = await position('GAP-V', org.unit, [child.id], null);

  await verified(who.asha, 'FUN-PROCUREMENT', 3);
  await verified(who.asha, 'BEH-INTEGRITY', 1);
  await verified(who.asha, 'DOM-GAP-ZONAL', 2);
  await verified(who.bhavna, 'FUN-PROCUREMENT', 4);
  await verified(who.bhavna, 'BEH-INTEGRITY', 2);
  await verified(who.bhavna, 'DOM-RAILWAY-OPS', 2);
  await verified(who.chetan, 'DOM-RAILWAY-OPS', 1);
  // Chetan claims two levels himself: pending until Vikram reviews them.
  chetanToken = await activate(email[who.chetan]);
  for (const [code, level] of [['FUN-PROCUREMENT', 4], ['BEH-INTEGRITY', 2]]) {
    ok(await call('POST', `/api/v1/officials/${who.chetan}/passport`, { token: chetanToken,
      json: { competency_id: comp[code], level } }), 201);
  }
});
after(async () => { if (srv) await srv.stop(); });

// --- one official's gaps ---

test('gaps: own and inherited requirements of every post held, largest gap first, then by name', async () => {
  const g = ok(await gaps(who.asha));
  assert.deepEqual(Object.keys(g).sort(), ['items', 'official', 'positions', 'summary']);
  assert.equal(g.official.id, who.asha);
  assert.equal(g.official.name, 'Asha Rao');
  // Every name a person reads carries its Hindi form: the designation, the unit, the post.
  assert.deepEqual(g.official.designation, { code: 'SO', name: 'Section Officer', name_hi: 'अनुभाग अधिकारी' });
  assert.deepEqual(g.official.org, { id: org.unit, code: 'GAP-UNIT', name: 'Gap test unit', name_hi: 'अंतर परीक्षण इकाई' });
  assert.deepEqual(g.positions, [{ id: post.asha, code: 'GAP-A', title: 'Post GAP-A', title_hi: 'पद GAP-A',
    org: { id: org.unit, code: 'GAP-UNIT', name: 'Gap test unit', name_hi: 'अंतर परीक्षण इकाई' } }]);
  // Railway operations comes from CHILD, procurement and integrity from BASE (inherited), zonal from ZONAL.
  assert.deepEqual(rows(g), [
    ['DOM-RAILWAY-OPS', 2, 0, 0, 2],
    ['BEH-INTEGRITY', 2, 1, 0, 1],
    ['DOM-GAP-ZONAL', 3, 2, 0, 1],
    ['FUN-PROCUREMENT', 3, 3, 0, 0],
  ]);
  assert.deepEqual(g.summary, { required: 4, met: 1, gaps: 3 });
  for (const i of g.items) assert.deepEqual(Object.keys(i.competency).sort(), ['area', 'code', 'id', 'name', 'name_hi']);
});

test('gaps: a level above the one required is met, with gap 0 (never negative)', async () => {
  const g = ok(await gaps(who.bhavna));
  // all met: by name (Integrity and ethics, Public procurement, Railway operations)
  assert.deepEqual(rows(g), [
    ['BEH-INTEGRITY', 2, 2, 0, 0],
    ['FUN-PROCUREMENT', 3, 4, 0, 0],
    ['DOM-RAILWAY-OPS', 2, 2, 0, 0],
  ]);
  assert.deepEqual(g.summary, { required: 3, met: 3, gaps: 0 });
});

test('gaps: self-declared levels are shown beside the gap but never close it', async () => {
  const g = ok(await gaps(who.chetan, chetanToken));
  assert.deepEqual(rows(g), [
    ['FUN-PROCUREMENT', 3, 0, 4, 3],
    ['BEH-INTEGRITY', 2, 0, 2, 2],
    ['DOM-RAILWAY-OPS', 2, 1, 0, 1],
  ]);
  assert.deepEqual(g.summary, { required: 3, met: 0, gaps: 3 });
});

test('gaps: once the reporting officer verifies a claim it counts (and is no longer shown as self-declared)', async () => {
  const queue = ok(await call('GET', '/api/v1/me/verifications', { token: supervisor })).items;
  const claim = queue.find((e) => e.official.id === who.chetan && e.competency.code === 'BEH-INTEGRITY');
  assert.ok(claim, 'the claim waits in the officer\'s queue');
  ok(await call('POST', `/api/v1/passport-entries/${claim.id}/verify`, { token: supervisor, json: {} }));
  const g = ok(await gaps(who.chetan, chetanToken));
  assert.deepEqual(rows(g), [
    ['FUN-PROCUREMENT', 3, 0, 4, 3],
    ['DOM-RAILWAY-OPS', 2, 1, 0, 1],
    ['BEH-INTEGRITY', 2, 2, 0, 0],
  ]);
  assert.deepEqual(g.summary, { required: 3, met: 1, gaps: 2 });
});

test('gaps: an official who holds no post has no positions and no items', async () => {
  const g = ok(await gaps(who.nobody));
  assert.deepEqual(g.positions, []);
  assert.deepEqual(g.items, []);
  assert.deepEqual(g.summary, { required: 0, met: 0, gaps: 0 });
});

test('gaps: the official, their reporting officer and admins may read them; anyone else is 403', async () => {
  ok(await gaps(who.chetan, chetanToken)); // himself
  ok(await gaps(who.chetan, supervisor)); // his reporting officer
  ok(await gaps(who.chetan, mdo)); // admin of MOR, above the unit
  ok(await gaps(who.chetan, spv)); // admin of the whole tree
  assertProblem(await gaps(who.chetan, learner), 403, 'forbidden'); // Priya: a stranger to him
  assertProblem(await gaps(who.priya, chetanToken), 403, 'forbidden'); // and he to her
  assertProblem(await gaps(who.chetan, null), 401);
  assertProblem(await gaps(99999999), 404, 'not_found');
  assertProblem(await gaps('abc'), 404, 'not_found');
});

// --- the heatmap ---

// The items as {code: by_gap}, and the order of codes.
const heat = (h) => Object.fromEntries(h.items.map((i) => [i.competency.code, i.by_gap]));
const withGap = (i) => i.officials_requiring - i.by_gap[0];

function assertHeatOrder(h) {
  for (let i = 1; i < h.items.length; i++) {
    const a = h.items[i - 1]; const b = h.items[i];
    assert.ok(withGap(a) > withGap(b) || (withGap(a) === withGap(b) && Buffer.compare(bytes(a.competency.name), bytes(b.competency.name)) < 0),
      `out of order: ${a.competency.code} before ${b.competency.code}`);
  }
  for (const i of h.items) assert.equal(i.by_gap.reduce((s, n) => s + n, 0), i.officials_requiring);
}

test('heatmap: per competency, how many of the unit\'s post holders have each gap, over the subtree by default', async () => {
  const h = ok(await heatmap(org.unit));
  assert.deepEqual(h.org, { id: org.unit, code: 'GAP-UNIT', name: 'Gap test unit', name_hi: 'अंतर परीक्षण इकाई' });
  assert.equal(h.officials, 3); // Asha, Bhavna (in the sub-unit), Chetan; the vacant post has nobody
  assertHeatOrder(h);
  // Asha: proc 0, integ 1, rail 2, zonal 1. Bhavna: all 0. Chetan (integrity now verified): proc 3, integ 0, rail 1.
  assert.deepEqual(heat(h), {
    'FUN-PROCUREMENT': [2, 0, 0, 1, 0, 0],
    'BEH-INTEGRITY': [2, 1, 0, 0, 0, 0],
    'DOM-RAILWAY-OPS': [1, 1, 1, 0, 0, 0],
    'DOM-GAP-ZONAL': [0, 1, 0, 0, 0, 0],
  });
  // two of three short on railway operations; then one each, by name
  assert.deepEqual(h.items.map((i) => i.competency.code), ['DOM-RAILWAY-OPS', 'BEH-INTEGRITY', 'FUN-PROCUREMENT', 'DOM-GAP-ZONAL']);
});

test('heatmap: subtree=0 keeps to the organisation itself; self-declared claims never move a count', async () => {
  const h = ok(await heatmap(org.unit, '?subtree=0'));
  assert.equal(h.officials, 2); // Bhavna's post is in the sub-unit
  assert.deepEqual(heat(h)['FUN-PROCUREMENT'], [1, 0, 0, 1, 0, 0]); // Chetan's claim of 4 does not count
  assertHeatOrder(h);
  const sub = ok(await heatmap(org.sub));
  assert.equal(sub.officials, 1);
  assert.deepEqual(heat(sub), { 'FUN-PROCUREMENT': [1, 0, 0, 0, 0, 0], 'BEH-INTEGRITY': [1, 0, 0, 0, 0, 0],
    'DOM-RAILWAY-OPS': [1, 0, 0, 0, 0, 0] });
});

test('heatmap: only admins of the organisation; bad subtree is 422; unknown organisation 404', async () => {
  assertProblem(await heatmap(org.unit, '', learner), 403, 'forbidden');
  assertProblem(await heatmap(org.unit, '', supervisor), 403, 'forbidden');
  const dopAdmin = ok(await heatmap(org.DOP, '', spv));
  assert.equal(dopAdmin.org.code, 'DOP');
  assertProblem(await heatmap(org.DOP), 403, 'forbidden'); // the MOR admin outside his ministry
  for (const bad of ['2', 'yes', '']) {
    assert.deepEqual(fieldsOf(assertProblem(await heatmap(org.unit, `?subtree=${bad}`), 422, 'validation_failed')), ['subtree']);
  }
  assertProblem(await heatmap(99999999), 404, 'not_found');
  assertProblem(await heatmap(org.unit, '', null), 401);
});

// --- a retired competency ---

test('a retired competency stops counting: gone from the gap list, the summary and the heatmap', async () => {
  ok(await call('PATCH', `/api/v1/competencies/${zonal.id}`, { token: spv, json: { status: 'retired' } }));
  const g = ok(await gaps(who.asha));
  assert.deepEqual(rows(g), [
    ['DOM-RAILWAY-OPS', 2, 0, 0, 2],
    ['BEH-INTEGRITY', 2, 1, 0, 1],
    ['FUN-PROCUREMENT', 3, 3, 0, 0],
  ]);
  assert.deepEqual(g.summary, { required: 3, met: 1, gaps: 2 });
  const h = ok(await heatmap(org.unit));
  assert.ok(!('DOM-GAP-ZONAL' in heat(h)));
  assert.equal(h.officials, 3);
});
