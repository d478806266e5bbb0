// Fetch wrapper for /api/v1: JSON in and out, the session cookie, the CSRF header on every state-changing
// request, and problem+json errors turned into ApiError, whose message is translated from its code.

import { t, has } from './i18n.js';

const CSRF_KEY = 'ky_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken = readCsrf();
let unauthenticatedHandler = null;

function readCsrf() {
  try { return sessionStorage.getItem(CSRF_KEY); } catch (_) { return null; }
}

/** Remembers the CSRF token the server gave with login or /me (null forgets it). */
export function setCsrfToken(token) {
  csrfToken = token || null;
  try {
    if (csrfToken) sessionStorage.setItem(CSRF_KEY, csrfToken);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch (_) { /* storage blocked: the token lives in memory only */ }
}

/** `fn(error)` runs whenever a request answers 401, unless that request opted out. */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn;
}

/** An error answer from the API (or no answer at all: status 0, code "network"). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || null;
    this.detail = problem.detail || null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.request_id || null;
  }

  /** What to show a person, in the current language: problem.<code> if we have it, else the server's detail. */
  localized() {
    if (this.code && has(`problem.${this.code}`)) return t(`problem.${this.code}`);
    if (this.detail) return this.detail;
    return t('problem.unknown');
  }
}

async function readBody(res) {
  const type = res.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try { return await res.json(); } catch (_) { return null; }
}

/**
 * Calls the API. Resolves to the parsed JSON answer (null for 204), or rejects with ApiError.
 * options.notifyUnauthenticated=false keeps a 401 from sending the person to the login page
 * (login itself, and the session check at start).
 */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch (_) {
    throw new ApiError(0, { code: 'network' });
  }
  const data = res.status === 204 ? null : await readBody(res);
  if (res.ok) return data;

  const error = new ApiError(res.status, data && typeof data === 'object' ? data : {});
  if (res.status === 401 && options.notifyUnauthenticated !== false && unauthenticatedHandler) {
    unauthenticatedHandler(error);
  }
  throw error;
}
