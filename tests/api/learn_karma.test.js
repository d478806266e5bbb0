// API tests: karma points (module learn, part 7). First login pays once; the rules live in one table, the
// national row and a ministry's own override, and an override changes what that ministry's people earn and
// nobody else's; one's own points, month and rank; organisation leaderboards and who may see them; every bad
// rule body; every rule change audited.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const org = {};
let spv; let mdo; let learner; let learnerId; let creator; let creatorId;

const sql = (query) => sqlText(srv, query);

before(async () => {
  srv = await startServer();
  spv = (await api.login('spv.admin@karmayogi.demo')).token;
  mdo = (await api.login('mdo.admin@karmayogi.demo')).token;
  const l = await api.login('learner@karmayogi.demo');
  learner = l.token;
  learnerId = l.user.id;
  for (const code of ['GOI', 'MOR', 'RB', 'NR', 'MOPPGP', 'LBSNAA', 'MOC']) org[code] = await api.orgId(code, spv);
  // Kavita (LBSNAA, in MOPPGP) becomes an admin of her own ministry: an admin of another ministry than MOR.
  const c = await api.login('creator@karmayogi.demo');
  creator = c.token;
  creatorId = c.user.id;
  ok(await call('POST', `/api/v1/officials/${creatorId}/roles`, { token: spv, json: { role: 'mdo_admin', org_id: org.MOPPGP } }), 201);
});
after(async () => { if (srv) await srv.stop(); });

const karma = (token) => call('GET', '/api/v1/me/karma', { token });
const rules = (orgId, token = learner) => call('GET', `/api/v1/karma-rules${orgId ? `?org_id=${orgId}` : ''}`, { token });
const setNational = (event, json, token = spv) => call('PUT', `/api/v1/karma-rules/${event}`, { token, json });
const setOwn = (orgId, event, json, token = mdo) => call('PUT', `/api/v1/orgs/${orgId}/karma-rules/${event}`, { token, json });
const removeOwn = (orgId, event, token = mdo) => call('DELETE', `/api/v1/orgs/${orgId}/karma-rules/${event}`, { token });
const board = (orgId, query = '', token = learner) => call('GET', `/api/v1/orgs/${orgId}/leaderboard${query}`, { token });
const ruleOf = (items, event) => items.find((r) => r.event === event);
const earned = (data, event) => data.items.filter((i) => i.event === event);

test('the first login pays 5 points, once: logging in again pays nothing more', async () => {
  const first = ok(await karma(learner));
  assert.deepEqual(earned(first, 'first_login').map((i) => [i.points, i.ref]), [[5, 'first']]);
  await api.login('learner@karmayogi.demo');
  await api.login('learner@karmayogi.demo');
  const again = ok(await karma(learner));
  assert.equal(earned(again, 'first_login').length, 1, JSON.stringify(again.items));
  assert.equal(again.total, first.total);
  assert.ok(again.total >= 5);
  assert.ok(again.this_month >= 5, 'this month holds the first login');
  assert.equal(sql(`SELECT count(*) FROM karma_ledger WHERE official_id = ${learnerId} AND event = 'first_login'`), '1');
  assert.match(earned(again, 'first_login')[0].at, /^\d{4}-\d\d-\d\dT/);
});

test('my karma names my ministry and my rank in it; the ledger pages newest first', async () => {
  const me = ok(await karma(learner));
  assert.equal(me.rank.ministry.code, 'MOR');
  assert.equal(me.rank.ministry.name_hi, 'रेल मंत्रालय');
  assert.ok(me.rank.position >= 1 && me.rank.position <= me.rank.of, JSON.stringify(me.rank));
  // Give Priya a big award directly in the ledger: she is then first in her ministry.
  sql(`INSERT INTO karma_ledger (official_id, org_id, event, ref, points, at) VALUES (${learnerId}, ${org.RB}, 'rating', 'test:1', 500, 1000)`);
  const top = ok(await karma(learner));
  assert.equal(top.rank.position, 1);
  assert.equal(top.total, me.total + 500);
  assert.equal(top.this_month, me.this_month, 'an award from 1970 is not this month');
  const { items, pages } = await walk('/api/v1/me/karma', learner, 1);
  assert.equal(items.length, top.items.length);
  assert.ok(pages.length >= 2);
  assert.equal(items[0].event, 'first_login', 'the newest first');
  assert.equal(items.at(-1).event, 'rating', 'the 1970 award last');
  assertProblem(await call('GET', '/api/v1/me/karma?limit=0', { token: learner }), 422);
  assertProblem(await call('GET', '/api/v1/me/karma'), 401);
});

test('the rules: every national row, and a ministry sees them marked national until it overrides one', async () => {
  const national = ok(await rules(null));
  assert.equal(national.ministry, null);
  assert.deepEqual(national.items.map((r) => r.event).sort(), ['assessment_pass', 'course_completion',
    'first_enrolment', 'first_login', 'non_plan_completion', 'plan_early_bonus', 'rating']);
  assert.deepEqual(ruleOf(national.items, 'non_plan_completion'), { event: 'non_plan_completion', points: 5,
    monthly_cap: 4, scope: 'national', national: { points: 5, monthly_cap: 4 }, override: null, updated_at: null });
  assert.equal(ruleOf(national.items, 'rating').points, 2);
  const rb = ok(await rules(org.RB));
  assert.equal(rb.ministry.code, 'MOR', 'an organisation is answered with its ministry\'s rules');
  assert.ok(rb.items.every((r) => r.scope === 'national'));
  assert.equal(ok(await rules(org.GOI)).ministry, null);
});

test('a ministry override changes what its people earn, and not what others earn', async () => {
  const set = ok(await setOwn(org.MOR, 'first_login', { points: 12, monthly_cap: null }));
  assert.deepEqual({ ...set, updated_at: null }, { event: 'first_login', points: 12, monthly_cap: null, scope: 'ministry',
    national: { points: 5, monthly_cap: null }, override: { points: 12, monthly_cap: null }, updated_at: null });
  assert.match(set.updated_at, /^\d{4}-/);
  const seen = ruleOf(ok(await rules(org.NR)).items, 'first_login');
  assert.equal(seen.points, 12);
  assert.equal(seen.scope, 'ministry');
  assert.equal(ruleOf(ok(await rules(org.LBSNAA)).items, 'first_login').points, 5, 'other ministries keep the national rule');

  // Vikram (RB, in MOR) logs in for the first time: 12. Meenakshi (LBSNAA, in MOPPGP): 5.
  const vikram = (await api.login('supervisor@karmayogi.demo')).token;
  assert.deepEqual(earned(ok(await karma(vikram)), 'first_login').map((i) => i.points), [12]);
  const meenakshi = (await api.login('publisher@karmayogi.demo')).token;
  assert.deepEqual(earned(ok(await karma(meenakshi)), 'first_login').map((i) => i.points), [5]);

  // Removing the override brings the national rule back for MOR's people.
  const removed = ok(await removeOwn(org.MOR, 'first_login'));
  assert.equal(removed.scope, 'national');
  assert.equal(removed.points, 5);
  const anil = (await api.login('cbp.admin@karmayogi.demo')).token;
  assert.deepEqual(earned(ok(await karma(anil)), 'first_login').map((i) => i.points), [5]);
  assertProblem(await removeOwn(org.MOR, 'first_login'), 404, 'no_override');
});

test('the SPV admin changes a national rule for everyone without an override; points 0 pays nothing', async () => {
  ok(await setOwn(org.MOR, 'first_login', { points: 9 }));
  const set = ok(await setNational('first_login', { points: 0, monthly_cap: 3 }));
  assert.deepEqual([set.points, set.monthly_cap, set.scope], [0, 3, 'national']);
  const mor = ruleOf(ok(await rules(org.MOR)).items, 'first_login');
  assert.deepEqual([mor.points, mor.scope, mor.national.points], [9, 'ministry', 0]);
  // Farida (MOR) earns MOR's 9; Arvind (MOPPGP) earns the national 0, so nothing is written for him.
  const farida = (await api.login('trainer@karmayogi.demo')).token;
  assert.deepEqual(earned(ok(await karma(farida)), 'first_login').map((i) => i.points), [9]);
  const arvind = (await api.login('reviewer@karmayogi.demo')).token;
  assert.deepEqual(earned(ok(await karma(arvind)), 'first_login'), []);
  ok(await setNational('first_login', { points: 5, monthly_cap: null }));
  ok(await removeOwn(org.MOR, 'first_login'));
});

test('every rule change is in the audit log with its actor, before and after', async () => {
  const rows = sql("SELECT action || ':' || object_id FROM audit_log WHERE object_type = 'karma_rule' ORDER BY id").split('\n');
  assert.deepEqual(rows, [`karma_rule.set:${org.MOR}:first_login`, `karma_rule.remove:${org.MOR}:first_login`,
    `karma_rule.set:${org.MOR}:first_login`, 'karma_rule.set:0:first_login', 'karma_rule.set:0:first_login',
    `karma_rule.remove:${org.MOR}:first_login`]);
  const [before, afterJson] = sql("SELECT before_json, after_json FROM audit_log WHERE object_type = 'karma_rule' ORDER BY id LIMIT 1").split('|');
  assert.equal(JSON.parse(before).points, 5);
  assert.equal(JSON.parse(afterJson).points, 12);
});

test('bad rule changes: unknown event 404, out-of-range points and caps 422, not theirs 403', async () => {
  assertProblem(await setNational('no_such_event', { points: 5 }), 404, 'unknown_event');
  assertProblem(await setOwn(org.MOR, 'no_such_event', { points: 5 }), 404, 'unknown_event');
  assertProblem(await removeOwn(org.MOR, 'no_such_event'), 404, 'unknown_event');
  assert.deepEqual(fieldsOf(assertProblem(await setNational('rating', { points: 1001 }), 422, 'validation_failed')), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: 1001 }), 422)), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: -1 }), 422)), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: '5' }), 422)), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: 2.5 }), 422)), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { monthly_cap: 2 }), 422)), ['points']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: 1, monthly_cap: 1001 }), 422)), ['monthly_cap']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: 1, monthly_cap: -1 }), 422)), ['monthly_cap']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', { points: 1, bonus: 3 }), 422)), ['bonus']);
  assert.deepEqual(fieldsOf(assertProblem(await setOwn(org.MOR, 'rating', [1]), 422)), ['body']);
  assertProblem(await call('PUT', `/api/v1/orgs/${org.MOR}/karma-rules/rating`, { token: mdo, body: 'points=1',
    headers: { 'content-type': 'text/plain' } }), 415);
  // Who may: the SPV admin alone sets national rules; a ministry's admins its own.
  assertProblem(await setNational('rating', { points: 1 }, mdo), 403, 'forbidden');
  assertProblem(await setNational('rating', { points: 1 }, learner), 403, 'forbidden');
  assertProblem(await setOwn(org.MOR, 'rating', { points: 1 }, learner), 403, 'forbidden');
  assertProblem(await setOwn(org.MOR, 'rating', { points: 1 }, creator), 403, 'forbidden');
  assertProblem(await setOwn(org.MOPPGP, 'rating', { points: 1 }, mdo), 403, 'forbidden');
  assertProblem(await removeOwn(org.MOR, 'rating', creator), 403, 'forbidden');
  assertProblem(await setOwn(org.RB, 'rating', { points: 1 }), 422, 'not_a_ministry');
  assertProblem(await setOwn(999999, 'rating', { points: 1 }), 404);
  assert.deepEqual(fieldsOf(assertProblem(await call('GET', '/api/v1/karma-rules?org_id=abc', { token: learner }), 422)), ['org_id']);
  assert.deepEqual(fieldsOf(assertProblem(await call('GET', '/api/v1/karma-rules?org_id=999999', { token: learner }), 422)), ['org_id']);
  // Kavita administers her own ministry's rules.
  const own = ok(await setOwn(org.MOPPGP, 'rating', { points: 4 }, creator));
  assert.equal(own.scope, 'ministry');
  ok(await removeOwn(org.MOPPGP, 'rating', creator));
  assert.equal(ruleOf(ok(await rules(org.MOR)).items, 'rating').points, 2, 'nothing above changed a rule');
});

test('the leaderboard ranks an organisation\'s officials by points in the period, ties by name', async () => {
  const all = ok(await board(org.MOR, '?period=all&limit=100'));
  assert.equal(all.org.code, 'MOR');
  assert.equal(all.period, 'all');
  assert.equal(all.from, null);
  const points = all.items.map((i) => i.points);
  assert.deepEqual(points, [...points].sort((a, b) => b - a));
  assert.deepEqual(all.items.map((i) => i.rank), all.items.map((_, n) => n + 1));
  assert.equal(all.items[0].official.id, learnerId, 'Priya has the 500 points');
  assert.deepEqual(all.me, { rank: 1, points: all.items[0].points });
  for (let n = 1; n < all.items.length; n++) {
    const [a, b] = [all.items[n - 1], all.items[n]];
    if (a.points === b.points) assert.ok(a.official.name_en <= b.official.name_en, `${a.official.name_en} before ${b.official.name_en}`);
  }
  const names = all.items.map((i) => i.official.name_en);
  assert.ok(names.includes('Vikram Singh'), names.join());
  assert.ok(!names.includes('Meenakshi Nair'), 'officials of other ministries are not on MOR\'s board');
  // This month leaves out the 1970 award; the RB board only RB's people.
  const month = ok(await board(org.MOR));
  assert.equal(month.period, 'month');
  assert.ok(month.items.every((i) => i.points < 500));
  assert.match(month.from, /^\d{4}-\d\d-01T00:00:00/);
  const rb = ok(await board(org.RB, '?period=year'));
  // RB's board holds RB and its zones (NR, WR, ...), never MOR's own people.
  assert.ok(rb.items.some((i) => i.official.id === learnerId));
  assert.ok(rb.items.every((i) => i.official.org.code !== 'MOR'), JSON.stringify(rb.items));
  assert.equal(ok(await board(org.MOR, '?period=all&limit=1')).items.length, 1);
  // An admin over the organisation sees it too, and so does the SPV admin.
  ok(await board(org.RB, '', mdo));
  ok(await board(org.RB, '', spv));
});

test('bad leaderboard requests: another ministry 403, bad period or limit 422, unknown 404', async () => {
  assertProblem(await board(org.MOPPGP), 403, 'forbidden');
  assertProblem(await board(org.MOR, '', creator), 403, 'forbidden');
  assertProblem(await board(org.NR), 403, 'forbidden');
  ok(await board(org.MOPPGP, '', creator));
  assert.deepEqual(fieldsOf(assertProblem(await board(org.MOR, '?period=week'), 422)), ['period']);
  assert.deepEqual(fieldsOf(assertProblem(await board(org.MOR, '?limit=0'), 422)), ['limit']);
  assert.deepEqual(fieldsOf(assertProblem(await board(org.MOR, '?limit=101'), 422)), ['limit']);
  assert.deepEqual(fieldsOf(assertProblem(await board(org.MOR, '?limit=ten'), 422)), ['limit']);
  assertProblem(await board(999999), 404);
  assertProblem(await board('abc'), 404);
});

// Published courses without quizzes (completed by progress alone), in id order.
function plainCourses(n) {
  return sql(`SELECT c.id FROM contents c JOIN content_versions v ON v.id = c.published_version_id WHERE c.kind = 'course'
    AND NOT EXISTS (SELECT 1 FROM course_modules m JOIN resources r ON r.module_id = m.id WHERE m.version_id = v.id
    AND r.kind = 'quiz') ORDER BY c.id LIMIT ${n}`).split('\n').map(Number);
}

// Enrols (when not yet) and completes every resource through the learner's own API.
async function complete(token, contentId) {
  const r = await call('POST', `/api/v1/contents/${contentId}/enrolment`, { token });
  assert.ok(r.status === 200 || r.status === 201, r.text);
  const e = ok(await call('GET', `/api/v1/me/enrolments/${contentId}`, { token }));
  const updates = e.outline.flatMap((m) => m.resources).map((res) => ({ content_id: contentId, resource_id: res.id,
    percent: 100, position: 0, time_spent_s: 60 }));
  const done = ok(await call('POST', '/api/v1/me/progress', { token, json: { updates } }));
  assert.equal(done.enrolments.find((x) => x.content_id === contentId).status, 'completed');
}

test('first enrolment pays 5 once; completions pay, and the 5th non-plan completion in a month pays nothing', async () => {
  // Arvind (reviewer@, LBSNAA) has no demo enrolments: his first enrolment and completions are these.
  const arvind = (await api.login('reviewer@karmayogi.demo')).token;
  const courses = plainCourses(7);
  assert.equal(courses.length, 7);
  const before = ok(await karma(arvind));
  assert.deepEqual(earned(before, 'first_enrolment'), []);
  ok(await call('POST', `/api/v1/contents/${courses[0]}/enrolment`, { token: arvind }), 201);
  ok(await call('POST', `/api/v1/contents/${courses[1]}/enrolment`, { token: arvind }), 201);
  ok(await call('DELETE', `/api/v1/contents/${courses[1]}/enrolment`, { token: arvind }));
  const back = await call('POST', `/api/v1/contents/${courses[1]}/enrolment`, { token: arvind });
  assert.ok(back.status === 200 || back.status === 201, back.text);
  let now = ok(await karma(arvind));
  assert.deepEqual(earned(now, 'first_enrolment').map((i) => [i.points, i.ref]), [[5, 'first']]);
  assert.equal(now.total, before.total + 5);

  for (const id of courses.slice(0, 5)) await complete(arvind, id);
  now = ok(await karma(arvind));
  const paid = earned(now, 'non_plan_completion');
  assert.deepEqual(paid.map((i) => i.points), [5, 5, 5, 5], 'four rewarded completions a month');
  assert.deepEqual(paid.map((i) => i.ref).sort(), courses.slice(0, 4).map((id) => `content:${id}`).sort());
  assert.equal(paid.find((i) => i.ref === `content:${courses[0]}`).content.id, courses[0]);
  assert.equal(now.total, before.total + 5 + 20);
  assert.equal(now.this_month, before.this_month + 5 + 20);
  // Completing again changes nothing (the deed already paid); a sixth still pays nothing this month.
  await complete(arvind, courses[0]);
  await complete(arvind, courses[5]);
  assert.equal(ok(await karma(arvind)).total, now.total);
});

test('a ministry override of the completion rule changes what its people earn for a completion, not others', async () => {
  // A course neither Vikram nor Kavita is enrolled in (the demo enrolled some of them).
  const course = Number(sql(`SELECT c.id FROM contents c JOIN content_versions v ON v.id = c.published_version_id
    WHERE c.kind = 'course' AND NOT EXISTS (SELECT 1 FROM course_modules m JOIN resources r ON r.module_id = m.id
    WHERE m.version_id = v.id AND r.kind = 'quiz') AND c.id NOT IN (SELECT e.content_id FROM enrolments e JOIN officials f
    ON f.id = e.official_id WHERE f.email IN ('supervisor@karmayogi.demo', 'creator@karmayogi.demo')) ORDER BY c.id DESC LIMIT 1`));
  ok(await setOwn(org.MOR, 'non_plan_completion', { points: 8, monthly_cap: null }));
  const vikram = (await api.login('supervisor@karmayogi.demo')).token;
  await complete(vikram, course);
  const paidFor = async (token) => earned(ok(await karma(token)), 'non_plan_completion')
    .filter((i) => i.ref === `content:${course}`).map((i) => i.points);
  assert.deepEqual(await paidFor(vikram), [8]);
  await complete(creator, course);
  assert.deepEqual(await paidFor(creator), [5]);
  // The completion is in his learning hours this year too.
  const h = ok(await call('GET', '/api/v1/me/learning-hours', { token: vikram }));
  assert.ok(h.items.some((i) => i.content_id === course));
  ok(await removeOwn(org.MOR, 'non_plan_completion'));
});
