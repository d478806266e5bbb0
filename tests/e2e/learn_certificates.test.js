// Browser test of certificates against the real server (build/karmayogi with demo data). Priya Sharma
// (learner@) has completed a demo course (done through the API, as the player would report it); she opens
// My certificates, downloads her PDF (its Hindi read back by pdftotext) and copies the share link; a
// stranger in a fresh browser with no login opens that link (the text of the QR code) and sees the
// certificate valid; after the MDO admin over her revokes it with a reason, the stranger's page says revoked,
// with the date and the reason. Screenshots in English and Hindi go to /tmp/karmayogi-certs-*.png.
// Run: node --test tests/e2e/learn_certificates.test.js (SQLite), and with KARMAYOGI_TEST_BACKEND=postgresql.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { launchBrowser, makeJourney, hash, heading } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const LEARNER = 'learner@karmayogi.demo';
const MDO = 'mdo.admin@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-certs';
const REASON = 'Completion recorded against the wrong official';

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
];
let srv;
let browser;
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;
const client = makeClient(() => srv.url);
let cert; // the CERTIFICATE Priya earned

// Enrols and completes the first demo course that needs no assessment; returns its certificate.
async function earnCertificate(token) {
  const { call, ok } = client;
  const courses = ok(await call('GET', '/api/v1/catalogue?kind=course&limit=20', { token })).items;
  for (const course of courses) {
    const enrolled = await call('POST', `/api/v1/contents/${course.id}/enrolment`, { token });
    if (enrolled.data.status === 'completed') continue; // the demo completed it already
    const detail = ok(await call('GET', `/api/v1/me/enrolments/${course.id}`, { token }));
    const resources = detail.outline.flatMap((m) => m.resources);
    const counted = resources.some((r) => r.required) ? resources.filter((r) => r.required) : resources;
    if (counted.some((r) => r.assessment_ref)) continue;
    const updates = counted.map((r) => ({ content_id: course.id, resource_id: r.id, percent: 100 }));
    const done = ok(await call('POST', '/api/v1/me/progress', { token, json: { updates } }));
    const code = done.enrolments.find((e) => e.content_id === course.id).certificate_code;
    return ok(await call('GET', `/api/v1/certificates/${code}`, { token }));
  }
  throw new Error('no demo course completes without an assessment');
}

before(async () => {
  srv = await startServer();
  const { token } = await client.login(LEARNER);
  cert = await earnCertificate(token);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an official downloads and shares a certificate; a stranger verifies it, and sees it revoked after', async (t) => {
  let page;
  let shareLink;
  let stranger;

  await t.test('My certificates lists it with its status, provider and competencies', async () => {
    page = await journey.newPage(browser);
    await logIn(page, LEARNER);
    await page.goto(`${srv.url}/#/learning/certificates`);
    await heading(page, 'My certificates').waitFor();
    const card = page.locator(`[data-certificate="${cert.code}"]`);
    await card.getByRole('heading', { name: cert.title_en }).waitFor();
    await card.getByText('Valid', { exact: true }).waitFor();
    await card.getByText(cert.provider.name_en).waitFor();
    await page.getByRole('status').filter({ hasText: /^\d+ certificates?$/ }).waitFor();
    await screenshots(page, 'mine', 'मेरे प्रमाणपत्र');
  });

  await t.test('the PDF downloads, and pdftotext reads her Hindi name and the Hindi title back', async () => {
    const card = page.locator(`[data-certificate="${cert.code}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'),
      card.getByRole('link', { name: `Download the PDF certificate for ${cert.title_en}` }).click()]);
    assert.equal(download.suggestedFilename(), `karmayogi-certificate-${cert.code}.pdf`);
    const file = await download.path();
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(cert.official.name_hi), `no "${cert.official.name_hi}" in:\n${text}`);
    assert.ok(text.includes(cert.title_hi), `no "${cert.title_hi}" in:\n${text}`);
    assert.ok(text.includes(`/verify/${cert.code}`), 'the QR link text is printed under the code');
  });

  await t.test('she copies the share link: the /verify address the QR code holds', async () => {
    const card = page.locator(`[data-certificate="${cert.code}"]`);
    const box = card.getByLabel('Share link');
    shareLink = await box.inputValue();
    assert.equal(shareLink, `${srv.url}/verify/${cert.code}`);
    await card.getByRole('button', { name: 'Copy link' }).click();
    await card.getByRole('status').filter({ hasText: /Link copied\.|press Ctrl\+C/ }).waitFor();
  });

  await t.test('a stranger with no login opens the link and sees the certificate valid', async () => {
    const context = await browser.newContext({ locale: 'en-IN' });
    stranger = await context.newPage();
    const errors = [];
    stranger.on('pageerror', (e) => errors.push(e.message));
    const res = await stranger.goto(shareLink);
    assert.equal(res.status(), 200);
    await stranger.getByRole('heading', { level: 1, name: /Certificate verification/ }).waitFor();
    await stranger.getByText('This certificate is valid.').waitFor();
    await stranger.getByText('यह प्रमाणपत्र मान्य है।').waitFor();
    await stranger.getByText(cert.official.name_en).waitFor();
    await stranger.getByText(cert.title_hi).waitFor();
    assert.equal(await stranger.locator('#status').getAttribute('data-status'), 'valid');
    assert.equal(await stranger.locator('script').count(), 0);
    await stranger.screenshot({ path: `${SHOTS}-verify-valid.png`, fullPage: true });
    assert.deepEqual(errors, []);
  });

  await t.test('after the admin revokes it, the same page says revoked, with the date and the reason', async () => {
    const { token } = await client.login(MDO);
    client.ok(await client.call('POST', `/api/v1/certificates/${cert.code}/revoke`, { token, json: { reason: REASON } }));
    await stranger.reload();
    await stranger.getByText('This certificate has been revoked.').waitFor();
    await stranger.getByText('यह प्रमाणपत्र निरस्त कर दिया गया है।').waitFor();
    await stranger.getByText(REASON).waitFor();
    await stranger.getByText('Revoked on').waitFor();
    assert.equal(await stranger.locator('#status').getAttribute('data-status'), 'revoked');
    await stranger.screenshot({ path: `${SHOTS}-verify-revoked.png`, fullPage: true });
    await stranger.context().close();
  });

  await t.test('her list marks it revoked with the reason, and offers no badge for it', async () => {
    await page.reload();
    await heading(page, 'My certificates').waitFor();
    assert.equal(hash(page), '#/learning/certificates');
    const card = page.locator(`[data-certificate="${cert.code}"]`);
    await card.getByText('Revoked', { exact: true }).waitFor();
    await card.getByText(REASON).waitFor();
    assert.equal(await card.getByRole('link', { name: /Open Badge/ }).count(), 0);
    await page.context().close();
    journey.assertClean();
  });
});
