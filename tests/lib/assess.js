// Helpers the assessment API tests share: direct SQL on the test database (both backends), question banks
// and questions made through the banks API (POST /providers/{id}/question-banks, POST
// /question-banks/{id}/questions), or straight in the database while that API is not served, an assessment
// content item with its settings taken to published, and the set of one question of each kind whose right
// answers the tests know.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

function makeSql(srv) {
  return function sql(query) {
    if (srv().pgDatabase) {
      return execFileSync('psql', ['-h', process.env.KARMAYOGI_TEST_PGHOST, '-U', 'postgres', '-d', srv().pgDatabase,
        '-qAt', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' }).trim();
    }
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '|', path.join(srv().tmp, 'test.db'), query],
      { encoding: 'utf8' }).trim();
  };
}

const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);
const normal = (s) => s.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ');

function makeAssess(api, srv) {
  const { call, ok } = api;
  const sql = makeSql(srv);
  let viaApi = null; // whether the banks API is served (decided by the first bank)

  // A bank of providerId made by the creator whose token is `token` and official id `by`.
  async function bank(token, by, providerId, code, title = `Bank ${code}`) {
    if (viaApi !== false) {
      const r = await call('POST', `/api/v1/providers/${providerId}/question-banks`, { token, json: { code, title } });
      if (r.status === 201) { viaApi = true; return r.data.id; }
      assert.ok(r.status === 404 || r.status === 405, `making a bank: ${r.status} ${r.text}`);
      viaApi = false;
    }
    const now = Date.now();
    return Number(sql(`INSERT INTO question_banks (provider_id, code, title_en, created_by, created_at, updated_at)
      VALUES (${providerId}, ${q(code)}, ${q(title)}, ${by}, ${now}, ${now}) RETURNING id`));
  }

  // A question in bankId: {kind, text, text_hi?, explanation?, competency_id?, level?, points?, options?:[{text,
  // correct}], correct? (true_false), answers? (fill_blank)}. Returns {id, kind, options:[{id, text, correct}],
  // answers, explanation}.
  async function question(token, by, bankId, input) {
    if (viaApi) {
      const made = ok(await call('POST', `/api/v1/question-banks/${bankId}/questions`, { token, json: input }), 201);
      return { id: made.id, kind: made.kind, options: made.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
        answers: made.answers || [], explanation: made.explanation };
    }
    const now = Date.now();
    const id = Number(sql(`INSERT INTO questions (bank_id, kind, text_en, text_hi, explanation_en, explanation_hi,
      competency_id, level, points, created_by, created_at, updated_at) VALUES (${bankId}, ${q(input.kind)},
      ${q(input.text)}, ${q(input.text_hi)}, ${q(input.explanation)}, ${q(input.explanation_hi)},
      ${input.competency_id || 'NULL'}, ${input.level || 'NULL'}, ${input.points || 1}, ${by}, ${now}, ${now})
      RETURNING id`));
    let options = input.options || [];
    if (input.kind === 'true_false') {
      options = [{ text: 'True', text_hi: 'सही', correct: input.correct === true },
        { text: 'False', text_hi: 'गलत', correct: input.correct === false }];
    }
    const made = [];
    options.forEach((o, i) => {
      const oid = Number(sql(`INSERT INTO question_options (question_id, seq, text_en, text_hi, correct) VALUES
        (${id}, ${i + 1}, ${q(o.text)}, ${q(o.text_hi)}, ${o.correct ? 1 : 0}) RETURNING id`));
      made.push({ id: oid, text: o.text, correct: !!o.correct });
    });
    (input.answers || []).forEach((a, i) => {
      sql(`INSERT INTO question_answers (question_id, seq, answer, normalised) VALUES (${id}, ${i + 1}, ${q(a)},
        ${q(normal(a))})`);
    });
    return { id, kind: input.kind, options: made, answers: input.answers || [], explanation: input.explanation };
  }

  // One question of each kind, with explanations; keyed by kind.
  async function fourKinds(token, by, bankId, tag = '', extra = {}) {
    return {
      single: await question(token, by, bankId, { kind: 'single', text: `${tag}Which act gives citizens the right to information?`,
        explanation: `${tag}EXPLAIN-SINGLE: the RTI Act, 2005.`, options: [{ text: 'RTI Act, 2005', correct: true },
          { text: 'Official Secrets Act', correct: false }, { text: 'Companies Act', correct: false }], ...extra }),
      multiple: await question(token, by, bankId, { kind: 'multiple', text: `${tag}Which are public authorities under RTI?`,
        explanation: `${tag}EXPLAIN-MULTIPLE: bodies set up by the Government.`, points: 3, options: [
          { text: 'A ministry', correct: true }, { text: 'A private club', correct: false },
          { text: 'A municipal corporation', correct: true }, { text: 'A government-funded NGO', correct: true }], ...extra }),
      true_false: await question(token, by, bankId, { kind: 'true_false', text: `${tag}An RTI reply is due in 30 days.`,
        explanation: `${tag}EXPLAIN-TF: 30 days, 48 hours for life and liberty.`, correct: true, ...extra }),
      fill_blank: await question(token, by, bankId, { kind: 'fill_blank', text: `${tag}The lower house of Parliament is the ____.`,
        explanation: `${tag}EXPLAIN-FILL: the House of the People.`, answers: ['Lok Sabha', 'लोक सभा'], ...extra }),
    };
  }

  // An assessment content item of providerId by the creator, with settings; published when `publish` names
  // the reviewer's and publisher's tokens {reviewer, publisher}. Returns the content id.
  async function assessment(creator, providerId, code, settings, publish) {
    const c = ok(await call('POST', '/api/v1/contents', { token: creator, json: {
      provider_id: providerId, kind: 'assessment', code, title: `Assessment ${code}` } }), 201);
    if (settings) ok(await call('PUT', `/api/v1/contents/${c.id}/assessment`, { token: creator, json: settings }));
    if (publish) {
      const act = (token, action) => call('POST', `/api/v1/contents/${c.id}/transitions`, { token, json: { action } });
      ok(await act(creator, 'submit'));
      ok(await act(publish.reviewer, 'start_review'));
      ok(await act(publish.reviewer, 'approve'));
      ok(await act(publish.publisher, 'publish'));
    }
    return c.id;
  }

  return { sql, bank, question, fourKinds, assessment };
}

// Every key anywhere in v, and every string value, for leak checks.
function keysAndStrings(v, keys = new Set(), strings = []) {
  if (Array.isArray(v)) v.forEach((x) => keysAndStrings(x, keys, strings));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) { keys.add(k); keysAndStrings(x, keys, strings); }
  } else if (typeof v === 'string') strings.push(v);
  return { keys, strings };
}

module.exports = { makeAssess, makeSql, keysAndStrings, normal };
