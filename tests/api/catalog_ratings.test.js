// API tests: learners' ratings (module catalog). Officials who finished a course (enrolled and every required
// resource done, through the learn API) rate it once with 1 to 5 stars and an optional review, change or
// remove it; the course page and the catalogue show the average and count at once (sort=rating orders by it);
// someone else's review may be reported once; the platform's moderators uphold (the text is hidden, the stars
// still count) or dismiss. Every course here carries a random word of this run, so demo content never
// changes what is found.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const login = async (email) => (await api.login(email)).token;
const t = {}; // tokens by person
const c = {}; // our courses by letter -> id
let LBSNAA;

const RUN = 'zq' + [...crypto.randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

const step = async (id, token, action) => ok(await call('POST', `/api/v1/contents/${id}/transitions`,
  { token, json: { action } }));

// A published LBSNAA course with two required resources and an optional one.
async function course(letter, { publishIt = true } = {}) {
  const made = ok(await call('POST', '/api/v1/contents', { token: t.creator, json: {
    provider_id: LBSNAA, kind: 'course', code: `RT-${RUN.toUpperCase()}-${letter}`, title: `Grievance redress ${RUN} ${letter}` } }), 201);
  ok(await call('PUT', `/api/v1/contents/${made.id}/outline`, { token: t.creator, json: { modules: [{ title: 'Basics',
    resources: [{ kind: 'link', title: 'The rules', url: 'https://darpg.gov.in/' },
      { kind: 'link', title: 'The portal', url: 'https://pgportal.gov.in/' },
      { kind: 'link', title: 'More reading', url: 'https://darpg.gov.in/more', required: false }] }] } }));
  if (publishIt) {
    await step(made.id, t.creator, 'submit');
    await step(made.id, t.reviewer, 'start_review');
    await step(made.id, t.reviewer, 'approve');
    await step(made.id, t.publisher, 'publish');
  }
  c[letter] = made.id;
  return made.id;
}

const enrol = async (token, id) => {
  const r = await call('POST', `/api/v1/contents/${id}/enrolment`, { token });
  assert.ok(r.status === 201 || r.status === 200, `enrolment: ${r.status} ${r.text}`);
};
// Enrols and finishes every required resource, as the player would report it.
async function complete(token, id) {
  await enrol(token, id);
  const page = ok(await call('GET', `/api/v1/contents/${id}`, { token }));
  const updates = page.modules.flatMap((m) => m.resources).filter((r) => r.required)
    .map((r) => ({ content_id: id, resource_id: r.id, percent: 100, position: 0, time_spent_s: 120 }));
  const done = ok(await call('POST', '/api/v1/me/progress', { token, json: { updates } }));
  const e = done.enrolments.find((x) => x.content_id === id);
  assert.equal(e && e.status, 'completed', JSON.stringify(done));
}

const rate = (token, id, json) => call('PUT', `/api/v1/contents/${id}/my-rating`, { token, json });
const list = async (token, id, query = '') => ok(await call('GET', `/api/v1/contents/${id}/ratings${query}`, { token }));

before(async () => {
  srv = await startServer();
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher', 'learner', 'supervisor', 'mdo.admin',
    'cbp.admin', 'kb.reviewer']) {
    t[who] = await login(`${who}@karmayogi.demo`);
  }
  LBSNAA = await api.orgId('LBSNAA', t['spv.admin']);
  const r = await call('GET', `/api/v1/providers/${LBSNAA}`, { token: t['spv.admin'] });
  if (r.status !== 200) ok(await call('POST', '/api/v1/providers', { token: t['spv.admin'], json: { org_id: LBSNAA, kind: 'government' } }), 201);
  for (const letter of ['A', 'B', 'C', 'D']) await course(letter);
  await course('DRAFT', { publishIt: false });
  for (const who of ['learner', 'supervisor', 'mdo.admin']) await complete(t[who], c.A);
  await complete(t.learner, c.B);
  await complete(t.learner, c.D);
  await complete(t.supervisor, c.D);
});
after(async () => { if (srv) await srv.stop(); });

test('an official who has not completed a course may not rate it (403 not_completed)', async () => {
  assertProblem(await rate(t['cbp.admin'], c.A, { stars: 5 }), 403, 'not_completed');
  await enrol(t['cbp.admin'], c.A); // enrolled, nothing done yet
  assertProblem(await rate(t['cbp.admin'], c.A, { stars: 5, review: 'Looks good' }), 403, 'not_completed');
  const page = await list(t['cbp.admin'], c.A);
  assert.deepEqual([page.count, page.can_rate], [0, false]);
  assert.equal((await list(t.learner, c.A)).can_rate, true); // she finished it
});

test('stars must be a whole number from 1 to 5 and the review at most 2000 characters (422 naming the field)', async () => {
  for (const bad of [{ stars: 0 }, { stars: 6 }, { stars: '5' }, {}, { stars: 4.5 }, { stars: null }, { stars: -1 }]) {
    const p = assertProblem(await rate(t.learner, c.A, bad), 422, 'validation_failed');
    assert.deepEqual(fieldsOf(p), ['stars'], JSON.stringify(bad));
  }
  let p = assertProblem(await rate(t.learner, c.A, { stars: 4, review: 'x'.repeat(2001) }), 422);
  assert.deepEqual(fieldsOf(p), ['review']);
  p = assertProblem(await rate(t.learner, c.A, { stars: 4, review: 42 }), 422);
  assert.deepEqual(fieldsOf(p), ['review']);
  p = assertProblem(await rate(t.learner, c.A, { stars: 4, helpful: true }), 422);
  assert.deepEqual(fieldsOf(p), ['helpful']);
  assertProblem(await rate(t.learner, c.A, [4]), 422);
  assertProblem(await call('PUT', `/api/v1/contents/${c.A}/my-rating`, { token: t.learner, body: '{"stars":',
    headers: { 'content-type': 'application/json' } }), 400);
  // 2000 characters of Devanagari are fine: the limit counts characters, not bytes.
  const long = ok(await rate(t.learner, c.B, { stars: 3, review: 'अ'.repeat(2000) }), 201);
  assert.equal(long.review.length, 2000);
  assert.equal((await list(t.learner, c.A)).count, 0, 'nothing was saved by the refused ratings');
});

test('unknown or never published content has no ratings (404)', async () => {
  assertProblem(await rate(t.learner, 99999999, { stars: 4 }), 404);
  assertProblem(await call('GET', '/api/v1/contents/99999999/ratings', { token: t.learner }), 404);
  assertProblem(await rate(t.learner, c.DRAFT, { stars: 4 }), 404);
  assertProblem(await call('GET', `/api/v1/contents/${c.DRAFT}/ratings`, { token: t.learner }), 404);
  assertProblem(await call('DELETE', `/api/v1/contents/${c.DRAFT}/my-rating`, { token: t.learner }), 404);
  assertProblem(await call('GET', `/api/v1/contents/${c.A}/ratings`), 401);
});

test('rating twice changes the one rating (201, then 200); karma is paid for the first only', async () => {
  const first = ok(await rate(t.learner, c.A, { stars: 3, review: 'Useful, but long.' }), 201);
  assert.deepEqual([first.stars, first.review, first.mine, first.hidden], [3, 'Useful, but long.', true, false]);
  assert.equal(first.author.name, 'Priya Sharma');
  assert.equal(first.author.name_hi, 'प्रिया शर्मा');
  assert.equal(first.karma_points, 2);
  assert.deepEqual([first.summary.average, first.summary.count], [3, 1]);
  const again = ok(await rate(t.learner, c.A, { stars: 5, review: 'On reflection, excellent.' }), 200);
  assert.equal(again.id, first.id);
  assert.equal(again.karma_points, 0);
  assert.equal(again.created_at, first.created_at);
  const page = await list(t.learner, c.A);
  assert.equal(page.count, 1);
  assert.deepEqual(page.distribution, { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 });
  assert.deepEqual([page.mine.id, page.mine.stars, page.mine.review], [first.id, 5, 'On reflection, excellent.']);
  assert.deepEqual(page.items.map((i) => [i.id, i.stars, i.mine]), [[first.id, 5, true]]);
  // A review may be dropped: null (or empty) leaves stars only.
  const plain = ok(await rate(t.learner, c.A, { stars: 5, review: '' }), 200);
  assert.equal(plain.review, null);
  ok(await rate(t.learner, c.A, { stars: 5, review: 'On reflection, excellent.' }), 200);
});

test('the course page and the catalogue show the average and count at once; sort=rating orders by it', async () => {
  const seen = ok(await call('GET', `/api/v1/contents/${c.D}`, { token: t['cbp.admin'] })); // now kept in the page cache
  assert.deepEqual(seen.rating, { average: 0, count: 0 });
  const before = ok(await call('GET', `/api/v1/catalogue?q=${RUN}&sort=rating`, { token: t['cbp.admin'] }));
  assert.equal(before.items.find((i) => i.id === c.D).rating.count, 0);

  ok(await rate(t.learner, c.D, { stars: 2 }), 201);
  ok(await rate(t.supervisor, c.D, { stars: 1, review: 'Too basic for me.' }), 201);
  ok(await rate(t.supervisor, c.A, { stars: 4 }), 201); // A: 5 and 4
  ok(await rate(t.learner, c.B, { stars: 3 }), 200);     // B: 3 (rated in the validation test)

  const page = ok(await call('GET', `/api/v1/contents/${c.D}`, { token: t['cbp.admin'] }));
  assert.deepEqual(page.rating, { average: 1.5, count: 2 });
  assert.deepEqual(ok(await call('GET', `/api/v1/contents/${c.A}`, { token: t['cbp.admin'] })).rating, { average: 4.5, count: 2 });

  const found = ok(await call('GET', `/api/v1/catalogue?q=${RUN}&sort=rating`, { token: t['cbp.admin'] }));
  assert.deepEqual(found.items.map((i) => i.id), [c.A, c.B, c.D, c.C]);
  assert.deepEqual(found.items.map((i) => [i.rating.average, i.rating.count]), [[4.5, 2], [3, 1], [1.5, 2], [0, 0]]);
  // Paged, the order holds across pages.
  const all = (await walk(`/api/v1/catalogue?q=${RUN}&sort=rating`, t['cbp.admin'], 1)).items.map((i) => i.id);
  assert.deepEqual(all, [c.A, c.B, c.D, c.C]);
});

test('the list is newest change first, paged, with the author named in both languages', async () => {
  ok(await rate(t['mdo.admin'], c.A, { stars: 4, review: 'सुनवाई के लिए उपयोगी।' }), 201);
  const { items, pages } = await walk(`/api/v1/contents/${c.A}/ratings`, t['cbp.admin'], 1);
  assert.equal(pages.length, 3);
  assert.deepEqual(items.map((i) => i.author.name), ['Sunita Verma', 'Vikram Singh', 'Priya Sharma']);
  assert.equal(items[0].author.name_hi, 'सुनीता वर्मा');
  assert.equal(items[0].review, 'सुनवाई के लिए उपयोगी।');
  assert.ok(items.every((i) => i.mine === false && i.reported_by_me === false));
  const head = await list(t['cbp.admin'], c.A, '?limit=1');
  assert.equal(head.mine, null);
  assert.deepEqual([head.count, head.average], [3, 4.33]);
  assertProblem(await call('GET', `/api/v1/contents/${c.A}/ratings?limit=0`, { token: t.learner }), 422);
});

test('a review may be reported once, never by its author, and only when it has text', async () => {
  const mine = (await list(t.supervisor, c.D)).mine;
  assertProblem(await call('POST', `/api/v1/ratings/${mine.id}/reports`, { token: t.supervisor,
    json: { reason: 'Testing my own' } }), 409, 'own_review');
  for (const bad of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 7 }, { reason: 'ok', extra: 1 }]) {
    assertProblem(await call('POST', `/api/v1/ratings/${mine.id}/reports`, { token: t.learner, json: bad }), 422);
  }
  const made = ok(await call('POST', `/api/v1/ratings/${mine.id}/reports`, { token: t.learner,
    json: { reason: 'Dismissive of the course authors.' } }), 201);
  assert.deepEqual([made.status, made.rating_id, made.content.id], ['open', mine.id, c.D]);
  assertProblem(await call('POST', `/api/v1/ratings/${mine.id}/reports`, { token: t.learner,
    json: { reason: 'Again' } }), 409, 'already_reported');
  const item = (await list(t.learner, c.D)).items.find((i) => i.id === mine.id);
  assert.equal(item.reported_by_me, true);
  const starsOnly = (await list(t.learner, c.D)).mine;
  assertProblem(await call('POST', `/api/v1/ratings/${starsOnly.id}/reports`, { token: t.supervisor,
    json: { reason: 'Nothing to see' } }), 409, 'no_review');
  assertProblem(await call('POST', '/api/v1/ratings/99999999/reports', { token: t.learner, json: { reason: 'x' } }), 404);
});

test('only the platform moderators see reports; upholding hides the text while the stars still count', async () => {
  const target = (await list(t.supervisor, c.D)).mine;
  ok(await call('POST', `/api/v1/ratings/${target.id}/reports`, { token: t['mdo.admin'],
    json: { reason: 'Rude.' } }), 201);
  for (const who of ['learner', 'reviewer', 'creator']) { // an LBSNAA reviewer is no platform moderator
    assertProblem(await call('GET', '/api/v1/rating-reports', { token: t[who] }), 403, 'forbidden');
  }
  const open = ok(await call('GET', '/api/v1/rating-reports?status=open', { token: t['kb.reviewer'] }));
  const ours = open.items.filter((r) => r.rating_id === target.id);
  assert.equal(ours.length, 2);
  assert.equal(ours[0].rating.review, 'Too basic for me.');
  assert.equal(ours[0].reporter.name, 'Priya Sharma');
  assert.equal(ok(await call('GET', '/api/v1/rating-reports', { token: t['spv.admin'] })).items.length, open.items.length);
  assertProblem(await call('GET', '/api/v1/rating-reports?status=closed', { token: t['kb.reviewer'] }), 422);

  assertProblem(await call('POST', `/api/v1/rating-reports/${ours[0].id}/decision`, { token: t.learner,
    json: { decision: 'upheld' } }), 403);
  for (const bad of [{}, { decision: 'hide' }, { decision: 'upheld', note: 'x' }]) {
    assertProblem(await call('POST', `/api/v1/rating-reports/${ours[0].id}/decision`, { token: t['kb.reviewer'], json: bad }), 422);
  }
  assertProblem(await call('POST', '/api/v1/rating-reports/99999999/decision', { token: t['kb.reviewer'],
    json: { decision: 'upheld' } }), 404);
  const decided = ok(await call('POST', `/api/v1/rating-reports/${ours[0].id}/decision`, { token: t['kb.reviewer'],
    json: { decision: 'upheld' } }));
  assert.equal(decided.status, 'upheld');
  assert.equal(decided.decided_by.name, 'Sandeep Bhatt');
  assert.equal(decided.rating.hidden, true);
  assertProblem(await call('POST', `/api/v1/rating-reports/${ours[1].id}/decision`, { token: t['spv.admin'],
    json: { decision: 'dismissed' } }), 409, 'already_decided'); // upheld with the first

  const page = await list(t['cbp.admin'], c.D);
  const hidden = page.items.find((i) => i.id === target.id);
  assert.deepEqual([hidden.review, hidden.hidden, hidden.stars], [null, true, 1]);
  assert.deepEqual([page.average, page.count], [1.5, 2]);
  const own = (await list(t.supervisor, c.D)).mine; // the author still sees what they wrote, marked hidden
  assert.deepEqual([own.review, own.hidden], ['Too basic for me.', true]);
  const upheld = ok(await call('GET', '/api/v1/rating-reports?status=upheld', { token: t['kb.reviewer'] }));
  assert.ok(upheld.items.some((r) => r.id === ours[0].id));
  assert.ok(!ok(await call('GET', '/api/v1/rating-reports', { token: t['kb.reviewer'] })).items.some((r) => r.rating_id === target.id));
});

test('a dismissed report leaves the review as it was', async () => {
  const target = (await list(t.learner, c.A)).items.find((i) => i.author.name === 'Sunita Verma');
  const made = ok(await call('POST', `/api/v1/ratings/${target.id}/reports`, { token: t.learner,
    json: { reason: 'Not in English.' } }), 201);
  const decided = ok(await call('POST', `/api/v1/rating-reports/${made.id}/decision`, { token: t['spv.admin'],
    json: { decision: 'dismissed' } }));
  assert.deepEqual([decided.status, decided.rating.hidden], ['dismissed', false]);
  assert.equal((await list(t.learner, c.A)).items.find((i) => i.id === target.id).review, 'सुनवाई के लिए उपयोगी।');
  const dismissed = ok(await call('GET', '/api/v1/rating-reports?status=dismissed', { token: t['spv.admin'] }));
  assert.deepEqual(dismissed.items.map((r) => r.id), [made.id]);
});

test('removing one\'s rating takes it out of the average, the page and the catalogue', async () => {
  ok(await call('DELETE', `/api/v1/contents/${c.D}/my-rating`, { token: t.supervisor }), 204);
  assertProblem(await call('DELETE', `/api/v1/contents/${c.D}/my-rating`, { token: t.supervisor }), 404);
  assert.deepEqual(ok(await call('GET', `/api/v1/contents/${c.D}`, { token: t['cbp.admin'] })).rating, { average: 2, count: 1 });
  const found = ok(await call('GET', `/api/v1/catalogue?q=${RUN}&sort=rating`, { token: t['cbp.admin'] }));
  assert.deepEqual(found.items.find((i) => i.id === c.D).rating, { average: 2, count: 1 });
  // Rating again is a new rating (201) but pays no karma twice.
  const again = ok(await rate(t.supervisor, c.D, { stars: 3 }), 201);
  assert.equal(again.karma_points, 0);
});
