// Browser test of capacity-building plans, against the real server (build/karmayogi with demo data): Anil
// Mehta (cbp.admin@, Ministry of Railways) makes the Railways' plan for the financial year on the screens:
// finds a published course in the catalogue, sets a due date inside the year, narrows the audience to Section
// Officers while the live count follows each change, is warned when a rule resolves to nobody, approves and
// publishes it (the answer says how many were assigned). Priya Sharma (learner@, a Section Officer of the
// Railway Board) finds the course under "My plan" on her home page, with My iGOT below it (what to continue,
// recommendations from her post's gap with their reasons in English and Hindi, her ministry's curated programmes). The compliance dashboard shows the
// counts and drills down by organisation to her. She is then transferred to the Ministry of Finance, whose
// own plan (made through the API by the platform admin) then fills her home page instead of the Railways'.
// Screenshots in English and Hindi go to /tmp/karmayogi-cbp-*.png.
// Run: node --test tests/e2e/cbp.test.js   (needs build/karmayogi, /usr/bin/chromium).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const CBP = 'cbp.admin@karmayogi.demo';
const LEARNER = 'learner@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-cbp';
const PLAN = { title: 'Railways capacity-building plan 2026-27', title_hi: 'रेलवे क्षमता निर्माण योजना 2026-27' };
const DUE = '2027-02-26';
const CURATED_MOR = 'Safety first: a programme for the Ministry of Railways'; // a demo curated programme for MOR

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'POST', path: /^\/api\/v1\/cbp-plans\/\d+\/items$/, status: 422 }, // a due date after the year; an audience of nobody
  { method: 'POST', path: /^\/api\/v1\/orgs\/\d+\/cbp-plans$/, status: 409 }, // a second plan for the same year
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;
const newPage = () => journey.newPage(browser);
const client = makeClient(() => srv.url);
const { call, ok } = client;

let srv;
let browser;
const tok = {};
const org = {};
let railCourse; // {id, title}: what the Railways' plan asks
let financeCourse; // what the Ministry of Finance's plan asks
let priya; // her official id
let planId;
let soCount; // active Section Officers in the Railways, counted by the API

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const plural = (n) => (n === 1 ? '1 official' : `${n} officials`);

before(async () => {
  srv = await startServer({ demo: true });
  for (const [k, email] of Object.entries({ cbp: CBP, spv: 'spv.admin@karmayogi.demo', learner: LEARNER })) {
    const login = await client.login(email);
    tok[k] = login.token;
    if (k === 'learner') priya = login.user.id;
  }
  for (const code of ['MOR', 'RB', 'MOF']) org[code] = await client.orgId(code, tok.spv);
  const courses = ok(await call('GET', '/api/v1/catalogue?kind=course&q=procurement&limit=5', { token: tok.learner })).items;
  const others = ok(await call('GET', '/api/v1/catalogue?kind=course&q=RTI&limit=5', { token: tok.learner })).items;
  railCourse = { id: courses[0].id, title: courses[0].title };
  financeCourse = { id: others[0].id, title: others[0].title };
  assert.notEqual(railCourse.id, financeCourse.id);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('a CBP admin plans for a designation, the official sees it at home, follows a transfer, compliance drills down', async (t) => {
  let anil;
  let itemTitleLink;

  await t.test('the CBP admin makes the plan of the financial year from the Plans section', async () => {
    anil = await newPage();
    await logIn(anil, CBP);
    await nav(anil).getByRole('link', { name: 'Plans' }).click();
    await heading(anil, 'Capacity-building plans').waitFor();
    await anil.getByText('No plan yet for this organisation.').waitFor();
    const form = anil.getByRole('form', { name: 'A plan for a financial year' });
    await form.getByLabel(/^Financial year/).selectOption('2026');
    await form.getByLabel(/^Title in English/).fill(PLAN.title);
    await form.getByLabel(/^Title in Hindi/).fill(PLAN.title_hi);
    await form.getByRole('button', { name: 'Create the plan' }).click();
    await heading(anil, PLAN.title).waitFor();
    planId = Number(hash(anil).match(/^#\/plans\/(\d+)$/)[1]);
    assert.match(await anil.locator('.page-header').innerText(), /Draft[\s\S]*Revision 1[\s\S]*Ministry of Railways · financial year 2026–27 \(1 Apr 2026 to 31 Mar 2027\)/);
    soCount = ok(await call('POST', `/api/v1/cbp-plans/${planId}/audience-preview`, { token: tok.cbp,
      json: { audience: [{ designations: ['SO'] }] } })).count;
    assert.ok(soCount >= 2, `Section Officers in the Railways: ${soCount}`);
  });

  await t.test('she adds an item: a published course, a due date in the year, Section Officers with a live count', async () => {
    await anil.getByRole('button', { name: 'Add an item' }).click();
    const form = anil.getByRole('form', { name: 'Add an item' });
    await form.waitFor();
    const whole = ok(await call('POST', `/api/v1/cbp-plans/${planId}/audience-preview`, { token: tok.cbp,
      json: { audience: [{}] } })).count;
    // Before any rule is narrowed, the count is the whole ministry.
    await form.getByText(`This audience is ${whole} officials.`).waitFor();

    const find = form.getByRole('searchbox', { name: 'Find published content' });
    await find.fill(railCourse.title);
    await find.press('Enter');
    await form.getByRole('button', { name: new RegExp(`^${esc(railCourse.title)}`) }).first().focus();
    await anil.keyboard.press('Enter');
    await form.locator('.picker__chosen').filter({ hasText: railCourse.title }).waitFor();
    assert.equal(await anil.evaluate(() => document.activeElement.id), 'cbp-item-q', 'focus goes back to the search box');
    await form.getByText('Within the plan\'s financial year: 1 Apr 2026 to 31 Mar 2027.').waitFor();
    const due = form.getByLabel(/^Due date/);
    await due.fill('2027-04-15'); // after the year: refused, and said under the field
    // With the keyboard: Space ticks the designation, and the count follows.
    await form.getByLabel('Section Officer (SO)').focus();
    await anil.keyboard.press('Space');
    await form.getByText(`This audience is ${soCount} officials.`).waitFor();
    await form.getByText(`Rule 1 (${plural(soCount)})`).waitFor();
    await form.getByRole('button', { name: 'Add the item' }).click();
    await form.locator('[data-field="due"] .field__error').filter({ hasText: "must fall within the plan's year, 2026-04-01 to 2027-03-31" }).waitFor();
    assert.equal(await due.getAttribute('aria-invalid'), 'true');
    await due.fill('2027-03-31');
    // Group A as well: no Section Officer is group A, and the count says so at once.
    await form.getByLabel('Group A', { exact: true }).check();
    await form.getByText('This audience is 0 officials.').waitFor();
    await form.getByRole('button', { name: 'Add the item' }).click();
    const warning = form.getByRole('alert').filter({ hasText: 'This audience resolves to nobody' });
    await warning.waitFor();
    await warning.getByRole('button', { name: 'Keep it anyway' }).waitFor();
    await warning.getByRole('button', { name: 'Change the rules' }).click();
    await form.getByLabel('Group A', { exact: true }).uncheck();
    await form.getByText(`This audience is ${soCount} officials.`).waitFor();
    await form.getByRole('button', { name: 'Add the item' }).click();

    await anil.getByRole('status').filter({ hasText: `Added: ${railCourse.title}` }).waitFor();
    const item = anil.getByRole('list', { name: 'Items' }).getByRole('listitem').filter({ hasText: railCourse.title }).first();
    const text = await item.innerText();
    assert.match(text, /Mandatory/);
    assert.match(text, /Due 31 Mar 2027/);
    assert.match(text, new RegExp(`${soCount} officials when saved`));
    assert.match(text, /designations SO/);
    itemTitleLink = await item.getByRole('link', { name: railCourse.title }).getAttribute('href');
    assert.equal(itemTitleLink, `#/contents/${railCourse.id}`);

    // Edited: the editor opens with what was saved (and its count), and the due date moves.
    await item.getByRole('button', { name: `Edit ${railCourse.title}` }).click();
    const edit = anil.getByRole('form', { name: 'Edit the item' });
    await edit.getByText(`This audience is ${soCount} officials.`).waitFor();
    assert.equal(await edit.getByLabel('Section Officer (SO)').isChecked(), true);
    assert.equal(await edit.getByLabel(/^Due date/).inputValue(), '2027-03-31');
    await edit.getByLabel(/^Due date/).fill(DUE);
    await edit.getByRole('button', { name: 'Save the item' }).click();
    await anil.getByRole('status').filter({ hasText: `Saved: ${railCourse.title}` }).waitFor();
    assert.match(await item.innerText(), /Due 26 Feb 2027/);
  });

  await t.test('an item whose audience resolves to nobody is kept only when she says so', async () => {
    await anil.getByRole('button', { name: 'Add an item' }).click();
    const form = anil.getByRole('form', { name: 'Add an item' });
    const find = form.getByRole('searchbox', { name: 'Find published content' });
    await find.fill(financeCourse.title);
    await find.press('Enter');
    await form.getByRole('button', { name: new RegExp(`^${esc(financeCourse.title)}`) }).first().click();
    await form.getByLabel(/^Due date/).fill('2027-03-15');
    await form.getByLabel('Recommended').check();
    await form.getByLabel('Joint Secretary (JS)').check();
    await form.getByLabel('Group C', { exact: true }).check();
    await form.getByText('This audience is 0 officials.').waitFor();
    await form.getByRole('button', { name: 'Add the item' }).click();
    const warning = form.getByRole('alert').filter({ hasText: 'This audience resolves to nobody' });
    await warning.getByRole('button', { name: 'Keep it anyway' }).click();
    await anil.getByRole('status').filter({ hasText: `Added: ${financeCourse.title}` }).waitFor();
    const item = anil.getByRole('list', { name: 'Items' }).getByRole('listitem').filter({ hasText: financeCourse.title }).first();
    assert.match(await item.innerText(), /Recommended[\s\S]*0 officials when saved/);
  });

  await t.test('she approves and publishes it; the answer says how many were assigned; the trail keeps each step', async () => {
    await anil.getByRole('button', { name: 'Approve', exact: true }).click();
    await anil.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    assert.match(await anil.locator('.page-header').innerText(), /Approved/);
    await anil.getByRole('button', { name: 'Publish', exact: true }).click();
    const done = anil.getByRole('status').filter({ hasText: /^Published: \d+ assignments made in/ });
    await done.waitFor();
    assert.match(await done.innerText(), new RegExp(`Published: ${soCount} assignments made in`));
    assert.match(await anil.locator('.page-header').innerText(), /Published/);
    await anil.getByRole('button', { name: 'New revision' }).waitFor();
    // Nothing is due within a week yet, so reminders sent now queue none.
    await anil.getByRole('button', { name: 'Send reminders now' }).click();
    await anil.getByRole('status').filter({ hasText: 'Reminders queued: 0 due soon, 0 overdue.' }).waitFor();
    const trail = await anil.getByRole('list', { name: 'Trail' }).innerText();
    for (const step of ['Created', 'Item added', 'Item changed', 'Approved', 'Published']) assert.match(trail, new RegExp(step));
    await screenshots(anil, 'plan', PLAN.title_hi);
  });

  await t.test('the official of that designation sees the item under "My plan" on her home page', async () => {
    const page = await newPage();
    await logIn(page, LEARNER);
    const mine = page.getByRole('region', { name: 'My plan' });
    const card = mine.getByRole('listitem').filter({ hasText: railCourse.title });
    await card.waitFor();
    assert.match(await card.innerText(), /Mandatory[\s\S]*Due 26 Feb 2027[\s\S]*Plan of Ministry of Railways/);
    assert.equal(await card.getByRole('link', { name: railCourse.title }).getAttribute('href'), `#/contents/${railCourse.id}`);
    await mine.getByRole('button', { name: /^Completed/ }).click();
    await mine.getByText('Nothing completed yet.').waitFor();
    assert.equal(await mine.getByRole('button', { name: /^Completed/ }).getAttribute('aria-pressed'), 'true');
    await mine.getByRole('button', { name: /^Upcoming/ }).click();
    // My iGOT below it: what to continue, recommendations from her post's gap with their reasons, and the
    // curated programmes of her ministry.
    const going = page.getByRole('region', { name: 'Continue learning' });
    assert.ok(await going.getByRole('listitem').count() >= 1, 'something to continue');
    await going.getByRole('progressbar').first().waitFor();
    const recs = page.getByRole('region', { name: 'Recommended for your post' }).getByRole('listitem');
    assert.ok(await recs.count() >= 1, 'recommendations from her gap');
    assert.match(await recs.first().innerText(), /Your post requires .+ at level \d; (you are at level \d|your passport does not show it yet)\./);
    const curated = page.getByRole('region', { name: 'New curated programmes for your ministry' });
    await curated.getByRole('link', { name: CURATED_MOR }).waitFor();
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { level: 2, name: 'आपके पद के लिए अनुशंसित' }).waitFor();
    assert.match(await page.getByRole('region', { name: 'आपके पद के लिए अनुशंसित' }).getByRole('listitem').first().innerText(), /आपके पद के लिए .+ स्तर \d पर आवश्यक है/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Recommended for your post' }).waitFor();

    await card.getByRole('link', { name: railCourse.title }).click();
    await heading(page, railCourse.title).waitFor();
    await page.context().close();
  });

  await t.test('the compliance dashboard shows the counts and drills down by organisation to the official', async () => {
    await anil.getByRole('link', { name: 'Compliance dashboard' }).click();
    await heading(anil, 'Compliance').waitFor();
    const card = anil.getByRole('list', { name: 'By item' }).getByRole('listitem').filter({ hasText: railCourse.title });
    assert.equal(await card.locator('[data-count="assigned"] dd').innerText(), String(soCount));
    const bar = card.getByRole('img', { name: new RegExp(`^${esc(railCourse.title)}: \\d+ of ${soCount} completed`) });
    await bar.waitFor();
    await card.getByRole('link', { name: `${railCourse.title} by organisation` }).click();
    const orgs = anil.getByRole('table', { name: 'By organisation' });
    await orgs.waitFor();
    await orgs.getByRole('link', { name: 'Railway Board' }).click();
    const people = anil.getByRole('table', { name: 'Officials' });
    const row = people.getByRole('row').filter({ hasText: 'Priya Sharma' });
    await row.waitFor();
    const standing = (await row.locator('.cbp-standing').innerText()).trim();
    assert.match(await row.innerText(), /learner@karmayogi\.demo[\s\S]*SO[\s\S]*Railway Board/);
    // Keep one standing: hers, and she is still listed.
    await anil.getByLabel('Show officials who are').selectOption({ label: standing });
    await anil.waitForFunction((s) => location.hash.includes(`status=`), standing);
    await people.getByRole('row').filter({ hasText: 'Priya Sharma' }).waitFor();
    await screenshots(anil, 'compliance', 'अनुपालन');
  });

  await t.test('after a transfer to another ministry with its own plan, her home shows that plan and not the first', async () => {
    // The Ministry of Finance's plan, made through the API by the platform admin: all of the ministry.
    const fin = ok(await call('POST', `/api/v1/orgs/${org.MOF}/cbp-plans`, { token: tok.spv,
      json: { year: 2026, title: 'Finance plan 2026-27' } }), 201);
    ok(await call('POST', `/api/v1/cbp-plans/${fin.id}/items`, { token: tok.spv,
      json: { content_id: financeCourse.id, due: '2027-01-29', mandatory: false, audience: [{}] } }), 201);
    for (const action of ['approve', 'publish']) {
      ok(await call('POST', `/api/v1/cbp-plans/${fin.id}/transitions`, { token: tok.spv, json: { action } }));
    }
    ok(await call('PATCH', `/api/v1/officials/${priya}`, { token: tok.spv, json: { org_id: org.MOF } }));

    const page = await newPage();
    await logIn(page, LEARNER);
    const mine = page.getByRole('region', { name: 'My plan' });
    const card = mine.getByRole('listitem').filter({ hasText: financeCourse.title });
    await card.waitFor();
    assert.match(await card.innerText(), /Recommended[\s\S]*Due 29 Jan 2027[\s\S]*Plan of Ministry of Finance/);
    assert.equal(await mine.getByRole('listitem').filter({ hasText: railCourse.title }).count(), 0);
    // The Railways' curated programme is not her ministry's any more.
    await page.getByRole('region', { name: 'New curated programmes for your ministry' }).waitFor();
    assert.equal(await page.getByRole('link', { name: CURATED_MOR }).count(), 0);
    await page.context().close();

    // And the Railways' dashboard no longer counts her.
    await anil.reload();
    await anil.getByRole('table', { name: 'Officials' }).or(anil.getByText('No official stands here.')).first().waitFor();
    assert.equal(await anil.getByRole('row').filter({ hasText: 'Priya Sharma' }).count(), 0);
  });

  await t.test('a published plan changes through a new revision: a draft with the items copied', async () => {
    await anil.goto(`${srv.url}/#/plans/${planId}`);
    await heading(anil, PLAN.title).waitFor();
    assert.equal(await anil.getByRole('button', { name: `Edit ${railCourse.title}` }).count(), 0, 'a published plan offers no edits');
    await anil.getByText('A published plan does not change: make a new revision to change it.').waitFor();
    await anil.getByRole('button', { name: 'New revision' }).click();
    await anil.waitForFunction((id) => location.hash !== `#/plans/${id}`, planId);
    await heading(anil, PLAN.title).waitFor();
    assert.match(await anil.locator('.page-header').innerText(), /Draft[\s\S]*Revision 2/);
    await anil.getByRole('button', { name: `Edit ${railCourse.title}` }).waitFor();
    assert.match(await anil.getByRole('list', { name: 'Trail' }).innerText(), /New revision made/);
    // The organisation's plans list both revisions, each with its status.
    await anil.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: 'Capacity-building plans' }).click();
    const rows = anil.getByRole('table', { name: 'Plans by year and revision' }).locator('tbody tr');
    await rows.first().waitFor();
    const listed = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    assert.deepEqual(listed.map((r) => r.match(/^2026–27 .+ (\d) (Draft|Published) /).slice(1)), [['2', 'Draft'], ['1', 'Published']]);
    // A second plan for the same year is refused with the way on.
    const form = anil.getByRole('form', { name: 'A plan for a financial year' });
    await form.getByLabel(/^Financial year/).selectOption('2026');
    await form.getByLabel(/^Title in English/).fill('Another plan');
    await form.getByRole('button', { name: 'Create the plan' }).click();
    await form.getByRole('alert').filter({ hasText: 'This organisation already has a plan for that financial year' }).waitFor();
    await anil.context().close();
  });

  journey.assertClean();
});

test('the CBP admin, who administers no staff, names an official and a post found as she types; reopened, they read as names', async () => {
  // A draft plan of the next year, made through the API; the journey is its item editor.
  const draft = ok(await call('POST', `/api/v1/orgs/${org.MOR}/cbp-plans`, { token: tok.cbp,
    json: { year: 2027, title: 'Railways plan 2027-28' } }), 201);
  const named = await client.login('supervisor@karmayogi.demo'); // Vikram Singh, Railway Board
  const post = ok(await call('GET', `/api/v1/cbp-plans/${draft.id}/positions?q=ndls`, { token: tok.cbp })).items[0];
  assert.equal(post.code, 'NR-DLI-SM-NDLS');
  const expected = ok(await call('POST', `/api/v1/cbp-plans/${draft.id}/audience-preview`, { token: tok.cbp,
    json: { audience: [{ official_ids: [named.user.id] }, { position_ids: [post.id] }] } }));

  const anil = await newPage();
  await logIn(anil, CBP);
  await anil.goto(`${srv.url}/#/plans/${draft.id}`);
  await heading(anil, 'Railways plan 2027-28').waitFor();
  await anil.getByRole('button', { name: 'Add an item' }).click();
  const form = anil.getByRole('form', { name: 'Add an item' });
  const find = form.getByRole('searchbox', { name: 'Find published content' });
  await find.fill(railCourse.title);
  await find.press('Enter');
  await form.getByRole('button', { name: new RegExp(`^${esc(railCourse.title)}`) }).first().click();
  await form.getByLabel(/^Due date/).fill('2027-12-31');

  // Rule 1 names an official: the results come as she types; Down reaches them, Enter chooses.
  const rule1 = form.locator('[data-rule="0"]');
  const people = rule1.getByRole('searchbox', { name: 'Named officials' });
  await people.pressSequentially('vikram si', { delay: 40 });
  const found = rule1.getByRole('list', { name: 'Officials found for rule 1' });
  await found.getByRole('button', { name: /^Vikram Singh KD0010/ }).waitFor();
  await rule1.getByRole('status').filter({ hasText: /found\. Choose below\./ }).waitFor();
  await people.press('ArrowDown');
  assert.match(await anil.evaluate(() => document.activeElement.textContent), /^Vikram Singh/);
  await anil.keyboard.press('Enter');
  const chosen = form.getByRole('list', { name: 'Officials named in rule 1' });
  await chosen.getByRole('listitem').filter({ hasText: 'Vikram Singh' }).waitFor();
  assert.equal(await anil.evaluate(() => document.activeElement.id), 'cbp-rule0-off', 'focus goes back to the search box');
  await form.getByText('This audience is 1 official.').waitFor();

  // Rule 2 names a post, by its code.
  await form.getByRole('button', { name: 'Add a rule' }).click();
  const rule2 = form.locator('[data-rule="1"]');
  await rule2.getByRole('searchbox', { name: 'Positions' }).fill('ndls');
  const posts = rule2.getByRole('list', { name: 'Positions found for rule 2' });
  await posts.getByRole('button', { name: /^Station Master, New Delhi NR-DLI-SM-NDLS · Delhi Division, Northern Railway · held/ }).click();
  await form.getByRole('list', { name: 'Positions named in rule 2' }).getByRole('listitem')
    .filter({ hasText: 'Station Master, New Delhi' }).waitFor();
  await form.getByText(`This audience is ${plural(expected.count)}.`).waitFor();
  await form.getByText(`Rule 1 (${plural(expected.rule_counts[0])})`).waitFor();
  await form.getByText(`Rule 2 (${plural(expected.rule_counts[1])})`).waitFor();
  await form.getByRole('button', { name: 'Add the item' }).click();
  await anil.getByRole('status').filter({ hasText: `Added: ${railCourse.title}` }).waitFor();
  const item = anil.getByRole('list', { name: 'Items' }).getByRole('listitem').filter({ hasText: railCourse.title }).first();
  assert.match(await item.innerText(), new RegExp(`${expected.count} officials? when saved`));

  // Reopened, the saved rules read as the people and posts they name (fetched by id), not as numbers.
  await item.getByRole('button', { name: `Edit ${railCourse.title}` }).click();
  const edit = anil.getByRole('form', { name: 'Edit the item' });
  await edit.getByText(`This audience is ${plural(expected.count)}.`).waitFor();
  const again = edit.getByRole('list', { name: 'Officials named in rule 1' });
  assert.match(await again.innerText(), /Vikram Singh\s*KD0010/);
  assert.match(await edit.getByRole('list', { name: 'Positions named in rule 2' }).innerText(), /Station Master, New Delhi\s*NR-DLI-SM-NDLS/);
  assert.doesNotMatch(await edit.innerText(), /#\d/);
  // Removing a name by its button puts the focus back in that rule's search box.
  await again.getByRole('button', { name: 'Remove Vikram Singh' }).click();
  assert.equal(await anil.evaluate(() => document.activeElement.id), 'cbp-rule0-off');
  await screenshots(anil, 'pickers', 'Railways plan 2027-28');
  await anil.context().close();
  journey.assertClean();
});
