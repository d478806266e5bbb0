// Browser test of authoring more than courses, against the real server (build/karmayogi with demo data):
// Kavita Iyer (creator@, LBSNAA) makes a programme from two published courses found with the catalogue
// picker, reorders them with the mouse and the keyboard, gives it a thumbnail (uploaded with progress,
// previewed) and submits it; she makes a curated programme for the Ministry of Railways with its intended
// audience in English and Hindi, a blended programme with two offline sessions, and a standalone assessment
// whose editor offers its settings (assess_authoring.test.js goes on from there). Arvind Rao (reviewer@) sees the programme's courses in order and
// its thumbnail, and comments on its title; Kavita marks the comment resolved in her editor, and Arvind sees
// it resolved. Screenshots in English and Hindi go to /tmp/karmayogi-authoring-*.png.
// Run: node --test tests/e2e/catalog_authoring.test.js   (needs build/karmayogi, /usr/bin/chromium).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const CREATOR = 'creator@karmayogi.demo';
const REVIEWER = 'reviewer@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-authoring';
const PROGRAMME = { code: 'E2E-PROG-GEM', title: 'Buying well on GeM', title_hi: 'GeM पर सही खरीद' };
const CURATED = { code: 'E2E-CUR-RAIL', title: 'Procurement for railway divisions', title_hi: 'रेल मंडलों के लिए खरीद',
  audience: 'Stores officers of the zonal railways', audience_hi: 'क्षेत्रीय रेलवे के भंडार अधिकारी' };
const BLENDED = { code: 'E2E-BLEND-GEM', title: 'GeM buyers\u2019 camp', title_hi: 'GeM क्रेता शिविर' };
const SESSIONS = [
  { title: 'Opening classroom day', title_hi: 'उद्घाटन कक्षा दिवस', mode: 'classroom', mode_word: 'Classroom', minutes: '180' },
  { title: 'Visit to a central stores depot', title_hi: 'केंद्रीय भंडार डिपो का दौरा', mode: 'field', mode_word: 'Field visit', minutes: '240' },
];
const ASSESSMENT = { code: 'E2E-ASSESS-GFR', title: 'GFR 2017 check' };
const COMMENT = 'Say in the title that it is meant for procurement sections.';
const SEARCH = 'procurement';

// A 2x2 PNG (red, green / blue, white): bytes that say "image".
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'GET', path: /^\/api\/v1\/contents\/\d+\/assessment$/, status: 404 }, // a new assessment has no settings yet
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots, pick } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;
let courses; // two published courses the picker finds for SEARCH: [{id, title}]

const flash = (page, text) => page.getByRole('status').filter({ hasText: text }).waitFor();
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  srv = await startServer({ demo: true });
  const client = makeClient(() => srv.url);
  const { token } = await client.login(CREATOR);
  const found = client.ok(await client.call('GET', `/api/v1/catalogue?kind=course&q=${SEARCH}&limit=20`, { token }));
  courses = found.items.slice(0, 2).map((c) => ({ id: c.id, title: c.title }));
  assert.equal(courses.length, 2, 'the demo has two published procurement courses');
  assert.notEqual(courses[0].title, courses[1].title);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// The titles of the programme's courses, in the order the editor lists them.
const order = (page) => page.getByRole('list', { name: 'Courses in order' }).locator('.prog-item__title').allInnerTexts();

// From the workspace, starts content of `kind` and lands in its editor.
async function create(page, kind, item) {
  await nav(page).getByRole('link', { name: 'Workspace' }).click();
  await heading(page, 'Workspace').waitFor();
  await page.getByRole('button', { name: 'New programme or assessment' }).click();
  const form = page.getByRole('region', { name: 'A new programme or assessment' });
  await form.getByLabel(/^Type/).selectOption(kind);
  await form.getByLabel(/^Code/).fill(item.code);
  await form.getByLabel(/^Title in English/).fill(item.title);
  if (item.title_hi) await form.getByLabel(/^Title in Hindi/).fill(item.title_hi);
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await heading(page, item.title).waitFor();
  assert.match(hash(page), /^#\/contents\/\d+\/edit$/);
  return page.url();
}

// Finds SEARCH in the course picker of `region` and adds the course titled `title`.
async function addCourse(region, title) {
  await region.getByRole('searchbox', { name: 'Find a published course' }).fill(SEARCH);
  await region.getByRole('searchbox', { name: 'Find a published course' }).press('Enter');
  const found = region.getByRole('list', { name: 'Courses found' });
  await found.getByRole('button', { name: new RegExp(`^Add ${esc(title)}`) }).click();
  await found.getByRole('button', { name: new RegExp(`^Already in the programme ${esc(title)}`) }).waitFor();
}

test('a creator authors programmes, a reviewer comments, the creator resolves the comment', async (t) => {
  let kavita;
  let arvind;
  let programmeUrl;

  await t.test('she makes a programme from two published courses and puts them in order', async () => {
    kavita = await newPage();
    await logIn(kavita, CREATOR);
    programmeUrl = await create(kavita, 'programme', PROGRAMME);
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Draft/);
    const region = kavita.getByRole('region', { name: 'Courses' });
    await region.getByText('No courses yet: find one below and add it.').waitFor();
    const [a, b] = courses;
    await addCourse(region, a.title);
    await addCourse(region, b.title);
    assert.deepEqual(await order(kavita), [a.title, b.title]);

    // With the mouse: the second moves up, and focus stays with it (on "Move down", the way it can still go).
    await region.getByRole('button', { name: `Move up: ${b.title}` }).click();
    assert.deepEqual(await order(kavita), [b.title, a.title]);
    assert.equal(await kavita.evaluate(() => document.activeElement.textContent), `Move down: ${b.title}`);
    assert.equal(await region.getByRole('button', { name: `Move up: ${b.title}` }).isDisabled(), true);
    // With the keyboard: Enter moves it down again, and again up.
    await kavita.keyboard.press('Enter');
    assert.deepEqual(await order(kavita), [a.title, b.title]);
    assert.equal(await kavita.evaluate(() => document.activeElement.textContent), `Move up: ${b.title}`);
    await kavita.keyboard.press('Enter');
    assert.deepEqual(await order(kavita), [b.title, a.title]);

    await region.getByRole('button', { name: 'Save courses', exact: true }).click();
    await flash(kavita, "The programme's courses have been saved.");
    await kavita.reload();
    await heading(kavita, PROGRAMME.title).waitFor();
    assert.deepEqual(await order(kavita), [b.title, a.title], 'the order is kept by the server');
  });

  await t.test('she uploads a thumbnail, sees it previewed, and keeps it with the details', async () => {
    const details = kavita.getByRole('region', { name: 'Details' });
    await details.getByText('No picture yet.').waitFor();
    const upload = kavita.waitForResponse((r) => r.url().includes('/api/v1/files?kind=image') && r.request().method() === 'POST');
    await details.getByLabel('Choose a picture').setInputFiles({ name: 'gem-cover.png', mimeType: 'image/png', buffer: PNG });
    assert.ok([200, 201].includes((await upload).status()));
    await details.getByText(/^Uploaded: gem-cover\.png/).waitFor();
    const preview = details.getByRole('img', { name: 'Thumbnail preview' });
    await preview.waitFor();
    await kavita.waitForFunction(() => document.querySelector('.thumbfield__img')?.naturalWidth === 2);
    await details.getByRole('checkbox', { name: 'Group B' }).check();
    await details.getByRole('button', { name: 'Save details' }).click();
    await flash(kavita, 'The details have been saved.');
    await kavita.reload();
    await heading(kavita, PROGRAMME.title).waitFor();
    await kavita.getByRole('region', { name: 'Details' }).getByText(/^A picture is set/).waitFor();
    await kavita.waitForFunction(() => document.querySelector('.thumbfield__img')?.naturalWidth === 2);
    await screenshots(kavita, 'programme', PROGRAMME.title_hi);

    // Its page shows the picture too (her latest version, since it is not published yet).
    const id = programmeUrl.match(/contents\/(\d+)/)[1];
    await kavita.goto(`${srv.url}/#/contents/${id}`);
    await heading(kavita, PROGRAMME.title).waitFor();
    await kavita.waitForFunction(() => document.querySelector('.course-hero .thumb')?.naturalWidth === 2);
    const list = await kavita.getByRole('region', { name: 'Courses in this programme' }).innerText();
    assert.ok(list.indexOf(courses[1].title) < list.indexOf(courses[0].title), 'the page lists the courses in their order');
    await screenshots(kavita, 'page', PROGRAMME.title_hi);
  });

  await t.test('she submits the programme for review', async () => {
    await kavita.goto(programmeUrl);
    await heading(kavita, PROGRAMME.title).waitFor();
    await kavita.getByRole('button', { name: 'Submit for review' }).click();
    await flash(kavita, 'Submitted for review.');
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Submitted/);
    assert.equal(await kavita.getByRole('button', { name: 'Save courses', exact: true }).count(), 0, 'in review it reads only');
  });

  await t.test('she makes a curated programme for the Ministry of Railways with its intended audience', async () => {
    await create(kavita, 'curated_programme', CURATED);
    const details = kavita.getByRole('region', { name: 'Details' });
    const audience = details.getByRole('group', { name: 'Intended audience' });
    await pick(audience, 'Organisation it is made for', 'Railways', /^Ministry of Railways/);
    await audience.getByLabel('Intended audience in English').fill(CURATED.audience);
    await audience.getByLabel('Intended audience in Hindi').fill(CURATED.audience_hi);
    await details.getByRole('checkbox', { name: 'Group C' }).check();
    await details.getByRole('button', { name: 'Save details' }).click();
    await flash(kavita, 'The details have been saved.');
    const region = kavita.getByRole('region', { name: 'Courses' });
    await addCourse(region, courses[0].title);
    await region.getByRole('button', { name: 'Save courses', exact: true }).click();
    await flash(kavita, "The programme's courses have been saved.");

    await kavita.reload();
    await heading(kavita, CURATED.title).waitFor();
    const again = kavita.getByRole('region', { name: 'Details' }).getByRole('group', { name: 'Intended audience' });
    assert.match(await again.locator('.picker__chosen').innerText(), /Ministry of Railways/);
    assert.equal(await again.getByLabel('Intended audience in English').inputValue(), CURATED.audience);
    assert.equal(await again.getByLabel('Intended audience in Hindi').inputValue(), CURATED.audience_hi);
    assert.deepEqual(await order(kavita), [courses[0].title]);
    // Its page says whom it is made for.
    const id = kavita.url().match(/contents\/(\d+)/)[1];
    await kavita.goto(`${srv.url}/#/contents/${id}`);
    const about = await kavita.getByRole('region', { name: 'At a glance' }).innerText();
    assert.match(about, new RegExp(`Made for\\s+Ministry of Railways · ${CURATED.audience}`));
  });

  await t.test('she makes a blended programme with two offline sessions', async () => {
    await create(kavita, 'blended_programme', BLENDED);
    const region = kavita.getByRole('region', { name: 'Courses and offline sessions' });
    await region.getByText('No offline sessions yet.').waitFor();
    for (const [i, sn] of SESSIONS.entries()) {
      await region.getByRole('button', { name: 'Add session' }).click();
      const box = region.getByRole('group', { name: `Session ${i + 1}` });
      assert.equal(await kavita.evaluate(() => document.activeElement.id), `pg-sessions-${i}--title`, 'a new session opens at its title');
      await box.getByLabel('Title in English').fill(sn.title);
      await box.getByLabel('Title in Hindi').fill(sn.title_hi);
      await box.getByLabel('Mode').selectOption(sn.mode);
      await box.getByLabel('Minutes').fill(sn.minutes);
    }
    await region.getByRole('button', { name: 'Save courses and sessions' }).click();
    await flash(kavita, "The programme's courses and sessions have been saved.");
    await kavita.reload();
    await heading(kavita, BLENDED.title).waitFor();
    for (const [i, sn] of SESSIONS.entries()) {
      const box = kavita.getByRole('group', { name: `Session ${i + 1}` });
      assert.equal(await box.getByLabel('Title in English').inputValue(), sn.title);
      assert.equal(await box.getByLabel('Title in Hindi').inputValue(), sn.title_hi);
      assert.equal(await box.getByLabel('Mode').inputValue(), sn.mode);
      assert.equal(await box.getByLabel('Minutes').inputValue(), sn.minutes);
    }
    // Its page shows the plan in words.
    const id = kavita.url().match(/contents\/(\d+)/)[1];
    await kavita.goto(`${srv.url}/#/contents/${id}`);
    const plan = await kavita.getByRole('region', { name: 'Offline sessions' }).innerText();
    assert.match(plan, new RegExp(`${SESSIONS[0].title}\\s+Classroom · 3 h`));
    assert.match(plan, new RegExp(`${SESSIONS[1].title}\\s+Field visit · 4 h`));
  });

  await t.test('she makes a standalone assessment, whose editor offers its settings instead of an outline', async () => {
    await create(kavita, 'assessment', ASSESSMENT);
    const settings = kavita.getByRole('region', { name: 'Assessment settings' });
    await settings.getByLabel(/^Time limit in minutes/).waitFor();
    assert.equal(await kavita.getByRole('region', { name: 'Outline' }).count(), 0, 'no course outline for an assessment');
    await kavita.getByRole('button', { name: 'हिन्दी' }).click();
    await kavita.getByRole('region', { name: 'आकलन की सेटिंग' }).waitFor();
    await kavita.getByRole('button', { name: 'English' }).click();
  });

  await t.test('the reviewer sees the courses in order and the thumbnail, and comments on the title', async () => {
    arvind = await newPage();
    await logIn(arvind, REVIEWER);
    await nav(arvind).getByRole('link', { name: 'Review queue' }).click();
    await heading(arvind, 'Review queue').waitFor();
    await arvind.getByRole('table', { name: 'Content waiting for review' }).getByRole('link', { name: PROGRAMME.title }).click();
    await heading(arvind, PROGRAMME.title).waitFor();
    await arvind.getByRole('button', { name: 'Start review' }).click();
    await flash(arvind, 'You are reviewing it now.');
    const listed = await arvind.getByRole('list', { name: 'Courses in this programme' }).getByRole('link').allInnerTexts();
    assert.deepEqual(listed, [courses[1].title, courses[0].title]);
    await arvind.waitForFunction(() => document.querySelector('.rpart__thumb img')?.naturalWidth === 2);

    const parts = arvind.getByRole('region', { name: 'The version and its comments' });
    const title = parts.getByRole('listitem').filter({ has: arvind.getByRole('heading', { name: 'Title', exact: true }) });
    await title.getByLabel('Comment on Title', { exact: true }).first().click();
    await title.getByRole('textbox', { name: 'Comment on Title' }).fill(COMMENT);
    await title.getByRole('button', { name: 'Add comment' }).click();
    await flash(arvind, 'The comment has been added.');
    await title.getByText(COMMENT).waitFor();
    await parts.getByText('1 open, 0 resolved').waitFor();
    assert.equal(await title.getByText('Resolved', { exact: true }).count(), 0);
  });

  await t.test('the creator marks the comment resolved in her editor; both see it resolved', async () => {
    await kavita.goto(programmeUrl);
    await kavita.reload();
    await heading(kavita, PROGRAMME.title).waitFor();
    const details = kavita.getByRole('region', { name: 'Details' });
    const beside = details.getByRole('listitem').filter({ hasText: COMMENT });
    await beside.waitFor();
    await beside.getByRole('button', { name: /^Mark resolved/ }).click();
    await beside.getByText('Resolved', { exact: true }).waitFor();
    assert.equal(await kavita.evaluate(() => document.activeElement.textContent.startsWith('Reopen')), true, 'focus stays on the comment');
    // The copy in the comments panel says so too.
    const panel = kavita.getByRole('region', { name: "Reviewer's comments" });
    await panel.getByRole('listitem').filter({ hasText: COMMENT }).getByText('Resolved', { exact: true }).waitFor();
    await panel.getByText('0 open, 1 resolved').waitFor();
    await screenshots(kavita, 'resolved', PROGRAMME.title_hi);
    await kavita.reload();
    await heading(kavita, PROGRAMME.title).waitFor();
    await details.getByRole('listitem').filter({ hasText: COMMENT }).getByRole('button', { name: /^Reopen/ }).waitFor();

    await arvind.reload();
    await heading(arvind, PROGRAMME.title).waitFor();
    const parts = arvind.getByRole('region', { name: 'The version and its comments' });
    const comment = parts.getByRole('listitem').filter({ hasText: COMMENT }).last();
    await comment.getByText('Resolved', { exact: true }).waitFor();
    await parts.getByText('0 open, 1 resolved').waitFor();
    await screenshots(arvind, 'review', PROGRAMME.title_hi);
    await arvind.context().close();
    await kavita.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journeys asked for', () => {
    journey.assertClean();
  });
});
