// API tests: certificates, their public verification and Open Badges (issue 6, parts 4 and 5). Priya
// (learner@) and Vikram (supervisor@) each complete real demo courses through enrolment and progress, as
// the web player would; the certificate that completion issues is then downloaded as a PDF whose Hindi
// pdftotext must read back as the same words (the Known trap), checked by a stranger with no login, carried
// as an Open Badge, and revoked by the MDO admin over them. Every bad input of the issue that is ours gets
// its answer: malformed and unknown codes, a revoked certificate's badge, revoking without a reason, by a
// stranger, or twice, and opening another official's PDF.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const CODE = /^[a-z2-7]{26}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const OB = 'https://w3id.org/openbadges/v2';

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem, walk } = api;

const who = {};
const ACCOUNTS = {
  priya: 'learner@karmayogi.demo', // the official (Railway Board)
  vikram: 'supervisor@karmayogi.demo', // another official of the same organisation, not an admin
  mdo: 'mdo.admin@karmayogi.demo', // MDO admin of the Ministry of Railways, over the Railway Board
  spv: 'spv.admin@karmayogi.demo',
  kavita: 'creator@karmayogi.demo', // a content creator at LBSNAA: a stranger to Priya
};
const certs = {}; // key -> [CERTIFICATE], oldest first
let spare; // a published course id nobody completed in this file

const sql = (query) => sqlText(srv, query);

// The text pdftotext reads from a PDF, NFC-normalised (the way a person's search would compare it).
function pdfText(bytes) {
  const file = path.join(srv.tmp, `cert-${crypto.randomBytes(4).toString('hex')}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function getBytes(p, token, headers = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const res = await fetch(srv.url + p, { headers: h });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// Enrols `key` in content id and completes every resource that counts, as the player would report it;
// returns the certificate code completion issued, or null when the course needs an assessment passed or
// was completed before.
async function complete(key, id) {
  const token = who[key].token;
  const enrolled = await call('POST', `/api/v1/contents/${id}/enrolment`, { token });
  assert.ok([200, 201].includes(enrolled.status), enrolled.text);
  if (enrolled.data.status === 'completed') return null; // the demo completed it already
  const detail = ok(await call('GET', `/api/v1/me/enrolments/${id}`, { token }));
  const resources = detail.outline.flatMap((m) => m.resources);
  const counted = resources.some((r) => r.required) ? resources.filter((r) => r.required) : resources;
  if (counted.some((r) => r.assessment_ref)) return null;
  const updates = counted.map((r) => ({ content_id: id, resource_id: r.id, percent: 100, position: 0, time_spent_s: 60 }));
  const done = ok(await call('POST', '/api/v1/me/progress', { token, json: { updates } }));
  const mine = done.enrolments.find((e) => e.content_id === id);
  assert.equal(mine.status, 'completed', JSON.stringify(done));
  assert.match(mine.certificate_code, CODE);
  return mine.certificate_code;
}

before(async () => {
  srv = await startServer();
  for (const [key, email] of Object.entries(ACCOUNTS)) {
    const s = await api.login(email);
    who[key] = { token: s.token, id: s.user.id, email };
  }
  const courses = ok(await call('GET', '/api/v1/catalogue?kind=course&limit=40', { token: who.priya.token })).items;
  const plan = { priya: 2, vikram: 1 };
  let i = 0;
  for (const [key, n] of Object.entries(plan)) {
    certs[key] = [];
    while (certs[key].length < n) {
      assert.ok(i < courses.length, 'not enough demo courses that complete without an assessment');
      const code = await complete(key, courses[i++].id);
      if (code) certs[key].push(ok(await call('GET', `/api/v1/certificates/${code}`, { token: who[key].token })));
    }
  }
  spare = courses[i].id;
});

after(async () => {
  if (srv) await srv.stop();
});

test('completing a course gives the official a certificate in their list, newest first, with its links', async () => {
  const [first, second] = certs.priya;
  // The demo gave her certificates earlier; the two just issued are the newest, so they come first.
  const { items, pages } = await walk('/api/v1/me/certificates', who.priya.token, 1);
  assert.equal(pages.length, items.length);
  assert.deepEqual(items.slice(0, 2).map((c) => c.code), [second.code, first.code]);
  assert.equal(new Set(items.map((c) => c.code)).size, items.length, 'a certificate came twice');
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].issued_at >= items[i].issued_at, 'not newest first');
  for (const c of items) {
    assert.match(c.code, CODE);
    assert.equal(c.status, 'valid');
    assert.equal(c.official.id, who.priya.id);
    assert.match(c.official.name_hi, /[\u0900-\u097F]/);
    assert.match(c.issued_at, ISO);
    assert.equal(c.revoked_at, null);
    assert.equal(c.verify_url, `${srv.url}/verify/${c.code}`);
    assert.equal(c.pdf_url, `${srv.url}/api/v1/certificates/${c.code}/pdf`);
    assert.equal(c.badge_url, `${srv.url}/badges/v2/assertions/${c.code}`);
    assert.ok(Array.isArray(c.competencies));
  }
  // Vikram's list holds his, never hers.
  const his = ok(await call('GET', '/api/v1/me/certificates?limit=500', { token: who.vikram.token }));
  assert.equal(his.items[0].code, certs.vikram[0].code);
  assert.ok(his.items.every((c) => c.official.id === who.vikram.id));
  assertProblem(await call('GET', '/api/v1/me/certificates?cursor=nonsense', { token: who.priya.token }), 422);
  assertProblem(await call('GET', '/api/v1/me/certificates'), 401);
});

test('the PDF is a PDF, and its Hindi name and title read back as the same words (pdftotext)', async () => {
  const c = certs.priya[0];
  const r = await getBytes(`/api/v1/certificates/${c.code}/pdf`, who.priya.token);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="karmayogi-certificate-${c.code}\\.pdf"$`));
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(r.bytes);
  for (const words of [c.official.name_hi, c.title_hi, c.official.name_en, c.title_en, c.code, c.verify_url]) {
    assert.ok(text.includes(words.normalize('NFC')), `the PDF's text lacks "${words}":\n${text}`);
  }
  assert.ok(!text.includes('REVOKED'));
  // Asked again with its ETag, nothing is sent.
  const etag = r.headers.get('etag');
  assert.ok(etag && etag.includes(c.code), etag);
  const again = await getBytes(`/api/v1/certificates/${c.code}/pdf`, who.priya.token, { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.bytes.length, 0);
});

test("another official's certificate and PDF are refused; the admin over the official may open them", async () => {
  const c = certs.priya[0];
  for (const key of ['vikram', 'kavita']) {
    assertProblem(await call('GET', `/api/v1/certificates/${c.code}`, { token: who[key].token }), 403, 'forbidden');
    const pdf = await getBytes(`/api/v1/certificates/${c.code}/pdf`, who[key].token);
    assert.equal(pdf.status, 403);
    assert.notEqual(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  }
  assertProblem(await call('GET', `/api/v1/certificates/${c.code}/pdf`), 401);
  for (const key of ['mdo', 'spv']) {
    assert.equal(ok(await call('GET', `/api/v1/certificates/${c.code}`, { token: who[key].token })).code, c.code);
    assert.equal((await getBytes(`/api/v1/certificates/${c.code}/pdf`, who[key].token)).status, 200);
  }
  assertProblem(await call('GET', '/api/v1/certificates/not-a-code', { token: who.priya.token }), 400, 'code_malformed');
  assertProblem(await call('GET', `/api/v1/certificates/${'a'.repeat(26)}`, { token: who.priya.token }), 404, 'not_found');
});

test('a stranger with no login verifies a certificate: JSON and the page the QR code opens', async () => {
  const c = certs.vikram[0];
  const v = ok(await call('GET', `/api/v1/verify/${c.code}`));
  assert.equal(v.status, 'valid');
  assert.equal(v.name, c.official.name_en);
  assert.equal(v.name_hi, c.official.name_hi);
  assert.equal(v.title, c.title_en);
  assert.equal(v.provider, c.provider.name_en);
  assert.equal(v.issued_at, c.issued_at);
  assert.equal(v.revoked_at, null);
  assert.equal(v.reason, null);
  assert.ok(!JSON.stringify(v).includes(who.vikram.email), 'the email leaked to a stranger');

  const page = await call('GET', `/verify/${c.code}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html; charset=utf-8/);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(page.text, /data-status="valid"/);
  assert.ok(page.text.includes('This certificate is valid.') && page.text.includes('यह प्रमाणपत्र मान्य है।'));
  assert.ok(page.text.includes(c.official.name_hi) && page.text.includes(c.title_hi));
  assert.ok(!/<script/i.test(page.text));
});

test('a malformed or unknown verification code is told apart: 400 and 404, JSON, page and badge', async () => {
  const unknown = 'a'.repeat(26);
  for (const bad of ['abc', 'A'.repeat(26), '1'.repeat(26), 'a'.repeat(27), `${'a'.repeat(25)}%C3%A9`]) {
    assertProblem(await call('GET', `/api/v1/verify/${bad}`), 400, 'code_malformed');
    assertProblem(await call('GET', `/badges/v2/assertions/${bad}`), 400, 'code_malformed');
    const page = await call('GET', `/verify/${bad}`);
    assert.equal(page.status, 400, bad);
    assert.match(page.text, /data-status="malformed"/);
  }
  const p = assertProblem(await call('GET', `/api/v1/verify/${unknown}`), 404, 'certificate_unknown');
  assert.equal(p.status, 404); // RFC 9457: a problem's status is the HTTP status ...
  assert.equal(p.verification_status, 'unknown'); // ... so what the certificate is goes beside it
  const page = await call('GET', `/verify/${unknown}`);
  assert.equal(page.status, 404);
  assert.match(page.text, /data-status="unknown"/);
  assert.ok(page.text.includes('No certificate has this code.'));
  assertProblem(await call('GET', `/badges/v2/assertions/${unknown}`), 404);
});

test('Open Badges 2.0: the issuer, the badge class with its competencies, and a hashed-email assertion', async () => {
  const c = certs.priya[1];
  const get = async (p) => {
    const r = await call('GET', p);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/ld\+json/);
    assert.equal(r.data['@context'], OB);
    return r.data;
  };
  const issuer = await get('/badges/v2/issuer');
  assert.equal(issuer.type, 'Issuer');
  assert.equal(issuer.id, `${srv.url}/badges/v2/issuer`);
  assert.equal(issuer.name, 'Karmayogi');
  assert.ok(issuer.url.startsWith(srv.url));
  assert.match(issuer.email, /^[^@\s]+@[^@\s]+$/);

  const assertion = await get(`/badges/v2/assertions/${c.code}`);
  assert.equal(assertion.type, 'Assertion');
  assert.equal(assertion.id, c.badge_url);
  assert.deepEqual(assertion.verification, { type: 'hosted' });
  assert.equal(assertion.issuedOn, c.issued_at);
  assert.equal(assertion.evidence, c.verify_url);
  const { recipient } = assertion;
  assert.equal(recipient.type, 'email');
  assert.equal(recipient.hashed, true);
  const hash = crypto.createHash('sha256').update(who.priya.email.toLowerCase() + recipient.salt).digest('hex');
  assert.equal(recipient.identity, `sha256$${hash}`);
  assert.ok(!JSON.stringify(assertion).includes(who.priya.email));

  const klass = await get(new URL(assertion.badge).pathname);
  assert.equal(klass.type, 'BadgeClass');
  assert.equal(klass.id, assertion.badge);
  assert.equal(klass.name, c.title_en);
  assert.equal(klass.issuer, issuer.id);
  assert.ok(klass.criteria.narrative && klass.criteria.id.startsWith(srv.url));
  assert.equal(klass.alignment.length, c.competencies.length);
  for (const [i, a] of klass.alignment.entries()) {
    assert.equal(a.targetName, c.competencies[i].name_en);
    assert.ok(a.targetUrl.startsWith(srv.url));
  }
  const image = await call('GET', new URL(klass.image).pathname);
  assert.equal(image.status, 200);
  assert.match(image.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(image.text, /^<svg /);

  assertProblem(await call('GET', `/badges/v2/classes/${spare}`), 404, 'badge_class_unknown');
  assertProblem(await call('GET', '/badges/v2/classes/abc'), 400, 'content_id_malformed');
  assertProblem(await call('GET', '/badges/v2/classes/0'), 400, 'content_id_malformed');
});

test('revoking: strangers and the owner may not, a reason is required, then everything says revoked', async () => {
  const c = certs.priya[0];
  const revoke = (token, json) => call('POST', `/api/v1/certificates/${c.code}/revoke`, { token, json });
  for (const key of ['priya', 'vikram', 'kavita']) assertProblem(await revoke(who[key].token, { reason: 'x' }), 403, 'forbidden');
  const field = (r) => assertProblem(r, 422, 'validation_failed').errors.map((e) => e.field);
  assert.deepEqual(field(await revoke(who.mdo.token, {})), ['reason']);
  assert.deepEqual(field(await revoke(who.mdo.token, { reason: '' })), ['reason']);
  assert.deepEqual(field(await revoke(who.mdo.token, { reason: 5 })), ['reason']);
  assert.deepEqual(field(await revoke(who.mdo.token, { reason: 'é'.repeat(501) })), ['reason']);
  assert.deepEqual(field(await revoke(who.mdo.token, { reason: 'ok', undo: true })), ['undo']);
  assertProblem(await revoke(), 401);
  assert.equal(ok(await call('GET', `/api/v1/verify/${c.code}`)).status, 'valid', 'a refused revocation changed it');

  const reason = 'Issued in error: recorded against the wrong official <script>alert(1)</script>';
  const done = ok(await revoke(who.mdo.token, { reason }));
  assert.equal(done.status, 'revoked');
  assert.match(done.revoked_at, ISO);
  assert.equal(done.revoke_reason, reason);
  assertProblem(await revoke(who.mdo.token, { reason: 'again' }), 409, 'conflict');
  assertProblem(await revoke(who.spv.token, { reason: 'again' }), 409, 'conflict');

  const v = ok(await call('GET', `/api/v1/verify/${c.code}`));
  assert.equal(v.status, 'revoked');
  assert.equal(v.revoked_at, done.revoked_at);
  assert.equal(v.reason, reason);

  const page = await call('GET', `/verify/${c.code}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-status="revoked"/);
  assert.ok(page.text.includes('This certificate has been revoked.'));
  assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the reason is not escaped');
  assert.ok(!page.text.includes('<script>'));

  const badge = await call('GET', `/badges/v2/assertions/${c.code}`);
  assert.equal(badge.status, 410);
  assert.match(badge.headers.get('content-type'), /^application\/ld\+json/);
  assert.equal(badge.data.id, c.badge_url);
  assert.equal(badge.data.revoked, true);
  assert.equal(badge.data.revocationReason, reason);

  const pdf = await getBytes(`/api/v1/certificates/${c.code}/pdf`, who.priya.token);
  assert.equal(pdf.status, 200);
  const text = pdfText(pdf.bytes);
  assert.ok(text.includes('REVOKED') && text.includes('निरस्त'), text);
  assert.ok(text.includes('Issued in error'), text);
  assert.notEqual(pdf.headers.get('etag'), null);

  // Her list still shows it, marked; and the audit log holds who did it, with before and after.
  const mine = ok(await call('GET', '/api/v1/me/certificates', { token: who.priya.token }));
  assert.equal(mine.items.find((x) => x.code === c.code).status, 'revoked');
  const audit = sql(`SELECT actor_id, object_type, CASE WHEN before_json LIKE '%"valid"%' THEN 1 ELSE 0 END, CASE WHEN after_json LIKE '%"revoked"%' THEN 1 ELSE 0 END FROM audit_log WHERE action = 'certificate.revoke' AND object_id = '${c.code}'`);
  assert.equal(audit, `${who.mdo.id}|certificate|1|1`);
});
