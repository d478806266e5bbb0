// Browser test of authoring an assessment, against the real server (build/karmayogi with demo data): Kavita Iyer
// (creator@, LBSNAA) makes a question bank from her workspace and adds a question of each kind (single choice with
// its Hindi text, a competency and a level; multiple choice; true / false; fill in the blank with an accepted
// Hindi answer), after the server refuses a single-choice question with no correct option; she filters the bank
// by competency, imports a CSV file with two broken rows and reads the row report (nothing changed), then imports
// a good file and QTI 2.1 items. She makes a standalone assessment, sets its settings (a time limit, attempts, a draw from her bank
// with how many questions are available) and submits it for review; Arvind Rao (reviewer@) approves it and
// Meenakshi (publisher@) publishes it; Priya (learner@) finds its rules on its catalogue page. Last, Kavita opens
// the demo's published proficiency assessment, sees the competency and level it grants, and a change to its
// settings makes a new draft.
// Screenshots in English and Hindi go to /tmp/karmayogi-assess-authoring-*.png.
// Run: node --test tests/e2e/assess_authoring.test.js   (needs build/karmayogi, /usr/bin/chromium).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launchBrowser, makeJourney, hash, heading, nav } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');

const CREATOR = 'creator@karmayogi.demo';
const REVIEWER = 'reviewer@karmayogi.demo';
const PUBLISHER = 'publisher@karmayogi.demo';
const LEARNER = 'learner@karmayogi.demo';
const SHOTS = '/tmp/karmayogi-assess-authoring';
const BANK = { code: 'E2E-BANK-CITIZEN', title: 'Citizen charter basics', title_hi: 'नागरिक चार्टर की मूल बातें' };
const ASSESSMENT = { code: 'E2E-CHARTER-CHECK', title: 'Citizen charter check', title_hi: 'नागरिक चार्टर जाँच' };
const SINGLE = {
  text: 'Who publishes a citizen charter?', text_hi: 'नागरिक चार्टर कौन प्रकाशित करता है?',
  options: [['The public authority that serves citizens', 'नागरिकों की सेवा करने वाला सार्वजनिक प्राधिकरण'], ['A private company', 'एक निजी कंपनी']],
  explanation: 'Each public authority publishes its own charter of services.',
};
const MULTIPLE = { text: 'What does a citizen charter state?', options: ['The services offered', 'The time each service takes', 'The officers\u2019 salaries'] };
const TRUE_FALSE = { text: 'A citizen charter names how to complain when a service is late.' };
const FILL = { text: 'Services are delivered within the time the ____ promises.', answers: ['charter', 'चार्टर'] };

// Row 1 (the first under the header) has no correct option; row 2 marks two correct options on a single-choice
// question.
const BAD_CSV = 'kind,text,correct,option_1,option_2\n'
  + 'single,Which office hears a first appeal?,,The appellate authority,The court\n'
  + 'single,Who sets the service standards?,1;2,The department,The citizen\n';
const GOOD_CSV = 'kind,text,text_hi,correct,answers,option_1,option_2\n'
  + 'single,Where is the charter displayed?,चार्टर कहाँ प्रदर्शित होता है?,1,,At the office and online,Nowhere\n'
  + 'true_false,A charter is reviewed from time to time.,,true,,,\n';

const QTI = `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="late" title="Late service" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>Who may file a complaint about a late service?</prompt>
      <simpleChoice identifier="A">Any citizen who applied for it</simpleChoice>
      <simpleChoice identifier="B">Only a lawyer</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>
`;

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'GET', path: /^\/api\/v1\/contents\/\d+\/assessment$/, status: 404 }, // a new assessment has no settings yet
  { method: 'POST', path: /^\/api\/v1\/question-banks\/\d+\/questions$/, status: 422 }, // no correct option, on purpose
  { method: 'POST', path: /^\/api\/v1\/question-banks\/\d+\/import$/, status: 422 }, // the broken file, on purpose
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots, pick } = journey;
const newPage = () => journey.newPage(browser);

let srv;
let browser;

const flash = (page, text) => page.getByRole('status').filter({ hasText: text }).first().waitFor();

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// Fills the English and Hindi text of option n (1-based) of the question form.
async function option(page, n, text, textHi) {
  const box = page.getByRole('group', { name: `Option ${n}`, exact: true });
  await box.getByLabel(/^Text in English/).fill(text);
  if (textHi) await box.getByLabel(/^Text in Hindi/).fill(textHi);
}

async function addQuestion(page) {
  await page.getByRole('button', { name: 'Add question', exact: true }).click();
  await flash(page, /^Question added/);
}

test('a provider authors a question bank and an assessment, and it is reviewed and published', async (t) => {
  let kavita;
  let bankUrl;
  let assessmentUrl;

  await t.test('she makes a question bank from her workspace', async () => {
    kavita = await newPage();
    await logIn(kavita, CREATOR);
    await nav(kavita).getByRole('link', { name: 'Workspace' }).click();
    await heading(kavita, 'Workspace').waitFor();
    await kavita.getByRole('link', { name: 'Question banks' }).click();
    await heading(kavita, 'Question banks').waitFor();
    await kavita.getByRole('button', { name: 'New question bank' }).click();
    const form = kavita.getByRole('region', { name: 'A new question bank' });
    await form.getByLabel(/^Code/).fill(BANK.code);
    await form.getByLabel(/^Title in English/).fill(BANK.title);
    await form.getByLabel(/^Title in Hindi/).fill(BANK.title_hi);
    await form.getByRole('button', { name: 'Create bank' }).click();
    await heading(kavita, BANK.title).waitFor();
    assert.match(hash(kavita), /^#\/question-banks\/\d+$/);
    bankUrl = kavita.url();
    await kavita.getByText('No questions here.').waitFor();
  });

  await t.test('she adds a question of each kind, in English and Hindi, after the server refuses one with no correct option', async () => {
    await kavita.getByRole('link', { name: 'Add a question' }).click();
    await heading(kavita, 'New question').waitFor();
    // Single choice: first with no option marked correct, which the server refuses beside the options.
    await kavita.getByLabel(/^Question in English/).fill(SINGLE.text);
    await kavita.getByLabel(/^Question in Hindi/).fill(SINGLE.text_hi);
    await option(kavita, 1, ...SINGLE.options[0]);
    await option(kavita, 2, ...SINGLE.options[1]);
    await kavita.getByLabel(/^Explanation in English/).fill(SINGLE.explanation);
    await pick(kavita.locator('main'), 'Competency', 'Citizen', /^Citizen centricity/);
    await kavita.getByLabel('Level', { exact: true }).selectOption('2');
    await kavita.getByRole('button', { name: 'Add question', exact: true }).click();
    const options = kavita.getByRole('group', { name: 'Options', exact: true });
    await options.locator('.field__error').filter({ hasText: /correct/ }).first().waitFor();
    await kavita.getByLabel('Option 1 is correct').check();
    await addQuestion(kavita);

    // Multiple choice, three options, two of them correct.
    await kavita.getByLabel(/^Kind of question/).selectOption('multiple');
    await kavita.getByLabel(/^Question in English/).fill(MULTIPLE.text);
    await kavita.getByRole('button', { name: 'Add option' }).click();
    assert.equal(await kavita.evaluate(() => document.activeElement.closest('fieldset')?.querySelector('legend')?.textContent), 'Option 3',
      'a new option opens at its text');
    for (const [i, text] of MULTIPLE.options.entries()) await option(kavita, i + 1, text);
    await kavita.getByLabel('Option 1 is correct').check();
    await kavita.getByLabel('Option 2 is correct').check();
    await addQuestion(kavita);

    // True or false: the platform makes the options; she says which is right.
    await kavita.getByLabel(/^Kind of question/).selectOption('true_false');
    await kavita.getByLabel(/^Question in English/).fill(TRUE_FALSE.text);
    await kavita.getByRole('radio', { name: 'True' }).check();
    await addQuestion(kavita);

    // Fill in the blank with an English and a Hindi answer.
    await kavita.getByLabel(/^Kind of question/).selectOption('fill_blank');
    await kavita.getByLabel(/^Question in English/).fill(FILL.text);
    await kavita.getByLabel(/^Accepted answer 1/).fill(FILL.answers[0]);
    await kavita.getByRole('button', { name: 'Add an accepted answer' }).click();
    await kavita.getByLabel(/^Accepted answer 2/).fill(FILL.answers[1]);
    await addQuestion(kavita);
    await screenshots(kavita, 'question', 'नया प्रश्न');

    await kavita.getByRole('link', { name: 'Back to the bank' }).click();
    await heading(kavita, BANK.title).waitFor();
    const table = kavita.getByRole('table', { name: 'Questions in this bank' });
    await table.getByText('4 questions').or(kavita.getByText('4 questions', { exact: true })).first().waitFor();
    for (const text of [SINGLE.text, MULTIPLE.text, TRUE_FALSE.text, FILL.text]) await table.getByRole('link', { name: text }).waitFor();

    // The competency filter offers what the questions are tagged with, and narrows the list to it.
    await kavita.getByLabel('Competency', { exact: true }).selectOption({ label: 'Citizen centricity' });
    await kavita.getByText('1 question', { exact: true }).waitFor();
    assert.deepEqual(await table.getByRole('link').allInnerTexts(), [SINGLE.text]);

    // The single-choice question opens in its editor with what was saved, Hindi included.
    await table.getByRole('link', { name: SINGLE.text }).click();
    await heading(kavita, 'Edit question').waitFor();
    assert.equal(await kavita.getByLabel(/^Question in Hindi/).inputValue(), SINGLE.text_hi);
    assert.equal(await kavita.getByRole('group', { name: 'Option 1', exact: true }).getByLabel(/^Text in Hindi/).inputValue(), SINGLE.options[0][1]);
    assert.equal(await kavita.getByLabel('Option 1 is correct').isChecked(), true);
    assert.match(await kavita.locator('.picker__chosen').innerText(), /Citizen centricity/);
  });

  await t.test('a file with broken rows is refused with a row report; a good file goes in', async () => {
    await kavita.goto(bankUrl);
    await heading(kavita, BANK.title).waitFor();
    await kavita.getByRole('button', { name: 'Import questions' }).click();
    const panel = kavita.getByRole('region', { name: 'Import questions from a file' });
    await panel.getByLabel('Choose a file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    const report = panel.getByRole('table', { name: 'What to fix, row by row' });
    await report.waitFor();
    const rows = await report.locator('tbody tr').allInnerTexts();
    assert.ok(rows.length >= 2, `a line for each broken row: ${rows}`);
    assert.ok(rows.some((r) => /^\s*1\b/.test(r) && /none is marked/i.test(r)), `row 1 (no correct option) is named: ${rows}`);
    assert.ok(rows.some((r) => /^\s*2\b/.test(r) && /2 are marked/i.test(r)), `row 2 (two correct options) is named: ${rows}`);
    await panel.getByText(/nothing was changed/).waitFor();
    await screenshots(kavita, 'import-report', BANK.title_hi);
    await report.waitFor(); // the report stays through the language switch

    await panel.getByLabel('Choose a file').setInputFiles({ name: 'charter.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
    await panel.getByRole('button', { name: 'Check the file only' }).click();
    await panel.getByText(/^The file is fine: of its 2 questions, 2 would be new/).waitFor();
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await flash(kavita, 'charter.csv imported. New questions: 2; updated: 0; unchanged: 0.');
    await kavita.getByText('6 questions', { exact: true }).first().waitFor();

    // QTI 2.1 items from another authoring tool go in too (the import panel stays open for the next file).
    await kavita.getByRole('region', { name: 'Import questions from a file' }).getByLabel('Choose a file')
      .setInputFiles({ name: 'items.xml', mimeType: 'application/xml', buffer: Buffer.from(QTI) });
    await kavita.getByRole('region', { name: 'Import questions from a file' }).getByRole('button', { name: 'Import', exact: true }).click();
    await flash(kavita, 'items.xml imported. New questions: 1; updated: 0; unchanged: 0.');
    await kavita.getByRole('table', { name: 'Questions in this bank' }).getByRole('link', { name: 'Who may file a complaint about a late service?' }).waitFor();
    await kavita.getByText('7 questions', { exact: true }).first().waitFor();

    // The export links give the bank back as a file.
    const csv = await kavita.evaluate(async (href) => (await fetch(href)).text(),
      await kavita.getByRole('link', { name: 'Download as CSV' }).getAttribute('href'));
    assert.match(csv, /Where is the charter displayed\?/);
  });

  await t.test('she makes an assessment with a time limit, draws from her bank and submits it for review', async () => {
    await nav(kavita).getByRole('link', { name: 'Workspace' }).click();
    await heading(kavita, 'Workspace').waitFor();
    await kavita.getByRole('button', { name: 'New programme or assessment' }).click();
    const form = kavita.getByRole('region', { name: 'A new programme or assessment' });
    await form.getByLabel(/^Type/).selectOption('assessment');
    await form.getByLabel(/^Code/).fill(ASSESSMENT.code);
    await form.getByLabel(/^Title in English/).fill(ASSESSMENT.title);
    await form.getByLabel(/^Title in Hindi/).fill(ASSESSMENT.title_hi);
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await heading(kavita, ASSESSMENT.title).waitFor();
    assessmentUrl = kavita.url();

    const settings = kavita.getByRole('region', { name: 'Assessment settings' });
    await settings.getByLabel(/^Purpose/).selectOption('final');
    await settings.getByLabel(/^Pass mark in percent/).fill('50');
    await settings.getByLabel(/^Attempts allowed/).fill('2');
    await settings.getByLabel(/^Time limit in minutes/).fill('15');
    const draw = settings.getByRole('group', { name: 'Draw 1' });
    await draw.getByLabel(/^Bank/).selectOption({ label: `${BANK.title} (${BANK.code})` });
    await draw.getByText('Available in the bank: 7').waitFor();
    await draw.getByLabel(/^Questions to draw/).fill('8');
    await draw.getByText(/fewer than asked for/).waitFor();
    await draw.getByLabel(/^Questions to draw/).fill('5');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await flash(kavita, 'The settings have been saved.');
    await kavita.reload();
    await heading(kavita, ASSESSMENT.title).waitFor();
    const again = kavita.getByRole('region', { name: 'Assessment settings' });
    assert.equal(await again.getByLabel(/^Time limit in minutes/).inputValue(), '15');
    assert.equal(await again.getByLabel(/^Attempts allowed/).inputValue(), '2');
    assert.equal(await again.getByRole('group', { name: 'Draw 1' }).getByLabel(/^Questions to draw/).inputValue(), '5');
    await again.getByText('Each attempt asks 5 questions worth 5 points.').waitFor();
    await screenshots(kavita, 'settings', ASSESSMENT.title_hi);

    await kavita.getByRole('button', { name: 'Submit for review' }).click();
    await flash(kavita, 'Submitted for review.');
    assert.match(await kavita.locator('.page-header__tags').innerText(), /Submitted/);
    assert.equal(await kavita.getByRole('button', { name: 'Save settings' }).count(), 0, 'in review the settings read only');
    await kavita.context().close();
  });

  await t.test('the reviewer approves it and the publisher publishes it', async () => {
    const arvind = await newPage();
    await logIn(arvind, REVIEWER);
    await nav(arvind).getByRole('link', { name: 'Review queue' }).click();
    await heading(arvind, 'Review queue').waitFor();
    await arvind.getByRole('table', { name: 'Content waiting for review' }).getByRole('link', { name: ASSESSMENT.title }).click();
    await heading(arvind, ASSESSMENT.title).waitFor();
    // The reviewer reads the settings and what each attempt draws.
    const summary = arvind.getByRole('region', { name: 'Assessment settings' });
    assert.match(await summary.innerText(), /Time limit\s+15 minutes/);
    await summary.getByText(/5 questions, Any competency · Any level \(7 available\)$/).waitFor();
    await summary.getByRole('link', { name: BANK.code }).waitFor();
    await arvind.getByRole('button', { name: 'Start review' }).click();
    await flash(arvind, 'You are reviewing it now.');
    await arvind.getByRole('button', { name: 'Approve' }).click();
    await flash(arvind, 'Approved; a publisher can publish it now.');
    await arvind.context().close();

    const meenakshi = await newPage();
    await logIn(meenakshi, PUBLISHER);
    await meenakshi.goto(assessmentUrl.replace(/\/edit$/, '/review'));
    await heading(meenakshi, ASSESSMENT.title).waitFor();
    await meenakshi.getByRole('button', { name: 'Publish' }).click();
    await flash(meenakshi, 'Published: learners find it in the catalogue now.');
    await meenakshi.context().close();
  });

  await t.test('a learner finds its rules on its catalogue page', async () => {
    const priya = await newPage();
    await logIn(priya, LEARNER);
    await priya.goto(assessmentUrl.replace(/\/edit$/, ''));
    await heading(priya, ASSESSMENT.title).waitFor();
    const take = priya.getByRole('region', { name: 'Take the assessment' });
    const rules = await take.locator('.aq-rules').innerText();
    assert.match(rules, /Questions\s+5/);
    assert.match(rules, /Pass mark\s+50%/);
    assert.match(rules, /Time limit\s+15 minutes/);
    assert.match(rules, /Attempts allowed\s+2/);
    await take.getByRole('button', { name: 'Start the assessment' }).waitFor();
    await screenshots(priya, 'rules', ASSESSMENT.title_hi);
    await priya.context().close();
  });

  await t.test('in the published proficiency assessment she sees what it grants; a change makes a new draft', async () => {
    const kavita2 = await newPage();
    await logIn(kavita2, CREATOR);
    const prof = await kavita2.evaluate(async () => (await fetch('/api/v1/assessments/by-code/PROF-RTI')).json());
    await kavita2.goto(`${srv.url}/#/contents/${prof.content_id}/edit`);
    await heading(kavita2, prof.title).waitFor();
    const settings = kavita2.getByRole('region', { name: 'Assessment settings' });
    assert.equal(await settings.getByLabel(/^Purpose/).inputValue(), 'proficiency');
    const grant = settings.getByRole('group', { name: 'Competency granted on passing' });
    assert.match(await grant.locator('.picker__chosen').innerText(), /Chosen:\s+\S/);
    assert.equal(await grant.getByRole('radio', { checked: true }).count(), 1, 'its level is chosen');
    await settings.getByLabel(/^Pass mark in percent/).fill('70');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await flash(kavita2, /^The settings have been saved in a new draft, version 2/);
    assert.match(await kavita2.locator('.page-header__tags').innerText(), /Draft[\s\S]*version 2/);
    assert.equal(await kavita2.getByRole('region', { name: 'Assessment settings' }).getByLabel(/^Pass mark in percent/).inputValue(), '70');
    await kavita2.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journeys asked for', () => {
    journey.assertClean();
  });
});
