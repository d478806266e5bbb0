// Browser test of the competency framework's screens against the real server (build/karmayogi with demo data),
// walking the two journeys of the issue:
//  (a) the MDO admin of MOR defines a work role with required competencies (a competency given twice is
//      refused beside its row), creates a position in Railway Board carrying it, assigns a holder and a
//      reporting officer, and reads the best candidates for the post with the reasons for each score;
//      then the gap heatmap of Railway Board;
//  (b) Priya Sharma (learner@) reads her passport and her gaps, declares a competency (a second declaration
//      of it is refused), her reporting officer Vikram Singh (supervisor@) verifies it from his queue, and
//      her gap for it closes; she reads the posts she fits.
// Screenshots of each screen in English and Hindi go to /tmp/karmayogi-frac-*.png.
// Run: node --test tests/e2e/   (needs build/karmayogi, /usr/bin/chromium and `npm install`).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');

const MDO = 'mdo.admin@karmayogi.demo';
const LEARNER = 'learner@karmayogi.demo';
const SUPERVISOR = 'supervisor@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-frac';
const ROLE = { code: 'RB-PROC-ANALYST', name: 'Procurement analyst', name_hi: 'खरीद विश्लेषक' };
const POST = { code: 'RB-PROC-AN-1', title: 'Procurement Analyst, Railway Board', title_hi: 'खरीद विश्लेषक, रेलवे बोर्ड' };
const HOLDER = { search: 'amit.reddy.93@', name: 'Amit Reddy' }; // an official of the ministry who holds no post in the demo

// Answers >= 400 these journeys provoke on purpose; anything else is a bug.
const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'POST', path: '/api/v1/work-roles', status: 422 }, // the same competency twice
  { method: 'POST', path: /^\/api\/v1\/officials\/\d+\/passport$/, status: 409 }, // a second claim of one competency
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots, pick } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;

const main = (page) => page.getByRole('main');

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('an MDO admin defines a role and a post carrying it, assigns a holder and reads the best candidates', async (t) => {
  let page;
  let positionUrl;
  let required; // how many competencies the new post requires

  await t.test('the competencies section opens the dictionary by area; a competency shows its five levels in both languages', async () => {
    page = await newPage();
    await logIn(page, MDO);
    await nav(page).getByRole('link', { name: 'Competencies' }).click();
    await heading(page, 'Competencies').waitFor();
    assert.equal(hash(page), '#/competencies');
    assert.equal(await nav(page).getByRole('link', { name: 'Competencies' }).getAttribute('aria-current'), 'page');
    assert.doesNotMatch(await nav(page).getByRole('link', { name: /Competencies/ }).innerText(), /Upcoming/, 'the section is open now');
    for (const area of ['Behavioural', 'Functional', 'Domain']) {
      await page.getByRole('region', { name: area }).getByRole('listitem').first().waitFor();
    }
    const functional = page.getByRole('region', { name: 'Functional' });
    await functional.getByRole('link', { name: 'Public procurement' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Domain' }).getByRole('link', { name: 'Public procurement' }).count(), 0);

    // A search narrows every area.
    await page.getByLabel('Name or code', { exact: true }).fill('रेल');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('region', { name: 'Domain' }).getByRole('link', { name: 'Railway operations' }).waitFor();
    await page.getByRole('region', { name: 'Functional' }).getByText('No competency in this area matches “रेल”.').waitFor();
    await screenshots(page, 'dictionary', 'दक्षताएँ');

    await page.getByRole('link', { name: 'Railway operations' }).click();
    await heading(page, 'Railway operations').waitFor();
    const levels = page.getByRole('region', { name: 'The five levels' });
    for (const n of [1, 2, 3, 4, 5]) await levels.getByRole('heading', { name: new RegExp(`^Level ${n} · `) }).waitFor();
    const text = await levels.innerText();
    assert.match(text, /Expert/);
    assert.match(text, /विशेषज्ञ/, 'the Hindi descriptors beside the English ones');
    await page.getByRole('region', { name: 'Versions' }).getByText('Current').waitFor();
    await page.getByRole('button', { name: 'Propose a change' }).waitFor();
    await screenshots(page, 'competency', 'रेल परिचालन');
  });

  await t.test('a new work role: a competency given twice is refused beside its row, then the role is created with its levels', async () => {
    await nav(page).getByRole('link', { name: 'Work roles' }).click();
    await heading(page, 'Work roles').waitFor();
    await page.getByRole('table', { name: 'Work roles' }).getByRole('link', { name: 'Section Officer', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'New work role' }).click();
    const form = page.getByRole('region', { name: 'A new work role' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'role-new-code', 'the form opens at its first field');
    await form.getByLabel(/^Code/).fill(ROLE.code);
    await form.getByLabel(/^Name in English/).fill(ROLE.name);
    await form.getByLabel(/^Name in Hindi/).fill(ROLE.name_hi);
    await form.getByLabel(/^Description in English/).fill('Analyses procurement data and prepares tenders.');
    await pick(form, 'Extends', 'SECTION-OFFICER', /^Section Officer(?!,)/);

    await form.getByRole('button', { name: 'Add competency' }).click();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('type')), 'search', 'a new row opens at its search');
    await pick(form, /^Competency 1/, 'procurement', /^Public procurement/);
    await form.getByRole('group', { name: /^Level required for competency 1/ }).getByRole('radio', { name: 'Level 4 · Advanced' }).check();
    await form.getByRole('button', { name: 'Add competency' }).click();
    await pick(form, /^Competency 2/, 'FUN-PROCUREMENT', /^Public procurement/);
    await form.getByRole('button', { name: 'Add activity' }).click();
    await form.getByLabel(/^Activity 1 in English/).fill('Prepares and evaluates tenders on GeM.');
    await form.getByRole('button', { name: 'Create role' }).click();

    // The server refuses the repeated competency; its message lands under row 2.
    const row2 = form.locator('[data-field="requirements[1].competency_id"]');
    await row2.locator('.field__error-line').waitFor();
    assert.match(await row2.locator('.field__error').innerText(), /\S/);
    assert.equal(await row2.getByRole('searchbox').getAttribute('aria-invalid'), 'true');

    await pick(form, /^Competency 2/, 'data', /^Data analysis/);
    // The level picker is a radio group: the keyboard moves along it.
    const level2 = form.getByRole('group', { name: /^Level required for competency 2/ });
    await level2.getByRole('radio', { name: 'Level 3 · Proficient' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await level2.getByRole('radio', { name: 'Level 4 · Advanced' }).isChecked(), true, 'arrow keys choose a level');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await level2.getByRole('radio', { name: 'Level 3 · Proficient' }).isChecked(), true);
    await form.getByRole('button', { name: 'Create role' }).click();

    await heading(page, ROLE.name).waitFor();
    assert.match(hash(page), /^#\/roles\/\d+$/);
    await page.getByRole('status').filter({ hasText: `The work role ${ROLE.name} has been created.` }).waitFor();
    const reqs = page.getByRole('table', { name: 'Required competencies' });
    const rows = await reqs.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
    const row = (name) => rows.find((r) => r.startsWith(name)) || '';
    assert.match(row('Public procurement'), /Level 4 · Advanced.*This role/, rows.join('\n'));
    assert.match(row('Data analysis'), /Level 3 · Proficient.*This role/, rows.join('\n'));
    assert.match(row('e-Office and file management'), /Section Officer/, 'inherited through extends');
    await screenshots(page, 'role', ROLE.name_hi);
  });

  await t.test('a position in Railway Board carries the role and shows its effective requirements', async () => {
    await nav(page).getByRole('link', { name: 'Organisations' }).click();
    await heading(page, 'Ministry of Railways').waitFor();
    await page.getByRole('list', { name: 'Units' }).getByRole('link', { name: 'Railway Board' }).click();
    await heading(page, 'Railway Board').waitFor();
    await page.getByRole('link', { name: 'Positions', exact: true }).click();
    await heading(page, 'Positions in Railway Board').waitFor();
    assert.match(hash(page), /^#\/orgs\/\d+\/positions$/);
    await page.getByRole('table').getByRole('link', { name: 'Section Officer (Procurement I)' }).waitFor();
    await screenshots(page, 'positions', 'रेलवे बोर्ड के पद');

    await page.getByRole('button', { name: 'New position' }).click();
    const form = page.getByRole('region', { name: /^A new position in/ });
    await form.getByLabel(/^Code/).fill(POST.code);
    await form.getByLabel(/^Title in English/).fill(POST.title);
    await form.getByLabel(/^Title in Hindi/).fill(POST.title_hi);
    await form.getByLabel('Designation').selectOption('SO');
    // Without a role the form says so and sends nothing.
    await form.getByRole('button', { name: 'Create position' }).click();
    await form.getByText('Choose at least one work role.').waitFor();
    await pick(form, 'Add a work role', ROLE.code, new RegExp(`^${ROLE.name}`));
    await form.getByRole('list', { name: 'Roles this post carries' }).getByText(ROLE.name).waitFor();
    await form.getByRole('button', { name: 'Create position' }).click();

    await heading(page, POST.title).waitFor();
    assert.match(hash(page), /^#\/positions\/\d+$/);
    positionUrl = page.url();
    await page.getByRole('status').filter({ hasText: `The position ${POST.title} has been created.` }).waitFor();
    const reqs = await page.getByRole('table', { name: 'What this post requires' }).innerText();
    assert.match(reqs, /Public procurement[\s\S]*Level 4/);
    assert.match(reqs, /Teamwork/, 'inherited requirements count for the post too');
    required = await page.getByRole('table', { name: 'What this post requires' }).locator('tbody tr').count();
    assert.ok(required >= 6, `own and inherited requirements: ${required}`);
    await page.getByRole('region', { name: 'Held by' }).getByText('Vacant').waitFor();
  });

  await t.test('the admin assigns a holder and a reporting officer, chosen by search', async () => {
    await page.getByRole('button', { name: 'Assign a holder' }).click();
    const form = page.getByRole('region', { name: 'Assign a holder' });
    await pick(form, /^Official/, HOLDER.search, new RegExp(`^${HOLDER.name}`));
    await pick(form, /^Reporting officer/, 'supervisor@karmayogi', /^Vikram Singh/);
    await form.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `${HOLDER.name} now holds ${POST.title}.` }).waitFor();
    const held = await page.getByRole('region', { name: 'Held by' }).innerText();
    assert.match(held, new RegExp(HOLDER.name));
    assert.match(held, /Vikram Singh/);
    assert.match(held, /Under Secretary/);
    await screenshots(page, 'position', POST.title_hi);
  });

  await t.test('the best candidates for the post are ranked with the reason for each score', async () => {
    await page.getByRole('link', { name: 'Best candidates' }).click();
    await heading(page, `Best candidates for ${POST.title}`).waitFor();
    assert.match(hash(page), /^#\/positions\/\d+\/candidates$/);
    const ranked = page.getByRole('region', { name: 'Ranked candidates' });
    await ranked.getByRole('listitem').first().waitFor();
    assert.match(await ranked.getByRole('status').innerText(), /shown of the \d[\d,]* officials in Ministry of Railways/);
    const first = ranked.locator('.cand').first();
    assert.match(await first.innerText(), /\d+ \/ 100/);
    assert.match(await first.innerText(), new RegExp(`Meets \\d+ of ${required}`));
    assert.equal(await ranked.getByText(HOLDER.name, { exact: true }).count(), 0, 'the holder is not a candidate for their own post');
    // The top candidates show why, competency by competency.
    const why = first.getByRole('table');
    const rows = await why.locator('tbody tr').count();
    assert.equal(rows, required, 'one row per required competency');
    assert.match(await why.innerText(), /Met|Short by|Missing/);
    await page.getByRole('region', { name: 'How the score works' }).getByText(/Σ min\(verified, required\)/).waitFor();
    await screenshots(page, 'candidates', `${POST.title_hi} के लिए सर्वोत्तम उम्मीदवार`);
  });

  await t.test('the gap heatmap of Railway Board counts officials by competency and gap', async () => {
    await page.goto(positionUrl);
    await heading(page, POST.title).waitFor();
    await page.getByRole('link', { name: 'Railway Board' }).first().click();
    await heading(page, 'Railway Board').waitFor();
    await page.getByRole('link', { name: 'Competency gaps', exact: true }).click();
    await heading(page, 'Competency gaps in Railway Board').waitFor();
    const table = page.getByRole('table', { name: /by competency and gap/ });
    await table.locator('tbody tr').first().waitFor();
    const row = table.locator('tbody tr').first();
    // Officials who need it = those who meet it + those short by 1 to 5 levels.
    const requiring = Number((await row.locator('td.num').innerText()).replace(/\D/g, ''));
    const cells = (await row.locator('td.heat__cell > span[aria-hidden="true"]').allInnerTexts()).map((x) => Number(x.replace(/\D/g, '')));
    assert.equal(cells.length, 6, 'met and short by 1 to 5');
    assert.ok(requiring > 0);
    assert.equal(cells.reduce((a, b) => a + b, 0), requiring, `${requiring} = ${cells.join(' + ')}`);
    assert.ok(cells.slice(1).some((n) => n > 0), 'the first row is a competency some officials fall short in');
    assert.match(await row.locator('td.heat__cell').first().innerText(), /of \d+ meet/, 'each cell says what it counts');
    await screenshots(page, 'heatmap', 'रेलवे बोर्ड में दक्षता अंतर');
    await page.context().close();
  });
});

test('an official declares a competency, her reporting officer verifies it, and her gap closes', async (t) => {
  let priya;
  let vikram;
  const FINANCE = 'Financial management';

  await t.test('Priya reads her passport: entries by area, the self-declared one plainly not verified', async () => {
    priya = await newPage();
    await logIn(priya, LEARNER);
    await nav(priya).getByRole('link', { name: 'Competencies' }).click();
    await heading(priya, 'Competencies').waitFor();
    await priya.getByRole('link', { name: 'My competency passport' }).click();
    await heading(priya, 'My competency passport').waitFor();
    assert.equal(hash(priya), '#/passport');
    const functional = priya.getByRole('region', { name: /^Functional/ });
    const claim = functional.locator('.entry--pending').filter({ hasText: 'Public procurement' });
    await claim.waitFor();
    assert.match(await claim.innerText(), /Self-declared · not verified/);
    assert.match(await claim.innerText(), /does not count until the reporting officer confirms it/);
    const verified = priya.getByRole('region', { name: /^Behavioural/ }).locator('.entry--verified').first();
    assert.match(await verified.innerText(), /Verified/);
    assert.match(await verified.getByRole('img').getAttribute('aria-label'), /^Level \d of 5$/);
    await screenshots(priya, 'passport', 'मेरा दक्षता पासपोर्ट');
  });

  await t.test('her gaps are drawn as bars: the post asks for financial management she has not shown', async () => {
    await priya.getByRole('navigation', { name: 'Competency pages of this official' }).getByRole('link', { name: 'Gaps' }).click();
    await heading(priya, 'My competency gaps').waitFor();
    assert.equal(hash(priya), '#/gaps');
    // The heading shows at once; the post's title only once her gaps have loaded.
    await main(priya).getByText(/Section Officer \(Procurement I\)/).first().waitFor();
    const chart = priya.getByRole('list', { name: 'Required and verified levels' });
    const finance = chart.getByRole('listitem').filter({ hasText: FINANCE });
    assert.match(await finance.innerText(), /Short by 2/);
    assert.match(await finance.getByRole('img').getAttribute('aria-label'), /required level 2, verified level 0/);
    // Largest gaps first.
    const words = await chart.locator('.gapchart__words').allInnerTexts();
    const sizes = words.map((w) => (/Short by (\d)/.exec(w) || [0, 0])[1] * 1);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a), words.join(' | '));
    await screenshots(priya, 'gaps', 'मेरे दक्षता अंतर');
  });

  await t.test('she declares financial management at level 2; a second declaration of it is refused', async () => {
    await priya.getByRole('link', { name: 'Competency passport' }).click();
    await heading(priya, 'My competency passport').waitFor();
    const declare = async () => {
      const form = priya.getByRole('region', { name: 'Declare a competency' });
      await pick(form, /^Competency/, 'financial', new RegExp(`^${FINANCE}`));
      await form.getByRole('radio', { name: 'Level 2 · Working' }).check();
      await form.getByLabel(/^Evidence/).fill('Prepared the section budget for 2025-26 and kept its expenditure statements.');
      await form.getByRole('button', { name: 'Declare', exact: true }).click();
      return form;
    };
    await priya.getByRole('button', { name: 'Declare a competency' }).click();
    await declare();
    await priya.getByRole('status').filter({ hasText: `${FINANCE} has been declared` }).waitFor();
    const entry = priya.getByRole('region', { name: /^Functional/ }).locator('.entry').filter({ hasText: FINANCE });
    assert.match(await entry.innerText(), /Self-declared · not verified/);
    assert.match(await entry.innerText(), /Declared by the official/);

    await priya.getByRole('button', { name: 'Declare a competency' }).click();
    const form = await declare();
    await form.getByRole('alert').filter({ hasText: 'already waits for review' }).waitFor();
    await priya.getByRole('button', { name: 'Declare a competency' }).click(); // close the form

    // Declared, not verified: the gap stays, the claim is marked on the bar.
    await priya.getByRole('navigation', { name: 'Competency pages of this official' }).getByRole('link', { name: 'Gaps' }).click();
    await heading(priya, 'My competency gaps').waitFor();
    const finance = priya.getByRole('list', { name: 'Required and verified levels' }).getByRole('listitem').filter({ hasText: FINANCE });
    assert.match(await finance.innerText(), /Short by 2/);
    assert.match(await finance.getByRole('img').getAttribute('aria-label'), /Self-declared level 2, not counted/);
  });

  await t.test('Vikram Singh finds it in his queue; a rejection needs a reason; he verifies it', async () => {
    vikram = await newPage();
    await logIn(vikram, SUPERVISOR);
    await nav(vikram).getByRole('link', { name: 'Competencies' }).click();
    await heading(vikram, 'Competencies').waitFor();
    await vikram.getByRole('link', { name: 'My team' }).click();
    await heading(vikram, 'My team').waitFor();
    const queue = vikram.getByRole('region', { name: /^To verify/ });
    const item = queue.getByRole('listitem').filter({ hasText: FINANCE }).filter({ hasText: 'Priya Sharma' });
    await item.waitFor();
    assert.match(await item.innerText(), /Declared: Level 2 · Working/);
    assert.match(await item.innerText(), /section budget/);
    await vikram.getByRole('table', { name: 'Who reports to you' }).getByRole('row').filter({ hasText: 'Priya Sharma' }).waitFor();
    await screenshots(vikram, 'team', 'मेरी टीम');

    const requests = [];
    vikram.on('request', (r) => { if (r.method() === 'POST') requests.push(r.url()); });
    await item.getByRole('button', { name: `Reject ${FINANCE}` }).click();
    await item.getByText('Say why the declaration is rejected.').waitFor();
    assert.deepEqual(requests, [], 'nothing is sent without a reason');

    await item.getByLabel(/^Comment/).fill('Seen in the budget work of 2025-26.');
    await item.getByRole('button', { name: `Verify ${FINANCE}` }).click();
    await vikram.getByRole('status').filter({ hasText: `${FINANCE} of Priya Sharma has been verified.` }).waitFor();
    assert.equal(await queue.getByRole('listitem').filter({ hasText: FINANCE }).filter({ hasText: 'Priya Sharma' }).count(), 0);

    await vikram.getByRole('link', { name: 'Competency passport of Priya Sharma' }).click();
    await heading(vikram, 'Competency passport of Priya Sharma').waitFor();
    const entry = vikram.getByRole('region', { name: /^Functional/ }).locator('.entry').filter({ hasText: FINANCE });
    assert.match(await entry.innerText(), /Verified by Vikram Singh/);
    assert.match(await entry.innerText(), /Seen in the budget work/);
    // Her other claim waits for him, with the review form at hand on her passport too.
    await vikram.getByRole('button', { name: 'Verify Public procurement' }).waitFor();
    await screenshots(vikram, 'passport-officer', 'प्रिया शर्मा का दक्षता पासपोर्ट');
    await vikram.context().close();
  });

  await t.test('Priya\'s gap for financial management has closed', async () => {
    await priya.reload();
    await heading(priya, 'My competency gaps').waitFor();
    const finance = priya.getByRole('list', { name: 'Required and verified levels' }).getByRole('listitem').filter({ hasText: FINANCE });
    assert.match(await finance.innerText(), /Met/);
    assert.match(await finance.getByRole('img').getAttribute('aria-label'), /required level 2, verified level 2/);
  });

  await t.test('Priya reads the posts she fits, with what each lacks', async () => {
    await priya.getByRole('link', { name: 'Posts I fit' }).click();
    await heading(priya, 'Posts I fit').waitFor();
    const list = priya.getByRole('region', { name: 'Best fits first' });
    await list.locator('.cand').first().waitFor();
    assert.match(await list.locator('.cand').first().innerText(), /\d+ \/ 100/);
    assert.equal(await list.getByText('Section Officer (Procurement I)', { exact: true }).count(), 0, 'not the post she holds');
    await screenshots(priya, 'posts-i-fit', 'मेरे अनुकूल पद');
    await priya.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journeys asked for', () => {
    journey.assertClean();
  });
});
