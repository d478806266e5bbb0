// API tests: the demo competency data (module frac, part 2), as the demo accounts meet it. Priya Sharma holds
// a "Section Officer, procurement" post in the Railway Board reporting to Vikram Singh; her passport has
// verified entries (course, assessment, her officer) and one claim waiting in Vikram's queue; her gap list
// shows what her post asks for that she has not shown, and she ranks as a candidate for the other
// procurement post by the matching rule; the demo roles are bilingual and one extends another;
// a couple of posts are vacant; and running `karmayogi demo` again changes nothing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const DEVANAGARI = /[\u0900-\u097F]/;
const DEMO_ROLES = ['SECTION-OFFICER', 'SECTION-OFFICER-PROCUREMENT', 'UNDER-SECRETARY', 'STATION-MASTER',
  'DIV-COMMERCIAL-MANAGER', 'INCOME-TAX-OFFICER', 'POSTMASTER', 'STATION-HOUSE-OFFICER', 'DISTRICT-HEALTH-OFFICER',
  'TRAINING-COORDINATOR'];
// What Priya's post asks for (the procurement role's own, plus the Section Officer's it extends, the higher
// level where both ask), and what the demo gave her.
const PRIYA_POST = { 'FUN-PROCUREMENT': 3, 'FUN-FINANCE': 2, 'BEH-INTEGRITY': 4, 'FUN-EOFFICE': 3, 'FUN-POLICY': 2,
  'BEH-COMMUNICATION': 3, 'BEH-TEAMWORK': 2 };
const PRIYA_VERIFIED = { 'FUN-EOFFICE': 3, 'BEH-COMMUNICATION': 3, 'BEH-TEAMWORK': 3, 'FUN-PROCUREMENT': 2,
  'BEH-INTEGRITY': 3, 'FUN-POLICY': 1, 'FUN-DATA': 2 };

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;
const login = async (email) => (await api.login(email)).token;
let spv; let mdo; let learner; let supervisor;
const who = {};
const org = {};

const sql = (query) => sqlText(srv, query);
const dbUrl = () => (srv.pgDatabase
  ? `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`
  : `sqlite:${path.join(srv.tmp, 'test.db')}`);

before(async () => {
  srv = await startServer();
  spv = await login('spv.admin@karmayogi.demo');
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  supervisor = await login('supervisor@karmayogi.demo');
  for (const [name, token] of [['priya', learner], ['vikram', supervisor]]) {
    who[name] = ok(await call('GET', '/api/v1/me', { token })).id;
  }
  for (const code of ['RB', 'NR-DLI', 'MOR']) org[code] = await api.orgId(code, spv);
});
after(async () => { if (srv) await srv.stop(); });

// Priya's current holding, as she sees it.
async function priyaHolding() {
  const list = ok(await call('GET', `/api/v1/officials/${who.priya}/positions`, { token: learner }));
  const now = list.items.filter((h) => h.end_date === null);
  assert.equal(now.length, 1, `Priya holds one post now: ${JSON.stringify(list.items)}`);
  return now[0];
}

test('Priya holds Section Officer (Procurement I) in the Railway Board, reporting to Vikram Singh', async () => {
  const holding = await priyaHolding();
  assert.equal(holding.position.code, 'RB-SO-PROC-1');
  assert.equal(holding.position.title, 'Section Officer (Procurement I)');
  assert.equal(holding.position.org.code, 'RB');
  assert.equal(holding.official.id, who.priya);
  assert.equal(holding.reporting_officer.id, who.vikram);
  assert.equal(holding.reporting_officer.name, 'Vikram Singh');
  assert.equal(holding.start_date, '2024-04-01');
  // A Hindi page names the post, its organisation and her officer in Hindi.
  assert.ok(DEVANAGARI.test(holding.position.title_hi), JSON.stringify(holding.position));
  assert.equal(holding.position.org.name_hi, 'रेलवे बोर्ड');
  assert.equal(holding.reporting_officer.name_hi, 'विक्रम सिंह');
  assert.ok(DEVANAGARI.test(holding.reporting_officer.designation.name_hi));

  const post = ok(await call('GET', `/api/v1/positions/${holding.position.id}`, { token: learner }));
  assert.deepEqual(post.roles.map((r) => r.code), ['SECTION-OFFICER-PROCUREMENT']);
  assert.ok(DEVANAGARI.test(post.title_hi), 'the post has a Hindi title');
  assert.equal(post.title_hi, holding.position.title_hi);
  assert.ok(DEVANAGARI.test(post.roles[0].name_hi), 'its role is named in Hindi');
  assert.equal(post.org.name_hi, 'रेलवे बोर्ड');
  assert.ok(DEVANAGARI.test(post.designation.name_hi), 'its designation is named in Hindi');
  assert.equal(post.holder.official.id, who.priya);
  assert.equal(post.holder.reporting_officer.id, who.vikram);
  const asked = Object.fromEntries(post.requirements.map((r) => [r.competency.code, r.level]));
  assert.deepEqual(asked, PRIYA_POST, 'own and inherited requirements, the higher level where both ask');
  // Her officer sees the post too.
  ok(await call('GET', `/api/v1/positions/${holding.position.id}`, { token: supervisor }));
});

test('the demo roles are bilingual, owned by the demo ministries, and the procurement role extends Section Officer', async () => {
  const codes = new Set();
  for (const code of DEMO_ROLES) {
    const r = ok(await call('GET', `/api/v1/work-roles?q=${encodeURIComponent(code)}&limit=500`, { token: spv }));
    const hit = r.items.find((x) => x.code === code);
    assert.ok(hit, `the SPV admin sees demo role ${code}`);
    codes.add(code);
    const role = ok(await call('GET', `/api/v1/work-roles/${hit.id}`, { token: spv }));
    assert.ok(DEVANAGARI.test(role.name_hi), `${code} has a Hindi name`);
    assert.ok(role.activities.length >= 3, `${code} lists its activities`);
    for (const a of role.activities) assert.ok(a.text && DEVANAGARI.test(a.text_hi), `${code}: ${JSON.stringify(a)}`);
    assert.ok(role.requirements.length >= 3, `${code} asks for competencies`);
    for (const q of role.requirements) assert.ok(q.level >= 1 && q.level <= 5);
  }
  assert.equal(codes.size, DEMO_ROLES.length);

  const list = ok(await call('GET', '/api/v1/work-roles?q=Section%20Officer&limit=500', { token: learner }));
  const so = list.items.find((r) => r.code === 'SECTION-OFFICER');
  const proc = list.items.find((r) => r.code === 'SECTION-OFFICER-PROCUREMENT');
  assert.ok(so && proc, 'Priya sees both Section Officer roles (the procurement one is private to her ministry)');
  const base = ok(await call('GET', `/api/v1/work-roles/${so.id}`, { token: learner }));
  assert.equal(base.org.code, 'DOPT');
  assert.equal(base.shared, true);
  const ext = ok(await call('GET', `/api/v1/work-roles/${proc.id}`, { token: learner }));
  assert.equal(ext.org.code, 'MOR');
  assert.equal(ext.shared, false);
  assert.equal(ext.extends.code, 'SECTION-OFFICER');
  assert.equal(ext.extends.name_hi, base.name_hi, 'the role it extends, named in Hindi');
  assert.equal(ext.org.name_hi, 'रेल मंत्रालय');
  const eoffice = ext.requirements.find((q) => q.competency.code === 'FUN-EOFFICE');
  assert.equal(eoffice.inherited_from.code, 'SECTION-OFFICER', 'e-Office comes from the role it extends');
  assert.equal(eoffice.inherited_from.name_hi, base.name_hi);
  assert.ok(ext.inherited_activities.every((a) => a.from.name_hi === base.name_hi));
  const integrity = ext.requirements.find((q) => q.competency.code === 'BEH-INTEGRITY');
  assert.equal(integrity.level, 4, 'its own higher integrity level wins over the inherited 3');
});

test('Priya\'s passport has verified entries from courses, assessments and her officer, and one pending claim', async () => {
  const pp = ok(await call('GET', `/api/v1/officials/${who.priya}/passport`, { token: learner }));
  assert.equal(pp.official.id, who.priya);
  // The demo's learning (module learn) adds entries from courses she finished, evidenced by their certificates.
  const fromLearning = pp.items.filter((e) => (e.evidence_ref || '').startsWith('certificate:')).length;
  assert.deepEqual({ ...pp.summary, verified: pp.summary.verified - fromLearning }, { verified: 7, pending: 1, rejected: 0 });
  const verified = pp.items.filter((e) => e.status === 'verified');
  const best = {};
  for (const e of verified) best[e.competency.code] = Math.max(best[e.competency.code] || 0, e.level);
  assert.deepEqual(best, PRIYA_VERIFIED);
  assert.deepEqual([...new Set(verified.map((e) => e.source))].sort(), ['assessment', 'course', 'supervisor']);
  for (const e of verified) {
    assert.equal(e.verified, true);
    assert.ok(e.evidence && e.evidence.length > 20, `evidence a person can read: ${JSON.stringify(e)}`);
    assert.ok(e.version >= 1);
    assert.match(e.earned_on, /^\d{4}-\d{2}-\d{2}$/);
    if (e.source === 'supervisor') {
      assert.equal(e.review.by.id, who.vikram, 'verified by her reporting officer');
      assert.equal(e.review.by.name_hi, 'विक्रम सिंह', 'who verified it, named in Hindi');
    }
    else assert.ok(e.evidence_ref, 'a course or assessment names its certificate');
  }
  const pending = pp.items.filter((e) => e.status === 'pending');
  assert.equal(pending.length, 1);
  assert.equal(pending[0].source, 'self');
  assert.equal(pending[0].verified, false);
  assert.equal(pending[0].competency.code, 'FUN-PROCUREMENT');
  assert.equal(pending[0].level, 3);
  assert.equal(pending[0].claimed_level, 3);
  assert.equal(pending[0].review, null);
  // What her post asks for is partly met and partly not: both kinds are there to see.
  const met = Object.keys(PRIYA_POST).filter((c) => (best[c] || 0) >= PRIYA_POST[c]);
  const short = Object.keys(PRIYA_POST).filter((c) => (best[c] || 0) < PRIYA_POST[c]);
  assert.ok(met.length >= 2 && short.length >= 2, `met ${met}, short ${short}`);
});

test('Vikram\'s verification queue lists Priya\'s claim; Priya has no one to verify', async () => {
  const queue = ok(await call('GET', '/api/v1/me/verifications', { token: supervisor }));
  const hers = queue.items.filter((e) => e.official.id === who.priya);
  assert.equal(hers.length, 1, JSON.stringify(queue.items));
  assert.equal(hers[0].competency.code, 'FUN-PROCUREMENT');
  assert.equal(hers[0].claimed_level, 3);
  assert.equal(hers[0].official.name, 'Priya Sharma');
  for (const e of queue.items) {
    assert.equal(e.status, 'pending');
    assert.equal(e.source, 'self');
  }
  assert.ok(queue.items.length >= 2, 'his other Section Officers have claims waiting too');
  assert.deepEqual(ok(await call('GET', '/api/v1/me/verifications', { token: learner })).items, []);
  const reportees = ok(await call('GET', '/api/v1/me/reportees', { token: supervisor }));
  const priya = reportees.items.find((r) => r.official.id === who.priya);
  assert.equal(priya.pending_verifications, 1);
  assert.equal(priya.position.code, 'RB-SO-PROC-1');
  assert.ok(DEVANAGARI.test(priya.position.title_hi), 'her post, named in Hindi in his team list');
  assert.equal(priya.position.org.name_hi, 'रेलवे बोर्ड');
  assert.equal(hers[0].official.org.name_hi, 'रेलवे बोर्ड');
});

test('Priya\'s gap list: her post\'s requirements, the largest gap first, her claim shown but not counted', async () => {
  const gaps = ok(await call('GET', `/api/v1/officials/${who.priya}/gaps`, { token: learner }));
  assert.deepEqual(gaps.positions.map((p) => p.code), ['RB-SO-PROC-1']);
  assert.ok(DEVANAGARI.test(gaps.positions[0].title_hi), 'her post, named in Hindi');
  assert.equal(gaps.positions[0].org.name_hi, 'रेलवे बोर्ड');
  const byCode = Object.fromEntries(gaps.items.map((g) => [g.competency.code, g]));
  assert.deepEqual(Object.keys(byCode).sort(), Object.keys(PRIYA_POST).sort());
  for (const [code, g] of Object.entries(byCode)) {
    assert.equal(g.required_level, PRIYA_POST[code], code);
    assert.equal(g.verified_level, PRIYA_VERIFIED[code] || 0, code);
    assert.equal(g.gap, Math.max(0, PRIYA_POST[code] - (PRIYA_VERIFIED[code] || 0)), code);
  }
  assert.equal(byCode['FUN-PROCUREMENT'].self_declared_level, 3, 'her pending claim is shown');
  assert.equal(byCode['FUN-PROCUREMENT'].gap, 1, 'and not counted');
  assert.deepEqual(gaps.summary, { required: 7, met: 3, gaps: 4 });
  assert.equal(gaps.items[0].competency.code, 'FUN-FINANCE', 'nothing verified in finance: the largest gap');
  // Her officer reads the same list.
  assert.deepEqual(ok(await call('GET', `/api/v1/officials/${who.priya}/gaps`, { token: supervisor })).summary,
    gaps.summary);
});

test('Priya is a candidate for the other procurement post, scored by the matching rule', async () => {
  const post = ok(await call('GET', `/api/v1/orgs/${org.RB}/positions?subtree=0&q=${encodeURIComponent('Procurement II')}`,
    { token: mdo })).items.find((p) => p.code === 'RB-SO-PROC-2');
  const ranked = ok(await call('GET', `/api/v1/positions/${post.id}/candidates?limit=100`, { token: mdo }));
  assert.equal(ranked.scope.code, 'MOR', 'ranked over the post\'s ministry');
  assert.equal(ranked.scope.name_hi, 'रेल मंत्रालय');
  assert.equal(ranked.position.title_hi, post.title_hi, 'the post, named in Hindi');
  assert.ok(DEVANAGARI.test(ranked.position.title_hi));
  assert.equal(ranked.position.org.name_hi, 'रेलवे बोर्ड');
  assert.ok(ranked.items.length >= 5, 'demo passports give the post several candidates');
  assert.ok(!ranked.items.some((c) => c.official.id === post.holder.official.id), 'its holder is not offered it');
  const priya = ranked.items.find((c) => c.official.id === who.priya);
  assert.ok(priya, 'Priya is among them');
  // Σ min(verified, required) = 2+0+3+3+1+3+2 = 14 over Σ required = 19.
  assert.deepEqual({ score: priya.score, met: priya.met, missing: priya.missing, shortfall: priya.shortfall },
    { score: 74, met: 3, missing: 1, shortfall: 5 });
  assert.ok(DEVANAGARI.test(priya.official.name_hi) && DEVANAGARI.test(priya.official.designation.name_hi));

  // The posts Priya fits, as she sees them: each post, its organisation and the scope named in Hindi.
  const fits = ok(await call('GET', `/api/v1/officials/${who.priya}/position-matches?limit=100`, { token: learner }));
  assert.equal(fits.scope.name_hi, 'रेल मंत्रालय');
  const other = fits.items.find((m) => m.position.code === 'RB-SO-PROC-2');
  assert.ok(other, 'the other procurement post is among the posts she fits');
  assert.equal(other.position.title_hi, post.title_hi);
  for (const m of fits.items) {
    assert.ok(DEVANAGARI.test(m.position.title_hi), `${m.position.code} is named in Hindi`);
    assert.ok(DEVANAGARI.test(m.position.org.name_hi), `${m.position.org.code} is named in Hindi`);
  }
});

test('posts across the demo organisations have holders with reporting officers; a few are vacant', async () => {
  const rb = ok(await call('GET', `/api/v1/orgs/${org.RB}/positions?subtree=0&limit=500`, { token: mdo }));
  const codes = rb.items.map((p) => p.code).sort();
  assert.deepEqual(codes, ['RB-SO-COORD', 'RB-SO-ESTT', 'RB-SO-PROC-1', 'RB-SO-PROC-2', 'RB-SO-TRG', 'RB-US-STORES']);
  for (const p of rb.items) {
    if (p.code === 'RB-SO-COORD') {
      assert.equal(p.holder, null, 'the coordination post is vacant');
      continue;
    }
    assert.ok(p.holder, `${p.code} is held`);
    assert.ok(p.holder.reporting_officer, `${p.code}'s holder has a reporting officer`);
  }
  const twoRoles = rb.items.find((p) => p.code === 'RB-SO-TRG');
  assert.deepEqual(twoRoles.roles.map((r) => r.code).sort(), ['SECTION-OFFICER', 'TRAINING-COORDINATOR']);
  const dli = ok(await call('GET', `/api/v1/orgs/${org['NR-DLI']}/positions?subtree=0&limit=500`, { token: mdo }));
  const sm = dli.items.filter((p) => p.roles.some((r) => r.code === 'STATION-MASTER'));
  assert.equal(sm.length, 4);
  assert.equal(sm.filter((p) => p.holder === null).length, 1, 'one station has no Station Master posted');

  // Across every demo organisation: 50 posts, 3 vacant, every holding with an officer who is not the holder.
  assert.equal(sql('SELECT COUNT(*) FROM positions'), '50');
  assert.equal(sql('SELECT COUNT(*) FROM position_holders WHERE end_date IS NULL'), '47');
  assert.equal(sql(`SELECT COUNT(*) FROM position_holders WHERE reporting_officer_id IS NULL
    OR reporting_officer_id = official_id`), '0');
});

test('many demo officials have passports, with claims waiting for other officers too', () => {
  const officials = Number(sql('SELECT COUNT(DISTINCT official_id) FROM passport_entries'));
  assert.ok(officials >= 150, `${officials} officials have a passport`);
  const bySource = Object.fromEntries(sql(`SELECT source || '/' || status, COUNT(*) FROM passport_entries
    GROUP BY source, status`).split('\n').map((l) => l.split('|')).map(([k, n]) => [k, Number(n)]));
  for (const k of ['course/verified', 'assessment/verified', 'supervisor/verified', 'self/pending']) {
    assert.ok(bySource[k] >= 20, `${k}: ${JSON.stringify(bySource)}`);
  }
  // Every entry points at its competency's current version.
  assert.equal(sql(`SELECT COUNT(*) FROM passport_entries e JOIN competencies c ON c.id = e.competency_id
    JOIN competency_versions v ON v.id = e.version_id WHERE v.competency_id <> c.id OR v.version <> c.current_version`), '0');
  // Claims waiting for some officer other than Vikram.
  assert.ok(Number(sql(`SELECT COUNT(*) FROM passport_entries e JOIN position_holders h ON h.official_id = e.official_id
    AND h.end_date IS NULL WHERE e.status = 'pending' AND h.reporting_officer_id <> ${who.vikram}`)) >= 5);
});

test('running karmayogi demo again changes nothing', () => {
  const snapshot = () => sql(`SELECT (SELECT COUNT(*) FROM work_roles), (SELECT COUNT(*) FROM role_activities),
    (SELECT COUNT(*) FROM role_requirements), (SELECT COUNT(*) FROM positions), (SELECT COUNT(*) FROM position_roles),
    (SELECT COUNT(*) FROM position_holders), (SELECT COUNT(*) FROM passport_entries),
    (SELECT SUM(level * official_id) FROM passport_entries), (SELECT COUNT(*) FROM competencies)`);
  const before = snapshot();
  const out = execFileSync(BIN, ['demo', '--db', dbUrl()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(out, /demo data already present/);
  assert.equal(snapshot(), before);
});
