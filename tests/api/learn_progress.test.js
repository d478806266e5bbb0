// API tests: enrolment and progress (module learn, issue 6). An official enrols in published content (not
// in a draft, not in retired content), sees it in "my learning", learns with progress that only grows and
// resumes where they stopped, and completes it only when the server says every required resource is done:
// the certificate, the passport entries and the karma points follow. Every bad input of the issue answers a
// clear 4xx and changes nothing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, fieldsOf, walk } = api;
const t = {};

const sql = (query) => sqlText(srv, query);

// Published demo courses, each with its resources in outline order: [{id, code, resources: [{id, kind, required}]}]
// Courses anyone learnt in the demo data are left out, so each test starts from nothing.
let demoLearnt = '0';
function courses(n, offset = 0) {
  const ids = sql(`SELECT c.id FROM contents c WHERE c.kind = 'course' AND c.status = 'published'
    AND c.id NOT IN (${demoLearnt}) ORDER BY c.id LIMIT ${n} OFFSET ${offset}`).split('\n').map(Number);
  return ids.map((id) => {
    const res = sql(`SELECT r.id, r.kind, r.required FROM contents c JOIN course_modules m ON m.version_id =
      c.published_version_id JOIN resources r ON r.module_id = m.id WHERE c.id = ${id} ORDER BY m.seq, r.seq`)
      .split('\n').map((l) => { const [rid, kind, req] = l.split('|'); return { id: Number(rid), kind, required: req === '1' }; });
    return { id, resources: res };
  });
}

const progress = (token, updates) => call('POST', '/api/v1/me/progress', { token, json: { updates } });
const enrol = (token, id) => call('POST', `/api/v1/contents/${id}/enrolment`, { token });
const required = (c) => { const r = c.resources.filter((x) => x.required); return r.length ? r : c.resources; };
async function finish(token, c) {
  return ok(await progress(token, required(c).map((r) => ({ content_id: c.id, resource_id: r.id, percent: 100 }))));
}

before(async () => {
  srv = await startServer();
  demoLearnt = sql('SELECT DISTINCT content_id FROM enrolments').split('\n').filter(Boolean).join(',') || '0';
  t.learner = (await api.login('learner@karmayogi.demo')).token;
  t.supervisor = (await api.login('supervisor@karmayogi.demo')).token;
  t.admin = (await api.login('mdo.admin@karmayogi.demo')).token;
  t.creator = (await api.login('creator@karmayogi.demo')).token;
  t.publisher = (await api.login('kb.publisher@karmayogi.demo')).token;
  t.outsider = (await api.login('kb.reviewer@karmayogi.demo')).token; // learns nothing in the demo data
});
after(async () => { if (srv) await srv.stop(); });

test('enrolling: 201 the first time, 200 after; it shows in my learning with the version and provider', async () => {
  const [c] = courses(1);
  const e = ok(await enrol(t.learner, c.id), 201);
  assert.equal(e.content_id, c.id);
  assert.equal(e.status, 'enrolled');
  assert.equal(e.source, 'self');
  assert.equal(e.progress, 0);
  assert.ok(e.version >= 1 && e.title_en && e.provider.name_en);
  assert.equal(ok(await enrol(t.learner, c.id), 200).id, e.id, 'enrolling again changes nothing');
  const mine = ok(await call('GET', '/api/v1/me/enrolments', { token: t.learner }));
  assert.ok(mine.items.some((x) => x.content_id === c.id));
  const other = ok(await call('GET', '/api/v1/me/enrolments', { token: t.supervisor }));
  assert.ok(!other.items.some((x) => x.content_id === c.id), 'another official does not see it');
});

test('content that cannot be joined: unknown (404), a draft (409), retired (409)', async () => {
  assertProblem(await enrol(t.learner, 99999999), 404);
  const draft = sql(`SELECT id FROM contents WHERE published_version_id IS NULL LIMIT 1`);
  assertProblem(await enrol(t.learner, draft), 409, 'content_not_published');
  const [c] = courses(1, 40);
  ok(await call('POST', `/api/v1/contents/${c.id}/transitions`, { token: t.publisher, json: { action: 'retire' } }));
  assertProblem(await enrol(t.learner, c.id), 409, 'content_retired');
});

test('progress only grows, resumes at the newest position, and an old update arriving late changes nothing', async () => {
  const [c] = courses(1, 60);
  ok(await enrol(t.learner, c.id), 201);
  const r = c.resources[0];
  const at = (s) => new Date(Date.now() - s * 1000).toISOString();
  ok(await progress(t.learner, [{ content_id: c.id, resource_id: r.id, percent: 60, position: 300, time_spent_s: 400, at: at(10) }]));
  // Older by the client's clock, lower: nothing moves back.
  ok(await progress(t.learner, [{ content_id: c.id, resource_id: r.id, percent: 30, position: 100, time_spent_s: 50, at: at(60) }]));
  let d = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  let p = d.outline.flatMap((m) => m.resources).find((x) => x.id === r.id).progress;
  assert.deepEqual([p.percent, p.position, p.time_spent_s], [60, 300, 400]);
  assert.equal(d.status, 'in_progress');
  assert.equal(d.resume_resource_id, r.id, 'the player resumes at the resource touched last');
  // Newer with a lower percent (scrubbing back in a video): the position moves, the percent does not.
  ok(await progress(t.learner, [{ content_id: c.id, resource_id: r.id, percent: 10, position: 42, time_spent_s: 450 }]));
  d = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  p = d.outline.flatMap((m) => m.resources).find((x) => x.id === r.id).progress;
  assert.deepEqual([p.percent, p.position, p.time_spent_s], [60, 42, 450]);
  // The same update twice is the same as once.
  const same = { content_id: c.id, resource_id: r.id, percent: 70, position: 50, time_spent_s: 460 };
  const a = ok(await progress(t.learner, [same]));
  const b = ok(await progress(t.learner, [same, same]));
  assert.deepEqual(a.enrolments, b.enrolments);
});

test('completion is derived: a client claiming it is ignored; finishing every required resource completes', async () => {
  const [c] = courses(1, 61);
  ok(await enrol(t.learner, c.id), 201);
  const req = required(c);
  assert.ok(req.length >= 2, 'the demo course has two or more resources that count');
  const claim = ok(await progress(t.learner, [{ content_id: c.id, resource_id: req[0].id, percent: 100,
    completed: true, status: 'completed', completed_at: new Date().toISOString() }]));
  assert.equal(claim.enrolments[0].status, 'in_progress', 'a claim of completion changes nothing');
  assert.equal(claim.enrolments[0].completed_at, null);
  assert.ok(claim.enrolments[0].progress > 0 && claim.enrolments[0].progress < 100);
  const done = await finish(t.learner, c);
  const e = done.enrolments[0];
  assert.equal(e.status, 'completed');
  assert.equal(e.progress, 100);
  assert.match(e.certificate_code, /^[a-z2-7]{26}$/);
  // The certificate row, the passport entries with the certificate as evidence, the karma points.
  assert.equal(sql(`SELECT count(*) FROM certificates WHERE code = '${e.certificate_code}'`), '1');
  const comps = Number(sql(`SELECT count(*) FROM content_competencies cc JOIN contents c ON
    c.published_version_id = cc.version_id WHERE c.id = ${c.id}`));
  assert.ok(comps > 0);
  assert.equal(Number(sql(`SELECT count(*) FROM passport_entries WHERE evidence_ref = 'certificate:${e.certificate_code}'
    AND source = 'course' AND status = 'verified'`)), comps);
  assert.equal(sql(`SELECT points FROM karma_ledger k JOIN officials o ON o.id = k.official_id WHERE
    o.email = 'learner@karmayogi.demo' AND k.event = 'non_plan_completion' AND k.ref = 'content:${c.id}'`), '5');
  const completed = ok(await call('GET', '/api/v1/me/enrolments?status=completed', { token: t.learner }));
  const item = completed.items.find((x) => x.content_id === c.id);
  assert.equal(item.certificate_code, e.certificate_code);
  assert.ok(Date.parse(item.completed_at) <= Date.now());
  // More progress after completion keeps it complete, and one certificate.
  const again = await finish(t.learner, c);
  assert.equal(again.enrolments[0].certificate_code, e.certificate_code);
  assertProblem(await call('DELETE', `/api/v1/contents/${c.id}/enrolment`, { token: t.learner }), 409, 'already_completed');
});

test('bad progress: not enrolled (403), a resource of other content (422), a quiz, values out of range (422)', async () => {
  const [c, other] = courses(2, 62);
  ok(await enrol(t.learner, c.id), 201);
  const before = sql(`SELECT count(*) FROM resource_progress`);
  let p = assertProblem(await progress(t.learner, [{ content_id: other.id, resource_id: other.resources[0].id, percent: 10 }]),
    403, 'not_enrolled');
  assert.deepEqual(fieldsOf(p), ['updates[0].content_id']);
  p = assertProblem(await progress(t.learner, [{ content_id: c.id, resource_id: other.resources[0].id, percent: 10 }]), 422);
  assert.deepEqual(fieldsOf(p), ['updates[0].resource_id']);
  const r = c.resources[0].id;
  for (const [bad, field] of [[{ percent: 101 }, 'percent'], [{ percent: -1 }, 'percent'], [{ percent: '50' }, 'percent'],
    [{ percent: 50.5 }, 'percent'], [{ percent: 5, position: -3 }, 'position'], [{ percent: 5, time_spent_s: 'x' }, 'time_spent_s'],
    [{ percent: 5, at: 'yesterday' }, 'at'], [{ percent: 5, at: '2026-02-30T10:00:00Z' }, 'at'],
    [{ percent: 5, at: new Date(Date.now() + 3600e3).toISOString() }, 'at'], [{ percent: 5, colour: 'red' }, 'colour']]) {
    p = assertProblem(await progress(t.learner, [{ content_id: c.id, resource_id: r, ...bad }]), 422);
    assert.deepEqual(fieldsOf(p), [`updates[0].${field}`], JSON.stringify(bad));
  }
  // All or nothing: one bad update in a batch and the good one is not written either.
  p = assertProblem(await progress(t.learner, [{ content_id: c.id, resource_id: r, percent: 40 },
    { content_id: c.id, resource_id: r, percent: 400 }]), 422);
  assert.deepEqual(fieldsOf(p), ['updates[1].percent']);
  for (const body of [{}, { updates: [] }, { updates: 'all' }, { updates: [7] }]) {
    assertProblem(await call('POST', '/api/v1/me/progress', { token: t.learner, json: body }), 422);
  }
  assertProblem(await call('POST', '/api/v1/me/progress', { token: t.learner, body: '{"updates": [', headers: { 'content-type': 'application/json' } }), 400);
  assert.equal(sql(`SELECT count(*) FROM resource_progress`), before, 'nothing was written');
  // A quiz is completed by passing its assessment, never by a progress report.
  const quiz = sql(`SELECT c.id || '|' || r.id FROM contents c JOIN course_modules m ON m.version_id = c.published_version_id
    JOIN resources r ON r.module_id = m.id WHERE r.kind = 'quiz' AND c.status = 'published' LIMIT 1`);
  if (quiz) {
    const [qc, qr] = quiz.split('|').map(Number);
    ok(await enrol(t.learner, qc));
    p = assertProblem(await progress(t.learner, [{ content_id: qc, resource_id: qr, percent: 100 }]), 422);
    assert.deepEqual(fieldsOf(p), ['updates[0].resource_id']);
  }
});

test('batches: 1,000 updates are taken; 1,001 (413 batch_too_large) and 100,000 (413) are refused whole', async () => {
  const [c] = courses(1, 64);
  ok(await enrol(t.learner, c.id), 201);
  const r = c.resources[0].id;
  const many = (n) => Array.from({ length: n }, (_, i) => ({ content_id: c.id, resource_id: r, percent: i % 50, position: i }));
  const big = ok(await progress(t.learner, many(1000)));
  assert.equal(big.applied, 1000);
  assertProblem(await progress(t.learner, many(1001)), 413, 'batch_too_large');
  const huge = await progress(t.learner, many(100000));
  assertProblem(huge, 413);
  const d = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token: t.learner }));
  assert.equal(d.outline.flatMap((m) => m.resources).find((x) => x.id === r).progress.percent, 49);
});

test('leaving: progress is refused while away (403); coming back keeps where they stood', async () => {
  const [c] = courses(1, 65);
  ok(await enrol(t.learner, c.id), 201);
  const r = c.resources[0].id;
  ok(await progress(t.learner, [{ content_id: c.id, resource_id: r, percent: 50, position: 12 }]));
  const left = ok(await call('DELETE', `/api/v1/contents/${c.id}/enrolment`, { token: t.learner }));
  assert.equal(left.status, 'left');
  assertProblem(await call('DELETE', `/api/v1/contents/${c.id}/enrolment`, { token: t.learner }), 404, 'not_enrolled');
  assertProblem(await progress(t.learner, [{ content_id: c.id, resource_id: r, percent: 60 }]), 403, 'not_enrolled');
  const gone = ok(await call('GET', '/api/v1/me/enrolments?status=left', { token: t.learner }));
  assert.ok(gone.items.some((x) => x.content_id === c.id));
  const back = ok(await enrol(t.learner, c.id), 201);
  assert.equal(back.status, 'in_progress');
  assert.ok(back.progress > 0);
  assertProblem(await call('GET', '/api/v1/me/enrolments?status=finished', { token: t.learner }), 422);
});

test('an admin assigns content to an official of their ministry, recorded as such; others may not', async () => {
  const [c] = courses(1, 66);
  const learnerId = Number(sql(`SELECT id FROM officials WHERE email = 'learner@karmayogi.demo'`));
  const e = ok(await call('POST', `/api/v1/officials/${learnerId}/enrolments`, { token: t.admin,
    json: { content_id: c.id, due: '2027-03-31' } }), 201);
  assert.equal(e.source, 'admin');
  assert.match(e.due_at, /^2027-03-31T23:59:59/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'enrolment.assign'`), '1');
  assertProblem(await call('POST', `/api/v1/officials/${learnerId}/enrolments`, { token: t.creator,
    json: { content_id: c.id } }), 403);
  let p = assertProblem(await call('POST', `/api/v1/officials/${learnerId}/enrolments`, { token: t.admin,
    json: { content_id: c.id, due: '31/03/2027', extra: 1 } }), 422);
  assert.deepEqual(fieldsOf(p), ['due', 'extra']);
  p = assertProblem(await call('POST', `/api/v1/officials/${learnerId}/enrolments`, { token: t.admin, json: { content_id: 'x' } }), 422);
  assert.deepEqual(fieldsOf(p), ['content_id']);
  assertProblem(await call('POST', '/api/v1/officials/99999999/enrolments', { token: t.admin, json: { content_id: c.id } }), 404);
});

test('a programme enrols its courses and completes when they are all complete', async () => {
  const prog = sql(`SELECT c.id FROM contents c WHERE c.kind = 'programme' AND c.status = 'published' AND
    (SELECT count(*) FROM programme_items i WHERE i.version_id = c.published_version_id) >= 2 LIMIT 1`);
  assert.ok(prog, 'the demo has a published programme');
  const sup = t.outsider;
  const e = ok(await enrol(sup, prog), 201);
  const d = ok(await call('GET', `/api/v1/me/enrolments/${prog}`, { token: sup }));
  assert.ok(d.courses.length >= 2);
  for (const course of d.courses) {
    assert.equal(course.status, 'enrolled', `${course.code} enrolled with the programme`);
    const ce = ok(await call('GET', `/api/v1/me/enrolments/${course.content_id}`, { token: sup }));
    assert.equal(ce.source, 'programme');
    assert.equal(ce.via_content_id, Number(prog));
  }
  let last;
  for (const course of d.courses) {
    const res = ok(await call('GET', `/api/v1/me/enrolments/${course.content_id}`, { token: sup }))
      .outline.flatMap((m) => m.resources);
    last = await finish(sup, { id: course.content_id, resources: res });
  }
  assert.equal(last.enrolments[0].status, 'completed');
  const after = ok(await call('GET', `/api/v1/me/enrolments/${prog}`, { token: sup }));
  assert.equal(after.status, 'completed');
  assert.match(after.certificate_code, /^[a-z2-7]{26}$/);
  assert.ok(e.id);
});

test('my learning pages by newest activity with a keyset cursor', async () => {
  const list = courses(5, 70);
  for (const c of list) ok(await enrol(t.learner, c.id), 201);
  const { items } = await walk('/api/v1/me/enrolments?status=all', t.learner, 2);
  const ids = items.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'no item twice');
  const times = items.map((x) => Date.parse(x.last_activity_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  // Filtered to one content: the course page asks this way (an empty page means not enrolled).
  const one = ok(await call('GET', `/api/v1/me/enrolments?status=all&content_id=${list[2].id}`, { token: t.learner }));
  assert.deepEqual(one.items.map((x) => x.content_id), [list[2].id]);
  const none = ok(await call('GET', `/api/v1/me/enrolments?status=all&content_id=${list[2].id}`, { token: t.outsider }));
  assert.deepEqual(none.items, []);
  for (const bad of ['abc', '0', '-4', '1e3']) {
    const p = assertProblem(await call('GET', `/api/v1/me/enrolments?content_id=${bad}`, { token: t.learner }), 422);
    assert.deepEqual(fieldsOf(p), ['content_id']);
  }
  assertProblem(await call('GET', '/api/v1/me/enrolments?limit=0', { token: t.supervisor }), 422);
  assertProblem(await call('GET', '/api/v1/me/enrolments', {}), 401);
  assertProblem(await call('GET', '/api/v1/me/enrolments/abc', { token: t.supervisor }), 404);
});
