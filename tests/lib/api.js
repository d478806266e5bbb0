// The small HTTP client the API tests share: calls with a bearer token and JSON, demo logins, finding an
// organisation by code as a client would, and the assertions on answers and paging every suite makes.
'use strict';
const assert = require('node:assert/strict');

const DEMO_PASSWORD = 'Karmayogi@2026';

// url: a function giving the server's base URL (the server starts in before(), after this is made).
function makeClient(url) {
  // body: a raw body sent as it is (with its content-type in headers); json: an object sent as JSON.
  async function call(method, path, { token, json, body, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (json !== undefined) {
      body = JSON.stringify(json);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(url() + path, { method, headers: h, body });
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, data };
  }

  // The whole login answer ({token, csrf_token, expires_at, user}).
  async function login(email, password = DEMO_PASSWORD) {
    const r = await call('POST', '/api/v1/auth/login', { json: { email, password } });
    assert.equal(r.status, 200, r.text);
    return r.data;
  }

  function ok(r, status = 200) {
    assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
    return r.data;
  }

  // A problem+json answer with this status and, when given, this code.
  function assertProblem(r, status, code) {
    assert.equal(r.status, status, `expected ${status} ${code || ''}, got ${r.status}: ${r.text}`);
    assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
    if (code) assert.equal(r.data.code, code, r.text);
    else assert.ok(typeof r.data.code === 'string' && r.data.code.length > 0, `a problem without a code: ${r.text}`);
    return r.data;
  }

  // The id of the organisation whose code is exactly `code`, found by search.
  async function orgId(code, token) {
    const r = await call('GET', `/api/v1/orgs?q=${encodeURIComponent(code)}&limit=500`, { token });
    assert.equal(r.status, 200, r.text);
    const hit = r.data.items.find((o) => o.code === code);
    assert.ok(hit, `no organisation with code ${code}`);
    return hit.id;
  }

  // Every item of a list, page by page; asserts the paging contract on the way.
  async function walk(path, token, limit) {
    const items = [];
    const pages = [];
    let cursor = null;
    for (let i = 0; i < 10000; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const page = ok(await call('GET',
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token }));
      assert.ok(Array.isArray(page.items), 'items is a list');
      assert.ok(page.items.length <= limit, `a page of limit=${limit} held ${page.items.length}`);
      pages.push(page);
      items.push(...page.items);
      if (page.next_cursor === null) return { items, pages };
      assert.equal(typeof page.next_cursor, 'string');
      assert.notEqual(page.next_cursor, cursor, 'the cursor did not move');
      cursor = page.next_cursor;
    }
    throw new Error(`${path} never reached next_cursor null`);
  }

  const fieldsOf = (problem) => (problem.errors || []).map((e) => e.field).sort();

  return { call, login, ok, assertProblem, orgId, walk, fieldsOf };
}

module.exports = { makeClient, DEMO_PASSWORD };
