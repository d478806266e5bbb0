// API tests: the demo catalogue (module catalog, issue 5) as `karmayogi demo` leaves it. Public training
// institutions, a university, a start-up and an expert are providers; over 300 courses are published in
// English and Hindi with outlines of safe pages and links, competencies from the demo framework with levels,
// designations and target groups; each went through submit, review, approval and publishing by people other
// than its author; a handful wait in the review queue; there are programmes, one curated for the Ministry of
// Railways and one blended; and running `karmayogi demo` again changes nothing.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startServer, BIN } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const DEVANAGARI = /[\u0900-\u097F]/;
const PROVIDERS = { LBSNAA: 'academy', ISTM: 'academy', NAIR: 'academy', NACIN: 'academy', NADT: 'academy',
  IRITM: 'academy', RAKNPA: 'academy', 'PTC-SRE': 'academy', SVPNPA: 'academy', NIHFW: 'academy', NIFM: 'academy',
  IITM: 'university', GYANSETU: 'startup', 'EXP-AMENON': 'expert' };

let srv;
const api = makeClient(() => srv.url);
const { call, ok } = api;

const sql = (query) => sqlText(srv, query);
const rows = (query) => { const out = sql(query); return out ? out.split('\n').map((l) => l.split('|')) : []; };
const one = (query) => sql(query);
const dbUrl = () => (srv.pgDatabase
  ? `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`
  : `sqlite:${path.join(srv.tmp, 'test.db')}`);

// The published courses with their published version.
const PUBLISHED = `FROM contents c JOIN content_versions v ON v.id = c.published_version_id
  WHERE c.kind = 'course' AND c.status = 'published'`;

before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('the providers: public academies under their ministries, a university, a start-up and an expert', () => {
  const got = Object.fromEntries(rows(`SELECT o.code, p.kind, o.kind, p.status, p.description_en, p.description_hi
    FROM providers p JOIN organisations o ON o.id = p.org_id`).map((r) => [r[0], r]));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(PROVIDERS).sort());
  for (const [code, kind] of Object.entries(PROVIDERS)) {
    const [, pkind, okind, status, en, hi] = got[code];
    assert.equal(pkind, kind, `${code} is a provider of kind ${kind}`);
    assert.ok(['provider', 'training_institution'].includes(okind), `${code} is a ${okind} in the tree`);
    assert.equal(status, 'active');
    assert.ok(en.length > 20 && DEVANAGARI.test(hi), `${code} describes itself in both languages`);
  }
  // The academies sit under their own ministries; the university, start-up and expert under Karmayogi Bharat.
  const parent = (code) => one(`SELECT p.code FROM organisations o JOIN organisations p ON p.id = o.parent_id
    WHERE o.code = '${code}'`);
  assert.equal(parent('NACIN'), 'CBIC');
  assert.equal(parent('NADT'), 'CBDT');
  assert.equal(parent('SVPNPA'), 'MHA');
  for (const code of ['IITM', 'GYANSETU', 'EXP-AMENON']) assert.equal(parent(code), 'KB');
  // Every provider publishes something.
  const counts = Object.fromEntries(rows(`SELECT o.code, COUNT(*) FROM contents c JOIN organisations o
    ON o.id = c.provider_id WHERE c.status = 'published' GROUP BY o.code`));
  for (const code of Object.keys(PROVIDERS)) assert.ok(Number(counts[code]) >= 3, `${code} published ${counts[code]}`);
});

test('over 300 published courses, each titled, described and outlined in English and Hindi', () => {
  const courses = rows(`SELECT c.id, v.title_en, v.title_hi, v.description_en, v.description_hi, v.keywords,
    v.languages, v.duration_minutes, v.version, v.published_at ${PUBLISHED}`);
  assert.ok(courses.length >= 300, `published courses: ${courses.length}`);
  const titles = new Set();
  for (const [id, en, hi, den, dhi, keywords, languages, minutes, version, at] of courses) {
    assert.ok(!DEVANAGARI.test(en) && en.length > 10, `course ${id} has an English title: ${en}`);
    assert.ok(DEVANAGARI.test(hi), `course ${id} has a Hindi title: ${hi}`);
    assert.ok(!/\b(course|topic) \d+\b/i.test(en), `course ${id} reads naturally: ${en}`);
    assert.ok(den.length > 60 && DEVANAGARI.test(dhi), `course ${id} is described in both languages`);
    assert.ok(DEVANAGARI.test(keywords) && /[a-z]/.test(keywords), `course ${id} keywords in both: ${keywords}`);
    assert.ok(['en', 'hi', 'en,hi'].includes(languages), languages);
    assert.ok(Number(minutes) >= 1 && Number(minutes) <= 100000);
    assert.equal(version, '1');
    assert.ok(Number(at) > 0 && Number(at) <= Date.now());
    titles.add(en);
  }
  assert.equal(titles.size, courses.length, 'no two published courses share a title');
  const langs = one(`SELECT COUNT(DISTINCT v.languages) ${PUBLISHED}`);
  assert.equal(langs, '3', 'courses in English and Hindi, English only and Hindi only');

  // The outline: 2-5 modules of 2-4 resources, all titled in both languages; their minutes add up.
  const outline = rows(`SELECT c.id, v.duration_minutes, COUNT(DISTINCT m.id), COUNT(r.id),
    MIN(per.n), MAX(per.n), SUM(r.duration_minutes)
    FROM contents c JOIN content_versions v ON v.id = c.published_version_id
    JOIN course_modules m ON m.version_id = v.id JOIN resources r ON r.module_id = m.id
    JOIN (SELECT module_id, COUNT(*) AS n FROM resources GROUP BY module_id) per ON per.module_id = m.id
    WHERE c.kind = 'course' AND c.status = 'published' GROUP BY c.id, v.duration_minutes`);
  assert.equal(outline.length, courses.length, 'every published course has an outline');
  for (const [id, minutes, modules, , least, most, sum] of outline) {
    assert.ok(Number(modules) >= 2 && Number(modules) <= 5, `course ${id}: ${modules} modules`);
    assert.ok(Number(least) >= 2 && Number(most) <= 4, `course ${id}: ${least}-${most} resources a module`);
    assert.equal(minutes, sum, `course ${id} lasts as long as its resources`);
  }
  const untitled = one(`SELECT COUNT(*) FROM course_modules m LEFT JOIN resources r ON r.module_id = m.id
    WHERE m.title_hi IS NULL OR m.title_hi = '' OR r.title_hi IS NULL OR r.title_hi = ''`);
  assert.equal(untitled, '0', 'every module and resource has a Hindi title');
});

test('resources are links and safe HTML pages only: no video, no script, no handlers, no javascript: URLs', () => {
  // Quizzes are the assessment demo's (tests/api/assess_demo.test.js): each names its assessment.
  const kinds = rows(`SELECT kind, COUNT(*) FROM resources WHERE kind <> 'quiz' GROUP BY kind`).map((r) => r[0]).sort();
  assert.deepEqual(kinds, ['html', 'link']);
  assert.equal(one(`SELECT COUNT(*) FROM resources WHERE kind = 'quiz' AND (assessment_ref IS NULL OR assessment_ref
    NOT IN (SELECT code FROM contents WHERE kind = 'assessment'))`), '0', 'a quiz names a demo assessment');
  assert.equal(one(`SELECT COUNT(*) FROM resources WHERE kind = 'link' AND (url IS NULL OR url NOT LIKE 'https://%')`),
    '0', 'every link is https');
  assert.equal(one(`SELECT COUNT(*) FROM resources WHERE kind = 'html' AND (html IS NULL OR html = '')`), '0');
  // A sample of pages, read one by one (a page has several lines).
  const pages = rows(`SELECT id FROM resources WHERE kind = 'html' AND id % 23 = 0`)
    .map(([id]) => [id, one(`SELECT html FROM resources WHERE id = ${id}`)]);
  assert.ok(pages.length > 50);
  const ALLOWED = new Set(['p', 'h2', 'ul', 'ol', 'li', 'strong']);
  for (const [id, html] of pages) {
    for (const [, tag] of html.matchAll(/<\/?([a-zA-Z0-9]+)/g)) assert.ok(ALLOWED.has(tag), `page ${id} uses <${tag}>`);
    assert.doesNotMatch(html, /\son\w+\s*=|javascript:|<script|style=/i, `page ${id}`);
  }
  assert.ok(pages.some(([, html]) => DEVANAGARI.test(html)), 'pages carry Hindi text too');
});

test('every published course builds 1-3 framework competencies at levels 1-5 and names designations and groups', () => {
  const comps = rows(`SELECT c.id, COUNT(cc.competency_id), MIN(cc.level), MAX(cc.level)
    FROM contents c JOIN content_competencies cc ON cc.version_id = c.published_version_id
    WHERE c.kind = 'course' AND c.status = 'published' GROUP BY c.id`);
  assert.equal(comps.length, Number(one(`SELECT COUNT(*) ${PUBLISHED}`)), 'every published course has competencies');
  for (const [id, n, min, max] of comps) {
    assert.ok(Number(n) >= 1 && Number(n) <= 3, `course ${id}: ${n} competencies`);
    assert.ok(Number(min) >= 1 && Number(max) <= 5, `course ${id}: levels ${min}-${max}`);
  }
  const codes = rows(`SELECT DISTINCT k.code, k.area FROM content_competencies cc
    JOIN competencies k ON k.id = cc.competency_id`);
  for (const area of ['behavioural', 'functional', 'domain']) {
    assert.ok(codes.some((r) => r[1] === area), `some course builds a ${area} competency`);
  }
  for (const [code] of codes) assert.match(code, /^(BEH|FUN|DOM)-/);
  const levels = rows('SELECT DISTINCT level FROM content_competencies').map((r) => Number(r[0])).sort();
  assert.deepEqual(levels, [1, 2, 3, 4], 'introductions to courses for supervisors: levels 1 to 4');
  // A procurement course builds public procurement; a railway course railway operations.
  assert.equal(one(`SELECT k.code FROM contents c JOIN content_versions v ON v.id = c.published_version_id
    JOIN content_competencies cc ON cc.version_id = v.id JOIN competencies k ON k.id = cc.competency_id
    WHERE v.title_en = 'Buying on the GeM portal: a practical guide' AND cc.level = 2`), 'FUN-PROCUREMENT');

  // Target groups are those of the designations the course names.
  const groups = rows(`SELECT c.id, v.target_groups, d.grp FROM contents c
    JOIN content_versions v ON v.id = c.published_version_id
    JOIN content_designations cd ON cd.version_id = v.id JOIN designations d ON d.code = cd.designation
    WHERE c.kind = 'course'`);
  const byCourse = new Map();
  for (const [id, tg, grp] of groups) {
    if (!byCourse.has(id)) byCourse.set(id, { tg, grps: new Set() });
    byCourse.get(id).grps.add(grp);
  }
  assert.equal(byCourse.size, Number(one(`SELECT COUNT(*) ${PUBLISHED}`)), 'every course names designations');
  for (const [id, { tg, grps }] of byCourse) assert.equal(tg, [...grps].sort().join(','), `course ${id}`);
});

test('each published item went through submit, review, approval and publishing by people other than its author', () => {
  const trail = rows(`SELECT c.id, t.action, t.from_status, t.to_status, t.actor_id, v.author_id, v.reviewer_id,
    v.approved_by, v.published_by, t.at, v.published_at FROM contents c
    JOIN content_versions v ON v.id = c.published_version_id
    JOIN content_transitions t ON t.version_id = v.id ORDER BY c.id, t.at, t.id`);
  const byContent = new Map();
  for (const r of trail) {
    if (!byContent.has(r[0])) byContent.set(r[0], []);
    byContent.get(r[0]).push(r);
  }
  assert.equal(byContent.size, Number(one(`SELECT COUNT(*) FROM contents WHERE status = 'published'`)));
  for (const [id, steps] of byContent) {
    assert.deepEqual(steps.map((s) => `${s[1]}:${s[2]}>${s[3]}`),
      ['submit:draft>submitted', 'start_review:submitted>in_review', 'approve:in_review>in_review',
        'publish:in_review>published'], `content ${id}`);
    const [, , , , , author, reviewer, approver, publisher, , publishedAt] = steps[0];
    assert.equal(steps[0][4], author, 'the author submits');
    assert.equal(steps[1][4], reviewer, 'the reviewer takes it into review');
    assert.equal(steps[2][4], approver, 'and approves it');
    assert.equal(steps[3][4], publisher, 'the publisher publishes');
    assert.notEqual(reviewer, author, `content ${id}: nobody reviews their own work`);
    assert.notEqual(publisher, author, `content ${id}: nobody publishes their own work`);
    assert.equal(steps[3][9], publishedAt);
  }
  // LBSNAA's are the demo creator's, reviewed by the demo reviewer and published by the demo publisher;
  // the other providers' pass Karmayogi Bharat's platform reviewer and publisher.
  const people = rows(`SELECT o.code, a.email, r.email, p.email, COUNT(*) FROM contents c
    JOIN organisations o ON o.id = c.provider_id JOIN content_versions v ON v.id = c.published_version_id
    JOIN officials a ON a.id = v.author_id JOIN officials r ON r.id = v.reviewer_id
    JOIN officials p ON p.id = v.published_by GROUP BY o.code, a.email, r.email, p.email`);
  for (const [code, author, reviewer, publisher] of people) {
    if (code === 'LBSNAA') {
      assert.deepEqual([author, reviewer, publisher],
        ['creator@karmayogi.demo', 'reviewer@karmayogi.demo', 'publisher@karmayogi.demo']);
    } else {
      assert.deepEqual([reviewer, publisher], ['kb.reviewer@karmayogi.demo', 'kb.publisher@karmayogi.demo']);
      assert.notEqual(author, 'creator@karmayogi.demo');
    }
  }
  // Each author holds content_creator on their provider.
  const authors = rows(`SELECT DISTINCT a.email, o.code FROM contents c JOIN organisations o ON o.id = c.provider_id
    JOIN content_versions v ON v.content_id = c.id JOIN officials a ON a.id = v.author_id
    WHERE NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.official_id = a.id AND g.role = 'content_creator'
    AND g.org_id = c.provider_id)`);
  assert.deepEqual(authors, [], 'every author is a content creator of the provider');
});

test('the review queue and the workspace show courses in draft, submitted, in review and sent back', () => {
  const states = Object.fromEntries(rows(`SELECT status, COUNT(*) FROM contents WHERE status <> 'published'
    GROUP BY status`));
  for (const s of ['draft', 'submitted', 'in_review', 'changes_requested']) {
    assert.ok(Number(states[s]) >= 2, `${s}: ${states[s]}`);
  }
  const lbsnaa = rows(`SELECT DISTINCT c.status FROM contents c JOIN organisations o ON o.id = c.provider_id
    WHERE o.code = 'LBSNAA' AND c.status <> 'published'`).map((r) => r[0]).sort();
  assert.deepEqual(lbsnaa, ['changes_requested', 'draft', 'in_review', 'submitted'],
    'the demo creator and reviewer have work in each state');
  // One LBSNAA course is approved and waits for the demo publisher.
  assert.equal(one(`SELECT COUNT(*) FROM contents c JOIN organisations o ON o.id = c.provider_id
    JOIN content_versions v ON v.id = c.latest_version_id
    WHERE o.code = 'LBSNAA' AND v.status = 'in_review' AND v.approved_by IS NOT NULL`), '1');
  // Unpublished items are not published anywhere, and their latest version has the content's status.
  assert.equal(one(`SELECT COUNT(*) FROM contents c JOIN content_versions v ON v.id = c.latest_version_id
    WHERE c.status <> v.status OR (c.status <> 'published' AND c.published_version_id IS NOT NULL)`), '0');
  // A course sent back carries the reviewer's reason and comments beside its title and a module.
  const back = rows(`SELECT c.id, v.id, v.reviewer_id FROM contents c JOIN content_versions v ON v.id = c.latest_version_id
    WHERE c.status = 'changes_requested'`);
  for (const [id, version, reviewer] of back) {
    const last = rows(`SELECT action, actor_id, comment FROM content_transitions WHERE content_id = ${id}
      ORDER BY at DESC, id DESC`)[0];
    assert.equal(last[0], 'request_changes');
    assert.equal(last[1], reviewer);
    assert.ok(last[2].length > 10, 'the reviewer says why');
    const anchors = rows(`SELECT anchor, author_id, resolved FROM review_comments WHERE version_id = ${version}
      ORDER BY id`);
    assert.equal(anchors[0][0], 'title');
    assert.match(anchors[1][0], /^module:\d+$/);
    assert.equal(one(`SELECT version_id FROM course_modules WHERE id = ${anchors[1][0].slice(7)}`), version);
    for (const a of anchors) assert.deepEqual([a[1], a[2]], [reviewer, '0']);
  }
  assert.equal(one(`SELECT COUNT(*) FROM content_transitions t JOIN contents c ON c.id = t.content_id
    WHERE c.status = 'draft'`), '0', 'a draft has not moved yet');
});

test('programmes: plain ones, one curated for the Ministry of Railways, one blended with sessions', () => {
  const progs = rows(`SELECT c.code, c.kind, v.title_hi, v.audience_org_id, v.audience_en, v.audience_hi,
    v.duration_minutes, v.id FROM contents c JOIN content_versions v ON v.id = c.published_version_id
    WHERE c.kind NOT IN ('course', 'assessment') ORDER BY c.code`);
  const kinds = progs.map((p) => p[1]);
  assert.ok(kinds.filter((k) => k === 'programme').length >= 2);
  assert.equal(kinds.filter((k) => k === 'curated_programme').length, 1);
  assert.equal(kinds.filter((k) => k === 'blended_programme').length, 1);
  for (const [code, kind, hi, audience, audEn, audHi, minutes, version] of progs) {
    assert.ok(DEVANAGARI.test(hi), code);
    const items = rows(`SELECT i.seq, c.kind, c.status FROM programme_items i JOIN contents c ON c.id = i.course_id
      WHERE i.version_id = ${version} ORDER BY i.seq`);
    assert.ok(items.length >= 3, `${code} has ${items.length} courses`);
    assert.deepEqual(items.map((i) => Number(i[0])), items.map((_, n) => n + 1), 'in order');
    for (const i of items) assert.deepEqual([i[1], i[2]], ['course', 'published']);
    const courseMinutes = Number(one(`SELECT SUM(v.duration_minutes) FROM programme_items i
      JOIN contents c ON c.id = i.course_id JOIN content_versions v ON v.id = c.published_version_id
      WHERE i.version_id = ${version}`));
    const sessionMinutes = Number(one(`SELECT COALESCE(SUM(duration_minutes), 0) FROM blended_sessions
      WHERE version_id = ${version}`));
    assert.equal(Number(minutes), courseMinutes + sessionMinutes, `${code} lasts as long as its parts`);
    if (kind === 'curated_programme') {
      assert.equal(one(`SELECT code FROM organisations WHERE id = ${audience}`), 'MOR');
      assert.ok(audEn.length > 10 && DEVANAGARI.test(audHi), 'the audience in words, in both languages');
    } else {
      assert.equal(audience, '');
    }
    if (kind === 'blended_programme') {
      const sessions = rows(`SELECT mode, title_hi FROM blended_sessions WHERE version_id = ${version} ORDER BY seq`);
      assert.deepEqual(sessions.map((s) => s[0]), ['classroom', 'field', 'virtual']);
      for (const s of sessions) assert.ok(DEVANAGARI.test(s[1]));
    }
  }
});

test('the platform reviewer and publisher log in with their roles on Karmayogi Bharat', async () => {
  for (const [email, role] of [['kb.reviewer@karmayogi.demo', 'content_reviewer'],
    ['kb.publisher@karmayogi.demo', 'content_publisher']]) {
    const { user } = await api.login(email);
    assert.equal(user.org.code, 'KB');
    assert.ok(user.roles.some((r) => r.role === role && r.org_code === 'KB'), JSON.stringify(user.roles));
  }
});

test('running karmayogi demo again changes nothing in the catalogue', () => {
  const tables = ['providers', 'contents', 'content_versions', 'content_competencies', 'content_designations',
    'course_modules', 'resources', 'programme_items', 'blended_sessions', 'content_transitions', 'review_comments',
    'organisations', 'officials', 'role_grants'];
  const counts = () => tables.map((t) => `${t}=${one(`SELECT COUNT(*) FROM ${t}`)}`);
  const before = counts();
  const out = execFileSync(BIN, ['demo', '--db', dbUrl()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(out, /demo data already present/);
  assert.match(out, /kb\.reviewer@karmayogi\.demo/, 'the demo logins name the platform reviewer');
  assert.deepEqual(counts(), before);
});

test('the catalogue finds the demo courses by an English word and by a Hindi word, whole or its start', async () => {
  const token = (await api.login('learner@karmayogi.demo')).token;
  const search = async (q, extra = '') => ok(await call('GET',
    `/api/v1/catalogue?q=${encodeURIComponent(q)}${extra}&limit=500`, { token }));
  const published = Number(one(`SELECT COUNT(*) FROM contents WHERE status = 'published'`));
  assert.equal((await search('')).total, published, 'every published item is in the catalogue, nothing else');

  const gem = await search('GeM');
  assert.ok(gem.items.some((i) => i.title === 'Buying on the GeM portal: a practical guide'), 'GeM finds the GeM course');
  const procurement = await search('procurement', '&area=functional');
  assert.ok(procurement.total >= 20, `procurement, functional: ${procurement.total}`);
  for (const i of procurement.items) assert.ok(i.competencies.some((c) => c.area === 'functional'), i.title);

  const hindi = await search('सार्वजनिक खरीद');
  assert.ok(hindi.items.some((i) => i.title_hi === 'GeM पोर्टल पर खरीद: व्यावहारिक मार्गदर्शिका'),
    `सार्वजनिक खरीद: ${hindi.items.map((i) => i.title_hi).join(' / ')}`);
  const prefix = await search('नागरि');
  assert.ok(prefix.items.some((i) => i.title_hi === 'नागरिक चार्टरों: व्यावहारिक मार्गदर्शिका' ||
    i.title_hi.startsWith('नागरिक')), 'a Hindi prefix finds नागरिक');
  const rail = await search('रेलवे सिग्नलिंग');
  assert.ok(rail.items.length >= 1 && rail.items.every((i) => i.provider.code === 'NAIR' || i.provider.code === 'IRITM'),
    JSON.stringify(rail.items.map((i) => i.provider.code)));
  const drafts = one(`SELECT v.title_en FROM contents c JOIN content_versions v ON v.id = c.latest_version_id
    WHERE c.status = 'draft' ORDER BY c.id LIMIT 1`);
  assert.ok(!(await search(drafts)).items.some((i) => i.title === drafts), 'a draft is not in the catalogue');
});

test('through the API: the providers list, a learner\'s course page and the history of a published course', async () => {
  const learner = (await api.login('learner@karmayogi.demo')).token;
  const providers = ok(await call('GET', '/api/v1/providers?limit=500', { token: learner })).items;
  assert.deepEqual(providers.map((p) => p.org.code).sort(), Object.keys(PROVIDERS).sort());
  for (const p of providers) {
    assert.equal(p.kind, PROVIDERS[p.org.code], p.org.code);
    assert.ok(p.published >= 3 && DEVANAGARI.test(p.org.name_hi) && DEVANAGARI.test(p.description_hi), p.org.code);
    assert.ok(p.people.creators >= 1, `${p.org.code} has an author`);
  }

  const id = one(`SELECT c.id ${PUBLISHED} AND v.title_en = 'Buying on the GeM portal: a practical guide'`);
  const page = ok(await call('GET', `/api/v1/contents/${id}`, { token: learner }));
  assert.equal(page.status, 'published');
  assert.equal(page.title_hi, 'GeM पोर्टल पर खरीद: व्यावहारिक मार्गदर्शिका');
  assert.ok(DEVANAGARI.test(page.description_hi));
  assert.ok(page.modules.length >= 2 && page.modules.length <= 5);
  for (const m of page.modules) {
    assert.ok(DEVANAGARI.test(m.title_hi) && m.resources.length >= 2 && m.resources.length <= 4, m.title);
    for (const r of m.resources) {
      assert.ok(['html', 'link'].includes(r.kind) && DEVANAGARI.test(r.title_hi), r.title);
      if (r.kind === 'link') assert.match(r.url, /^https:\/\//);
      else assert.match(r.html, /^<h2>/);
    }
  }
  const main = page.competencies.find((c) => c.competency.code === 'FUN-PROCUREMENT');
  assert.ok(main && main.level === 2 && main.competency.name_hi === 'सार्वजनिक खरीद', JSON.stringify(page.competencies));
  assert.ok(page.designations.length >= 1 && DEVANAGARI.test(page.designations[0].name_hi));
  assert.ok(page.target_groups.length >= 1);
  assert.ok(page.author && page.reviewer && page.published_by);

  // Its author (NIFM's faculty) reads how it got there: Karmayogi Bharat's reviewer and publisher passed it.
  assert.equal(page.provider.code, 'NIFM');
  const author = (await api.login('nifm.faculty@karmayogi.demo')).token;
  const history = ok(await call('GET', `/api/v1/contents/${id}/history`, { token: author }));
  const steps = history.items || history;
  assert.deepEqual(steps.map((s) => s.action), ['submit', 'start_review', 'approve', 'publish']);
  assert.deepEqual(steps.map((s) => s.by.name), ['Vivek Agarwal', 'Sandeep Bhatt', 'Sandeep Bhatt', 'Nirmala Krishnan']);

  // A course still in draft is no business of a learner's.
  const draft = one(`SELECT id FROM contents WHERE status = 'draft' ORDER BY id LIMIT 1`);
  assert.equal((await call('GET', `/api/v1/contents/${draft}`, { token: learner })).status, 404);
});

test('through the API: the demo reviewer\'s queue and the creator\'s workspace are not empty', async () => {
  const reviewer = (await api.login('reviewer@karmayogi.demo')).token;
  const platform = (await api.login('kb.reviewer@karmayogi.demo')).token;
  const creator = (await api.login('creator@karmayogi.demo')).token;
  for (const status of ['submitted', 'in_review', 'changes_requested']) {
    const mine = ok(await call('GET', `/api/v1/review-queue?status=${status}`, { token: reviewer })).items;
    assert.ok(mine.length >= 1, `LBSNAA's reviewer has ${status} work`);
    for (const i of mine) assert.equal(i.provider.code, 'LBSNAA');
    const all = ok(await call('GET', `/api/v1/review-queue?status=${status}&limit=500`, { token: platform })).items;
    assert.ok(all.length > mine.length && all.some((i) => i.provider.code !== 'LBSNAA'),
      `the platform reviewer sees every provider's ${status} work`);
  }
  const lbsnaa = one(`SELECT id FROM organisations WHERE code = 'LBSNAA'`);
  const drafts = ok(await call('GET', `/api/v1/providers/${lbsnaa}/contents?status=draft`, { token: creator })).items;
  assert.ok(drafts.length >= 1 && drafts.every((d) => d.status === 'draft' && DEVANAGARI.test(d.title_hi)));
  const back = ok(await call('GET', `/api/v1/providers/${lbsnaa}/contents?status=changes_requested`,
    { token: creator })).items;
  assert.equal(back.length, 1);
  const comments = ok(await call('GET', `/api/v1/contents/${back[0].id}/comments`, { token: creator }));
  assert.deepEqual((comments.items || comments).map((c) => c.anchor.split(':')[0]), ['title', 'module']);
});

test('the demo people can carry a demo course on: review a submitted one, publish the approved one, find it', async () => {
  const reviewer = (await api.login('reviewer@karmayogi.demo')).token;
  const publisher = (await api.login('publisher@karmayogi.demo')).token;
  const learner = (await api.login('learner@karmayogi.demo')).token;
  const submitted = ok(await call('GET', '/api/v1/review-queue?status=submitted', { token: reviewer })).items[0];
  const taken = ok(await call('POST', `/api/v1/contents/${submitted.id}/transitions`,
    { token: reviewer, json: { action: 'start_review' } }));
  assert.equal(taken.status, 'in_review');
  const approved = one(`SELECT c.id FROM contents c JOIN organisations o ON o.id = c.provider_id
    JOIN content_versions v ON v.id = c.latest_version_id
    WHERE o.code = 'LBSNAA' AND v.status = 'in_review' AND v.approved_by IS NOT NULL`);
  const published = ok(await call('POST', `/api/v1/contents/${approved}/transitions`,
    { token: publisher, json: { action: 'publish' } }));
  assert.equal(published.status, 'published');
  const found = ok(await call('GET', `/api/v1/catalogue?q=${encodeURIComponent(published.title_hi)}&limit=500`,
    { token: learner }));
  assert.ok(found.items.some((i) => i.id === Number(approved)), 'the newly published course is in the catalogue');
});

test('the demo pages are already safe: the sanitiser keeps each as it is', async () => {
  const creator = (await api.login('creator@karmayogi.demo')).token;
  const lbsnaa = Number(one(`SELECT id FROM organisations WHERE code = 'LBSNAA'`));
  const made = ok(await call('POST', '/api/v1/contents', { token: creator,
    json: { provider_id: lbsnaa, kind: 'course', code: 'DEMO-PAGES-CHECK', title: 'Demo pages check' } }), 201);
  // The building blocks' pages (the assessment demo's course has its own, checked in assess_demo.test.js).
  const ids = rows(`SELECT MIN(r.id) FROM resources r JOIN course_modules m ON m.id = r.module_id
    JOIN contents c ON c.latest_version_id = m.version_id WHERE r.kind = 'html' AND c.code <> 'LBSNAA-RTI-PRACTICE'
    GROUP BY r.title_en`).map((r) => r[0]);
  assert.equal(ids.length, 3, 'reading, worked example and points to remember');
  const pages = ids.map((id) => one(`SELECT html FROM resources WHERE id = ${id}`));
  const put = ok(await call('PUT', `/api/v1/contents/${made.id}/outline`, { token: creator, json: { modules: [
    { title: 'Pages', resources: pages.map((html, i) => ({ kind: 'html', title: `Page ${i + 1}`, html })) }] } }));
  const stored = put.modules[0].resources;
  for (let i = 0; i < pages.length; i++) {
    assert.notEqual(stored[i].sanitised, true, `page ${ids[i]} lost something to the sanitiser`);
    assert.equal(stored[i].html.replace(/\s+/g, ' ').trim(), pages[i].replace(/\s+/g, ' ').trim());
  }
});

test('karmayogi bench-seed catalog publishes N more indexed courses from the same building blocks', async () => {
  const learner = (await api.login('learner@karmayogi.demo')).token;
  const total = async (q = '') => ok(await call('GET', `/api/v1/catalogue?q=${encodeURIComponent(q)}&limit=1`,
    { token: learner })).total;
  const [all, gem] = [await total(), await total('GeM')];
  const seed = (n) => execFileSync(BIN, ['bench-seed', 'catalog', '--db', dbUrl(), '--courses', String(n)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(seed(400), /^seeded 400 published courses .* in [0-9.]+ s\n$/);
  assert.match(seed(4), /^seeded 4 published courses/, 'a second run numbers on');
  assert.equal(await total(), all + 404);
  assert.ok(await total('GeM') > gem, 'the new courses are found by their words');
  assert.equal(one(`SELECT COUNT(*) FROM contents WHERE code LIKE 'BENCH-%' AND status = 'published'`), '404');
  assert.equal(one(`SELECT MAX(code) FROM contents WHERE code LIKE 'BENCH-%'`), 'BENCH-0000404');
  const providers = one(`SELECT COUNT(DISTINCT provider_id) FROM contents WHERE code LIKE 'BENCH-%'`);
  assert.equal(providers, String(Object.keys(PROVIDERS).length), 'spread over every demo provider');
  const noOutline = one(`SELECT COUNT(*) FROM contents c WHERE c.code LIKE 'BENCH-%' AND NOT EXISTS
    (SELECT 1 FROM course_modules m WHERE m.version_id = c.published_version_id)`);
  assert.equal(noOutline, '0');
  assert.throws(() => execFileSync(BIN, ['bench-seed', 'catalog', '--db', dbUrl(), '--courses', '0'],
    { stdio: 'pipe' }), /--courses must be a whole number/);
});
