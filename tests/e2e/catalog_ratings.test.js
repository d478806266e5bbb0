// Browser test of learners' ratings against the real server (build/karmayogi with demo data): a course is
// published and finished through the API by Priya Sharma (learner@) and Vikram Singh (supervisor@), who
// rates it 2 stars with a rude review. Priya opens the course page, sees the summary, rates it 5 stars
// with a review and sees the average move from 2.0 to 3.5; she reports Vikram's review; the catalogue card
// shows the stars; Sandeep Bhatt (kb.reviewer@, the platform's reviewer) upholds the report; Priya then
// sees the review's text hidden while the average stays. Screenshots in English and Hindi go to
// /tmp/karmayogi-ratings-*.png. Run: node --test tests/e2e/catalog_ratings.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, heading } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const SHOTS = '/tmp/karmayogi-ratings';
const TITLE = 'Handling public grievances on CPGRAMS';
const TITLE_HI = 'सीपीग्राम्स पर लोक शिकायतों का निपटान';
const WORD = 'cpgramsclinic';
const RUDE = 'Waste of time, the authors know nothing.';
const PRAISE = 'Clear steps, real cases from the portal.';

// Answers >= 400 this journey provokes on purpose; anything else is a bug.
const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;
let courseId;
const api = makeClient(() => srv.url);

const flash = (page, text) => page.getByRole('status').filter({ hasText: text }).waitFor();
const panel = (page) => page.getByRole('region', { name: 'Ratings and reviews' });

// Enrols and finishes every required resource, as the player would report it.
async function complete(token, id) {
  const r = await api.call('POST', `/api/v1/contents/${id}/enrolment`, { token });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  const page = api.ok(await api.call('GET', `/api/v1/contents/${id}`, { token }));
  const updates = page.modules.flatMap((m) => m.resources).filter((x) => x.required)
    .map((x) => ({ content_id: id, resource_id: x.id, percent: 100, position: 0, time_spent_s: 300 }));
  const done = api.ok(await api.call('POST', '/api/v1/me/progress', { token, json: { updates } }));
  assert.equal(done.enrolments.find((e) => e.content_id === id).status, 'completed');
}

before(async () => {
  srv = await startServer({ demo: true });
  const tok = {};
  for (const who of ['spv.admin', 'creator', 'reviewer', 'publisher', 'learner', 'supervisor']) {
    tok[who] = (await api.login(`${who}@karmayogi.demo`)).token;
  }
  const lbsnaa = await api.orgId('LBSNAA', tok['spv.admin']);
  const made = api.ok(await api.call('POST', '/api/v1/contents', { token: tok.creator, json: {
    provider_id: lbsnaa, kind: 'course', code: 'E2E-RATE-1', title: TITLE, title_hi: TITLE_HI,
    description: `A ${WORD} for section officers who answer grievances.`, duration_minutes: 45 } }), 201);
  courseId = made.id;
  api.ok(await api.call('PUT', `/api/v1/contents/${courseId}/outline`, { token: tok.creator, json: { modules: [{
    title: 'The portal', resources: [{ kind: 'link', title: 'CPGRAMS', url: 'https://pgportal.gov.in/' }] }] } }));
  for (const [who, action] of [['creator', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'approve'], ['publisher', 'publish']]) {
    api.ok(await api.call('POST', `/api/v1/contents/${courseId}/transitions`, { token: tok[who], json: { action } }));
  }
  await complete(tok.learner, courseId);
  await complete(tok.supervisor, courseId);
  api.ok(await api.call('PUT', `/api/v1/contents/${courseId}/my-rating`, { token: tok.supervisor,
    json: { stars: 2, review: RUDE } }), 201);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an official who finished a course rates it, reports a rude review, and a moderator upholds it', async (t) => {
  let priya;
  let sandeep;

  await t.test('Priya sees the summary and rates the course she finished; the average moves', async () => {
    priya = await newPage();
    await logIn(priya, 'learner@karmayogi.demo');
    await priya.goto(`${srv.url}/#/contents/${courseId}`);
    await heading(priya, TITLE).waitFor();
    const ratings = panel(priya);
    await ratings.getByText('1 rating', { exact: true }).waitFor();
    assert.equal(await ratings.locator('.rating-summary__avg').innerText(), '2.0');
    await ratings.getByRole('img', { name: '2.0 out of 5' }).waitFor();
    assert.match(await ratings.getByRole('list', { name: 'How many gave each number of stars' }).innerText(), /2 stars: 1/);
    await ratings.getByText(RUDE).waitFor();

    await ratings.getByRole('heading', { name: 'Rate this course' }).waitFor();
    await ratings.getByRole('button', { name: 'Save rating' }).click(); // no stars chosen yet
    await ratings.getByRole('alert').filter({ hasText: 'Choose from 1 to 5 stars.' }).waitFor();
    await ratings.getByRole('group', { name: 'Stars' }).getByTitle('5 stars', { exact: true }).click();
    await ratings.getByLabel('Review (optional)').fill(PRAISE);
    await ratings.getByRole('button', { name: 'Save rating' }).click();
    await flash(priya, 'Thank you: your rating is saved.');
    await ratings.getByText('2 ratings', { exact: true }).waitFor();
    assert.equal(await ratings.locator('.rating-summary__avg').innerText(), '3.5');
    await ratings.getByRole('heading', { name: 'Your rating' }).waitFor();
    assert.equal(await ratings.getByRole('radio', { name: '5 stars' }).isChecked(), true);
    await ratings.getByRole('listitem').filter({ hasText: PRAISE }).getByText('You', { exact: true }).waitFor();
    await screenshots(priya, 'course', TITLE_HI);
  });

  await t.test('she reports the rude review, once', async () => {
    const ratings = panel(priya);
    const rude = ratings.getByRole('listitem').filter({ hasText: RUDE });
    assert.equal(await ratings.getByRole('listitem').filter({ hasText: PRAISE }).getByRole('button', { name: 'Report' }).count(), 0);
    await rude.getByRole('button', { name: 'Report' }).click();
    await rude.getByLabel('What is abusive in this review?').fill('It insults the course authors.');
    await rude.getByRole('button', { name: 'Send report' }).click();
    await flash(priya, 'Thank you: a moderator will look at your report.');
    await rude.getByText('You reported this review.').waitFor();
    assert.equal(await rude.getByRole('button', { name: 'Report' }).count(), 0);
  });

  await t.test('the catalogue card shows the stars', async () => {
    await priya.goto(`${srv.url}/#/catalogue?q=${WORD}`);
    const card = priya.locator('.ccard').filter({ hasText: TITLE });
    await card.getByRole('img', { name: '3.5 out of 5' }).waitFor();
    assert.match(await card.locator('.rating-badge').innerText(), /3\.5 \(2\)/);
  });

  await t.test('the platform reviewer upholds the report; the text is hidden and the stars still count', async () => {
    sandeep = await newPage();
    await logIn(sandeep, 'kb.reviewer@karmayogi.demo');
    await sandeep.goto(`${srv.url}/#/rating-reports`);
    await heading(sandeep, 'Reported reviews').waitFor();
    const report = sandeep.locator('.report-card').filter({ hasText: RUDE });
    await report.getByText('It insults the course authors.').waitFor();
    await report.getByText('Review by Vikram Singh').waitFor();
    await screenshots(sandeep, 'moderation', 'शिकायत की गई समीक्षाएँ');
    await sandeep.locator('.report-card').filter({ hasText: RUDE }).getByRole('button', { name: 'Uphold: hide the text' }).click();
    await flash(sandeep, "Report upheld: the review's text is hidden.");
    await sandeep.getByText('No reports here.').waitFor();

    await priya.goto(`${srv.url}/#/contents/${courseId}`);
    await heading(priya, TITLE).waitFor();
    const ratings = panel(priya);
    await ratings.getByText('A moderator has hidden this review.').waitFor();
    assert.equal(await ratings.getByText(RUDE).count(), 0);
    assert.equal(await ratings.locator('.rating-summary__avg').innerText(), '3.5');
  });

  journey.assertClean();
});
