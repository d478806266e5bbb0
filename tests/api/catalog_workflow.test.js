// API tests: the review workflow (module catalog). A course goes draft -> submitted -> in_review ->
// changes_requested -> submitted -> in_review (approved) -> published, with its trail; publishing needs an
// approved review; nobody reviews, approves or publishes their own version; published versions never change
// (an edit makes version 2, which supersedes version 1 when published); retire; review comments; the queue.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';
const PASSWORD = 'Review-Before-Publish-2026';

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf } = api;
const login = async (email, password) => (await api.login(email, password)).token;
const t = {}; // tokens by person
const org = {};
const people = {}; // person -> official id

function dbUrl() {
  if (!PG) return `sqlite:${path.join(srv.tmp, 'test.db')}`;
  return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`;
}

// A new official in orgId holding roles there, signed in.
let seq = 0;
async function person(name, orgId, roles, roleOrg = orgId) {
  seq++;
  const made = ok(await call('POST', '/api/v1/officials', { token: t.spv, json: {
    employee_code: `WF/${seq}`, email: `wf.${seq}@example.gov.in`, name, org_id: orgId } }), 201);
  for (const role of roles) {
    ok(await call('POST', `/api/v1/officials/${made.id}/roles`, { token: t.spv, json: { role, org_id: roleOrg } }), 201);
  }
  const r = spawnSync(BIN, ['activation-link', '--db', dbUrl(), '--email', made.email, '--base', 'https://x.example/'],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().match(/token=([0-9a-f]{64})$/)[1];
  ok(await call('POST', '/api/v1/auth/activate', { json: { token, password: PASSWORD } }));
  return { id: made.id, token: await login(made.email, PASSWORD) };
}

async function ensureProvider(orgId, kind) {
  const r = await call('GET', `/api/v1/providers/${orgId}`, { token: t.spv });
  if (r.status === 200) return;
  ok(await call('POST', '/api/v1/providers', { token: t.spv, json: { org_id: orgId, kind } }), 201);
}

let codeSeq = 0;
// A course with one module holding a link and a quiz, by `by` (default the demo creator).
async function course(title, by = t.creator, providerId = org.LBSNAA) {
  codeSeq++;
  const c = ok(await call('POST', '/api/v1/contents', { token: by, json: {
    provider_id: providerId, kind: 'course', code: `WF-${codeSeq}`, title } }), 201);
  ok(await call('PUT', `/api/v1/contents/${c.id}/outline`, { token: by, json: { modules: [{ title: 'Basics',
    resources: [{ kind: 'link', title: 'The rules', url: 'https://doe.gov.in/procurement' },
      { kind: 'quiz', title: 'Check yourself', assessment_ref: 'QZ-1' }] }] } }));
  return c.id;
}
const act = (id, token, action, comment) => call('POST', `/api/v1/contents/${id}/transitions`, { token,
  json: comment === undefined ? { action } : { action, comment } });
const step = async (id, token, action, comment) => ok(await act(id, token, action, comment));
// Takes a fresh course to approved (in_review, approved_by set).
async function approved(id) {
  await step(id, t.creator, 'submit');
  await step(id, t.reviewer, 'start_review');
  return step(id, t.reviewer, 'approve');
}

before(async () => {
  srv = await startServer();
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher', 'learner']) {
    t[who === 'spv.admin' ? 'spv' : who] = await login(`${who}@karmayogi.demo`);
  }
  for (const who of ['creator', 'reviewer', 'publisher', 'learner']) {
    people[who] = ok(await call('GET', '/api/v1/me', { token: t[who] })).id;
  }
  for (const code of ['LBSNAA', 'ISTM', 'KB']) org[code] = await api.orgId(code, t.spv);
  await ensureProvider(org.LBSNAA, 'government');
  await ensureProvider(org.ISTM, 'government');
  // Dev writes, reviews and publishes for LBSNAA; Rina reviews for the platform (Karmayogi Bharat).
  const dev = await person('Dev Both', org.LBSNAA, ['content_creator', 'content_reviewer', 'content_publisher']);
  t.dev = dev.token; people.dev = dev.id;
  const rina = await person('Rina Platform', org.KB, ['content_reviewer']);
  t.rina = rina.token; people.rina = rina.id;
  const istm = await person('Ishaan Istm', org.ISTM, ['content_creator']);
  t.istm = istm.token;
});
after(async () => { if (srv) await srv.stop(); });

test('the happy path: request changes, fix, resubmit, approve, publish; the trail keeps every step and comment', async () => {
  const id = await course('Public procurement basics');
  let c = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.creator }));
  assert.deepEqual([c.status, c.version, c.latest_version, c.published_version], ['draft', 1, 1, null]);
  c = await step(id, t.creator, 'submit');
  assert.equal(c.status, 'submitted');
  assert.ok(c.submitted_at);
  c = await step(id, t.reviewer, 'start_review');
  assert.equal(c.status, 'in_review');
  assert.equal(c.reviewer.name, 'Arvind Rao');
  c = await step(id, t.reviewer, 'request_changes', 'Please add the Hindi title.');
  assert.equal(c.status, 'changes_requested');
  c = ok(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title_hi: 'सार्वजनिक खरीद की मूल बातें' } }));
  assert.deepEqual([c.status, c.version, c.title_hi], ['changes_requested', 1, 'सार्वजनिक खरीद की मूल बातें']);
  assert.equal((await step(id, t.creator, 'submit', 'Added it.')).status, 'submitted');
  assert.equal((await step(id, t.reviewer, 'start_review')).status, 'in_review');
  c = await step(id, t.reviewer, 'approve', 'Good to go.');
  assert.equal(c.status, 'in_review');
  assert.equal(c.approved_by.name, 'Arvind Rao');
  c = await step(id, t.publisher, 'publish');
  assert.deepEqual([c.status, c.version, c.published_version], ['published', 1, 1]);
  assert.equal(c.published_by.name, 'Meenakshi Nair');
  assert.equal(c.author.name, 'Kavita Iyer');
  assert.ok(c.published_at);

  const seen = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.learner }));
  assert.deepEqual([seen.status, seen.version, seen.title_hi], ['published', 1, 'सार्वजनिक खरीद की मूल बातें']);
  assert.equal(seen.modules[0].resources.length, 2);

  const h = ok(await call('GET', `/api/v1/contents/${id}/history`, { token: t.creator })).items;
  assert.deepEqual(h.map((s) => [s.action, s.from, s.to, s.by.name, s.comment, s.version]), [
    ['create', null, 'draft', 'Kavita Iyer', null, 1],
    ['submit', 'draft', 'submitted', 'Kavita Iyer', null, 1],
    ['start_review', 'submitted', 'in_review', 'Arvind Rao', null, 1],
    ['request_changes', 'in_review', 'changes_requested', 'Arvind Rao', 'Please add the Hindi title.', 1],
    ['submit', 'changes_requested', 'submitted', 'Kavita Iyer', 'Added it.', 1],
    ['start_review', 'submitted', 'in_review', 'Arvind Rao', null, 1],
    ['approve', 'in_review', 'in_review', 'Arvind Rao', 'Good to go.', 1],
    ['publish', 'in_review', 'published', 'Meenakshi Nair', null, 1],
  ]);
  assert.equal(h[1].by.name_hi, 'कविता अय्यर');
  assert.ok(h.every((s) => /^\d{4}-\d\d-\d\dT/.test(s.at)));
  // The trail is the provider's: a learner may read the course, not its review.
  assertProblem(await call('GET', `/api/v1/contents/${id}/history`, { token: t.learner }), 403);
});

test('publishing needs an approved review: 409 for a draft, a submission and an unapproved review', async () => {
  const id = await course('Ethics in governance');
  let p = assertProblem(await act(id, t.publisher, 'publish'), 409);
  assert.match(p.detail, /draft/);
  assert.match(p.detail, /not reviewed/);
  await step(id, t.creator, 'submit');
  p = assertProblem(await act(id, t.publisher, 'publish'), 409);
  assert.match(p.detail, /submitted/);
  await step(id, t.reviewer, 'start_review');
  p = assertProblem(await act(id, t.publisher, 'publish'), 409, 'not_reviewed');
  assert.match(p.detail, /not reviewed yet/);
  const c = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.creator }));
  assert.deepEqual([c.status, c.published_version], ['in_review', null]);
  // Wrong states for the other steps name the status too.
  assert.match(assertProblem(await act(id, t.creator, 'submit'), 409).detail, /in_review/);
  assert.match(assertProblem(await act(id, t.publisher, 'retire'), 409).detail, /in_review/);
  assertProblem(await act(id, t.creator, 'withdraw'), 409);
});

test('only the right people take each step (403), and a reviewer must say what to change (422)', async () => {
  const id = await course('e-Office for section officers');
  assertProblem(await act(id, t.reviewer, 'submit'), 403); // reviewers do not submit
  await step(id, t.creator, 'submit');
  assertProblem(await act(id, t.creator, 'start_review'), 403);
  assertProblem(await act(id, t.publisher, 'start_review'), 403);
  await step(id, t.reviewer, 'start_review');
  const p = assertProblem(await act(id, t.reviewer, 'request_changes'), 422);
  assert.deepEqual(fieldsOf(p), ['comment']);
  assertProblem(await act(id, t.creator, 'approve'), 403);
  await step(id, t.reviewer, 'approve');
  assertProblem(await act(id, t.reviewer, 'publish'), 403);
  assertProblem(await act(id, t.creator, 'publish'), 403);
  // Someone with no role for this provider: a creator of ISTM.
  assertProblem(await act(id, t.istm, 'publish'), 403);
  // Bad bodies.
  assert.deepEqual(fieldsOf(assertProblem(await act(id, t.publisher, 'launch'), 422)), ['action']);
  assert.deepEqual(fieldsOf(assertProblem(await call('POST', `/api/v1/contents/${id}/transitions`,
    { token: t.publisher, json: { action: 'publish', when: 'now' } }), 422)), ['when']);
  assertProblem(await act(999999, t.publisher, 'publish'), 404);
});

test('nobody reviews, approves or publishes their own work, even holding every role', async () => {
  const id = await course('Leadership for young officers', t.dev);
  await step(id, t.dev, 'submit');
  assertProblem(await act(id, t.dev, 'start_review'), 403, 'own_work');
  await step(id, t.reviewer, 'start_review');
  assertProblem(await act(id, t.dev, 'approve'), 403, 'own_work');
  assertProblem(await act(id, t.dev, 'request_changes', 'Looks fine to me'), 403, 'own_work');
  await step(id, t.reviewer, 'approve');
  assertProblem(await act(id, t.dev, 'publish'), 403, 'own_work');
  assert.equal((await step(id, t.publisher, 'publish')).status, 'published');
  // Dev may review someone else's work.
  const other = await course('Teamwork in the field');
  await step(other, t.creator, 'submit');
  assert.equal((await step(other, t.dev, 'start_review')).reviewer.name, 'Dev Both');
});

test('a platform reviewer (content_reviewer on Karmayogi Bharat) reviews any provider\'s submission', async () => {
  const id = await course('Citizen centric service', t.istm, org.ISTM);
  await step(id, t.istm, 'submit');
  assertProblem(await act(id, t.reviewer, 'start_review'), 403); // LBSNAA's reviewer: not ISTM's
  const c = await step(id, t.rina, 'start_review');
  assert.equal(c.reviewer.name, 'Rina Platform');
  ok(await call('GET', `/api/v1/contents/${id}`, { token: t.rina }));
});

test('published content never changes: an edit makes version 2 as a draft; publishing it supersedes version 1', async () => {
  const id = await course('Data for decisions');
  await approved(id);
  await step(id, t.publisher, 'publish');
  let c = ok(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator,
    json: { title: 'Data for better decisions', duration_minutes: 90 } }));
  assert.deepEqual([c.status, c.version, c.latest_version, c.published_version, c.title],
    ['draft', 2, 2, 1, 'Data for better decisions']);
  assert.equal(c.modules[0].resources[0].url, 'https://doe.gov.in/procurement', 'the outline is copied');
  assert.equal(c.author.name, 'Kavita Iyer');
  // Learners still see version 1 as it was.
  let seen = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.learner }));
  assert.deepEqual([seen.version, seen.status, seen.title, seen.duration_minutes], [1, 'published', 'Data for decisions', null]);
  assertProblem(await call('GET', `/api/v1/contents/${id}?version=2`, { token: t.learner }), 404);
  // A second edit goes to the same draft; the outline of v2 changes without touching v1.
  c = ok(await call('PUT', `/api/v1/contents/${id}/outline`, { token: t.creator, json: { modules: [{ title: 'Data',
    resources: [{ kind: 'link', title: 'NDAP', url: 'https://ndap.niti.gov.in/' }] }] } }));
  assert.deepEqual([c.version, c.modules[0].title], [2, 'Data']);
  const v1 = ok(await call('GET', `/api/v1/contents/${id}?version=1`, { token: t.creator }));
  assert.deepEqual([v1.status, v1.title, v1.modules[0].title], ['published', 'Data for decisions', 'Basics']);
  // Version 2 through review and out.
  await approved(id);
  c = await step(id, t.publisher, 'publish');
  assert.deepEqual([c.version, c.status, c.published_version], [2, 'published', 2]);
  const old = ok(await call('GET', `/api/v1/contents/${id}?version=1`, { token: t.creator }));
  assert.equal(old.status, 'superseded');
  seen = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.learner }));
  assert.deepEqual([seen.version, seen.title, seen.duration_minutes], [2, 'Data for better decisions', 90]);
  const h = ok(await call('GET', `/api/v1/contents/${id}/history`, { token: t.reviewer })).items;
  assert.deepEqual(h.filter((s) => s.version === 2).map((s) => s.action),
    ['new_version', 'submit', 'start_review', 'approve', 'publish']);
});

test('content in review cannot be edited (409) until it is withdrawn', async () => {
  const id = await course('Railway safety');
  await step(id, t.creator, 'submit');
  let p = assertProblem(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title: 'X' } }), 409);
  assert.match(p.detail, /in review/);
  assertProblem(await call('PUT', `/api/v1/contents/${id}/outline`, { token: t.creator, json: { modules: [] } }), 409);
  assert.equal((await step(id, t.creator, 'withdraw')).status, 'draft');
  ok(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title: 'Railway safety basics' } }));
  await step(id, t.creator, 'submit');
  await step(id, t.reviewer, 'start_review');
  p = assertProblem(await call('PATCH', `/api/v1/contents/${id}`, { token: t.creator, json: { title: 'Y' } }), 409);
  assert.match(p.detail, /in_review/);
});

test('retire: a publisher takes published content out; a learner who has it still reads it as retired', async () => {
  const id = await course('Postal services today');
  await approved(id);
  await step(id, t.publisher, 'publish');
  assert.equal(ok(await call('GET', `/api/v1/contents/${id}`, { token: t.learner })).status, 'published');
  assertProblem(await act(id, t.creator, 'retire'), 403);
  const c = await step(id, t.publisher, 'retire', 'Replaced by the 2027 course.');
  assert.deepEqual([c.status, c.published_version], ['retired', 1]);
  assertProblem(await act(id, t.publisher, 'retire'), 409);
  const seen = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.learner }));
  assert.equal(seen.status, 'retired');
  const h = ok(await call('GET', `/api/v1/contents/${id}/history`, { token: t.publisher })).items;
  assert.deepEqual(h.at(-1).comment, 'Replaced by the 2027 course.');
});

test('a learner sees no unpublished content: 404 for a draft, its history, its comments and its steps', async () => {
  const id = await course('Draft only');
  for (const path of [`/api/v1/contents/${id}`, `/api/v1/contents/${id}?version=1`, `/api/v1/contents/${id}/comments`]) {
    assertProblem(await call('GET', path, { token: t.learner }), 404);
  }
  assertProblem(await act(id, t.learner, 'submit'), 404);
  const unknown = assertProblem(await call('GET', '/api/v1/contents/999999', { token: t.learner }), 404);
  const hidden = assertProblem(await call('GET', `/api/v1/contents/${id}`, { token: t.learner }), 404);
  assert.equal(hidden.title, unknown.title);
});

test('a course needs a module with a resource before review (422); a programme a course', async () => {
  const c = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: org.LBSNAA, kind: 'course', code: 'WF-EMPTY', title: 'Empty' } }), 201);
  let p = assertProblem(await act(c.id, t.creator, 'submit'), 422);
  assert.deepEqual(fieldsOf(p), ['modules']);
  ok(await call('PUT', `/api/v1/contents/${c.id}/outline`, { token: t.creator, json: { modules: [{ title: 'M', resources: [] }] } }));
  p = assertProblem(await act(c.id, t.creator, 'submit'), 422);
  assert.deepEqual(fieldsOf(p), ['modules']);
  const prog = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: org.LBSNAA, kind: 'programme', code: 'WF-EMPTY-PROG', title: 'Empty programme' } }), 201);
  assert.deepEqual(fieldsOf(assertProblem(await act(prog.id, t.creator, 'submit'), 422)), ['items']);
  assert.equal(ok(await call('GET', `/api/v1/contents/${c.id}`, { token: t.creator })).status, 'draft');
});

test('review comments: reviewers comment in review on a part of the version, creators reply, anyone of the provider resolves', async () => {
  const id = await course('Procurement on GeM');
  const mod = ok(await call('GET', `/api/v1/contents/${id}`, { token: t.creator })).modules[0];
  const comment = (token, json) => call('POST', `/api/v1/contents/${id}/comments`, { token, json });
  assertProblem(await comment(t.reviewer, { anchor: 'title', body: 'Too long' }), 409); // not in review yet
  await step(id, t.creator, 'submit');
  await step(id, t.reviewer, 'start_review');
  const first = ok(await comment(t.reviewer, { anchor: 'title', body: 'Say GeM in the title.' }), 201);
  assert.deepEqual([first.anchor, first.version, first.resolved, first.author.name], ['title', 1, false, 'Arvind Rao']);
  ok(await comment(t.reviewer, { anchor: `module:${mod.id}`, body: 'Add a video here.' }), 201);
  ok(await comment(t.reviewer, { anchor: `resource:${mod.resources[1].id}`, body: 'Quiz too short.' }), 201);
  ok(await comment(t.creator, { anchor: 'title', body: 'Will do.' }), 201);
  assert.deepEqual(fieldsOf(assertProblem(await comment(t.reviewer, { anchor: 'module:999999', body: 'x' }), 422)), ['anchor']);
  assert.deepEqual(fieldsOf(assertProblem(await comment(t.reviewer, { anchor: 'footer', body: 'x' }), 422)), ['anchor']);
  assert.deepEqual(fieldsOf(assertProblem(await comment(t.reviewer, { anchor: 'title' }), 422)), ['body']);
  assertProblem(await comment(t.publisher, { anchor: 'title', body: 'x' }), 403);
  assertProblem(await comment(t.learner, { anchor: 'title', body: 'x' }), 404);
  const resolved = ok(await call('PATCH', `/api/v1/review-comments/${first.id}`, { token: t.creator, json: { resolved: true } }));
  assert.equal(resolved.resolved, true);
  assertProblem(await call('PATCH', `/api/v1/review-comments/${first.id}`, { token: t.learner, json: { resolved: true } }), 404);
  assertProblem(await call('PATCH', `/api/v1/review-comments/${first.id}`, { token: t.creator, json: { resolved: 'yes' } }), 422);
  const list = ok(await call('GET', `/api/v1/contents/${id}/comments`, { token: t.creator })).items;
  assert.deepEqual(list.map((c) => [c.anchor, c.body, c.resolved, c.author.name]), [
    ['title', 'Say GeM in the title.', true, 'Arvind Rao'],
    [`module:${mod.id}`, 'Add a video here.', false, 'Arvind Rao'],
    [`resource:${mod.resources[1].id}`, 'Quiz too short.', false, 'Arvind Rao'],
    ['title', 'Will do.', false, 'Kavita Iyer'],
  ]);
  // Comments stay with version 1 after changes and a new round.
  await step(id, t.reviewer, 'request_changes', 'See my comments.');
  assert.equal(ok(await call('GET', `/api/v1/contents/${id}/comments?version=1`, { token: t.reviewer })).items.length, 4);
  assertProblem(await call('GET', `/api/v1/contents/${id}/comments?version=7`, { token: t.reviewer }), 404);
});

test('the review queue: a provider\'s reviewers see its submissions oldest first; the platform sees all; learners none', async () => {
  const a = await course('Queue one');
  const b = await course('Queue two');
  const istm = await course('Queue ISTM', t.istm, org.ISTM);
  await step(a, t.creator, 'submit');
  await step(b, t.creator, 'submit');
  await step(istm, t.istm, 'submit');
  const mine = (await api.walk('/api/v1/review-queue?status=submitted', t.reviewer, 1)).items;
  const ids = mine.map((i) => i.id);
  assert.ok(ids.indexOf(a) >= 0 && ids.indexOf(a) < ids.indexOf(b), 'oldest first');
  assert.ok(!ids.includes(istm), 'LBSNAA\'s reviewer does not see ISTM\'s queue');
  const item = mine.find((i) => i.id === a);
  assert.deepEqual([item.status, item.version, item.provider.code, item.author.name, item.title],
    ['submitted', 1, 'LBSNAA', 'Kavita Iyer', 'Queue one']);
  const all = (await api.walk('/api/v1/review-queue', t.rina, 50)).items.map((i) => i.id);
  assert.ok(all.includes(istm) && all.includes(a));
  await step(a, t.reviewer, 'start_review');
  const inReview = ok(await call('GET', '/api/v1/review-queue?status=in_review', { token: t.reviewer })).items;
  assert.ok(inReview.some((i) => i.id === a && i.reviewer.name === 'Arvind Rao'));
  assertProblem(await call('GET', '/api/v1/review-queue', { token: t.learner }), 403);
  assertProblem(await call('GET', '/api/v1/review-queue', { token: t.creator }), 403);
  assert.deepEqual(fieldsOf(assertProblem(await call('GET', '/api/v1/review-queue?status=published', { token: t.reviewer }), 422)), ['status']);
});
