// Browser test of the organisation module's screens against the real server (build/karmayogi with demo data):
// an SPV admin builds the tree; an MDO admin onboards 1,000 officials of Railway Board from a CSV file (a bad
// file first, fixed from the report), finds one in the staff list, transfers them and grants a role; that
// official activates their account from the link `karmayogi activation-link` prints, logs in, edits their
// profile and logs out everywhere. Screenshots of each screen in English and Hindi go to /tmp/karmayogi-org-*.png.
// Run: node --test tests/e2e/   (needs build/karmayogi, /usr/bin/chromium and `npm install`).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer, BIN } = require('../lib/server.js');

const SPV = 'spv.admin@karmayogi.demo';
const MDO = 'mdo.admin@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-org';
const ROWS = 1000;
const UNIT = { code: 'DOPPW', name: "Department of Pension and Pensioners' Welfare", name_hi: 'पेंशन और पेंशनभोगी कल्याण विभाग' };
const BAD = { email: 3, designation: 500, mobile: 1000 }; // data rows (1-based) the bad file breaks, and how

// Answers >= 400 this journey provokes on purpose; anything else is a bug.
const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'POST', path: '/api/v1/orgs', status: 409 }, // a unit code that exists
  { method: 'POST', path: /^\/api\/v1\/orgs\/\d+\/onboarding$/, status: 422 }, // the bad file
  { method: 'POST', path: '/api/v1/auth/activate', status: 422 }, // a password the server refuses
  { method: 'POST', path: '/api/v1/auth/activate', status: 400 }, // the used link, opened again
  { method: 'POST', path: /^\/api\/v1\/officials\/\d+\/roles$/, status: 403 }, // a role wider than the granter's
  { method: 'PATCH', path: '/api/v1/me/profile', status: 422 }, // a mobile number that is not one
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;

// ---- The CSV files

const FIRST = [['Aditi', 'अदिति'], ['Arjun', 'अर्जुन'], ['Bhavna', 'भावना'], ['Deepak', 'दीपक'], ['Farah', 'फ़राह'],
  ['Gaurav', 'गौरव'], ['Harpreet', 'हरप्रीत'], ['Ishaan', 'ईशान'], ['Jyoti', 'ज्योति'], ['Kiran', 'किरण'],
  ['Lalit', 'ललित'], ['Meenakshi', 'मीनाक्षी'], ['Nikhil', 'निखिल'], ['Pooja', 'पूजा'], ['Rahul', 'राहुल'],
  ['Sneha', 'स्नेहा'], ['Tarun', 'तरुण'], ['Usha', 'उषा'], ['Vikram', 'विक्रम'], ['Zoya', 'ज़ोया']];
const LAST = [['Agarwal', 'अग्रवाल'], ['Banerjee', 'बनर्जी'], ['Chaudhary', 'चौधरी'], ['Deshmukh', 'देशमुख'],
  ['Gill', 'गिल'], ['Iyer', 'अय्यर'], ['Kulkarni', 'कुलकर्णी'], ['Menon', 'मेनन'], ['Naidu', 'नायडू'],
  ['Pandey', 'पांडेय'], ['Qureshi', 'क़ुरैशी'], ['Rathore', 'राठौड़'], ['Saxena', 'सक्सेना'], ['Tiwari', 'तिवारी'],
  ['Yadav', 'यादव']];
const POSTS = [['SO', 'B', 8], ['ASO', 'B', 7], ['US', 'A', 11], ['DS', 'A', 12], ['DIR', 'A', 13], ['MTS', 'C', 1],
  ['UDC', 'C', 4], ['SSA', 'B', 6]];

function official(i) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const [designation, group, pay] = POSTS[i % POSTS.length];
  const day = new Date(Date.UTC(2005, 0, 1) + i * 86400000 * 3).toISOString().slice(0, 10);
  return {
    employee_code: `RBX${String(i).padStart(5, '0')}`,
    name: `${first[0]} ${last[0]}`,
    name_hi: `${first[1]} ${last[1]}`,
    email: `${first[0]}.${last[0]}.${i}@rb.gov.in`.toLowerCase(),
    mobile: `9${String(810000000 + i).padStart(9, '0')}`,
    designation, group, pay_level: String(pay),
    // A quoted field with a comma in it, as e-HRMS exports have.
    service: i % 3 ? 'Indian Railway Management Service' : '"Railway Board Secretariat Service, Group B"',
    date_of_joining: day,
    language: i % 2 ? 'hi' : 'en',
  };
}

const COLUMNS = ['employee_code', 'name', 'name_hi', 'email', 'mobile', 'designation', 'group', 'service', 'pay_level',
  'date_of_joining', 'language'];

function csv(rows) {
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => r[c]).join(','))].join('\r\n') + '\r\n';
}

function writeFiles(dir) {
  const good = Array.from({ length: ROWS }, (_, i) => official(i + 1));
  const bad = good.map((r) => ({ ...r }));
  bad[BAD.email - 1].email = 'not-an-email';
  bad[BAD.designation - 1].designation = 'NOPE';
  bad[BAD.mobile - 1].mobile = '12345';
  const files = { bad: path.join(dir, 'railway-board-bad.csv'), good: path.join(dir, 'railway-board.csv') };
  fs.writeFileSync(files.bad, csv(bad));
  fs.writeFileSync(files.good, csv(good));
  return { files, people: good };
}

// ---- Browser helpers

const main = (page) => page.getByRole('main');

function databaseUrl() {
  if (srv.pgDatabase) {
    return `postgresql:///${srv.pgDatabase}?host=${encodeURIComponent(process.env.KARMAYOGI_TEST_PGHOST)}&user=postgres`;
  }
  return `sqlite:${path.join(srv.tmp, 'test.db')}`;
}

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('the organisation journey: build the tree, onboard a file, activate an account', async (t) => {
  const { files, people } = writeFiles(srv.tmp);
  const person = people[41]; // RBX00042: found in the staff list, transferred, then activates their account
  let admin; // the MDO admin's page, kept from the upload to the transfer
  let spv; // the SPV admin's page, from the search to the new unit
  let official; // the official's page, from activation to "log out everywhere"

  await t.test('an SPV admin starts at the root of the tree and finds a ministry by search', async () => {
    const page = await newPage();
    await logIn(page, SPV);
    await nav(page).getByRole('link', { name: 'Organisations' }).click();
    await heading(page, 'Government of India').waitFor();
    assert.equal(hash(page), '#/orgs/1', 'a platform administrator starts at the root');
    assert.equal(await nav(page).getByRole('link', { name: 'Organisations' }).getAttribute('aria-current'), 'page');
    const units = page.getByRole('list', { name: 'Units' });
    await units.getByRole('link', { name: 'Ministry of Railways' }).waitFor();

    await page.getByLabel('Name or code', { exact: true }).fill('personnel');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('link', { name: 'Ministry of Personnel, Public Grievances and Pensions' }).click();
    await heading(page, 'Ministry of Personnel, Public Grievances and Pensions').waitFor();
    const crumbs = await page.getByRole('navigation', { name: 'You are here' }).innerText();
    assert.match(crumbs, /Government of India/);
    assert.match(await main(page).innerText(), /MOPPGP/);
    spv = page;
  });

  await t.test('the SPV admin adds a unit under the ministry, and a second unit with the same code is refused', async () => {
    const page = spv;
    await page.getByRole('button', { name: 'Add unit' }).click();
    const form = page.getByRole('region', { name: /Add a unit under/ });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'org-add-code', 'the form opens at its first field');
    await form.getByLabel(/^Code/).fill(UNIT.code);
    await form.getByLabel(/^Kind/).selectOption('department');
    await form.getByLabel(/^Name in English/).fill(UNIT.name);
    await form.getByLabel(/^Name in Hindi/).fill(UNIT.name_hi);
    await form.getByRole('button', { name: 'Add unit' }).click();
    await form.getByRole('status').filter({ hasText: `${UNIT.name} (DOPPW) has been added.` }).waitFor();
    const units = page.getByRole('list', { name: 'Units' });
    await units.getByRole('link', { name: UNIT.name }).waitFor();

    // The same code again: the server's 409 lands next to the Code field.
    await form.getByLabel(/^Code/).fill(UNIT.code);
    await form.getByLabel(/^Kind/).selectOption('attached_office');
    await form.getByLabel(/^Name in English/).fill('A second DOPPW');
    await form.getByRole('button', { name: 'Add unit' }).click();
    await form.getByText('An organisation with this code already exists.', { exact: false }).first().waitFor();
    assert.equal(await form.getByLabel(/^Code/).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'org-add-code', 'focus goes to the field to correct');

    await units.getByRole('link', { name: UNIT.name }).click();
    await heading(page, UNIT.name).waitFor();
    assert.match(await main(page).innerText(), new RegExp(UNIT.name_hi));
    assert.match(await page.getByRole('navigation', { name: 'You are here' }).innerText(), /Ministry of Personnel/);
    await screenshots(page, 'tree', UNIT.name_hi);
    await page.context().close();
  });

  await t.test('an MDO admin opens Railway Board and uploads a bad file of 1,000 officials: nothing lands, the report names each problem', async () => {
    const page = await newPage();
    admin = page;
    await logIn(page, MDO);
    await nav(page).getByRole('link', { name: 'Organisations' }).click();
    await heading(page, 'Ministry of Railways').waitFor();
    await page.getByRole('list', { name: 'Units' }).getByRole('link', { name: 'Railway Board' }).click();
    await heading(page, 'Railway Board').waitFor();
    await page.getByRole('link', { name: 'Onboard from CSV' }).click();
    await heading(page, 'Onboard officials of Railway Board').waitFor();
    assert.match(hash(page), /^#\/orgs\/\d+\/onboarding$/);

    const template = page.getByRole('link', { name: 'Download template' });
    const download = await Promise.all([page.waitForEvent('download'), template.click()]).then(([d]) => d);
    const header = fs.readFileSync(await download.path(), 'utf8');
    assert.match(header, /^employee_code,name,name_hi,email,mobile,designation,group,service,pay_level,date_of_joining,language,org_code\r?\n$/);

    await page.locator('#onboard-file').setInputFiles(files.bad);
    await main(page).getByText(/Chosen: railway-board-bad\.csv/).waitFor();
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const report = page.getByRole('region', { name: 'The file was not imported' });
    await report.waitFor();
    assert.match(await report.innerText(), /3 problems in 3 rows of 1,000\. Nothing has changed\./);
    const table = report.getByRole('table', { name: 'What to correct' });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const byRow = new Map(rows.map((r) => [r[0], r]));
    assert.equal(byRow.get(String(BAD.email))?.[1], 'email', JSON.stringify(rows));
    assert.equal(byRow.get(String(BAD.designation))?.[1], 'designation', JSON.stringify(rows));
    assert.match(byRow.get(String(BAD.designation))[2], /NOPE/);
    assert.equal(byRow.get('1,000')?.[1], 'mobile', JSON.stringify(rows));

    const link = report.getByRole('link', { name: 'Download report (CSV)' });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/v1\/onboarding\/\d+\/report\.csv$/);
    const csvReport = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).text(), href);
    assert.match(csvReport, /^row,column,message\r?\n/);
    assert.match(csvReport, new RegExp(`\\n${BAD.email},"?email"?,`));

    // Nothing landed: the staff list does not know the file's people.
    const found = await page.evaluate(async () => (await fetch('/api/v1/officials?org_id=5&q=RBX00042', { credentials: 'same-origin' })).json());
    assert.equal(found.items.length, 0, 'a rejected file changes nothing');
    await screenshots(page, 'onboarding-report', 'रेलवे बोर्ड के अधिकारियों को ऑनबोर्ड करें');
  });

  await t.test('the corrected file is taken whole, and the counts say so', async () => {
    const page = admin;
    await page.locator('#onboard-file').setInputFiles(files.good);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const done = page.getByRole('region', { name: 'The file has been imported' });
    await done.waitFor();
    assert.match(await done.innerText(), /All 1,000 rows were taken\./);
    const count = (k) => done.locator(`[data-count="${k}"]`).innerText();
    assert.equal(await count('created'), '1,000');
    assert.equal(await count('updated'), '0');
    assert.equal(await count('unchanged'), '0');
    assert.equal(await count('transferred'), '0');
    assert.match(await done.getByRole('img').getAttribute('aria-label'), /New officials: 1,000/);
    assert.equal(await page.getByRole('region', { name: 'The file was not imported' }).count(), 0, 'the old report is gone');
    await screenshots(page, 'onboarding-done', 'रेलवे बोर्ड के अधिकारियों को ऑनबोर्ड करें');

    // The same file again changes nothing.
    await page.locator('#onboard-file').setInputFiles(files.good);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.locator('[data-count="unchanged"]').filter({ hasText: '1,000' }).waitFor();
    assert.equal(await count('created'), '0');
  });

  await t.test('the staff list finds an onboarded official by name and employee code', async () => {
    const page = admin;
    await page.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: 'Railway Board' }).click();
    await heading(page, 'Railway Board').waitFor();
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await heading(page, 'Staff of Railway Board').waitFor();
    const status = main(page).getByRole('status').filter({ hasText: /officials?\.$/ });
    await status.waitFor();
    assert.match(await status.innerText(), /Showing the first 50 officials\./);
    await page.getByRole('button', { name: 'Load more' }).click();
    await status.filter({ hasText: 'Showing the first 100 officials.' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 100);

    await page.getByLabel('Name, email or employee code').fill(person.employee_code);
    await page.getByLabel('Name, email or employee code').press('Enter'); // Enter searches
    await status.filter({ hasText: /^1 official\.$/ }).waitFor();
    const row = page.getByRole('table', { name: 'Officials of Railway Board' }).locator('tbody tr');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), new RegExp(`${person.name}[\\s\\S]*${person.employee_code}`));

    const filters = page.getByRole('search', { name: 'Search and filter the staff' });
    await filters.getByLabel('Designation').selectOption('SO'); // the person is an Under Secretary
    await main(page).getByRole('status').filter({ hasText: 'No official matches.' }).waitFor();
    await filters.getByLabel('Designation').selectOption('US');
    await status.filter({ hasText: /^1 official\.$/ }).waitFor();
    await screenshots(page, 'staff', 'रेलवे बोर्ड के कर्मचारी');
    await row.getByRole('link', { name: person.name }).click();
    await heading(page, person.name).waitFor();
  });

  await t.test('an admin transfers the official; the history shows the move between the organisations', async () => {
    const page = admin;
    assert.match(await main(page).innerText(), /No transfers, promotions or status changes yet\./);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('region', { name: 'Edit details' });
    const transfer = form.getByRole('searchbox', { name: 'Organisation (transfer)' });
    await transfer.fill('Northern Railway');
    await transfer.press('Enter'); // searches, does not submit the form
    await form.getByRole('button', { name: /^Northern Railway\s*NR/ }).click();
    await form.getByText('Chosen: Northern Railway').waitFor();
    await form.getByLabel('Designation').selectOption('DIR');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'The changes have been saved.' }).waitFor();

    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Transferred from Railway Board to Northern Railway').waitFor();
    assert.match(await history.innerText(), /Designation changed from Under Secretary to Director/);
    assert.match(await history.innerText(), /by an administrator/);
    assert.match(await page.getByRole('navigation', { name: 'You are here' }).innerText(), /Northern Railway/);
  });

  await t.test('the admin grants a role on an organisation found by search, revokes it, and sends an invitation', async () => {
    const page = admin;
    const roles = page.getByRole('region', { name: 'Roles' });
    await roles.getByRole('combobox', { name: /^Role/ }).selectOption('trainer');
    await roles.getByText('Chosen: Northern Railway').waitFor(); // the official's organisation, to begin with
    await roles.getByRole('button', { name: 'Grant role' }).click();
    await roles.getByRole('status').filter({ hasText: 'The role has been granted on NR.' }).waitFor();
    const list = roles.getByRole('list', { name: 'Roles' });
    await list.getByText('Trainer').waitFor();

    // An SPV role is wider than an MDO admin's own: the server says no, and the page says why.
    await roles.getByRole('combobox', { name: /^Role/ }).selectOption('spv_admin');
    await roles.getByRole('button', { name: 'Grant role' }).click();
    await roles.getByRole('alert').filter({ hasText: 'never a role wider than your own' }).waitFor();

    await list.getByRole('button', { name: 'Revoke Trainer on NR' }).click();
    await roles.getByRole('status').filter({ hasText: 'Trainer on NR has been revoked.' }).waitFor();
    assert.equal(await list.getByText('Trainer').count(), 0);

    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'A new invitation is in the outbox.' }).waitFor();
    await screenshots(page, 'official', person.name_hi);
    await page.getByRole('link', { name: 'Open the outbox' }).click();
    await page.getByRole('heading', { level: 1, name: /^Invitations outbox of / }).waitFor();
    await main(page).getByRole('link', { name: person.email }).first().waitFor();
    assert.match(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'), /^\/api\/v1\/outbox\.csv\?org_id=\d+$/);
    await screenshots(page, 'outbox', 'उत्तर रेलवे का आमंत्रण आउटबॉक्स');
  });

  let activationUrl;
  await t.test('the official opens their activation link while signed out and sets a password under the stated rules', async () => {
    const link = execFileSync(BIN, ['activation-link', '--db', databaseUrl(), '--email', person.email, '--base', srv.url],
      { encoding: 'utf8' }).trim();
    assert.match(link, /\/#\/activate\?token=[0-9a-f]{64}$/);
    activationUrl = srv.url + link.slice(link.indexOf('/#/'));

    const page = await newPage();
    await page.goto(activationUrl);
    await heading(page, 'Activate your account').waitFor();
    assert.match(hash(page), /^#\/activate\?token=/, 'a public page: no detour to the login page');
    const rules = await main(page).getByRole('list').innerText();
    for (const rule of [/at least 12 characters/, /name part of your email address/, /common password/, /16 characters or longer/]) {
      assert.match(rules, rule);
    }
    await screenshots(page, 'activate', 'अपना खाता सक्रिय करें');

    const password = page.getByLabel('New password');
    const again = page.getByLabel('Type the password again');
    await password.fill('too short');
    await again.fill('too short');
    await page.getByRole('button', { name: 'Activate account' }).click();
    await main(page).getByText('This password does not meet the rules marked above.').waitFor();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');

    // Long and mixed enough for the page, but holding the email's name: only the server can tell.
    const local = person.email.split('@')[0];
    await password.fill(`${local}-X9`);
    await again.fill(`${local}-X9`);
    await page.getByRole('button', { name: 'Activate account' }).click();
    await main(page).locator('.rules__item--failed').filter({ hasText: 'name part of your email address' }).waitFor();

    await password.fill('Signal-Box-Kharagpur-77');
    await again.fill('Signal-Box-Kharagpur-78');
    await page.getByRole('button', { name: 'Activate account' }).click();
    await main(page).getByText('The two passwords are not the same.').waitFor();

    await again.fill('Signal-Box-Kharagpur-77');
    await page.getByRole('button', { name: 'Activate account' }).click();
    await main(page).getByRole('status').filter({ hasText: 'Your account is active.' }).waitFor();
    await page.getByRole('link', { name: 'Log in' }).click();
    await heading(page, 'Log in to Karmayogi').waitFor();
    official = page;
  });

  await t.test('the official logs in with the new password and sees their profile, and edits their mobile number', async () => {
    const page = official;
    await page.getByLabel('Email', { exact: true }).fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill('Signal-Box-Kharagpur-77');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await heading(page, `Namaste, ${person.name}`).waitFor();
    assert.equal(await nav(page).getByRole('link', { name: 'Organisations' }).count(), 0, 'no organisation screens for a learner');

    await nav(page).getByRole('link', { name: 'My profile' }).click();
    await heading(page, person.name).waitFor();
    assert.equal(hash(page), '#/profile');
    const details = await page.getByRole('region', { name: 'Your details' }).innerText();
    assert.match(details, new RegExp(person.employee_code));
    assert.match(details, new RegExp(person.email.replace(/\./g, '\\.')));
    assert.match(details, /Northern Railway/);
    assert.match(details, /Director/);

    const form = page.getByRole('region', { name: 'Personal details' });
    await form.getByLabel('Mobile').fill('12345');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText(/10-digit Indian mobile number/).waitFor();
    assert.equal(await form.getByLabel('Mobile').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Mobile').fill('9876501234');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Your details have been saved.' }).waitFor();
    assert.equal(await form.getByLabel('Mobile').inputValue(), '9876501234');
    await screenshots(page, 'profile', person.name_hi);
  });

  await t.test('the used activation link gets a plain explanation', async () => {
    const page = await newPage();
    await page.goto(activationUrl);
    await heading(page, 'Activate your account').waitFor();
    await page.getByLabel('New password').fill('Another-Good-Pass-2026');
    await page.getByLabel('Type the password again').fill('Another-Good-Pass-2026');
    await page.getByRole('button', { name: 'Activate account' }).click();
    await page.getByRole('alert').filter({ hasText: 'This activation link cannot be used.' }).waitFor();
    assert.equal(await page.getByLabel('New password').count(), 0, 'the form is gone');
    await page.context().close();
  });

  await t.test('"log out everywhere" ends every session of the official', async () => {
    const page = official;
    const other = await newPage();
    await logIn(other, person.email, 'Signal-Box-Kharagpur-77');

    await page.getByRole('button', { name: 'Log out everywhere' }).click();
    await heading(page, 'Log in to Karmayogi').waitFor();
    await page.getByRole('status').filter({ hasText: 'You have been logged out on all your devices.' }).waitFor();

    await other.reload();
    await heading(other, 'Log in to Karmayogi').waitFor();
    await other.context().close();
    await page.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journey asked for', async () => {
    await admin.context().close();
    journey.assertClean();
  });
});

test('every problem code of the organisation module has words in English and Hindi', () => {
  const load = (lang) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'web', 'i18n', `${lang}.json`), 'utf8'));
  const en = load('en');
  const hi = load('hi');
  for (const code of ['conflict', 'onboarding_rejected', 'activation_invalid', 'too_many_attempts', 'payload_too_large']) {
    assert.ok(en[`problem.${code}`] && hi[`problem.${code}`], `problem.${code}`);
  }
  for (const kind of ['ministry', 'department', 'attached_office', 'subordinate_office', 'field_unit', 'organisation', 'state',
    'training_institution', 'provider', 'spv', 'government']) {
    assert.ok(en[`kind.${kind}`] && hi[`kind.${kind}`], `kind.${kind}`);
  }
});
