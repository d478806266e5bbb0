// Checks the web shell's sources without a browser: English and Hindi carry the same strings, every string
// the code asks for exists, every problem code and role of the contract has words, and no module builds
// markup from strings. Run: node --test tests/e2e/
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const WEB = path.resolve(__dirname, '..', '..', 'web');
const load = (lang) => JSON.parse(fs.readFileSync(path.join(WEB, 'i18n', `${lang}.json`), 'utf8'));
const en = load('en');
const hi = load('hi');
const modules = fs.readdirSync(path.join(WEB, 'js')).filter((f) => f.endsWith('.js'))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(WEB, 'js', f), 'utf8') }));

const DEVANAGARI = /[\u0900-\u097F]/;
const placeholders = (s) => (s.match(/\{\w+\}/g) || []).sort();

// From the HTTP contract: every problem code and every role the server can send.
const PROBLEM_CODES = ['malformed_json', 'invalid_utf8', 'bad_request', 'invalid_credentials', 'unauthenticated',
  'csrf_required', 'forbidden', 'not_found', 'method_not_allowed', 'payload_too_large', 'unsupported_media_type',
  'validation_failed', 'db_unavailable', 'internal'];
const ROLES = ['learner', 'spv_admin', 'mdo_admin', 'cbp_admin', 'content_creator', 'content_reviewer',
  'content_publisher', 'programme_coordinator', 'trainer'];

test('English and Hindi have the same keys, each a non-empty string with the same placeholders', () => {
  assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    assert.equal(typeof text, 'string', key);
    assert.ok(text.trim() && hi[key].trim(), `${key} is empty`);
    assert.deepEqual(placeholders(hi[key]), placeholders(text), `${key} placeholders`);
  }
});

test('the Hindi strings are written in Hindi', () => {
  const latinOnly = Object.entries(hi).filter(([key, text]) => key !== 'lang.en' && !DEVANAGARI.test(text));
  assert.deepEqual(latinOnly, []);
});

test('every key the modules ask for by name exists', () => {
  const missing = [];
  for (const { file, text } of modules) {
    for (const match of text.matchAll(/\bt\(\s*(['"`])([\w.]+)\1/g)) {
      if (!(match[2] in en)) missing.push(`${file}: ${match[2]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every section, role and problem code has words', () => {
  const sections = modules.find((m) => m.file === 'sections.js').text;
  const ids = [...sections.matchAll(/\{ id: '(\w+)'/g)].map((m) => m[1]);
  assert.ok(ids.length >= 5, `sections found: ${ids}`);
  const wanted = [
    ...ids.flatMap((id) => [`nav.${id}`, ...['title', 'summary', 'point1', 'point2', 'point3'].map((p) => `section.${id}.${p}`)]),
    ...ROLES.map((r) => `role.${r}`),
    ...PROBLEM_CODES.map((c) => `problem.${c}`), 'problem.network', 'problem.unknown',
  ];
  assert.deepEqual(wanted.filter((key) => !(key in en)), []);
});

test('no module writes HTML from strings', () => {
  const offenders = modules.filter(({ text }) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(text));
  assert.deepEqual(offenders.map((m) => m.file), []);
});
