// What the browser tests share: Debian's chromium with the flags DESIGN.md names, pages that record every
// page error, failed request, error answer and console error, the usual steps (log in, screenshots in
// English and Hindi, choose in a picker), and the final check that nothing went wrong but what a journey
// asked for.
'use strict';
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];
const PASSWORD = 'Karmayogi@2026';

const launchBrowser = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

const hash = (page) => new URL(page.url()).hash;
const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const nav = (page) => page.getByRole('navigation', { name: /Main navigation|मुख्य नेविगेशन/ });

// url: a function giving the server's base URL; shots: the screenshot path prefix; expectedErrors: the
// answers >= 400 the journeys provoke on purpose ({method, path (string or RegExp), status}).
function makeJourney({ url, shots, expectedErrors }) {
  const seen = { pageErrors: [], failedRequests: [], errorResponses: [], consoleErrors: [] };

  function expected(method, address, status) {
    const { pathname } = new URL(address);
    return expectedErrors.some((e) => e.method === method && e.status === status
      && (e.path instanceof RegExp ? e.path.test(pathname) : e.path === pathname));
  }

  async function newPage(browser) {
    const context = await browser.newContext({ locale: 'en-IN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('console', (msg) => { if (msg.type() === 'error') seen.consoleErrors.push({ text: msg.text(), url: msg.location().url || '' }); });
    page.on('pageerror', (error) => seen.pageErrors.push(error.message));
    page.on('requestfailed', (req) => {
      if (req.failure()?.errorText !== 'net::ERR_ABORTED') seen.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) seen.errorResponses.push({ method: res.request().method(), url: res.url(), status: res.status() });
    });
    return page;
  }

  async function logIn(page, email, password = PASSWORD) {
    await page.goto(url() + '/#/login');
    await heading(page, 'Log in to Karmayogi').waitFor();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Namaste, / }).waitFor();
  }

  // Full-page pictures in English and Hindi, the pointer parked where it hovers nothing.
  async function screenshots(page, name, hindiHeading) {
    await page.mouse.move(700, 5);
    await page.screenshot({ path: `${shots}-${name}.png`, fullPage: true });
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await heading(page, hindiHeading).waitFor();
    await page.mouse.move(700, 5);
    await page.screenshot({ path: `${shots}-${name}-hi.png`, fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }

  // Searches a picker (its label `label`, within `scope`) for `q` and chooses the option starting with `option`.
  async function pick(scope, label, q, option) {
    const box = scope.getByRole('searchbox', { name: label });
    await box.fill(q);
    await box.press('Enter');
    const field = scope.locator('.picker').filter({ has: scope.page().getByRole('searchbox', { name: label }) });
    await field.getByRole('button', { name: option }).first().click();
    await field.locator('.picker__chosen').filter({ hasText: /Chosen:/ }).waitFor();
  }

  // No page errors, and no error answers (nor console errors about them) but the expected ones.
  function assertClean() {
    assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions in the page');
    assert.deepEqual(seen.failedRequests, [], 'requests that failed at the network level');
    const unexpected = seen.errorResponses.filter((r) => !expected(r.method, r.url, r.status));
    assert.deepEqual(unexpected, [], 'error answers the journeys did not ask for');
    const expectedUrls = new Set(seen.errorResponses.filter((r) => expected(r.method, r.url, r.status)).map((r) => r.url));
    const stray = seen.consoleErrors.filter((e) => !(e.text.startsWith('Failed to load resource') && expectedUrls.has(e.url)));
    assert.deepEqual(stray, [], 'console errors');
  }

  return { seen, newPage, logIn, screenshots, pick, assertClean };
}

module.exports = { CHROMIUM_ARGS, PASSWORD, launchBrowser, makeJourney, hash, heading, nav };
