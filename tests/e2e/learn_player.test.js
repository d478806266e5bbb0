// Browser test of the issue's learning journey against the real server (build/karmayogi with demo data):
// Priya Sharma (learner@) finds a course in the catalogue, enrols on its page and opens the player; she
// marks its HTML page done (shown in a sandboxed frame, never in the page) and watches part of its video;
// she logs out, logs in again in a new browser (a second session) and the player opens at the video, at the
// second she stopped; she finishes the video, the PDF (marked done while offline: the update waits and goes
// when the connection is back) and the link, sees the completion banner, finds the
// course under "Completed" in My learning, downloads her certificate as a PDF, and a stranger (a browser
// with no session) opens its /verify link and reads that it is valid. Last, she enrols in another course
// and leaves it: it moves to the "Left" tab.
// The course is made through the API by the demo's creator, reviewer and publisher (LBSNAA), with a real
// video: data/lesson.webm, 7.9 s of VP8 that Chromium's MediaRecorder recorded from a canvas.
// Screenshots in English and Hindi go to /tmp/karmayogi-learn-*.png. Run: node --test tests/e2e/learn_player.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const LEARNER = 'learner@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-learn';
const VIDEO = fs.readFileSync(path.join(__dirname, 'data', 'lesson.webm'));
const COURSE = {
  code: 'E2E-NOTING-301',
  title: 'Noting and drafting walkthrough',
  title_hi: 'टिप्पण और प्रारूपण का अभ्यास',
  description: 'How a note moves through e-Office, from the first draft to the final decision.',
};
const SEARCH_WORD = 'walkthrough';
const PAGE_TITLE = 'Why the note matters';
const PAGE_TEXT = 'Every file tells the story of a decision.';
const VIDEO_TITLE = 'Watch a note move';
const PDF_TITLE = 'The noting checklist';
const LINK_TITLE = 'Central Secretariat Manual';
const LINK_URL = 'https://example.gov.in/csmop';

// A one-page PDF with a correct cross-reference table.
function onePagePdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>'];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj ${body} endobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer << /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// Answers >= 400 this journey provokes on purpose; anything else is a bug.
const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;

let srv;
let browser;
let client;
let courseId;
let videoId;

const BOUNDARY = '----karmayogi-learn-e2e';
async function upload(token, kind, bytes, filename) {
  const body = Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n'), bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
  const r = await client.call('POST', `/api/v1/files?kind=${kind}`, { token, body,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
  assert.ok([200, 201].includes(r.status), r.text);
  return r.data.id;
}

// The course, written, reviewed and published by the demo's LBSNAA people.
async function publishCourse() {
  const token = {};
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher']) token[who] = (await client.login(`${who}@karmayogi.demo`)).token;
  const lbsnaa = await client.orgId('LBSNAA', token['spv.admin']);
  const c = client.ok(await client.call('POST', '/api/v1/contents', { token: token.creator, json: {
    provider_id: lbsnaa, kind: 'course', code: COURSE.code, title: COURSE.title, title_hi: COURSE.title_hi,
    description: COURSE.description, languages: ['en'], duration_minutes: 30 } }), 201);
  videoId = await upload(token.creator, 'video', VIDEO, 'note-moves.webm');
  const pdfId = await upload(token.creator, 'pdf', onePagePdf(), 'checklist.pdf');
  client.ok(await client.call('PUT', `/api/v1/contents/${c.id}/outline`, { token: token.creator, json: { modules: [
    { title: 'Getting started', title_hi: 'शुरुआत', resources: [
      { kind: 'html', title: PAGE_TITLE, html: `<h2>${PAGE_TITLE}</h2><p>${PAGE_TEXT}</p>`, duration_minutes: 5 },
      { kind: 'video', title: VIDEO_TITLE, title_hi: 'टिप्पणी की यात्रा देखें', file_id: videoId, duration_minutes: 1 }] },
    { title: 'Going further', resources: [
      { kind: 'pdf', title: PDF_TITLE, file_id: pdfId, duration_minutes: 10 },
      { kind: 'link', title: LINK_TITLE, url: LINK_URL, duration_minutes: 10 }] }] } }));
  const step = async (who, action) => client.ok(await client.call('POST', `/api/v1/contents/${c.id}/transitions`,
    { token: token[who], json: { action } }));
  await step('creator', 'submit');
  await step('reviewer', 'start_review');
  await step('reviewer', 'approve');
  await step('publisher', 'publish');
  return c.id;
}

async function newContext() {
  const page = await journey.newPage(browser);
  // The link resource's site, answered here: the test runs without the internet.
  await page.context().route(`${LINK_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'CSMOP' }));
  return page;
}

const progressAnswer = (page) => page.waitForResponse((r) => r.url().endsWith('/api/v1/me/progress') && r.request().method() === 'POST');
const videoState = (page) => page.locator('video').evaluate((v) => ({ time: v.currentTime, duration: v.duration, paused: v.paused }));
const outlineItem = (page, title) => page.getByRole('navigation', { name: 'Course outline' }).getByRole('button', { name: new RegExp(`^${title}`) });

// Priya's own view of the enrolment, through the API.
async function myEnrolment(token) {
  return client.ok(await client.call('GET', `/api/v1/me/enrolments/${courseId}`, { token }));
}
const resourceByTitle = (e, title) => e.outline.flatMap((m) => m.resources).find((r) => r.title_en === title);

before(async () => {
  srv = await startServer({ demo: true });
  client = makeClient(() => srv.url);
  courseId = await publishCourse();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an official enrols, learns across two sessions with resume, completes, downloads the certificate and a stranger verifies it', async (t) => {
  let priya;
  let stoppedAt;
  const token = (await client.login(LEARNER)).token;

  await t.test('she finds the course in the catalogue and enrols on its page', async () => {
    priya = await newContext();
    await logIn(priya, LEARNER);
    assert.doesNotMatch(await nav(priya).getByRole('link', { name: /My learning/ }).innerText(), /Upcoming/, 'the section is open');
    await nav(priya).getByRole('link', { name: 'Catalogue' }).click();
    await heading(priya, 'Catalogue').waitFor();
    await priya.getByRole('searchbox', { name: 'Search the catalogue' }).fill(SEARCH_WORD);
    await priya.getByRole('button', { name: 'Search', exact: true }).click();
    await priya.getByRole('list', { name: `Results for “${SEARCH_WORD}”` }).getByRole('link', { name: COURSE.title }).click();
    await heading(priya, COURSE.title).waitFor();
    const enrol = priya.getByRole('button', { name: 'Enrol', exact: true });
    await enrol.waitFor();
    const enrolled = priya.waitForResponse((r) => r.url().endsWith(`/api/v1/contents/${courseId}/enrolment`));
    await enrol.click();
    assert.equal((await enrolled).status(), 201);
    await priya.getByRole('status').filter({ hasText: 'You are enrolled.' }).waitFor();
    const go = priya.getByRole('link', { name: 'Continue learning' });
    await go.waitFor();
    assert.equal(await priya.evaluate(() => document.activeElement.textContent), 'Continue learning', 'focus moves to the way in');
    await screenshots(priya, 'course', COURSE.title_hi);
    await go.click();
    await heading(priya, COURSE.title).waitFor();
    assert.equal(hash(priya), `#/learning/${courseId}`);
  });

  await t.test('the player opens at the first part: the HTML page in a sandboxed frame, marked done by a button', async () => {
    await priya.getByRole('heading', { level: 2, name: PAGE_TITLE }).waitFor();
    const frame = priya.locator(`iframe[title="${PAGE_TITLE}"]`);
    assert.equal(await frame.getAttribute('sandbox'), '', 'the page runs with every sandbox restriction');
    await priya.frameLocator(`iframe[title="${PAGE_TITLE}"]`).getByText(PAGE_TEXT).waitFor();
    assert.equal(await priya.evaluate((text) => document.body.innerText.includes(text), PAGE_TEXT), false, 'the page is not part of this page');
    const bar = priya.getByRole('progressbar', { name: `Progress in ${COURSE.title}` });
    assert.equal(await bar.getAttribute('aria-valuenow'), '0');

    const saved = progressAnswer(priya);
    await priya.getByRole('button', { name: 'Mark as done' }).click();
    assert.equal((await saved).status(), 200);
    await outlineItem(priya, PAGE_TITLE).filter({ hasText: 'Done' }).waitFor();
    assert.equal(await priya.evaluate(() => document.activeElement.textContent.trim()), 'Next', 'focus moves on to Next');
    await priya.waitForFunction(() => document.querySelector('[role="progressbar"]').getAttribute('aria-valuenow') === '25');
    assert.match(await priya.locator('.lplayer__bar').innerText(), /25% done/);
    await screenshots(priya, 'player', COURSE.title_hi);
  });

  await t.test('she watches part of the video; pausing saves her place', async () => {
    await priya.getByRole('button', { name: 'Next' }).click();
    await priya.getByRole('heading', { level: 2, name: VIDEO_TITLE }).waitFor();
    assert.match(hash(priya), new RegExp(`^#/learning/${courseId}\\?r=\\d+$`));
    assert.equal(await priya.evaluate(() => document.activeElement.textContent), VIDEO_TITLE, 'focus moves to the part opened');
    assert.equal(await priya.locator('video').getAttribute('src'), `/api/v1/files/${videoId}`);
    await priya.locator('video').evaluate((v) => { v.muted = true; return v.play(); });
    await priya.waitForFunction(() => document.querySelector('video').currentTime >= 3.2);
    const saved = progressAnswer(priya);
    await priya.locator('video').evaluate((v) => v.pause());
    assert.equal((await saved).status(), 200);
    stoppedAt = (await videoState(priya)).time;

    const video = resourceByTitle(await myEnrolment(token), VIDEO_TITLE);
    assert.equal(video.progress.position, Math.floor(stoppedAt), 'the second she stopped at');
    assert.ok(video.progress.percent >= 35 && video.progress.percent < 100, `watched about half: ${video.progress.percent}%`);
    assert.ok(video.progress.time_spent_s >= 2, `time spent ${video.progress.time_spent_s} s`);
  });

  await t.test('she logs out; in a second session the player resumes at the video, at her second', async () => {
    await priya.getByRole('button', { name: /Account menu/ }).click();
    await priya.getByRole('button', { name: 'Log out' }).click();
    await heading(priya, 'Log in to Karmayogi').waitFor();
    await priya.context().close();

    priya = await newContext();
    await logIn(priya, LEARNER);
    await nav(priya).getByRole('link', { name: 'My learning' }).click();
    await heading(priya, 'My learning').waitFor();
    const card = priya.getByRole('list', { name: 'In progress' }).getByRole('listitem').filter({ hasText: COURSE.title });
    assert.match(await card.innerText(), /In progress/);
    assert.match(await card.innerText(), /LBSNAA|Lal Bahadur Shastri/);
    assert.ok(Number(await card.getByRole('progressbar').getAttribute('aria-valuenow')) >= 25);
    await screenshots(priya, 'mine', 'मेरा अधिगम');
    await card.getByRole('link', { name: `Continue ${COURSE.title}` }).click();
    await heading(priya, COURSE.title).waitFor();
    await priya.getByRole('heading', { level: 2, name: VIDEO_TITLE }).waitFor();
    await priya.waitForFunction((at) => {
      const v = document.querySelector('video');
      return v && v.readyState >= 1 && Math.abs(v.currentTime - at) < 0.5;
    }, Math.floor(stoppedAt));
    await outlineItem(priya, PAGE_TITLE).filter({ hasText: 'Done' }).waitFor();
  });

  await t.test('she finishes the video, the PDF and the link, and the course says it is completed', async () => {
    let saved = progressAnswer(priya);
    await priya.locator('video').evaluate((v) => { v.muted = true; return v.play(); });
    await priya.waitForFunction(() => document.querySelector('video').ended, null, { timeout: 20000 });
    assert.equal((await saved).status(), 200);
    await outlineItem(priya, VIDEO_TITLE).filter({ hasText: 'Done' }).waitFor();

    await priya.getByRole('button', { name: 'Next' }).click();
    await priya.getByRole('heading', { level: 2, name: PDF_TITLE }).waitFor();
    assert.match(await priya.locator(`iframe[title="${PDF_TITLE}"]`).getAttribute('src'), /^\/api\/v1\/files\/\d+$/);
    await priya.getByRole('link', { name: 'Download the PDF' }).waitFor();
    // Offline, the update waits in the page and goes when the connection is back.
    await priya.context().setOffline(true);
    await priya.getByRole('button', { name: 'Mark as done' }).click();
    await priya.getByRole('status').filter({ hasText: 'Not saved yet' }).waitFor();
    await outlineItem(priya, PDF_TITLE).filter({ hasText: 'Done' }).waitFor();
    saved = progressAnswer(priya);
    await priya.context().setOffline(false);
    assert.equal((await saved).status(), 200);
    await priya.getByRole('status').filter({ hasText: 'Your progress is saved.' }).waitFor();
    assert.equal(resourceByTitle(await myEnrolment(token), PDF_TITLE).progress.percent, 100, 'the queued update arrived');
    // The request the offline browser could not send is the one this step asked for.
    journey.seen.failedRequests = journey.seen.failedRequests.filter((f) => !/POST \S+\/api\/v1\/me\/progress: net::ERR_INTERNET_DISCONNECTED/.test(f));
    journey.seen.consoleErrors = journey.seen.consoleErrors.filter((e) => !(e.url.endsWith('/api/v1/me/progress')
      && e.text.includes('ERR_INTERNET_DISCONNECTED')));

    await priya.getByRole('button', { name: 'Next' }).click();
    await priya.getByRole('heading', { level: 2, name: LINK_TITLE }).waitFor();
    assert.equal(await priya.getByRole('button', { name: 'Next' }).isDisabled(), true, 'the last part has no next');
    saved = progressAnswer(priya);
    const popup = priya.waitForEvent('popup');
    await priya.getByRole('link', { name: /^Open the link/ }).click();
    await (await popup).close();
    assert.equal((await saved).status(), 200);

    const banner = priya.getByRole('status').filter({ hasText: 'Course completed' });
    await banner.waitFor();
    assert.match(await priya.locator('.lplayer__bar').innerText(), /100% done/);
    await screenshots(priya, 'completed', COURSE.title_hi);
    await banner.getByRole('link', { name: 'View certificate' }).click();
    await heading(priya, 'My certificates').waitFor();
  });

  await t.test('My learning lists it under Completed; the certificate downloads as a PDF', async () => {
    await priya.goto(`${srv.url}/#/learning`);
    await heading(priya, 'My learning').waitFor();
    await priya.getByRole('navigation', { name: 'Which enrolments to show' }).getByRole('link', { name: 'Completed' }).click();
    const card = priya.getByRole('list', { name: 'Completed' }).getByRole('listitem').filter({ hasText: COURSE.title });
    await card.waitFor();
    assert.match(await card.innerText(), /Completed on/);
    assert.equal(await card.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    await card.getByRole('link', { name: `View the certificate for ${COURSE.title}` }).click();
    await heading(priya, 'My certificates').waitFor();

    const item = priya.getByRole('listitem').filter({ hasText: COURSE.title }).first();
    const download = priya.waitForEvent('download');
    await item.getByRole('link', { name: /PDF/ }).first().click();
    const file = await (await download).path();
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-', 'the certificate is a PDF');
  });

  await t.test('a stranger opens the verification link and reads that the certificate is valid', async () => {
    const mine = await priya.evaluate(async () => (await (await fetch('/api/v1/me/certificates')).json()).items);
    const cert = mine.find((c) => c.content_id === courseId);
    assert.ok(cert, 'a certificate for the course');
    const e = await myEnrolment(token);
    assert.equal(e.status, 'completed');
    assert.equal(e.certificate_code, cert.code);

    const stranger = await browser.newContext();
    const page = await stranger.newPage();
    const answer = await page.goto(`${srv.url}/verify/${cert.code}`);
    assert.equal(answer.status(), 200);
    await page.getByText('This certificate is valid.').waitFor();
    assert.match(await page.locator('body').innerText(), new RegExp(COURSE.title));
    await stranger.close();
  });

  await t.test('leaving a course moves it to the Left tab', async () => {
    // A demo course she is not enrolled in.
    const listed = client.ok(await client.call('GET', '/api/v1/catalogue?kind=course&limit=50', { token })).items;
    let pick = null;
    for (const item of listed) {
      if ((await client.call('GET', `/api/v1/me/enrolments/${item.id}`, { token })).status === 404) { pick = item; break; }
    }
    assert.ok(pick, 'a course to enrol in');
    const other = pick.title;
    await priya.goto(`${srv.url}/#/contents/${pick.id}`);
    await heading(priya, other).waitFor();
    await priya.getByRole('button', { name: 'Enrol', exact: true }).click();
    await priya.getByRole('link', { name: 'Continue learning' }).waitFor();

    await nav(priya).getByRole('link', { name: 'My learning' }).click();
    await heading(priya, 'My learning').waitFor();
    const card = priya.getByRole('list', { name: 'In progress' }).getByRole('listitem').filter({ hasText: other });
    await card.getByRole('button', { name: `Leave ${other}` }).click();
    const confirm = card.getByRole('group', { name: `Leave ${other}?` });
    assert.equal(await priya.evaluate(() => document.activeElement.textContent), 'Yes, leave', 'the confirmation takes focus');
    const left = priya.waitForResponse((r) => r.url().includes('/enrolment') && r.request().method() === 'DELETE');
    await confirm.getByRole('button', { name: 'Yes, leave' }).click();
    assert.equal((await left).status(), 200);
    await priya.getByRole('status').filter({ hasText: `You left ${other}.` }).waitFor();
    assert.equal(await card.count(), 0, 'gone from In progress');

    await priya.getByRole('navigation', { name: 'Which enrolments to show' }).getByRole('link', { name: 'Left' }).click();
    assert.equal(hash(priya), '#/learning?tab=left');
    const gone = priya.getByRole('list', { name: 'Left' }).getByRole('listitem').filter({ hasText: other });
    await gone.waitFor();
    assert.match(await gone.innerText(), /Left/);
  });

  await t.test('nothing went wrong on the way', () => journey.assertClean());
});
