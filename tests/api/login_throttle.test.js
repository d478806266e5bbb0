// API tests: login rate limiting. Five failures lock an account for 15 minutes (429 with Retry-After and a
// clear message), an unknown email is answered exactly alike, a success resets the count, a lock ends, and
// fifty failures lock the client address.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlRows } = require('../lib/sql.js');

const PASSWORD = 'Karmayogi@2026';
const PG = process.env.KARMAYOGI_TEST_BACKEND === 'postgresql';
const LOCK_S = 15 * 60;

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const sql = (query) => sqlRows(srv, query);

async function login(email, password) {
  const res = await fetch(srv.url + '/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, data: JSON.parse(text) };
}

async function failTimes(email, n) {
  for (let i = 0; i < n; i++) {
    const r = await login(email, `wrong-${i}`);
    assert.equal(r.status, 401, `failure ${i + 1} of ${email}: ${r.text}`);
    assert.equal(r.data.code, 'invalid_credentials');
  }
}

function assertLocked(r, what) {
  assert.equal(r.status, 429, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.data.code, 'too_many_attempts');
  assert.equal(r.data.type, '/problems/too_many_attempts');
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > LOCK_S - 60 && retry <= LOCK_S, `Retry-After ${r.headers.get('retry-after')}`);
  assert.equal(r.data.detail, `Too many failed logins for this ${what}; try again in 15 minutes.`);
  assert.equal(r.data.token, undefined);
  assert.ok(!r.headers.getSetCookie().some((c) => /^ky_session=[0-9a-f]/.test(c)));
  return r;
}

const strip = (d) => { const c = { ...d }; delete c.request_id; return c; };

test('five failed logins lock the account: even the right password then gets 429 with Retry-After', async () => {
  await failTimes('learner@karmayogi.demo', 5);
  assertLocked(await login('learner@karmayogi.demo', PASSWORD), 'account');
  assertLocked(await login('LEARNER@Karmayogi.Demo', PASSWORD), 'account'); // the key is the lower-cased email
  assertLocked(await login('learner@karmayogi.demo', 'wrong again'), 'account');
  const other = await login('mdo.admin@karmayogi.demo', PASSWORD);
  assert.equal(other.status, 200, 'another account from the same address still logs in');
});

test('an unknown email is counted and locked exactly like a real one', async () => {
  const real = 'cbp.admin@karmayogi.demo';
  const ghost = 'nobody.by.this.name@karmayogi.demo';
  const seqReal = [], seqGhost = [];
  for (let i = 0; i < 6; i++) {
    seqReal.push(await login(real, `nope-${i}`));
    seqGhost.push(await login(ghost, `nope-${i}`));
  }
  assert.deepEqual(seqReal.map((r) => r.status), [401, 401, 401, 401, 401, 429]);
  assert.deepEqual(seqGhost.map((r) => r.status), [401, 401, 401, 401, 401, 429]);
  for (let i = 0; i < 6; i++) assert.deepEqual(strip(seqGhost[i].data), strip(seqReal[i].data));
  assertLocked(seqGhost[5], 'account');
  assertLocked(seqReal[5], 'account');
  assert.ok(Math.abs(Number(seqGhost[5].headers.get('retry-after')) - Number(seqReal[5].headers.get('retry-after'))) <= 2);
});

test('a success resets the account count', async () => {
  const email = 'trainer@karmayogi.demo';
  await failTimes(email, 4);
  assert.equal((await login(email, PASSWORD)).status, 200);
  await failTimes(email, 4);
  assert.equal((await login(email, PASSWORD)).status, 200, 'four more failures after a success do not lock');
  await failTimes(email, 5);
  assertLocked(await login(email, PASSWORD), 'account');
});

test('the lock ends after its time, and failures older than the window are forgotten', async () => {
  const email = 'coordinator@karmayogi.demo';
  await failTimes(email, 5);
  assertLocked(await login(email, PASSWORD), 'account');
  const past = Date.now() - 1000;
  sql(`UPDATE login_throttle SET locked_until = ${past}, window_start = ${past - LOCK_S * 1000}
    WHERE key = 'acct:${email}'`);
  await failTimes(email, 4); // a new window: four failures do not lock
  assert.equal((await login(email, PASSWORD)).status, 200, 'the lock has ended');
  const rows = sql(`SELECT COUNT(*) FROM login_throttle WHERE key = 'acct:${email}'`);
  assert.deepEqual(rows, [['0']], 'a success removes the account row');
});

test('the throttle stores keys for the account and the address, never the password', async () => {
  await failTimes('publisher@karmayogi.demo', 1);
  const rows = sql("SELECT key, failures FROM login_throttle WHERE key IN ('acct:publisher@karmayogi.demo', 'addr:127.0.0.1')");
  const keys = Object.fromEntries(rows);
  assert.equal(keys['acct:publisher@karmayogi.demo'], '1');
  assert.ok(Number(keys['addr:127.0.0.1']) >= 1, JSON.stringify(rows));
  assert.equal(sql("SELECT COUNT(*) FROM login_throttle WHERE key LIKE '%wrong%'")[0][0], '0');
});

test('rows whose window and lock have passed are pruned as new failures come in; live ones stay', async () => {
  const old = Date.now() - 2 * LOCK_S * 1000;
  sql(`INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES
    ('addr:203.0.113.7', 3, ${old}, 0), ('acct:gone@example.gov.in', 5, ${old}, ${old + LOCK_S * 1000}),
    ('acct:still.locked@example.gov.in', 5, ${old}, ${Date.now() + 60000})`);
  await failTimes('supervisor@karmayogi.demo', 1);
  const left = sql("SELECT key FROM login_throttle WHERE key IN ('addr:203.0.113.7', 'acct:gone@example.gov.in', "
    + "'acct:still.locked@example.gov.in')").map((r) => r[0]);
  assert.deepEqual(left, ['acct:still.locked@example.gov.in'], 'only the stale rows went');
  assert.equal(sql("SELECT failures FROM login_throttle WHERE key = 'acct:supervisor@karmayogi.demo'")[0][0], '1');
});

// Last: it locks this test server's only client address.
test('fifty failures from one address lock the address for every account', async () => {
  const count = () => Number(sql("SELECT failures FROM login_throttle WHERE key = 'addr:127.0.0.1'")[0][0]);
  let i = 0;
  while (count() < 50) {
    const r = await login(`spray.${i++}@karmayogi.demo`, 'Password1!');
    assert.equal(r.status, 401, r.text);
    assert.ok(i <= 50, 'the address count grows with each failure');
  }
  const r = assertLocked(await login('reviewer@karmayogi.demo', PASSWORD), 'address');
  assert.match(r.data.detail, /this address/);
  assertLocked(await login('spv.admin@karmayogi.demo', PASSWORD), 'address');
  const acct = sql("SELECT COUNT(*) FROM login_throttle WHERE key = 'acct:reviewer@karmayogi.demo'")[0][0];
  assert.equal(acct, '0', 'a refused attempt is not counted against the account');
});
