// Helpers the assessment API tests share: direct SQL on the test database (both backends), question banks
// and questions made through the banks API (POST /providers/{id}/question-banks, POST
// /question-banks/{id}/questions), an assessment
// content item with its settings taken to published, and the set of one question of each kind whose right
// answers the tests know.
'use strict';
const assert = require('node:assert/strict');
const { sqlText } = require('./sql.js');

// The test database's answer to query (tests/lib/sql.js), for the server srv() gives.
function makeSql(srv) {
  return (query) => sqlText(srv(), query);
}


function makeAssess(api, srv) {
  const { call, ok } = api;
  const sql = makeSql(srv);
  // A bank of providerId made by the creator whose token is `token` (by: their official id, unused since the
  // banks API makes banks).
  async function bank(token, by, providerId, code, title = `Bank ${code}`) {
    return ok(await call('POST', `/api/v1/providers/${providerId}/question-banks`, { token, json: { code, title } }), 201).id;
  }

  // A question in bankId (QUESTION_IN of the banks API). Returns {id, kind, options:[{id, text, correct}],
  // answers, explanation}.
  async function question(token, by, bankId, input) {
    const made = ok(await call('POST', `/api/v1/question-banks/${bankId}/questions`, { token, json: input }), 201);
    return { id: made.id, kind: made.kind, options: made.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
      answers: made.answers || [], explanation: made.explanation };
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

module.exports = { makeAssess, makeSql, keysAndStrings };
