// Browser test of the assessments issue's done-when journey, against the real server (build/karmayogi with demo
// data): Priya Sharma (learner@) is enrolled in the demo's RTI course with everything done but its final quiz,
// RTI-FINAL (pass 60 %, 3 attempts, 10 minutes). In the course player the quiz shows its rules and "Start"; the
// quiz player shows the countdown and the question navigator (reachable by keyboard), saves each answer as she
// gives it ("Saved"; a save the server refuses says "Not saved — retry" and the retry saves it; offline the
// answer waits and goes when the connection is back), keeps them across a reload, and asks before submitting. She fails the first attempt (2
// attempts left), passes the second, reads the review with the explanations, and back in the course the course
// is completed and its certificate issued. Then she passes the standalone proficiency assessment PROF-RTI from
// its catalogue page, and her competency passport shows the competency it grants, verified, from an assessment.
// Last, the author edits a question the failed attempt asked: it is saved as a new question, and the attempt's
// review still shows it as it was asked.
// The second attempt is answered in full and then left to run out of time: the test moves its deadline to a
// few seconds ahead in the test database (as tests/api/assess_attempts.test.js does; the server has no
// test-only switch), the player's countdown turns urgent, and at zero the page loads the attempt the server
// has submitted with the answers saved. The answer key comes from the bank through the API, as the bank's
// provider sees it.
// Screenshots in English and Hindi go to /tmp/karmayogi-assess-*.png. Run: node --test tests/e2e/assess.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { launchBrowser, makeJourney, hash, heading } = require('../lib/browser.js');
const { startServer } = require('../lib/server.js');
const { makeClient } = require('../lib/api.js');

const LEARNER = 'learner@karmayogi.demo';
// The demo's provider people, one of whom holds the RTI bank.
const PROVIDER_PEOPLE = ['creator@karmayogi.demo', 'istm.faculty@karmayogi.demo', 'nair.faculty@karmayogi.demo',
  'nacin.faculty@karmayogi.demo', 'nadt.faculty@karmayogi.demo', 'iritm.faculty@karmayogi.demo', 'raknpa.faculty@karmayogi.demo',
  'ptc.faculty@karmayogi.demo', 'svpnpa.faculty@karmayogi.demo', 'nihfw.faculty@karmayogi.demo', 'nifm.faculty@karmayogi.demo',
  'iitm.faculty@karmayogi.demo', 'gyansetu.team@karmayogi.demo', 'asha.menon@karmayogi.demo'];
const FINAL = 'RTI-FINAL';
const PROFICIENCY = 'PROF-RTI';
const SHOTS = '/tmp/karmayogi-assess';

const EXPECTED_ERRORS = [
  { method: 'GET', path: '/api/v1/me', status: 401 }, // session check of a signed-out browser
  { method: 'PUT', path: /^\/api\/v1\/attempts\/\d+\/answers$/, status: 503 }, // a save refused on purpose (routed)
];
const journey = makeJourney({ url: () => srv.url, shots: SHOTS, expectedErrors: EXPECTED_ERRORS });
const { logIn, screenshots } = journey;

let srv;
let browser;
let client;
let final; // GET /assessments/by-code/RTI-FINAL
let prof; // ... PROF-RTI
let course; // { content_id, title, resource: the quiz resource }
const key = new Map(); // English question text -> the author's view of the question

// SQL straight on the throw-away test database (both backends).
function sql(query) {
  if (srv.pgDatabase) {
    return execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv.pgDatabase,
      '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(srv.tmp, 'test.db'), query], { encoding: 'utf8' }).trim();
}

// The questions an assessment draws, as the bank's provider sees them (with the correct answers).
async function learnKey(contentId) {
  for (const email of PROVIDER_PEOPLE) {
    let token;
    try { ({ token } = await client.login(email)); } catch (_) { continue; }
    const s = await client.call('GET', `/api/v1/contents/${contentId}/assessment`, { token });
    if (s.status !== 200) continue;
    for (const d of s.data.draws) {
      let cursor = null;
      do {
        const page = client.ok(await client.call('GET', `/api/v1/question-banks/${d.bank_id}/questions?status=active&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { token }));
        for (const q of page.items) key.set(q.text.trim(), q);
        cursor = page.next_cursor;
      } while (cursor);
    }
    return s.data;
  }
  throw new Error(`no demo provider person reads the settings of content ${contentId}`);
}

// The enrolment of Priya's whose outline has a quiz naming RTI-FINAL.
async function findCourse(token) {
  const list = client.ok(await client.call('GET', '/api/v1/me/enrolments?status=all&limit=500', { token }));
  for (const e of list.items) {
    const one = client.ok(await client.call('GET', `/api/v1/me/enrolments/${e.content_id}`, { token }));
    for (const m of one.outline || []) {
      const r = (m.resources || []).find((x) => x.kind === 'quiz' && x.assessment_ref === FINAL);
      if (r) return { content_id: e.content_id, title: one.title_en, title_hi: one.title_hi, status: one.status, resource: r };
    }
  }
  throw new Error(`the learner is enrolled in no course with a quiz naming ${FINAL}`);
}

before(async () => {
  srv = await startServer({ demo: true });
  client = makeClient(() => srv.url);
  const { token } = await client.login(LEARNER);
  final = client.ok(await client.call('GET', `/api/v1/assessments/by-code/${FINAL}`, { token }));
  prof = client.ok(await client.call('GET', `/api/v1/assessments/by-code/${PROFICIENCY}`, { token }));
  course = await findCourse(token);
  assert.notEqual(course.status, 'completed', 'the demo course waits for its final quiz');
  await learnKey(final.content_id);
  await learnKey(prof.content_id);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const saved = (page) => page.locator('.aq-saved--saved .aq-saved__text').filter({ hasText: /^Saved$/ }).waitFor();
const navButton = (page, n) => page.getByRole('navigation', { name: 'Questions' }).getByRole('button', { name: new RegExp(`^Question ${n},`) });

// Answers the question on screen: right, wrong, or (null) not at all; and waits until it is saved.
async function answer(page, right) {
  if (right === null) return;
  await choose(page, right);
  await saved(page);
}

// Gives the question on screen a right or wrong answer.
async function choose(page, right) {
  const text = (await page.locator('#aq-q-text').innerText()).trim();
  const q = key.get(text);
  assert.ok(q, `the answer key has the question "${text}"`);
  const pane = page.locator('.aq-pane');
  if (q.kind === 'fill_blank') {
    await pane.getByRole('textbox', { name: 'Your answer' }).fill(right ? q.answers[0] : 'not the answer');
  } else {
    const pickThese = right ? q.options.filter((o) => o.correct) : [q.options.find((o) => !o.correct)];
    for (const o of pickThese) await pane.getByLabel(o.text, { exact: true }).check();
  }
}

// Goes through every question with the navigator, answering each as decide(i) says.
async function answerAll(page, total, decide) {
  for (let i = 0; i < total; i += 1) {
    await navButton(page, i + 1).click();
    assert.equal(await navButton(page, i + 1).getAttribute('aria-current'), 'step');
    await answer(page, decide(i));
  }
}

async function submit(page, said) {
  await page.getByRole('button', { name: 'Submit answers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit your answers?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), said);
  await dialog.getByRole('button', { name: 'Submit now' }).click();
  await page.getByRole('heading', { name: 'Your result' }).waitFor();
}

test('an official fails the final quiz once, passes it, completes the course and passes a proficiency test', async (t) => {
  let priya;
  let firstAttempt; // the failed attempt's id
  let firstText; // the text of the first question it asked

  await t.test('the course player shows the quiz\u2019s rules and a Start button', async () => {
    priya = await journey.newPage(browser);
    await logIn(priya, LEARNER);
    await priya.goto(`${srv.url}/#/learning/${course.content_id}?r=${course.resource.id}`);
    await heading(priya, course.title).waitFor();
    const rules = await priya.locator('.aq-rules').innerText();
    assert.match(rules, new RegExp(`Questions\\s+${final.question_count}`));
    assert.match(rules, /Pass mark\s+60%/);
    assert.match(rules, /Time limit\s+10 minutes/);
    assert.match(rules, /Attempts allowed\s+3/);
    await screenshots(priya, 'rules', course.title_hi || course.title);
    await priya.getByRole('button', { name: 'Start the assessment' }).click();
    await priya.waitForURL(/#\/attempts\/\d+$/);
  });

  await t.test('the quiz player shows the timer and the navigator, and saves each answer', async () => {
    await heading(priya, final.title).waitFor();
    const timer = priya.getByRole('timer');
    await timer.waitFor();
    assert.match(await timer.innerText(), /Time left\s+(10:00|9:[0-5]\d)/);
    const nav = priya.getByRole('navigation', { name: 'Questions' });
    assert.equal(await nav.getByRole('button').count(), final.question_count);
    assert.equal(await navButton(priya, 1).getAttribute('aria-current'), 'step');
    await priya.getByText(`0 of ${final.question_count} answered`).waitFor();

    // The first three right, the fourth wrong, the rest left unanswered: at most 30 %, below the pass mark.
    firstAttempt = Number(hash(priya).match(/attempts\/(\d+)/)[1]);
    firstText = (await priya.locator('#aq-q-text').innerText()).trim();
    await answer(priya, true);
    await navButton(priya, 1).focus();
    await priya.keyboard.press('ArrowRight');
    assert.equal(await priya.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Question 2, not answered');
    await priya.keyboard.press('Enter');
    assert.equal(await navButton(priya, 2).getAttribute('aria-current'), 'step', 'Enter opens the question');
    await answer(priya, true);
    await priya.getByRole('button', { name: 'Next question' }).click();
    await answer(priya, true);
    assert.match(await navButton(priya, 1).getAttribute('aria-label'), /answered$/);
    assert.equal(await navButton(priya, 1).getAttribute('aria-label'), 'Question 1, answered');
    await priya.getByText(`3 of ${final.question_count} answered`).waitFor();
    await screenshots(priya, 'player', final.title_hi || final.title);

    // A reload (a dropped connection) resumes the attempt with the answers kept.
    await priya.reload();
    await heading(priya, final.title).waitFor();
    await priya.getByText(`3 of ${final.question_count} answered`).waitFor();
    assert.equal(await navButton(priya, 3).getAttribute('aria-label'), 'Question 3, answered');
    assert.equal(await navButton(priya, 4).getAttribute('aria-current'), 'step', 'it opens at the first unanswered question');

    // A save the server does not take says so and offers to retry; the retry saves it.
    let refuse = true;
    await priya.route('**/api/v1/attempts/*/answers', (route) => {
      if (!refuse) return route.continue();
      refuse = false;
      return route.fulfill({ status: 503, contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'db_unavailable' }) });
    });
    const q4 = key.get((await priya.locator('#aq-q-text').innerText()).trim());
    if (q4.kind === 'fill_blank') await priya.locator('.aq-pane').getByRole('textbox', { name: 'Your answer' }).fill('not the answer');
    else await priya.locator('.aq-pane').getByLabel(q4.options.find((o) => !o.correct).text, { exact: true }).check();
    await priya.locator('.aq-saved--failed .aq-saved__text').filter({ hasText: 'Not saved — retry' }).waitFor();
    await priya.getByRole('button', { name: 'Retry' }).click();
    await saved(priya);
    await priya.unroute('**/api/v1/attempts/*/answers');
    await priya.getByText(`4 of ${final.question_count} answered`).waitFor();
  });

  await t.test('she submits the first attempt after confirming, and fails it', async () => {
    // Escape closes the question without submitting, and focus goes back to the button.
    await priya.getByRole('button', { name: 'Submit answers' }).click();
    await priya.getByRole('dialog', { name: 'Submit your answers?' }).waitFor();
    assert.equal(await priya.evaluate(() => document.activeElement.textContent), 'Keep answering', 'the safe choice has focus');
    await priya.keyboard.press('Escape');
    await priya.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await priya.evaluate(() => document.activeElement.getAttribute('data-focus-key')), 'aq-submit');
    await submit(priya, new RegExp(`You have answered 4 of ${final.question_count} questions; ${final.question_count - 4} have no answer`));
    const result = priya.locator('.aq-result');
    assert.match(await result.innerText(), /Not passed/);
    assert.match(await result.innerText(), /2 attempts left\./);
    assert.equal(await priya.evaluate(() => document.activeElement.textContent), 'Your result', 'focus moves to the result');
    await screenshots(priya, 'failed', final.title_hi || final.title);
  });

  await t.test('she answers the second attempt in full; when its time runs out the server submits it, and she passes', async () => {
    await priya.getByRole('button', { name: 'Start a new attempt' }).click();
    await priya.waitForURL((u) => /#\/attempts\/\d+$/.test(u.hash));
    await priya.getByRole('navigation', { name: 'Questions' }).waitFor();
    await priya.getByText(`0 of ${final.question_count} answered`).waitFor();
    assert.match(await priya.locator('.aq-head').innerText(), /Attempt 2/);
    // Offline, the answer waits and says so; when the connection is back it is saved by itself.
    await priya.context().setOffline(true);
    await choose(priya, true);
    await priya.locator('.aq-saved--failed .aq-saved__text').filter({ hasText: 'Not saved — retry' }).waitFor();
    await priya.context().setOffline(false);
    await saved(priya);
    await priya.getByText(`1 of ${final.question_count} answered`).waitFor();
    // The save the offline browser could not send is the one this step asked for.
    journey.seen.failedRequests = journey.seen.failedRequests.filter((f) => !/PUT \S+\/api\/v1\/attempts\/\d+\/answers: net::ERR_INTERNET_DISCONNECTED/.test(f));
    journey.seen.consoleErrors = journey.seen.consoleErrors.filter((e) => !(/\/api\/v1\/attempts\/\d+\/answers$/.test(e.url)
      && e.text.includes('ERR_INTERNET_DISCONNECTED')));
    await answerAll(priya, final.question_count, () => true);
    await priya.getByText(`${final.question_count} of ${final.question_count} answered`).waitFor();

    // Eight seconds left by the server's clock: the countdown shows it, urgent, and at zero the result comes.
    const attemptId = Number(hash(priya).match(/attempts\/(\d+)/)[1]);
    sql(`UPDATE attempts SET deadline_at = ${Date.now() + 8000} WHERE id = ${attemptId}`);
    await priya.reload();
    await heading(priya, final.title).waitFor();
    const timer = priya.getByRole('timer');
    assert.match(await timer.innerText(), /Time left\s+0:0\d/);
    assert.match(await timer.getAttribute('class'), /aq-timer--urgent/, 'the last minute shows urgent');
    await priya.getByRole('heading', { name: 'Your result' }).waitFor({ timeout: 20000 });
    const result = priya.locator('.aq-result');
    assert.match(await result.innerText(), /The time ran out, so the server submitted your answers as they stood\./);
    assert.match(await result.innerText(), /Passed/);
    assert.match(await result.innerText(), /100%/);

    await priya.getByRole('link', { name: 'See the answers' }).click();
    await heading(priya, `Review: ${final.title}`).waitFor();
    const items = priya.locator('.ar-q');
    assert.equal(await items.count(), final.question_count);
    const explained = [...key.values()].find((q) => q.explanation);
    if (explained) assert.ok((await priya.locator('.ar-q__expl').count()) > 0, 'explanations show in the review');
    await screenshots(priya, 'review', `समीक्षा: ${final.title_hi || final.title}`);

    await priya.getByRole('link', { name: 'Back to the result' }).click();
    await priya.getByRole('heading', { name: 'Your result' }).waitFor();
    await priya.getByRole('link', { name: 'Back to where you started' }).click();
    await heading(priya, course.title).waitFor();
    assert.match(hash(priya), new RegExp(`^#/learning/${course.content_id}`));
    const banner = priya.getByRole('status').filter({ hasText: 'Course completed' });
    await banner.waitFor();
    await priya.locator('.aq-start__passed').filter({ hasText: 'You have passed this assessment.' }).waitFor();
    await banner.getByRole('link', { name: 'View certificate' }).click();
    await heading(priya, 'My certificates').waitFor();
    await priya.getByRole('listitem').filter({ hasText: course.title }).first().waitFor();
  });

  await t.test('a proficiency assessment passed from its catalogue page adds a verified competency to the passport', async () => {
    await priya.goto(`${srv.url}/#/contents/${prof.content_id}`);
    await heading(priya, prof.title).waitFor();
    const take = priya.getByRole('region', { name: 'Take the assessment' });
    await take.getByRole('button', { name: 'Start the assessment' }).click();
    await priya.waitForURL(/#\/attempts\/\d+$/);
    await priya.getByRole('navigation', { name: 'Questions' }).waitFor();
    await answerAll(priya, prof.question_count, () => true);
    await submit(priya, /You have answered all/);
    assert.match(await priya.locator('.aq-result').innerText(), /Passed/);
    await priya.getByRole('link', { name: 'Back to where you started' }).click();
    await heading(priya, prof.title).waitFor();

    const settings = await learnKey(prof.content_id);
    assert.ok(settings.grant, 'the proficiency assessment grants a competency');
    const { token } = await client.login(LEARNER);
    const granted = client.ok(await client.call('GET', `/api/v1/competencies/${settings.grant.competency_id}`, { token }));
    await priya.goto(`${srv.url}/#/passport`);
    await priya.getByRole('heading', { level: 1 }).first().waitFor();
    const entry = priya.locator('.entry').filter({ hasText: granted.name }).filter({ hasText: `Passed: ${prof.title}` }).first();
    await entry.waitFor();
    const said = await entry.innerText();
    assert.match(said, /Verified/);
    assert.match(said, /From an assessment/);
    assert.match(said, new RegExp(`Level ${settings.grant.level}\\b`));
    await screenshots(priya, 'passport', 'मेरा दक्षता पासपोर्ट');
  });

  await t.test('the author edits a question an attempt asked: it is saved as a new question, and the review keeps the old', async () => {
    const kavita = await journey.newPage(browser);
    await logIn(kavita, 'creator@karmayogi.demo');
    const asked = key.get(firstText);
    await kavita.goto(`${srv.url}/#/questions/${asked.id}`);
    await heading(kavita, 'Edit question').waitFor();
    const revised = `${firstText} (revised)`;
    await kavita.getByLabel(/^Question in English/).fill(revised);
    await kavita.getByRole('button', { name: 'Save question' }).click();
    await kavita.getByRole('status').filter({ hasText: /^Saved as a new question/ }).waitFor();
    const now = Number(hash(kavita).match(/questions\/(\d+)/)[1]);
    assert.notEqual(now, asked.id, 'the editor moved to the new question');
    assert.equal(await kavita.getByLabel(/^Question in English/).inputValue(), revised);
    await kavita.context().close();

    await priya.goto(`${srv.url}/#/attempts/${firstAttempt}/review`);
    await heading(priya, `Review: ${final.title}`).waitFor();
    assert.equal((await priya.locator('.ar-q__head').first().innerText()).replace(/^\d+\s*/, '').trim(), firstText,
      'the review shows the question as it was asked');
    await priya.context().close();
  });

  await t.test('no page errors, and no error answers but the ones the journey asked for', () => {
    journey.assertClean();
  });
});
