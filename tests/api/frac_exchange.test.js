// API tests: import and export of the competency framework (format karmayogi-frac/1, JSON and CSV).
// Round trips change nothing; new competencies and roles (with extends and requirements) arrive; an edited
// competency makes a new version; dry runs and rejected files write nothing; every bad row is reported where it
// is; MDO admins may only reference the dictionary and import for organisations they administer.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server.js');
const { sqlText } = require('../lib/sql.js');
const { makeClient } = require('../lib/api.js');

const FORMAT = 'karmayogi-frac/1';
const COLUMNS = ['record', 'code', 'area', 'name', 'name_hi', 'description', 'description_hi', 'level', 'text',
  'text_hi', 'ref'];
const DEVANAGARI = /[\u0900-\u097F]/;

let srv;
const api = makeClient(() => srv.url);
const { call, ok, assertProblem } = api;
const login = async (email) => (await api.login(email)).token;
let spv; let mdo; let learner; let spvId;
const org = {}; // code -> id

before(async () => {
  srv = await startServer();
  const s = await api.login('spv.admin@karmayogi.demo');
  spv = s.token;
  spvId = s.user.id;
  mdo = await login('mdo.admin@karmayogi.demo');
  learner = await login('learner@karmayogi.demo');
  for (const code of ['GOI', 'MOR', 'RB', 'DOP', 'DOPT']) org[code] = await api.orgId(code, spv);
  await seedRoles();
});
after(async () => { if (srv) await srv.stop(); });

// Reads the database behind the server directly, the way an auditor would (sqlite3 or psql CLI).
const sql = (query) => sqlText(srv, query);

// --- building files ---

let seq = 0;
const uniq = (prefix) => `${prefix}-${++seq}`;
const levels = (tag) => [1, 2, 3, 4, 5].map((n) => ({
  level: n, descriptor: `${tag}: what a person at level ${n} can do`, descriptor_hi: `${tag}: स्तर ${n} का विवरण`,
}));
const jComp = (code, over = {}) => ({
  code, area: 'functional', name: `Competency ${code}`, name_hi: `दक्षता ${code}`, description: `What ${code} is about.`,
  description_hi: `${code} का विवरण।`, status: 'active', levels: levels(code), ...over,
});
const jRole = (code, over = {}) => ({
  code, name: `Role ${code}`, name_hi: `भूमिका ${code}`, description: `Work of ${code}.`, description_hi: null,
  extends: null, shared: true, activities: [{ text: `Does the work of ${code}`, text_hi: `${code} का काम करता है` }],
  requirements: [], ...over,
});
const file = (competencies = [], roles = []) => ({ format: FORMAT, competencies, roles });

const cell = (v) => {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvOf = (records) => `${COLUMNS.join(',')}\r\n${records.map((r) => COLUMNS.map((c) => cell(r[c])).join(',')).join('\r\n')}\r\n`;
const cComp = (code, over = {}) => [
  { record: 'competency', code, area: 'functional', name: `Competency ${code}`, name_hi: `दक्षता ${code}`,
    description: `What ${code} is about.`, ...over },
  ...[1, 2, 3, 4, 5].map((level) => ({ record: 'level', code, level, text: `${code}: level ${level}`, text_hi: `स्तर ${level}` })),
];

// --- calling ---

const exportJson = async (token = spv, qs = '') => ok(await call('GET', `/api/v1/framework/export${qs}`, { token }));
// The CSV export's text, byte order mark included (fetch's text() would drop it).
async function exportCsv(token = spv, qs = '') {
  const res = await fetch(`${srv.url}/api/v1/framework/export?format=csv${qs}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, bytes.toString());
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="karmayogi-frac\.csv"/);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
const importJson = (token, body, qs = '') => call('POST', `/api/v1/framework/import${qs}`, { token, json: body });
async function importRaw(token, body, type = 'text/csv', qs = '') {
  const headers = { authorization: `Bearer ${token}` };
  if (type) headers['content-type'] = type;
  const res = await fetch(`${srv.url}/api/v1/framework/import${qs}`, { method: 'POST', headers, body });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, data };
}
const forOrg = (code, extra = '') => `?org_id=${org[code]}${extra}`;

// An applied (or clean dry-run) report with these counts.
function applied(r, counts, dryRun = false) {
  const rep = ok(r);
  assert.equal(rep.applied, !dryRun, r.text);
  assert.equal(rep.dry_run, dryRun);
  assert.deepEqual(rep.errors, []);
  for (const [part, want] of Object.entries(counts)) {
    for (const [k, v] of Object.entries(want)) assert.equal(rep[part][k], v, `${part}.${k} in ${r.text}`);
  }
  return rep;
}

// A rejected import: 422 problem with a report; returns the errors.
function rejected(r) {
  const p = assertProblem(r, 422, 'import_rejected');
  assert.equal(p.applied, false);
  assert.ok(Array.isArray(p.errors) && p.errors.length > 0, r.text);
  assert.equal(p.errors_total, p.errors.length);
  for (const e of p.errors) assert.deepEqual(Object.keys(e).sort(), ['field', 'message', 'row']);
  return p.errors;
}

// The error at row (a CSV line or a JSON pointer) about field whose message matches re.
function hasError(errors, row, field, re) {
  const hit = errors.find((e) => e.row === row && e.field === field && re.test(e.message));
  assert.ok(hit, `no error at ${JSON.stringify(row)} ${field} matching ${re}; got ${JSON.stringify(errors, null, 1)}`);
  return hit;
}

async function competency(code) {
  const page = ok(await call('GET', `/api/v1/competencies?q=${encodeURIComponent(code)}&limit=500`, { token: learner }));
  const hit = page.items.find((c) => c.code === code);
  return hit ? ok(await call('GET', `/api/v1/competencies/${hit.id}`, { token: learner })) : null;
}
async function workRole(code, token = spv) {
  const page = ok(await call('GET', `/api/v1/work-roles?q=${encodeURIComponent(code)}&limit=500`, { token }));
  const hit = page.items.find((r) => r.code === code);
  return hit ? ok(await call('GET', `/api/v1/work-roles/${hit.id}`, { token })) : null;
}
const exportedRole = (doc, code) => doc.roles.find((r) => r.code === code);

// A few roles of our own, so round trips carry roles, extends and private ones (imported once the server is up).
async function seedRoles() {
  const comp = jComp('FUN-EXCH-BASE');
  const baseRoles = [
    jRole('EXCH-CLERK', { requirements: [{ competency: 'FUN-EXCH-BASE', level: 2 }, { competency: 'BEH-CITIZEN', level: 1 }] }),
    jRole('EXCH-SENIOR-CLERK', { extends: 'EXCH-CLERK', requirements: [{ competency: 'FUN-EXCH-BASE', level: 4 }] }),
    jRole('EXCH-MOR-PRIVATE', { shared: false, activities: [], requirements: [{ competency: 'BEH-CITIZEN', level: 3 }] }),
  ];
  applied(await importJson(spv, file([comp], baseRoles.slice(0, 2)), forOrg('GOI')),
    { competencies: { created: 1 }, roles: { created: 2 } });
  applied(await importJson(spv, file([], baseRoles.slice(2)), forOrg('MOR')), { roles: { created: 1 } });
}

// --- export ---

test('the JSON export holds the whole dictionary with five levels each and the roles, in the documented shape', async () => {
  const doc = await exportJson();
  assert.deepEqual(Object.keys(doc).sort(), ['competencies', 'format', 'roles']);
  assert.equal(doc.format, FORMAT);
  assert.ok(doc.competencies.length >= 19, `demo framework plus ours: ${doc.competencies.length}`);
  for (const c of doc.competencies) {
    assert.deepEqual(Object.keys(c).sort(), ['area', 'code', 'description', 'description_hi', 'levels', 'name', 'name_hi', 'status'].sort());
    assert.deepEqual(c.levels.map((l) => l.level), [1, 2, 3, 4, 5], c.code);
  }
  const codes = doc.competencies.map((c) => c.code);
  assert.deepEqual(codes, [...codes].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), 'sorted by code');
  const senior = exportedRole(doc, 'EXCH-SENIOR-CLERK');
  assert.deepEqual(Object.keys(senior).sort(), ['activities', 'code', 'description', 'description_hi', 'extends', 'name',
    'name_hi', 'requirements', 'shared'].sort());
  assert.equal(senior.extends, 'EXCH-CLERK');
  assert.deepEqual(senior.requirements, [{ competency: 'FUN-EXCH-BASE', level: 4 }], 'own requirements only');
  assert.deepEqual(exportedRole(doc, 'EXCH-CLERK').requirements,
    [{ competency: 'BEH-CITIZEN', level: 1 }, { competency: 'FUN-EXCH-BASE', level: 2 }], 'sorted by competency code');
  assert.equal(exportedRole(doc, 'EXCH-MOR-PRIVATE').shared, false);
  assert.match(doc.competencies.find((c) => c.code === 'BEH-CITIZEN').name_hi, DEVANAGARI);
});

test('export: roles=shared leaves private roles out, roles=org gives one organisation\'s, and people outside never see a private role', async () => {
  const shared = await exportJson(spv, '?roles=shared');
  assert.ok(!exportedRole(shared, 'EXCH-MOR-PRIVATE'));
  assert.ok(exportedRole(shared, 'EXCH-CLERK'));
  const mor = await exportJson(spv, `?roles=org&org_id=${org.MOR}`);
  assert.deepEqual(mor.roles.map((r) => r.code).filter((c) => c.startsWith('EXCH-')), ['EXCH-MOR-PRIVATE']);
  // The learner works in RB, inside MOR: MOR's private role is theirs to see; a private DOP role is not.
  applied(await importJson(spv, file([], [jRole('EXCH-DOP-PRIVATE', { shared: false })]), forOrg('DOP')), { roles: { created: 1 } });
  const mine = await exportJson(learner);
  assert.ok(exportedRole(mine, 'EXCH-MOR-PRIVATE'), 'a learner in RB does not see MOR\'s private role');
  assert.ok(!exportedRole(mine, 'EXCH-DOP-PRIVATE'), 'a learner in RB sees DOP\'s private role');
  assert.ok(!exportedRole(await exportJson(mdo), 'EXCH-DOP-PRIVATE'), 'the MOR admin sees DOP\'s private role');
  assert.ok(exportedRole(await exportJson(spv), 'EXCH-DOP-PRIVATE'), 'the SPV admin misses a private role');
});

test('export needs a session and refuses bad parameters', async () => {
  assertProblem(await call('GET', '/api/v1/framework/export'), 401, 'unauthenticated');
  for (const [qs, field] of [['?format=xml', 'format'], ['?roles=mine', 'roles'], ['?roles=org', 'org_id'],
    ['?roles=org&org_id=abc', 'org_id'], ['?roles=org&org_id=999999', 'org_id']]) {
    const p = assertProblem(await call('GET', `/api/v1/framework/export${qs}`, { token: spv }), 422, 'validation_failed');
    assert.deepEqual(api.fieldsOf(p), [field], qs);
  }
});

test('the CSV export has a byte order mark, the documented header, and one record per competency, level, role, activity and requirement', async () => {
  const text = await exportCsv();
  assert.ok(text.startsWith('\uFEFF'), 'no byte order mark: spreadsheets would garble Hindi');
  const lines = text.slice(1).split('\r\n');
  assert.equal(lines[0], COLUMNS.join(','));
  assert.ok(lines.includes('role,EXCH-SENIOR-CLERK,,Role EXCH-SENIOR-CLERK,भूमिका EXCH-SENIOR-CLERK,Work of EXCH-SENIOR-CLERK.,,,,,EXCH-CLERK'));
  assert.ok(lines.includes('requirement,EXCH-SENIOR-CLERK,,,,,,4,,,FUN-EXCH-BASE'));
  assert.ok(lines.includes('level,FUN-EXCH-BASE,,,,,,3,FUN-EXCH-BASE: what a person at level 3 can do,FUN-EXCH-BASE: स्तर 3 का विवरण,'));
  assert.ok(lines.some((l) => l.startsWith('competency,BEH-CITIZEN,behavioural,') && DEVANAGARI.test(l)));
});

// --- round trips ---

test('exporting JSON and importing it back as the SPV admin changes nothing', async () => {
  const before1 = await exportJson();
  const rep = applied(await importJson(spv, before1, forOrg('GOI')), {
    competencies: { created: 0, updated: 0, unchanged: before1.competencies.length },
    roles: { created: 0, updated: 0, unchanged: before1.roles.length },
  });
  assert.ok(rep.roles.unchanged >= 4);
  assert.deepEqual(await exportJson(), before1, 'the framework changed');
  const base = await competency('FUN-EXCH-BASE');
  assert.deepEqual(base.versions.map((v) => v.version), [1], 'an unchanged competency got a new version');
  // Without roles to create or change, org_id is not needed either.
  applied(await importJson(spv, before1), { roles: { unchanged: before1.roles.length } });
});

test('exporting CSV and importing it back changes nothing, and Hindi, commas, quotes, line breaks and formula-like text survive', async () => {
  const code = uniq('FUN-EXCH-CSV');
  const tricky = {
    name: 'Drafting, "plain" notes', name_hi: 'सरल टिप्पणी लेखन, "स्पष्ट"', description: 'Line one\nline two',
    description_hi: '=SUM(A1) नहीं, पाठ है',
  };
  const body = csvOf([...cComp(code, tricky), { record: 'role', code: 'EXCH-CSV-ROLE', name: '-minus first', name_hi: 'भूमिका' },
    { record: 'activity', code: 'EXCH-CSV-ROLE', text: '@mention is text', text_hi: 'गतिविधि' },
    { record: 'requirement', code: 'EXCH-CSV-ROLE', ref: code, level: 3 }]);
  applied(await importRaw(spv, body, 'text/csv', forOrg('GOI')), { competencies: { created: 1 }, roles: { created: 1 } });
  const c = await competency(code);
  for (const [k, v] of Object.entries(tricky)) assert.equal(c[k], v, k);

  const csv = await exportCsv();
  assert.ok(csv.includes('"\'=SUM(A1) नहीं, पाठ है"'), 'a formula-like cell is not defused in the export');
  const before1 = await exportJson();
  applied(await importRaw(spv, csv, 'text/csv', forOrg('GOI')), {
    competencies: { created: 0, updated: 0, unchanged: before1.competencies.length },
    roles: { created: 0, updated: 0, unchanged: before1.roles.length },
  });
  assert.deepEqual(await exportJson(), before1, 'the CSV round trip changed the framework');
  const again = await competency(code);
  assert.equal(again.name_hi, tricky.name_hi, 'the Hindi name did not survive');
  assert.equal(again.version, 1);
  assert.equal(exportedRole(before1, 'EXCH-CSV-ROLE').name, '-minus first');
  assert.equal(exportedRole(before1, 'EXCH-CSV-ROLE').activities[0].text, '@mention is text');
});

// --- creating and changing ---

test('a new competency with roles that extend each other and carry requirements is imported, and the roles API shows them', async () => {
  const code = uniq('DOM-EXCH-NEW');
  const base = uniq('EXCH-BASE');
  const child = uniq('EXCH-CHILD');
  // The child comes first in the file: parents need not.
  const body = file([jComp(code, { area: 'domain' })], [
    jRole(child, { extends: base, requirements: [{ competency: 'BEH-CITIZEN', level: 3 }] }),
    jRole(base, { requirements: [{ competency: code, level: 2 }], activities: [{ text: 'Keeps the registers', text_hi: 'रजिस्टर रखता है' }] }),
  ]);
  applied(await importJson(spv, body, forOrg('MOR')), { competencies: { created: 1, updated: 0 }, roles: { created: 2 } });
  const comp = await competency(code);
  assert.equal(comp.area, 'domain');
  assert.deepEqual(comp.levels.map((l) => l.descriptor), body.competencies[0].levels.map((l) => l.descriptor));

  const r = await workRole(child);
  assert.ok(r, `GET /work-roles does not find ${child}`);
  assert.equal(r.org.id, org.MOR);
  assert.equal(r.extends.code, base);
  const req = (c) => r.requirements.find((q) => q.competency.code === c);
  assert.equal(req('BEH-CITIZEN').level, 3);
  assert.equal(req('BEH-CITIZEN').inherited_from, null);
  assert.equal(req(code).level, 2, 'the inherited requirement is missing');
  assert.equal(req(code).inherited_from.code, base);
  const b = await workRole(base);
  assert.deepEqual(b.activities, [{ text: 'Keeps the registers', text_hi: 'रजिस्टर रखता है' }]);
  // The audit log names the SPV admin for the competency, both roles and the import.
  assert.equal(sql(`SELECT actor_id FROM audit_log WHERE object_type = 'competency' AND object_id = '${comp.id}'`), String(spvId));
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'work_role' AND object_id IN ('${r.id}', '${b.id}')`), '2');
});

test('an edited competency in the file makes a new version, and the old one stays readable', async () => {
  const code = uniq('FUN-EXCH-EDIT');
  applied(await importJson(spv, file([jComp(code)])), { competencies: { created: 1 } });
  const v1 = await competency(code);
  const edited = jComp(code, { name: `Competency ${code}, revised` });
  edited.levels[2].descriptor = 'A new text for level 3';
  applied(await importJson(spv, file([edited])), { competencies: { created: 0, updated: 1, unchanged: 0 } });
  const v2 = await competency(code);
  assert.equal(v2.id, v1.id);
  assert.equal(v2.version, 2);
  assert.deepEqual(v2.versions.map((v) => v.version), [2, 1]);
  assert.equal(v2.name, edited.name);
  assert.equal(v2.levels[2].descriptor, 'A new text for level 3');
  const old = ok(await call('GET', `/api/v1/competencies/${v1.id}/versions/1`, { token: learner }));
  assert.equal(old.name, v1.name);
  // Retiring through the file changes the status in place: no new version.
  applied(await importJson(spv, file([{ ...edited, status: 'retired' }])), { competencies: { updated: 1 } });
  const v3 = await competency(code);
  assert.equal(v3.status, 'retired');
  assert.equal(v3.version, 2);
});

test('an edited role is updated in place, and a CSV file without a shared column keeps the role\'s setting', async () => {
  const code = uniq('EXCH-EDIT');
  applied(await importJson(spv, file([], [jRole(code, { shared: false })]), forOrg('MOR')), { roles: { created: 1 } });
  const csv = csvOf([{ record: 'role', code, name: 'Renamed role', name_hi: 'नया नाम' },
    { record: 'requirement', code, ref: 'BEH-CITIZEN', level: 2 }]);
  applied(await importRaw(spv, csv, 'text/csv', forOrg('MOR')), { roles: { updated: 1 } });
  const r = exportedRole(await exportJson(), code);
  assert.equal(r.name, 'Renamed role');
  assert.equal(r.shared, false);
  assert.deepEqual(r.activities, [], 'activities are replaced by the file\'s (none)');
  assert.deepEqual(r.requirements, [{ competency: 'BEH-CITIZEN', level: 2 }]);
});

test('dry_run=1 checks and counts but writes nothing', async () => {
  const before1 = await exportJson();
  const auditBefore = sql('SELECT COUNT(*) FROM audit_log');
  const code = uniq('FUN-EXCH-DRY');
  const rep = applied(await importJson(spv, file([jComp(code)], [jRole(uniq('EXCH-DRY'), { requirements: [{ competency: code, level: 1 }] })]),
    forOrg('GOI', '&dry_run=1')), { competencies: { created: 1 }, roles: { created: 1 } }, true);
  assert.equal(rep.applied, false);
  assert.equal(await competency(code), null, 'a dry run created the competency');
  assert.deepEqual(await exportJson(), before1);
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), auditBefore, 'a dry run wrote to the audit log');
  assertProblem(await importJson(spv, file([jComp(code)]), '?dry_run=yes'), 422, 'validation_failed');
});

test('all or nothing: one bad row in a file of good ones changes nothing', async () => {
  const before1 = await exportJson();
  const good = uniq('FUN-EXCH-GOOD');
  const body = file([jComp(good)], [
    jRole(uniq('EXCH-GOOD'), { requirements: [{ competency: good, level: 2 }] }),
    jRole(uniq('EXCH-BAD'), { requirements: [{ competency: good, level: 9 }] }),
  ]);
  const errors = rejected(await importJson(spv, body, forOrg('GOI')));
  assert.equal(errors.length, 1);
  hasError(errors, '/roles/1/requirements/0/level', 'level', /1 to 5/);
  assert.equal(await competency(good), null);
  assert.deepEqual(await exportJson(), before1);
  // The same with CSV, the bad row in the middle.
  const csv = csvOf([...cComp(good), { record: 'role', code: 'EXCH-CSV-GOOD', name: 'Good' },
    { record: 'requirement', code: 'EXCH-CSV-GOOD', ref: good, level: 7 }, { record: 'role', code: 'EXCH-CSV-LATER', name: 'Later' }]);
  hasError(rejected(await importRaw(spv, csv, 'text/csv', forOrg('GOI'))), 9, 'level', /1 to 5/);
  assert.deepEqual(await exportJson(), before1);
});

// --- row errors ---

test('duplicate codes in the file: a competency twice (CSV line numbers) and a role twice (JSON pointer)', async () => {
  const code = uniq('FUN-EXCH-DUP');
  const csv = csvOf([...cComp(code), ...cComp(code.toLowerCase())]);
  const e1 = hasError(rejected(await importRaw(spv, csv)), 8, 'code', /appears twice/);
  assert.match(e1.message, /line 2/);
  const role = uniq('EXCH-DUP');
  const errors = rejected(await importJson(spv, file([], [jRole(role), jRole('EXCH-OTHER'), jRole(role)]), forOrg('GOI')));
  hasError(errors, '/roles/2/code', 'code', /appears twice.*\/roles\/0/);
  assert.equal(await competency(code), null);
});

test('dangling references: a requirement on an unknown competency and extends to an unknown role', async () => {
  const errors = rejected(await importJson(spv, file([], [
    jRole(uniq('EXCH-DANGLE'), { requirements: [{ competency: 'BEH-CITIZEN', level: 1 }, { competency: 'FUN-NO-SUCH', level: 2 }] }),
    jRole(uniq('EXCH-ORPHAN'), { extends: 'EXCH-NO-SUCH-ROLE' }),
  ]), forOrg('GOI')));
  hasError(errors, '/roles/0/requirements/1/competency', 'competency', /FUN-NO-SUCH/);
  hasError(errors, '/roles/1/extends', 'extends', /EXCH-NO-SUCH-ROLE/);
  assert.equal(errors.length, 2);
  const csv = csvOf([{ record: 'role', code: uniq('EXCH-DANGLE'), name: 'Dangling', ref: 'EXCH-NOPE' }]);
  hasError(rejected(await importRaw(spv, csv, 'text/csv', forOrg('GOI'))), 2, 'ref', /EXCH-NOPE/);
});

test('a cycle of extends across three roles reports every role on it', async () => {
  const [a, b, c] = [uniq('EXCH-CYC-A'), uniq('EXCH-CYC-B'), uniq('EXCH-CYC-C')];
  const errors = rejected(await importJson(spv, file([], [jRole(a, { extends: b }), jRole(b, { extends: c }),
    jRole(c, { extends: a }), jRole(uniq('EXCH-CYC-OK'), { extends: a })]), forOrg('GOI')));
  const cycle = `${a} → ${b} → ${c} → ${a}`;
  for (const i of [0, 1, 2]) assert.equal(hasError(errors, `/roles/${i}/extends`, 'extends', /would make a cycle/).message,
    `would make a cycle: ${cycle}`);
  assert.equal(errors.length, 3, 'a role outside the cycle was reported');
  // A role that extends itself, and a cycle through a role that already exists.
  hasError(rejected(await importJson(spv, file([], [jRole('EXCH-SELF', { extends: 'EXCH-SELF' })]), forOrg('GOI'))),
    '/roles/0/extends', 'extends', /EXCH-SELF → EXCH-SELF/);
  const stored = exportedRole(await exportJson(), 'EXCH-CLERK');
  const errs = rejected(await importJson(spv, file([], [{ ...stored, extends: 'EXCH-SENIOR-CLERK' }]), forOrg('GOI')));
  hasError(errs, '/roles/0/extends', 'extends', /EXCH-CLERK → EXCH-SENIOR-CLERK → EXCH-CLERK/);
});

test('levels: 0 and 6 are refused, and a competency must have each level 1 to 5 exactly once', async () => {
  const code = uniq('FUN-EXCH-LVL');
  const zero = jComp(code);
  zero.levels[0].level = 0;
  hasError(rejected(await importJson(spv, file([zero]))), '/competencies/0/levels/0/level', 'level', /1 to 5/);
  const six = jComp(code);
  six.levels[4].level = 6;
  hasError(rejected(await importJson(spv, file([six]))), '/competencies/0/levels/4/level', 'level', /1 to 5/);
  const four = jComp(code, { levels: levels(code).slice(0, 4) });
  hasError(rejected(await importJson(spv, file([four]))), '/competencies/0/levels', 'levels', /exactly five/);
  const twice = jComp(code);
  twice.levels[3].level = 3;
  hasError(rejected(await importJson(spv, file([twice]))), '/competencies/0/levels/3/level', 'level', /once/);
  hasError(rejected(await importJson(spv, file([], [jRole(uniq('EXCH-LVL'), { requirements: [{ competency: 'BEH-CITIZEN', level: 0 }] })]), forOrg('GOI'))),
    '/roles/0/requirements/0/level', 'level', /1 to 5/);
  // CSV: a level row of 6, one level twice, one missing.
  const rows = cComp(code);
  rows[5].level = 6;
  hasError(rejected(await importRaw(spv, csvOf(rows))), 7, 'level', /1 to 5/);
  const rows2 = cComp(code);
  rows2[5].level = 3;
  const errs = rejected(await importRaw(spv, csvOf(rows2)));
  hasError(errs, 7, 'level', /once/);
  const rows3 = cComp(code).slice(0, 5);
  hasError(rejected(await importRaw(spv, csvOf(rows3))), 2, 'level', /exactly five/);
  hasError(rejected(await importRaw(spv, csvOf([cComp(code)[0]]))), 2, 'level', /required/);
  assert.equal(await competency(code), null);
});

test('an unknown area, an area that would change, bad codes and unknown fields are row errors', async () => {
  const code = uniq('FUN-EXCH-AREA');
  hasError(rejected(await importJson(spv, file([jComp(code, { area: 'cosmic' })]))), '/competencies/0/area', 'area', /behavioural, functional or domain/);
  hasError(rejected(await importRaw(spv, csvOf(cComp(code, { area: 'cosmic' })))), 2, 'area', /behavioural, functional or domain/);
  const citizen = (await exportJson()).competencies.find((c) => c.code === 'BEH-CITIZEN');
  hasError(rejected(await importJson(spv, file([{ ...citizen, area: 'domain' }]))), '/competencies/0/area', 'area', /cannot change/);
  hasError(rejected(await importJson(spv, file([], [jRole('lower-case')]), forOrg('GOI'))), '/roles/0/code', 'code', /capital letters/);
  hasError(rejected(await importJson(spv, file([jComp(code, { colour: 'red' })]))), '/competencies/0/colour', 'colour', /not a field/);
  hasError(rejected(await importJson(spv, { ...file([jComp(code)]), format: 'other/2' })), '/format', 'format', /karmayogi-frac\/1/);
  hasError(rejected(await importRaw(spv, csvOf([{ record: 'skill', code }]))), 2, 'record', /competency, level, role/);
  hasError(rejected(await importRaw(spv, csvOf([{ record: 'level', code: 'FUN-NOWHERE', level: 1, text: 'x' }]))), 2, 'code', /no competency record/);
  const badHeader = `record,code,colour\r\ncompetency,${code},red\r\n`;
  hasError(rejected(await importRaw(spv, badHeader)), 1, null, /colour/);
  assert.equal(await competency(code), null);
});

test('malformed CSV, an empty body, invalid UTF-8 and a wrong Content-Type are refused', async () => {
  const code = uniq('FUN-EXCH-BAD');
  const lines = csvOf(cComp(code)).split('\r\n');
  lines[3] = `level,${code},,,,,,2,"an unterminated quote,,`;
  const e = rejected(await importRaw(spv, lines.join('\r\n')));
  assert.equal(e.length, 1);
  assert.match(e[0].message, /quote/);
  assert.equal(e[0].row, 4, 'the error names the line where the open quote starts its record');
  // A field with a line break inside: the next records' line numbers count physical lines.
  const multi = csvOf([...cComp(code, { description: 'two\nlines' }), { record: 'level', code: 'FUN-NOWHERE', level: 1, text: 'x' }]);
  hasError(rejected(await importRaw(spv, multi)), 9, 'code', /no competency record/);

  hasError(rejected(await importRaw(spv, '')), null, null, /empty/);
  hasError(rejected(await importRaw(spv, `${COLUMNS.join(',')}\r\n`)), null, null, /no records/);
  assertProblem(await importRaw(spv, '', 'application/json'), 400);

  const bad = Buffer.concat([Buffer.from(`${COLUMNS.join(',')}\r\ncompetency,${code},functional,Bad `), Buffer.from([0xff, 0xfe]),
    Buffer.from(' name,,About,,,,,\r\n')]);
  hasError(rejected(await importRaw(spv, bad)), 2, 'name', /UTF-8/);
  assertProblem(await importRaw(spv, Buffer.concat([Buffer.from('{"format": "'), Buffer.from([0xff]), Buffer.from('"}')]),
    'application/json'), 400, 'invalid_utf8');

  assertProblem(await importRaw(spv, csvOf(cComp(code)), 'text/plain'), 415, 'unsupported_media_type');
  assertProblem(await importRaw(spv, csvOf(cComp(code)), null), 415, 'unsupported_media_type');
  assertProblem(await importRaw(spv, '{}', 'application/xml'), 415, 'unsupported_media_type');
  assert.equal(await competency(code), null);
});

// --- who may import ---

test('an MDO admin imports roles on existing competencies for their ministry, but a new or different competency must go through governance', async () => {
  const newCode = uniq('FUN-EXCH-MDO');
  const role = uniq('EXCH-MOR');
  const body = file([jComp(newCode)], [jRole(role, { requirements: [{ competency: 'BEH-CITIZEN', level: 2 }] })]);
  const errors = rejected(await importJson(mdo, body, forOrg('MOR')));
  assert.equal(errors.length, 1);
  hasError(errors, '/competencies/0/code', 'code', /governance queue/);
  assert.equal(await competency(newCode), null);
  assert.equal(exportedRole(await exportJson(), role), undefined, 'the role was written although the file was rejected');

  // A competency exactly as the dictionary has it is fine; a different one is not.
  const citizen = (await exportJson()).competencies.find((c) => c.code === 'BEH-CITIZEN');
  applied(await importJson(mdo, file([citizen], body.roles), forOrg('MOR')),
    { competencies: { unchanged: 1, created: 0 }, roles: { created: 1 } });
  assert.equal(exportedRole(await exportJson(mdo), role).requirements[0].competency, 'BEH-CITIZEN');
  const changed = { ...citizen, name: 'Citizen first' };
  hasError(rejected(await importJson(mdo, file([changed]), forOrg('MOR'))), '/competencies/0/code', 'code', /differs from the dictionary \(name\).*governance/);
  // RB is under MOR: the MOR admin may import for it too.
  applied(await importJson(mdo, file([], [jRole(uniq('EXCH-RB'))]), forOrg('RB')), { roles: { created: 1 } });
});

test('an MDO admin cannot import for an organisation they do not administer, nor change another organisation\'s role; a learner cannot import', async () => {
  const body = file([], [jRole(uniq('EXCH-DOP'))]);
  assertProblem(await importJson(mdo, body, forOrg('DOP')), 403, 'forbidden');
  assertProblem(await importJson(mdo, body, forOrg('GOI')), 403, 'forbidden');
  assertProblem(await importJson(learner, body, forOrg('RB')), 403, 'forbidden');
  assertProblem(await importJson(learner, body), 403, 'forbidden');
  assertProblem(await call('POST', '/api/v1/framework/import', { json: body }), 401, 'unauthenticated');
  // EXCH-CLERK belongs to GOI: unchanged it may stand in an MOR file, changed it may not.
  const clerk = exportedRole(await exportJson(mdo), 'EXCH-CLERK');
  applied(await importJson(mdo, file([], [clerk]), forOrg('MOR')), { roles: { unchanged: 1 } });
  hasError(rejected(await importJson(mdo, file([], [{ ...clerk, name: 'Clerk (MOR)' }]), forOrg('MOR'))),
    '/roles/0/code', 'code', /belongs to another organisation/);
  hasError(rejected(await importJson(spv, file([], [{ ...clerk, name: 'Clerk (MOR)' }]), forOrg('MOR'))),
    '/roles/0/code', 'code', /belongs to another organisation/);
  const p = assertProblem(await importJson(spv, body, '?org_id=999999'), 422, 'validation_failed');
  assert.deepEqual(api.fieldsOf(p), ['org_id']);
});

test('a requirement may not add a retired competency, but one a role already has may stay', async () => {
  const code = uniq('FUN-EXCH-RET');
  const role = uniq('EXCH-RET');
  applied(await importJson(spv, file([jComp(code)], [jRole(role, { requirements: [{ competency: code, level: 2 }] })]), forOrg('GOI')),
    { competencies: { created: 1 }, roles: { created: 1 } });
  applied(await importJson(spv, file([jComp(code, { status: 'retired' })])), { competencies: { updated: 1 } });
  applied(await importJson(spv, await exportJson(), forOrg('GOI')), { roles: { created: 0, updated: 0 } });
  hasError(rejected(await importJson(spv, file([], [jRole(uniq('EXCH-RET2'), { requirements: [{ competency: code, level: 1 }] })]), forOrg('GOI'))),
    '/roles/0/requirements/0/competency', 'competency', /retired/);
});

test('extends follows the roles API: not a retired role, not another organisation\'s private role, and a private role seen only by its people', async () => {
  const old = uniq('EXCH-OLD');
  applied(await importJson(spv, file([], [jRole(old)]), forOrg('GOI')), { roles: { created: 1 } });
  const r = await workRole(old);
  ok(await call('PATCH', `/api/v1/work-roles/${r.id}`, { token: spv, json: { status: 'retired' } }));
  hasError(rejected(await importJson(spv, file([], [jRole(uniq('EXCH-YOUNG'), { extends: old })]), forOrg('GOI'))),
    '/roles/0/extends', 'extends', /retired; choose an active role/);
  // POSTMASTER is DOP's private role: MOR cannot build on it, and MOR's admin cannot even see it.
  hasError(rejected(await importJson(spv, file([], [jRole(uniq('EXCH-PM'), { extends: 'POSTMASTER' })]), forOrg('MOR'))),
    '/roles/0/extends', 'extends', /private role of another organisation/);
  hasError(rejected(await importJson(mdo, file([], [jRole(uniq('EXCH-PM'), { extends: 'POSTMASTER' })]), forOrg('MOR'))),
    '/roles/0/extends', 'extends', /no role has the code POSTMASTER/);
  // STATION-MASTER is RB's private role: RB's own roles may extend it, MOR's (above RB) may not.
  hasError(rejected(await importJson(mdo, file([], [jRole(uniq('EXCH-SM'), { extends: 'STATION-MASTER' })]), forOrg('MOR'))),
    '/roles/0/extends', 'extends', /private role of another organisation/);
  applied(await importJson(mdo, file([], [jRole(uniq('EXCH-SM'), { extends: 'STATION-MASTER' })]), forOrg('RB')), { roles: { created: 1 } });
});

test('a file cannot make a role private while positions outside its organisation carry it', async () => {
  const so = exportedRole(await exportJson(), 'SECTION-OFFICER');
  assert.equal(so.shared, true);
  hasError(rejected(await importJson(spv, file([], [{ ...so, shared: false }]), forOrg('DOPT'))),
    '/roles/0/shared', 'shared', /cannot be false: position/);
  assert.equal(exportedRole(await exportJson(), 'SECTION-OFFICER').shared, true);
});
