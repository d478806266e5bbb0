// Browser test of Learning hours and points against the real server (build/karmayogi with demo data). The
// MOR admin has set a yearly target of 50 hours and Priya Sharma (learner@, RB under MOR) has completed a
// course (through the API, as the player would report it). Priya opens #/learning/hours: the month chart
// shows this month's minutes against the month's share of the target, the year against the target, what she
// completed, her points ledger, the rules, and the leaderboards of RB and MOR. The MOR admin then sets a new
// target (a bad one first, refused beside its field) and a ministry rule of MOR's own, and removes it again;
// Priya sees the new target. Screenshots in English and Hindi go to /tmp/karmayogi-hours-*.png.
// Run: node --test tests/e2e/learn_hours.test.js (SQLite), and with KARMAYOGI_TEST_BACKEND=postgresql.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, heading } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const LEARNER = 'learner@karmayogi.demo';
const MDO = 'mdo.admin@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-hours';
const YEAR = new Date().getUTCFullYear();
const MONTH = new Date().getUTCMonth() + 1;

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'PUT', path: /^\/api\/v1\/orgs\/\d+\/learning-targets\/\d+$/, status: 422 }, // 2001 hours, on purpose
  { method: 'PUT', path: /^\/api\/v1\/orgs\/\d+\/karma-rules\/\w+$/, status: 422 }, // 1001 points, on purpose
];
let srv;
let browser;
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;
const client = makeClient(() => srv.url);
let course; // {id, title_en, minutes} Priya completed
let mor;

// Enrols and completes the first demo course that needs no assessment.
async function completeACourse(token) {
  const { call, ok } = client;
  const courses = ok(await call('GET', '/api/v1/catalogue?kind=course&limit=20', { token })).items;
  for (const c of courses) {
    await call('POST', `/api/v1/contents/${c.id}/enrolment`, { token });
    const detail = ok(await call('GET', `/api/v1/me/enrolments/${c.id}`, { token }));
    if (detail.status === 'completed') continue; // the demo's, completed in an earlier month
    const resources = detail.outline.flatMap((m) => m.resources);
    if (resources.some((r) => r.assessment_ref)) continue;
    const updates = resources.map((r) => ({ content_id: c.id, resource_id: r.id, percent: 100 }));
    ok(await call('POST', '/api/v1/me/progress', { token, json: { updates } }));
    const h = ok(await call('GET', '/api/v1/me/learning-hours', { token }));
    const item = h.items.find((i) => i.content_id === c.id);
    return { id: c.id, title_en: item.title_en, minutes: item.minutes, hours: h };
  }
  throw new Error('no demo course completes without an assessment');
}

before(async () => {
  srv = await startServer();
  const admin = (await client.login(MDO)).token;
  mor = await client.orgId('MOR', admin);
  client.ok(await client.call('PUT', `/api/v1/orgs/${mor}/learning-targets/${YEAR}`, { token: admin, json: { hours: 50 } }));
  const { token } = await client.login(LEARNER);
  course = await completeACourse(token);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an official sees hours against the target, points and boards; an admin sets the target and a rule', async (t) => {
  let page;
  const share = Math.round((50 * 60) / 12);

  await t.test('the month chart draws this month\'s minutes against the monthly share of the target', async () => {
    page = await journey.newPage(browser);
    await logIn(page, LEARNER);
    await page.goto(`${srv.url}/#/learning/hours`);
    await heading(page, 'Learning hours and points').waitFor();
    const chart = page.locator('svg[data-chart="months"]');
    await chart.waitFor();
    assert.equal(await chart.locator('g[data-month]').count(), 12);
    // This month holds her completion (and whatever else the demo data completed this month).
    const monthMinutes = course.hours.months[MONTH - 1].minutes;
    assert.ok(monthMinutes >= course.minutes);
    assert.equal(await chart.locator(`g[data-month="${MONTH}"]`).getAttribute('data-minutes'), String(monthMinutes));
    assert.equal(await chart.locator(`g[data-month="${MONTH}"] rect`).count(), 1, 'this month has a bar');
    assert.equal(await chart.locator('g[data-share]').getAttribute('data-share'), String(share));
    assert.match(await chart.getAttribute('aria-label'), new RegExp(`monthly share of the target of ${share} minutes`));
    await page.getByText(`Monthly share of the target: ${share} min`).waitFor();
    const hoursLearnt = Math.round((course.hours.total_minutes / 60) * 10) / 10;
    await page.locator('[data-year-total]').getByText(new RegExp(`^${String(hoursLearnt).replace('.', '\\.')} of 50 hours learnt`)).waitFor();
    await page.getByText('Target set by Ministry of Railways.').waitFor();
    await page.locator('table[data-completed]').getByRole('link', { name: course.title_en }).waitFor();
  });

  await t.test('her points: the ledger, her rank, the rules, and the boards of RB and MOR', async () => {
    const ledger = page.locator('table[data-ledger]');
    for (const words of ['First login', 'First enrolment', 'Completing other content']) await ledger.getByText(words).first().waitFor();
    await ledger.getByText(course.title_en).waitFor();
    await page.getByText(/^You are number \d+ of \d+ officials in Ministry of Railways\.$/).waitFor();
    const rules = page.locator('table[data-rules]');
    await rules.locator('tr[data-rule="non_plan_completion"]').getByText('At most 4 a month').waitFor();
    const rb = page.locator('table[data-board="RB"]');
    await rb.getByRole('row', { name: /Priya Sharma \(you\)/ }).waitFor();
    await page.getByLabel('Period').selectOption('all');
    await page.locator('table[data-board="RB"] caption').getByText('Railway Board: points all time').waitFor();
    await page.getByLabel('Whose board').selectOption('ministry');
    await page.locator('table[data-board="MOR"]').getByRole('row', { name: /Priya Sharma \(you\)/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Set a yearly learning target' }).count(), 0, 'no admin forms for her');
    await screenshots(page, 'learner', 'अधिगम घंटे और अंक');
    await page.context().close();
  });

  await t.test('the MOR admin sets a target (2001 hours refused beside the field) and a rule of MOR\'s own', async () => {
    page = await journey.newPage(browser);
    await logIn(page, MDO);
    await page.goto(`${srv.url}/#/learning/hours`);
    await heading(page, 'Learning hours and points').waitFor();
    const target = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Set a yearly learning target' }) });
    await target.getByText('Now: 50 hours, set for this organisation.').waitFor();
    await target.getByLabel(/Hours per official/).fill('2001');
    await target.getByRole('button', { name: 'Save target' }).click();
    await target.locator('[data-field="hours"] .field__error').getByText('must be a whole number from 0 to 2000').waitFor();
    await target.getByLabel(/Hours per official/).fill('60');
    await target.getByRole('button', { name: 'Save target' }).click();
    await page.getByText(`Saved: Ministry of Railways asks 60 hours of learning in ${YEAR}.`).waitFor();
    await page.locator('[data-target-now]').getByText('Now: 60 hours, set for this organisation.').waitFor();

    const rules = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Karma rules', exact: true }) });
    await rules.getByRole('heading', { name: 'Set your ministry\'s own rule' }).waitFor();
    await rules.getByLabel('For').selectOption('non_plan_completion');
    await rules.getByLabel(/^Points/).fill('1001');
    await rules.getByRole('button', { name: 'Save rule' }).click();
    await rules.locator('[data-field="points"] .field__error').getByText('must be a whole number from 0 to 1000').waitFor();
    await rules.getByLabel(/^Points/).fill('8');
    await rules.getByLabel(/^Monthly limit/).fill('2');
    await rules.getByRole('button', { name: 'Save rule' }).click();
    await rules.getByText('Saved: Completing other content now pays 8 points.').waitFor();
    const row = rules.locator('tr[data-rule="non_plan_completion"]');
    await row.getByText('Ministry').waitFor();
    await row.getByText('At most 2 a month').waitFor();
    await screenshots(page, 'admin', 'अधिगम घंटे और अंक');
    await rules.locator('button[data-remove="non_plan_completion"]').click();
    await rules.getByText('Removed: Completing other content follows the national rule again.').waitFor();
    await rules.locator('tr[data-rule="non_plan_completion"]').getByText('National').waitFor();
    await page.context().close();
  });

  await t.test('Priya sees the new target', async () => {
    page = await journey.newPage(browser);
    await logIn(page, LEARNER);
    await page.goto(`${srv.url}/#/learning/hours`);
    await page.locator('[data-year-total]').getByText(/ of 60 hours learnt/).waitFor();
    await page.context().close();
  });

  journey.assertClean();
});
