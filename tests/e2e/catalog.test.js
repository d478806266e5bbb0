// Browser test of the content marketplace against the real server (build/karmayogi with demo data), walking
// the journey: Kavita Iyer (creator@, LBSNAA) authors a course in her workspace with its metadata,
// a competency and an outline holding an uploaded video and an uploaded PDF (progress shown while they go),
// and submits it; Arvind Rao (reviewer@) starts the review, comments on the PDF beside it and requests a
// change; Kavita reads the comment beside the part, fixes it and resubmits; Arvind approves; Meenakshi Nair
// (publisher@) publishes; Priya Sharma (learner@) finds the course in the catalogue by a Hindi word and by an
// English word, narrows by a facet, and opens its page with its outline and competencies; she enrols, watches
// the video to its end and marks the PDF done in the player, and, the course completed, rates it on its page.
// Screenshots in English and Hindi go to
// /tmp/karmayogi-catalog-*.png. Run: node --test tests/e2e/   (needs build/karmayogi, /usr/bin/chromium).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const CREATOR = 'creator@karmayogi.demo';
const REVIEWER = 'reviewer@karmayogi.demo';
const PUBLISHER = 'publisher@karmayogi.demo';
const LEARNER = 'learner@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-catalog';
const COURSE = {
  code: 'E2E-TENDER-101',
  title: 'Tender scrutiny clinic',
  title_hi: 'निविदा संवीक्षा कार्यशाला',
  description: 'How a tender committee scrutinises bids on the Government e-Marketplace, step by step.',
  description_hi: 'निविदा समिति जेम पर बोलियों की संवीक्षा कैसे करती है, चरण दर चरण।',
};
const HINDI_WORD = 'संवीक्षा';
const ENGLISH_WORD = 'scrutiny';
const PDF_TITLE = 'Checklist for bid scrutiny';
const PDF_FIXED = 'Checklist for bid scrutiny (GFR 2017, amended)';
const CHANGE = 'Please say which edition of GFR the checklist follows.';

// A real video the learner can play to its end (7.9 s of VP8, see learn_player.test.js), and the smallest PDF.
const VIDEO = fs.readFileSync(path.join(__dirname, 'data', 'lesson.webm'));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n'
  + 'trailer << /Root 1 0 R >>\n%%EOF\n');

// Answers >= 400 these journeys provoke on purpose; anything else is a bug.
const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'POST', path: '/api/v1/contents', status: 422 }, // a code with a space in it
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots, pick } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;
let learner; // Priya's page, from finding the course to rating it
let courseId;

const flash = (page, text) => page.getByRole('status').filter({ hasText: text }).waitFor();

// Opens the course from the review queue's list for `status`.
async function openFromQueue(page, status) {
  await nav(page).getByRole('link', { name: 'Review queue' }).click();
  await heading(page, 'Review queue').waitFor();
  if (status) await page.getByLabel('Status', { exact: true }).selectOption(status);
  await page.getByRole('table', { name: 'Content waiting for review' }).getByRole('link', { name: COURSE.title }).click();
  await heading(page, COURSE.title).waitFor();
  assert.match(hash(page), /^#\/contents\/\d+\/review$/);
}

before(async () => {
  srv = await startServer({ demo: true });
  // The demo makes LBSNAA a provider; the journey starts from there.
  const client = makeClient(() => srv.url);
  const { token } = await client.login('spv.admin@karmayogi.demo');
  const lbsnaa = await client.orgId('LBSNAA', token);
  client.ok(await client.call('GET', `/api/v1/providers/${lbsnaa}`, { token }));
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('a course goes from a creator through review and publishing to a learner who finds it', async (t) => {
  let kavita;
  let arvind;
  let editorUrl;

  await t.test('the creator starts a course in her workspace', async () => {
    kavita = await newPage();
    await logIn(kavita, CREATOR);
    assert.equal(await nav(kavita).getByRole('link', { name: 'Review queue' }).count(), 0, 'a creator is not offered the queue');
    await nav(kavita).getByRole('link', { name: 'Workspace' }).click();
    await heading(kavita, 'Workspace').waitFor();
    assert.match(hash(kavita), /^#\/providers\/\d+\/workspace$/);
    await kavita.getByRole('table', { name: 'Content of this provider' }).or(kavita.getByText('No content here yet.')).first().waitFor();
    await screenshots(kavita, 'workspace', 'कार्यक्षेत्र');

    await kavita.getByRole('button', { name: 'New course' }).click();
    const form = kavita.getByRole('region', { name: 'A new course' });
    await form.getByLabel(/^Code/).fill('E2E TENDER');
    await form.getByLabel(/^Title in English/).fill(COURSE.title);
    await form.getByLabel(/^Title in Hindi/).fill(COURSE.title_hi);
    await form.getByRole('button', { name: 'Create course' }).click();
    // The server's word on the code lands under the code.
    const code = form.locator('[data-field="code"]');
    await code.locator('.field__error-line').waitFor();
    assert.equal(await form.getByLabel(/^Code/).getAttribute('aria-invalid'), 'true');
    await form.getByLabel(/^Code/).fill(COURSE.code);
    await form.getByRole('button', { name: 'Create course' }).click();
    await heading(kavita, COURSE.title).waitFor();
    assert.match(hash(kavita), /^#\/contents\/\d+\/edit$/);
    editorUrl = kavita.url();
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Draft/);
  });

  await t.test('she fills in its details: descriptions, languages, duration, groups, a designation and a competency with its level', async () => {
    const details = kavita.getByRole('region', { name: 'Details' });
    await details.getByLabel('Description in English').fill(COURSE.description);
    await details.getByLabel('Description in Hindi').fill(COURSE.description_hi);
    await details.getByRole('checkbox', { name: 'English' }).check();
    await details.getByRole('checkbox', { name: 'Hindi' }).check();
    await details.getByLabel('Duration in minutes').fill('90');
    await details.getByLabel('Keywords').fill('GeM, tender, निविदा');
    await details.getByRole('checkbox', { name: 'Group A' }).check();
    await details.getByRole('checkbox', { name: 'Group B' }).check();
    await details.getByRole('checkbox', { name: 'Section Officer', exact: true }).check();
    await details.getByRole('button', { name: 'Add competency' }).click();
    await pick(details, /^Competency 1/, 'procurement', /^Public procurement/);
    await details.getByRole('group', { name: /^Level it builds for competency 1/ }).getByRole('radio', { name: 'Level 3 · Proficient' }).check();
    await details.getByRole('button', { name: 'Save details' }).click();
    await flash(kavita, 'The details have been saved.');
  });

  await t.test('she builds the outline: a module with an uploaded video and an uploaded PDF', async () => {
    const outline = kavita.getByRole('region', { name: 'Outline' });
    await outline.getByRole('button', { name: 'Add module' }).click();
    assert.equal(await kavita.evaluate(() => document.activeElement.id), 'ol-modules-0--title', 'a new module opens at its title');
    await outline.getByLabel(/^Module title in English/).fill('Reading the bids');
    await outline.getByLabel('Module title in Hindi').fill('बोलियाँ पढ़ना');

    await outline.getByRole('button', { name: 'Add resource Module 1' }).click();
    const video = outline.getByRole('group', { name: 'Resource 1.1' });
    assert.equal(await video.getByLabel('Kind of resource').inputValue(), 'video');
    await video.getByLabel(/^Title in English/).fill('Welcome to the clinic');
    await video.getByLabel('Minutes').fill('5');
    {
      const upload = kavita.waitForResponse((r) => r.url().includes('/api/v1/files?kind=video') && r.request().method() === 'POST');
      await video.locator('input[type="file"]').setInputFiles({ name: 'welcome.webm', mimeType: 'video/webm', buffer: VIDEO });
      assert.ok([200, 201].includes((await upload).status()));
      await video.getByText(/^Uploaded: welcome\.webm/).waitFor();
      assert.equal(await video.getByLabel(/video's address/).count(), 0, 'an uploaded video needs no address');
    }

    await outline.getByRole('button', { name: 'Add resource Module 1' }).click();
    const pdf = outline.getByRole('group', { name: 'Resource 1.2' });
    await pdf.getByLabel('Kind of resource').selectOption('pdf');
    await pdf.getByLabel(/^Title in English/).fill(PDF_TITLE);
    await pdf.locator('input[type="file"]').setInputFiles({ name: 'checklist.pdf', mimeType: 'application/pdf', buffer: PDF });
    await pdf.getByText(/^Uploaded: checklist\.pdf/).waitFor();
    await outline.getByRole('button', { name: 'Save outline' }).click();
    await flash(kavita, 'The outline has been saved.');
    await screenshots(kavita, 'editor', COURSE.title_hi);
  });

  await t.test('she submits it for review, and the editor turns read-only', async () => {
    await kavita.getByRole('button', { name: 'Submit for review' }).click();
    await flash(kavita, 'Submitted for review.');
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Submitted/);
    assert.equal(await kavita.getByRole('button', { name: 'Save outline' }).count(), 0);
    await kavita.getByRole('button', { name: 'Take it back' }).waitFor();
    await kavita.getByRole('region', { name: 'History' }).getByText('Submitted for review').waitFor();
  });

  await t.test('the reviewer starts the review, comments beside the PDF and asks for a change', async () => {
    arvind = await newPage();
    await logIn(arvind, REVIEWER);
    await openFromQueue(arvind, null);
    await arvind.getByRole('button', { name: 'Start review' }).click();
    await flash(arvind, 'You are reviewing it now.');
    assert.match(await arvind.locator('.page-header__tags').innerText(), /In review/);

    const parts = arvind.getByRole('region', { name: 'The version and its comments' });
    const pdfPart = parts.getByRole('listitem').filter({ has: arvind.getByRole('heading', { name: `Resource 1.2: ${PDF_TITLE}` }) });
    assert.match(await pdfPart.innerText(), /Open the file \(application\/pdf/);
    await pdfPart.getByLabel(`Comment on Resource 1.2: ${PDF_TITLE}`, { exact: true }).first().click(); // opens the form
    await pdfPart.getByRole('textbox', { name: `Comment on Resource 1.2: ${PDF_TITLE}` }).fill(CHANGE);
    await pdfPart.getByRole('button', { name: 'Add comment' }).click();
    await flash(arvind, 'The comment has been added.');
    const again = parts.getByRole('listitem').filter({ has: arvind.getByRole('heading', { name: `Resource 1.2: ${PDF_TITLE}` }) });
    assert.match(await again.innerText(), new RegExp(CHANGE.replace(/[.()]/g, '\\$&')));
    await screenshots(arvind, 'review', COURSE.title_hi);

    // Approve and request changes both wait for a decision; asking for changes needs words.
    await arvind.getByRole('button', { name: 'Request changes' }).click();
    await arvind.getByRole('alert').filter({ hasText: 'Say what to change' }).waitFor();
    await arvind.getByLabel('Comment for the author').fill('One change, beside the PDF.');
    await arvind.getByRole('button', { name: 'Request changes' }).click();
    await flash(arvind, 'Sent back to the author with your comment.');
    assert.match(await arvind.locator('.page-header__tags').innerText(), /Changes requested/);
  });

  await t.test('the creator reads the comment beside the PDF, fixes it and resubmits', async () => {
    await kavita.goto(editorUrl);
    await kavita.reload();
    await heading(kavita, COURSE.title).waitFor();
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Changes requested/);
    const pdf = kavita.getByRole('group', { name: 'Resource 1.2' });
    assert.match(await pdf.innerText(), new RegExp(CHANGE.replace(/[.()]/g, '\\$&')), 'the comment sits beside the part it names');
    assert.match(await kavita.getByRole('region', { name: "Reviewer's comments" }).innerText(), /Resource 1.2/);
    await kavita.getByRole('region', { name: 'History' }).getByText('One change, beside the PDF.').waitFor();
    await pdf.getByLabel(/^Title in English/).fill(PDF_FIXED);
    await kavita.getByRole('button', { name: 'Save outline' }).click();
    await flash(kavita, 'The outline has been saved.');
    await kavita.getByRole('button', { name: 'Submit for review' }).click();
    await flash(kavita, 'Submitted for review.');
  });

  await t.test('the reviewer approves the fixed version; publishing is not his to do', async () => {
    await openFromQueue(arvind, 'submitted');
    await arvind.getByRole('heading', { name: `Resource 1.2: ${PDF_FIXED}` }).waitFor();
    await arvind.getByRole('button', { name: 'Start review' }).click();
    await flash(arvind, 'You are reviewing it now.');
    await arvind.getByRole('button', { name: 'Approve' }).click();
    await flash(arvind, 'Approved; a publisher can publish it now.');
    assert.equal(await arvind.getByRole('button', { name: 'Publish' }).count(), 0);
    await arvind.context().close();
  });

  await t.test('the publisher publishes it', async () => {
    const meenakshi = await newPage();
    await logIn(meenakshi, PUBLISHER);
    await openFromQueue(meenakshi, 'in_review');
    await meenakshi.getByText(/^Approved by Arvind Rao/).waitFor();
    await meenakshi.getByRole('button', { name: 'Publish' }).click();
    await flash(meenakshi, 'Published: learners find it in the catalogue now.');
    assert.match(await meenakshi.locator('.page-header__tags').innerText(), /Published/);
    const history = await meenakshi.getByRole('region', { name: 'History' }).innerText();
    for (const step of ['Submitted for review', 'Review started', 'Changes requested', 'Approved', 'Published']) assert.match(history, new RegExp(step));
    await meenakshi.context().close();
    await kavita.context().close();
  });

  await t.test('a learner finds it by a Hindi word and by an English word, and opens its page', async () => {
    const priya = await newPage();
    await logIn(priya, LEARNER);
    assert.equal(await nav(priya).getByRole('link', { name: 'Workspace' }).count(), 0, 'a learner has no workspace');
    await nav(priya).getByRole('link', { name: 'Catalogue' }).click();
    await heading(priya, 'Catalogue').waitFor();
    assert.doesNotMatch(await nav(priya).getByRole('link', { name: /Catalogue/ }).innerText(), /Upcoming/, 'the section is open now');
    const results = priya.getByRole('list', { name: /All courses|Results for/ });
    await results.getByRole('listitem').first().waitFor();
    const found = await priya.getByRole('status').filter({ hasText: /found/ }).innerText();
    assert.match(found, /^[\d,]+ found$/);
    if (Number(found.replace(/\D/g, '')) > 20) {
      // A page at a time: "Load more" adds the next cards and takes focus to the first of them.
      assert.equal(await results.locator('.ccard').count(), 20);
      await priya.getByRole('button', { name: 'Load more' }).click();
      await priya.waitForFunction(() => document.querySelectorAll('.ccard').length > 20);
      assert.equal(await priya.evaluate(() => document.activeElement.closest('.ccard') === document.querySelectorAll('.ccard')[20]), true);
    }

    const search = async (q) => {
      await priya.getByRole('searchbox', { name: 'Search the catalogue' }).fill(q);
      await priya.getByRole('button', { name: 'Search', exact: true }).click();
      await priya.getByRole('heading', { level: 2, name: `Results for “${q}”` }).waitFor();
      await priya.getByRole('list', { name: `Results for “${q}”` }).getByRole('link', { name: COURSE.title }).waitFor();
      assert.equal(hash(priya), `#/catalogue?q=${encodeURIComponent(q)}`);
    };
    await search(HINDI_WORD);
    await search(ENGLISH_WORD);

    // A facet narrows the results and keeps the course in them.
    const provider = priya.getByRole('group', { name: 'Provider' });
    await provider.getByRole('radio', { name: /^LBSNAA/ }).or(provider.getByRole('radio', { name: /^Lal Bahadur/ })).first().check();
    await priya.waitForFunction(() => location.hash.includes('provider='));
    await priya.getByRole('list', { name: `Results for “${ENGLISH_WORD}”` }).getByRole('link', { name: COURSE.title }).waitFor();
    await screenshots(priya, 'catalogue', 'पाठ्यक्रम सूची');
    // In Hindi the card speaks Hindi.
    await priya.getByRole('button', { name: 'हिन्दी' }).click();
    await priya.getByRole('link', { name: COURSE.title_hi }).waitFor();
    await priya.getByRole('button', { name: 'English' }).click();

    await priya.getByRole('link', { name: COURSE.title }).click();
    await heading(priya, COURSE.title).waitFor();
    assert.match(hash(priya), /^#\/contents\/\d+$/);
    courseId = Number(hash(priya).split('/')[2]);
    const main = await priya.getByRole('main').innerText();
    assert.match(main, new RegExp(COURSE.description));
    assert.match(main, /Lal Bahadur Shastri National Academy of Administration/);
    assert.match(main, /1 h 30 min/);
    const outline = await priya.getByRole('region', { name: 'Outline' }).innerText();
    assert.match(outline, /Reading the bids/);
    assert.match(outline, /Welcome to the clinic\s+Video · 5 min/);
    assert.match(outline, new RegExp(`${PDF_FIXED.replace(/[()]/g, '\\$&')}\\s+PDF`));
    assert.match(await priya.getByRole('region', { name: 'Competencies it builds' }).innerText(), /Public procurement[\s\S]*Level 3 · Proficient/);
    assert.equal(await priya.getByRole('link', { name: 'Edit' }).count(), 0, 'a learner is not offered the editor');
    await screenshots(priya, 'course', COURSE.title_hi);
    learner = priya;
  });

  await t.test('she enrols, watches the video to its end, marks the PDF done, and the course is completed', async () => {
    const priya = learner;
    await priya.getByRole('button', { name: 'Enrol', exact: true }).click();
    await priya.getByRole('status').filter({ hasText: 'You are enrolled.' }).waitFor();
    await priya.getByRole('link', { name: 'Continue learning' }).click();
    await priya.getByRole('heading', { level: 2, name: 'Welcome to the clinic' }).waitFor();
    await priya.locator('video').evaluate((v) => { v.muted = true; return v.play(); });
    await priya.waitForFunction(() => document.querySelector('video').ended, null, { timeout: 20000 });
    await priya.getByRole('button', { name: 'Next' }).click();
    await priya.getByRole('heading', { level: 2, name: PDF_FIXED }).waitFor();
    await priya.getByRole('button', { name: 'Mark as done' }).click();
    await priya.getByRole('status').filter({ hasText: 'Course completed' }).waitFor();
    await screenshots(priya, 'completed', COURSE.title_hi);
  });

  await t.test('having finished it, she rates it on its page, and the average and count show', async () => {
    const priya = learner;
    await priya.goto(`${srv.url}/#/contents/${courseId}`);
    await heading(priya, COURSE.title).waitFor();
    const ratings = priya.getByRole('region', { name: 'Ratings and reviews' });
    await ratings.getByRole('heading', { name: 'Rate this course' }).waitFor();
    await ratings.getByRole('group', { name: 'Stars' }).getByTitle('4 stars', { exact: true }).click();
    await ratings.getByLabel('Review (optional)').fill('Clear on GFR and on GeM bid scrutiny; the checklist is handy.');
    await ratings.getByRole('button', { name: 'Save rating' }).click();
    await priya.getByRole('status').filter({ hasText: 'Thank you: your rating is saved.' }).waitFor();
    await ratings.getByText('1 rating', { exact: true }).waitFor();
    assert.equal(await ratings.locator('.rating-summary__avg').innerText(), '4.0');
    await screenshots(priya, 'rated', COURSE.title_hi);
    await priya.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journeys asked for', () => {
    journey.assertClean();
  });
});
