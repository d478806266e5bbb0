// API tests: annual capacity-building plans (module cbp). The Railways' CBP admin makes the plan for a
// financial year, adds items (published content, a due date inside the year, mandatory or recommended, an
// audience of rules), sees how many officials each audience resolves to, approves and publishes it; a
// published plan changes only through a new revision, which supersedes it when published. Each bad input the
// issue names is refused with the answer a person can act on. The counts are checked over a test unit made
// here with officials of known designations, groups and roles.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');
const { sqlRows } = require('../lib/sql.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const t = {};
const org = {};
const people = {};
let published, draft, retired;

const byCode = async (token, code) => ok(await call('GET', `/api/v1/orgs?q=${code}&limit=50`, { token })).items.find((o) => o.code === code).id;

before(async () => {
  srv = await startServer();
  for (const [k, email] of Object.entries({ cbp: 'cbp.admin@karmayogi.demo', mdo: 'mdo.admin@karmayogi.demo',
    spv: 'spv.admin@karmayogi.demo', learner: 'learner@karmayogi.demo', creator: 'creator@karmayogi.demo',
    reviewer: 'reviewer@karmayogi.demo', publisher: 'publisher@karmayogi.demo' })) {
    t[k] = (await api.login(email)).token;
  }
  for (const code of ['MOR', 'RB', 'MOF', 'NR']) org[code] = await byCode(t.mdo, code);
  // A unit of the Railways with five officials: two SO (group B), one ASO (B), one US (A), one suspended SO.
  org.unit = ok(await call('POST', '/api/v1/orgs', { token: t.mdo, json: { code: 'CBP-UNIT', name: 'Plan test unit',
    kind: 'field_unit', parent_id: org.RB } }), 201).id;
  org.sub = ok(await call('POST', '/api/v1/orgs', { token: t.mdo, json: { code: 'CBP-SUB', name: 'Plan test sub-unit',
    kind: 'field_unit', parent_id: org.unit } }), 201).id;
  const add = async (key, where, designation) => {
    people[key] = ok(await call('POST', '/api/v1/officials', { token: t.mdo, json: { employee_code: `CBP/${key}`,
      email: `${key}@cbp-test.gov.in`, name: `Official ${key}`, org_id: where, designation } }), 201).id;
  };
  await add('so1', org.unit, 'SO');
  await add('so2', org.sub, 'SO');
  await add('aso', org.unit, 'ASO');
  await add('us', org.sub, 'US');
  await add('gone', org.unit, 'SO');
  ok(await call('PATCH', `/api/v1/officials/${people.gone}`, { token: t.mdo, json: { status: 'suspended' } }));
  // Content: a published demo course, a draft of our own, and one retired.
  const found = ok(await call('GET', '/api/v1/catalogue?limit=1&kind=course', { token: t.learner }));
  published = found.items[0].id;
  const provider = await api.orgId('LBSNAA', t.spv);
  const make = async (code) => ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: provider, kind: 'course', code, title: `Plan test ${code}` } }), 201).id;
  draft = await make('CBP-DRAFT');
  retired = await make('CBP-RETIRED');
  ok(await call('PUT', `/api/v1/contents/${retired}/outline`, { token: t.creator, json: { modules: [{ title: 'One',
    resources: [{ kind: 'link', title: 'Read', url: 'https://igotkarmayogi.gov.in/' }] }] } }));
  for (const [who, action] of [['creator', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'approve'],
    ['publisher', 'publish'], ['publisher', 'retire']]) {
    ok(await call('POST', `/api/v1/contents/${retired}/transitions`, { token: t[who], json: { action } }));
  }
});
after(async () => srv && srv.stop());

const newPlan = (year, token = t.cbp, where = org.MOR) => call('POST', `/api/v1/orgs/${where}/cbp-plans`,
  { token, json: { year, title: `Railways plan ${year}-${(year + 1) % 100}`, title_hi: `रेलवे योजना ${year}` } });
const item = (plan, json) => call('POST', `/api/v1/cbp-plans/${plan}/items`, { token: t.cbp, json });
const preview = (plan, audience) => call('POST', `/api/v1/cbp-plans/${plan}/audience-preview`, { token: t.cbp, json: { audience } });
const step = (plan, action) => call('POST', `/api/v1/cbp-plans/${plan}/transitions`, { token: t.cbp, json: { action } });

test('a CBP admin makes a plan for a financial year; one plan per organisation and year', async () => {
  const p = ok(await newPlan(2026), 201);
  assert.equal(p.status, 'draft');
  assert.equal(p.revision, 1);
  assert.equal(p.starts_on, '2026-04-01');
  assert.equal(p.ends_on, '2027-03-31');
  assert.equal(p.org.code, 'MOR');
  assert.deepEqual(p.items, []);
  assertProblem(await newPlan(2026), 409, 'plan_exists');
  const bad = assertProblem(await call('POST', `/api/v1/orgs/${org.MOR}/cbp-plans`, { token: t.cbp,
    json: { year: 1999, title: '', colour: 'red' } }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad).sort(), ['colour', 'title', 'year']);
  // Only planners of the organisation: not a learner, not another ministry's plan.
  assertProblem(await newPlan(2026, t.learner), 403, 'forbidden');
  assertProblem(await newPlan(2026, t.cbp, org.MOF), 403, 'forbidden');
  const listed = ok(await call('GET', `/api/v1/orgs/${org.MOR}/cbp-plans?year=2026`, { token: t.mdo }));
  assert.deepEqual(listed.items.map((x) => x.id), [p.id]);
  assertProblem(await call('GET', `/api/v1/cbp-plans/${p.id}`, { token: t.learner }), 404, 'not_found');
});

test('the audience preview counts active officials: rules of criteria, subtrees, and one official counted once', async () => {
  const p = ok(await newPlan(2027), 201);
  const count = async (audience) => ok(await preview(p.id, audience));
  assert.equal((await count([{ org_id: org.unit }])).count, 4, 'the unit and its sub-unit, not the suspended official');
  assert.equal((await count([{ org_id: org.unit, include_suborgs: false }])).count, 2);
  assert.equal((await count([{ org_id: org.unit, designations: ['SO'] }])).count, 2);
  assert.equal((await count([{ org_id: org.unit, designations: ['SO', 'US'] }])).count, 3);
  assert.equal((await count([{ org_id: org.unit, official_ids: [people.aso] }])).count, 1);
  const two = await count([{ org_id: org.unit, designations: ['SO'] }, { org_id: org.sub }]);
  assert.equal(two.count, 3, 'so2 is in both rules and counts once');
  assert.deepEqual(two.rule_counts, [2, 2]);
  assert.equal((await count([{ org_id: org.unit, designations: ['SO'], official_ids: [people.aso] }])).count, 0,
    'criteria of one rule must all hold');
});

test('items: published content, a due date in the plan year, an audience in scope; empty audiences are warned', async () => {
  const p = ok(await newPlan(2028), 201);
  const good = { content_id: published, due: '2028-09-30', mandatory: true, audience: [{ org_id: org.unit, designations: ['SO'] }] };
  const made = ok(await item(p.id, good), 201);
  assert.equal(made.items.length, 1);
  assert.equal(made.items[0].audience_count, 2);
  assert.equal(made.items[0].due, '2028-09-30');
  assert.equal(made.items[0].due_at, '2028-09-30T18:29:59Z', 'the end of the day in India');
  assert.deepEqual(made.items[0].audience, [{ org_id: org.unit, include_suborgs: true, designations: ['SO'], groups: [],
    roles: [], position_ids: [], official_ids: [] }]);
  assertProblem(await item(p.id, good), 409, 'item_exists');

  const unpublished = assertProblem(await item(p.id, { ...good, content_id: draft }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(unpublished), ['content_id']);
  assert.match(unpublished.errors[0].message, /not published/);
  const gone = assertProblem(await item(p.id, { ...good, content_id: retired }), 422, 'validation_failed');
  assert.match(gone.errors[0].message, /retired/);
  for (const due of ['2028-03-31', '2029-04-01', '2028-02-30', 'soon']) {
    const bad = assertProblem(await item(p.id, { ...good, content_id: retired + 0, due }), 422, 'validation_failed');
    assert.ok(fieldsOf(bad).includes('due'), due);
  }
  const outside = assertProblem(await item(p.id, { ...good, audience: [{ org_id: org.MOF }] }), 403, 'audience_out_of_scope');
  assert.deepEqual(fieldsOf(outside), ['audience[0].org_id']);
  const stranger = ok(await call('GET', `/api/v1/officials?org_id=${org.MOF}&limit=1`, { token: t.spv })).items[0].id;
  assertProblem(await preview(p.id, [{ official_ids: [stranger] }]), 403, 'audience_out_of_scope');
  const malformed = assertProblem(await item(p.id, { ...good, audience: [{ designations: ['NOPE'], groups: ['D'], roles: ['king'], position_ids: [99999999], official_ids: ['x'], colour: 1 }] }),
    422, 'validation_failed');
  assert.deepEqual(fieldsOf(malformed).sort(), ['audience[0].colour', 'audience[0].designations[0]', 'audience[0].groups[0]',
    'audience[0].official_ids[0]', 'audience[0].position_ids[0]', 'audience[0].roles[0]']);
  assertProblem(await item(p.id, { ...good, audience: [] }), 422, 'validation_failed');

  const nobody = { content_id: published + 0, due: '2028-12-31', audience: [{ org_id: org.unit, designations: ['DS'] }] };
  const other = ok(await call('GET', '/api/v1/catalogue?limit=2&kind=course', { token: t.learner })).items[1].id;
  nobody.content_id = other;
  const warned = assertProblem(await item(p.id, nobody), 422, 'audience_empty');
  assert.equal(warned.count, 0);
  assert.deepEqual(warned.rule_counts, [0]);
  assert.equal(ok(await call('GET', `/api/v1/cbp-plans/${p.id}`, { token: t.cbp })).items.length, 1, 'not saved');
  const kept = ok(await item(p.id, { ...nobody, allow_empty_audience: true }), 201);
  assert.equal(kept.items.length, 2);
});

test('draft -> approved -> published; a published plan changes only through a revision that supersedes it', async () => {
  const p = ok(await newPlan(2029), 201);
  assertProblem(await step(p.id, 'approve'), 409, 'plan_empty');
  const it = ok(await item(p.id, { content_id: published, due: '2029-06-30', audience: [{ org_id: org.unit }] }), 201).items[0];
  assertProblem(await step(p.id, 'publish'), 409, 'wrong_status');
  assert.equal(ok(await step(p.id, 'approve')).status, 'approved');
  assertProblem(await call('PATCH', `/api/v1/cbp-plans/${p.id}`, { token: t.cbp, json: { title: 'x' } }), 409, 'plan_not_draft');
  assert.equal(ok(await step(p.id, 'reopen')).status, 'draft');
  ok(await step(p.id, 'approve'));
  const pub = ok(await step(p.id, 'publish'));
  assert.equal(pub.status, 'published');
  assert.ok(pub.published_at);
  // Editing the published plan: refused, with the way to do it.
  const edit = assertProblem(await call('PUT', `/api/v1/cbp-plans/${p.id}/items/${it.id}`, { token: t.cbp,
    json: { content_id: published, due: '2029-07-31', audience: [{ org_id: org.unit }] } }), 409, 'plan_not_draft');
  assert.match(edit.detail, /revision/);
  assertProblem(await call('DELETE', `/api/v1/cbp-plans/${p.id}/items/${it.id}`, { token: t.cbp }), 409, 'plan_not_draft');
  const rev = ok(await call('POST', `/api/v1/cbp-plans/${p.id}/revisions`, { token: t.cbp }), 201);
  assert.equal(rev.revision, 2);
  assert.equal(rev.status, 'draft');
  assert.equal(rev.items.length, 1);
  assert.deepEqual(rev.items[0].audience, it.audience);
  assertProblem(await call('POST', `/api/v1/cbp-plans/${p.id}/revisions`, { token: t.cbp }), 409, 'revision_open');
  const moved = ok(await call('PUT', `/api/v1/cbp-plans/${rev.id}/items/${rev.items[0].id}`, { token: t.cbp,
    json: { content_id: published, due: '2029-07-31', mandatory: false, audience: [{ org_id: org.unit }] } }));
  assert.equal(moved.items[0].due, '2029-07-31');
  assert.equal(moved.items[0].mandatory, false);
  ok(await step(rev.id, 'approve'));
  ok(await step(rev.id, 'publish'));
  const old = ok(await call('GET', `/api/v1/cbp-plans/${p.id}`, { token: t.cbp }));
  assert.equal(old.status, 'superseded');
  assert.equal(old.items[0].due, '2029-06-30', 'the old revision is kept as it was');
  const trail = ok(await call('GET', `/api/v1/cbp-plans/${p.id}/events`, { token: t.mdo })).items.map((e) => e.action);
  assert.deepEqual(trail, ['created', 'item_added', 'approved', 'reopened', 'approved', 'published', 'superseded']);
  const actor = ok(await call('GET', `/api/v1/cbp-plans/${rev.id}/events`, { token: t.cbp })).items[0].actor;
  assert.equal(actor.name, 'Anil Mehta');
  const bad = assertProblem(await step(rev.id, 'destroy'), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad), ['action']);
});

test('audiences by role held and by position held', async () => {
  const p = ok(await newPlan(2030), 201);
  ok(await call('POST', `/api/v1/officials/${people.aso}/roles`, { token: t.mdo, json: { role: 'trainer', org_id: org.unit } }), 201);
  const roleId = ok(await call('GET', '/api/v1/work-roles?limit=1', { token: t.mdo })).items[0].id;
  const post = ok(await call('POST', '/api/v1/positions', { token: t.mdo, json: { org_id: org.unit, code: 'CBP-POST-1',
    title: 'Plan test post', designation: 'SO', role_ids: [roleId] } }), 201);
  ok(await call('POST', `/api/v1/positions/${post.id}/holders`, { token: t.mdo, json: { official_id: people.so1,
    start_date: new Date().toISOString().slice(0, 10) } }), 201);
  const count = async (audience) => ok(await preview(p.id, audience)).count;
  assert.equal(await count([{ org_id: org.unit, roles: ['trainer'] }]), 1);
  assert.equal(await count([{ org_id: org.unit, position_ids: [post.id] }]), 1);
  assert.equal(await count([{ org_id: org.unit, roles: ['trainer'] }, { position_ids: [post.id] }]), 2);
  assert.equal(await count([{ org_id: org.unit, roles: ['trainer'], position_ids: [post.id] }]), 0);
});

test('assignments follow the holders of a position: a new holder gets the item, the one replaced and one whose holding ends leave it', async () => {
  const active = (item) => sqlRows(srv, `SELECT official_id FROM cbp_assignments WHERE item_id = ${item} AND left_at IS NULL
    ORDER BY official_id`).map((r) => Number(r[0]));
  const today = new Date().toISOString().slice(0, 10);
  const roleId = ok(await call('GET', '/api/v1/work-roles?limit=1', { token: t.mdo })).items[0].id;
  const post = ok(await call('POST', '/api/v1/positions', { token: t.mdo, json: { org_id: org.unit, code: 'CBP-POST-2',
    title: 'Plan test desk', designation: 'ASO', role_ids: [roleId] } }), 201);
  const hold = async (who) => ok(await call('POST', `/api/v1/positions/${post.id}/holders`, { token: t.mdo,
    json: { official_id: people[who], start_date: today } }), 201);
  await hold('aso');
  const p = ok(await newPlan(2031), 201);
  const it = ok(await item(p.id, { content_id: published, due: '2032-03-31', audience: [{ position_ids: [post.id] }] }), 201).items[0];
  ok(await step(p.id, 'approve'));
  assert.equal(ok(await step(p.id, 'publish')).assigned, 1);
  assert.deepEqual(active(it.id), [people.aso]);

  const second = await hold('us');
  assert.deepEqual(active(it.id), [people.us], 'the new holder is assigned and the one replaced leaves');
  ok(await call('PATCH', `/api/v1/position-holders/${second.id}`, { token: t.mdo, json: { end_date: today } }));
  assert.deepEqual(active(it.id), [], 'a holding that ends takes its holder out of the audience');
  await hold('aso');
  assert.deepEqual(active(it.id), [people.aso], 'holding the post again assigns it again');
  ok(await call('PATCH', `/api/v1/positions/${post.id}`, { token: t.mdo, json: { status: 'abolished' } }));
  assert.deepEqual(active(it.id), [], 'abolishing the position ends its holding and the assignment');
});

test('a published plan is assigned to its audience and follows people: joining, moving, promotion; completions keep their credit', async () => {
  const active = (item) => sqlRows(srv, `SELECT official_id FROM cbp_assignments WHERE item_id = ${item} AND left_at IS NULL
    ORDER BY official_id`).map((r) => Number(r[0]));
  const priya = ok(await call('GET', '/api/v1/me', { token: t.learner })).id;
  const done = ok(await call('GET', '/api/v1/me/enrolments?status=completed&limit=1', { token: t.learner })).items[0].content_id;
  const p = ok(await newPlan(2026, t.cbp, org.RB), 201);
  const audience = [{ org_id: org.unit, designations: ['SO'] }, { official_ids: [priya] }];
  const a = ok(await item(p.id, { content_id: done, due: '2027-03-31', audience }), 201).items[0];
  const later = ok(await item(p.id, { content_id: published, due: '2026-06-30', mandatory: false, audience }), 201)
    .items.find((x) => x.content.id === published);
  ok(await step(p.id, 'approve'));
  const pub = ok(await step(p.id, 'publish'));
  assert.equal(pub.assigned, 6, 'two items, each to so1, so2 and Priya');
  assert.deepEqual(active(a.id), [people.so1, people.so2, priya].sort((x, y) => x - y));

  // Priya's list: by due date, the one she finished long ago counts as completed, the other is overdue.
  const mine = ok(await call('GET', '/api/v1/me/plan-items', { token: t.learner })).items.filter((x) => x.plan.id === p.id);
  assert.deepEqual(mine.map((x) => [x.content.id, x.status, x.mandatory]), [[published, 'overdue', false], [done, 'completed', true]]);
  assert.equal(mine[1].due, '2027-03-31');
  const only = async (status) => ok(await call('GET', `/api/v1/me/plan-items?status=${status}`, { token: t.learner }))
    .items.filter((x) => x.plan.id === p.id).map((x) => x.content.id);
  assert.deepEqual(await only('overdue'), [published]);
  assert.deepEqual(await only('completed'), [done]);
  assert.deepEqual(await only('upcoming'), []);
  assertProblem(await call('GET', '/api/v1/me/plan-items?status=soon', { token: t.learner }), 422, 'validation_failed');

  // A new Section Officer joins the unit: assigned at once. so1 is promoted to US: no longer in the audience.
  people.so3 = ok(await call('POST', '/api/v1/officials', { token: t.mdo, json: { employee_code: 'CBP/so3',
    email: 'so3@cbp-test.gov.in', name: 'Official so3', org_id: org.sub, designation: 'SO' } }), 201).id;
  assert.ok(active(a.id).includes(people.so3), 'a joiner is assigned');
  const csv = 'employee_code,name,email,designation,org_code\nCBP/ob1,Onboarded One,ob1@cbp-test.gov.in,SO,CBP-SUB\n';
  ok(await call('POST', `/api/v1/orgs/${org.unit}/onboarding`, { token: t.mdo, body: csv, headers: { 'content-type': 'text/csv' } }));
  const ob1 = Number(sqlRows(srv, "SELECT id FROM officials WHERE email = 'ob1@cbp-test.gov.in'")[0][0]);
  assert.ok(active(a.id).includes(ob1), 'an official onboarded from the e-HRMS is assigned');
  ok(await call('PATCH', `/api/v1/officials/${people.so1}`, { token: t.mdo, json: { designation: 'US' } }));
  assert.ok(!active(a.id).includes(people.so1), 'a promoted official leaves an audience of SOs');

  // so2 is transferred to the Ministry of Finance: out of the Railways' plan, into Finance's plan for SOs.
  const fin = ok(await call('POST', `/api/v1/orgs/${org.MOF}/cbp-plans`, { token: t.spv, json: { year: 2026, title: 'Finance plan' } }), 201);
  const finItem = ok(await call('POST', `/api/v1/cbp-plans/${fin.id}/items`, { token: t.spv, json: { content_id: done,
    due: '2027-01-31', audience: [{ designations: ['SO'] }] } }), 201).items[0];
  for (const action of ['approve', 'publish']) {
    ok(await call('POST', `/api/v1/cbp-plans/${fin.id}/transitions`, { token: t.spv, json: { action } }));
  }
  assert.ok(!active(finItem.id).includes(people.so2));
  ok(await call('PATCH', `/api/v1/officials/${people.so2}`, { token: t.spv, json: { org_id: org.MOF } }));
  assert.ok(!active(a.id).includes(people.so2), 'moved out of the Railways plan');
  assert.ok(active(finItem.id).includes(people.so2), 'and into Finance\'s');

  // Compliance: only who is in the audience now counts; Priya's old completion counts.
  const comp = ok(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance`, { token: t.mdo }));
  const ca = comp.items.find((x) => x.id === a.id).compliance;
  assert.deepEqual([ca.assigned, ca.completed, ca.overdue, ca.completion_percent], [3, 1, 0, 33]);
  const cl = comp.items.find((x) => x.id === later.id).compliance;
  assert.equal(cl.assigned, 3);
  assert.equal(cl.overdue, 3 - cl.completed, 'not completed by 30 June 2026 is overdue');
  const byOrg = ok(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance/orgs?item_id=${a.id}`, { token: t.cbp })).items;
  assert.deepEqual(byOrg.map((r) => [r.org.code, r.compliance.assigned, r.compliance.completed]), [['CBP-SUB', 2, 0], ['RB', 1, 1]]);
  const who = async (qs) => ok(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance/officials?item_id=${a.id}${qs}`, { token: t.cbp }));
  assert.deepEqual((await who('&status=completed')).items.map((o) => o.id), [priya]);
  assert.deepEqual((await who(`&org_id=${org.sub}`)).items.map((o) => [o.id, o.status]), [[people.so3, 'assigned'], [ob1, 'assigned']]);
  const page1 = await who('&limit=2');
  assert.equal(page1.items.length, 2);
  const page2 = ok(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance/officials?item_id=${a.id}&limit=2&cursor=${page1.next_cursor}`, { token: t.cbp }));
  assert.equal(page2.items.length, 1);
  assert.equal(page2.next_cursor, null);
  const bad = assertProblem(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance/officials?status=late&org_id=x`, { token: t.cbp }), 422, 'validation_failed');
  assert.deepEqual(fieldsOf(bad).sort(), ['item_id', 'org_id', 'status']);
  assertProblem(await call('GET', `/api/v1/cbp-plans/${p.id}/compliance`, { token: t.learner }), 404, 'not_found');
});

test('reminders: a week before the due date and once overdue, each once, in the outbox of the officials\' organisation', async () => {
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  const fy = (date) => { const [y, m] = date.split('-').map(Number); return m >= 4 ? y : y - 1; };
  const publishWith = async (where, due) => {
    const plan = ok(await newPlan(fy(due), t.cbp, where), 201);
    ok(await item(plan.id, { content_id: published, due, audience: [{ org_id: org.sub, designations: ['SO'] }] }), 201);
    ok(await step(plan.id, 'approve'));
    ok(await step(plan.id, 'publish'));
    return plan.id;
  };
  const soon = await publishWith(org.unit, day(3));
  const late = await publishWith(org.sub, day(-1));
  const send = (plan) => call('POST', `/api/v1/cbp-plans/${plan}/reminders`, { token: t.cbp });
  assert.deepEqual(ok(await send(soon)), { due_soon: 2, overdue: 0 }, 'so3 and ob1, the SOs of the sub-unit');
  assert.deepEqual(ok(await send(soon)), { due_soon: 0, overdue: 0 }, 'each reminder goes once');
  assert.deepEqual(ok(await send(late)), { due_soon: 0, overdue: 2 });
  const outbox = ok(await call('GET', `/api/v1/outbox?org_id=${org.sub}&limit=10`, { token: t.mdo })).items;
  const kinds = outbox.filter((m) => m.kind.startsWith('plan_')).map((m) => [m.kind, m.to_email]).sort();
  assert.deepEqual(kinds, [['plan_due_soon', 'ob1@cbp-test.gov.in'], ['plan_due_soon', 'so3@cbp-test.gov.in'],
    ['plan_overdue', 'ob1@cbp-test.gov.in'], ['plan_overdue', 'so3@cbp-test.gov.in']]);
  const m = outbox.find((x) => x.kind === 'plan_due_soon');
  assert.match(m.subject, /^Due in a week: .+ \/ एक सप्ताह में देय: /);
  assert.ok(m.body.includes(day(3)), 'the body names the due date');
  const o = outbox.find((x) => x.kind === 'plan_overdue');
  assert.match(o.subject, /^Overdue: .+ \/ समय सीमा बीत गई: /);
  assert.ok(o.body.includes(day(-1)) && o.body.includes('पूरा नहीं हुआ'), 'the due date, in English and Hindi');
  assertProblem(await call('POST', `/api/v1/cbp-plans/${soon}/reminders`, { token: t.learner }), 404, 'not_found');
});

test('My iGOT home: plan items due, what to continue, recommendations from the gap with their reasons, curated programmes', async () => {
  const home = ok(await call('GET', '/api/v1/me/home', { token: t.learner }));
  assert.equal(home.official.name, 'Priya Sharma');
  assert.equal(home.official.designation.code, 'SO');
  // Her plan items: the Railway Board plan of the test above asks two of her; the one she finished counts.
  assert.equal(home.plan.counts.completed >= 1, true);
  assert.ok(home.plan.items.every((i) => i.status !== 'completed'), 'the home lists what is still to do');
  assert.ok(home.plan.items.some((i) => i.content.id === published && i.status === 'overdue'));
  const mine = ok(await call('GET', '/api/v1/me/enrolments?status=active&limit=500', { token: t.learner })).items;
  assert.deepEqual(home.continue.map((c) => c.content_id), mine.slice(0, 5).map((e) => e.content_id), 'newest activity first');
  // Recommendations: each fills a gap at a level above hers and up to the post's, with its reason in both languages.
  assert.ok(home.recommendations.length > 0);
  const enrolled = new Set(ok(await call('GET', '/api/v1/me/enrolments?status=all&limit=500', { token: t.learner })).items.map((e) => e.content_id));
  for (const r of home.recommendations) {
    assert.ok(r.level > r.current_level && r.level <= r.required_level, JSON.stringify(r).slice(0, 200));
    assert.ok(!enrolled.has(r.content.id), 'nothing she has already taken');
    const now = r.current_level ? `you are at level ${r.current_level}` : 'your passport does not show it yet';
    assert.ok(r.reason.startsWith(`Your post requires ${r.competency.name} at level ${r.required_level}; ${now}.`), r.reason);
    assert.ok(r.reason_hi.includes(r.competency.name_hi) && r.reason_hi.includes(`स्तर ${r.required_level}`), r.reason_hi);
    assert.equal(typeof r.content.title, 'string');
  }
  const gaps = ok(await call('GET', `/api/v1/officials/${home.official.id}/gaps`, { token: t.learner }));
  const widest = gaps.items.filter((g) => g.required_level > (g.verified_level || 0));
  assert.ok(widest.length > 0, 'she has gaps');
  const again = ok(await call('GET', '/api/v1/me/home', { token: t.learner }));
  assert.deepEqual(again.recommendations.map((r) => r.content.id), home.recommendations.map((r) => r.content.id), 'deterministic');
  // Curated programmes for her ministry (the demo's Railways programme).
  assert.ok(home.curated.some((c) => /Railways/.test(c.content.title)), JSON.stringify(home.curated.map((c) => c.content.title)));
  assertProblem(await call('GET', '/api/v1/me/home'), 401, 'unauthenticated');
});

test('peers\' completions are counted as they happen: another Section Officer finishes one of Priya\'s recommendations', async () => {
  const coordinator = (await api.login('coordinator@karmayogi.demo')).token;
  assert.equal(ok(await call('GET', '/api/v1/me/home', { token: coordinator })).official.designation.code, 'SO');
  const home = ok(await call('GET', '/api/v1/me/home', { token: t.learner }));
  const taken = new Set(ok(await call('GET', '/api/v1/me/enrolments?status=all&limit=500', { token: coordinator })).items.map((e) => e.content_id));
  let pick;
  for (const r of home.recommendations.filter((x) => !taken.has(x.content.id))) {
    const page = ok(await call('GET', `/api/v1/contents/${r.content.id}`, { token: coordinator }));
    const required = page.modules.flatMap((m) => m.resources).filter((x) => x.required);
    if (page.kind === 'course' && required.length && required.every((x) => x.kind !== 'quiz')) {
      pick = { r, required };
      break;
    }
  }
  assert.ok(pick, 'a recommended course without a quiz that the coordinator has not taken');
  const id = pick.r.content.id;
  const peers = () => Number((sqlRows(srv, `SELECT completed FROM cbp_peer_completions WHERE designation = 'SO' AND content_id = ${id}`)[0] || [0])[0]);
  const before = peers();
  assert.equal(before, pick.r.peers_completed, 'the home page ranks by the kept count');
  const enrolled = await call('POST', `/api/v1/contents/${id}/enrolment`, { token: coordinator });
  assert.ok([200, 201].includes(enrolled.status), enrolled.text);
  const updates = pick.required.map((x) => ({ content_id: id, resource_id: x.id, percent: 100, position: 0, time_spent_s: 60 }));
  const done = ok(await call('POST', '/api/v1/me/progress', { token: coordinator, json: { updates } }));
  assert.equal(done.enrolments.find((e) => e.content_id === id).status, 'completed');
  assert.equal(peers(), before + 1, 'counted in the completion\'s own transaction');
  ok(await call('POST', '/api/v1/me/progress', { token: coordinator, json: { updates } }));
  assert.equal(peers(), before + 1, 'a completed course reported again counts once');
});

test('My iGOT keeps ranked recommendations per process only while the catalogue is unchanged: a retired course leaves them at once', async () => {
  const first = ok(await call('GET', '/api/v1/me/home', { token: t.learner })).recommendations;
  assert.ok(first.length > 0);
  const ours = first.find((r) => r.content.provider && r.content.provider.code === 'LBSNAA');
  assert.ok(ours, `a recommendation the demo publisher may retire: ${first.map((r) => r.content.provider && r.content.provider.code)}`);
  const gone = ours.content.id;
  ok(await call('POST', `/api/v1/contents/${gone}/transitions`, { token: t.publisher, json: { action: 'retire' } }));
  const next = ok(await call('GET', '/api/v1/me/home', { token: t.learner })).recommendations;
  assert.ok(!next.some((r) => r.content.id === gone), 'the retired course is no longer recommended');
  assert.ok(next.length > 0);
});

test('My iGOT leaves out at once what the official enrols in; the next candidate for that gap takes its place', async () => {
  const before = ok(await call('GET', '/api/v1/me/home', { token: t.learner })).recommendations;
  const first = before[0];
  const sameGap = (list) => list.filter((r) => r.competency.id === first.competency.id).map((r) => r.content.id);
  const enrolled = await call('POST', `/api/v1/contents/${first.content.id}/enrolment`, { token: t.learner });
  assert.ok([200, 201].includes(enrolled.status), enrolled.text);
  const after = ok(await call('GET', '/api/v1/me/home', { token: t.learner })).recommendations;
  assert.ok(!after.some((r) => r.content.id === first.content.id), 'what she enrolled in is no longer recommended');
  assert.deepEqual(sameGap(after).slice(0, sameGap(before).length - 1), sameGap(before).slice(1), 'the rest move up in order');
});
