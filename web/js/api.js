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
    this.problem = problem; // the whole answer, for problems that carry more (an onboarding report, say)
    this.retryAfter = null; // seconds, from a 429's Retry-After
  }

  /** What to show a person, in the current language: problem.<code> if we have it, else the server's detail. */
  localized() {
    if (this.code === 'too_many_attempts' && this.retryAfter) {
      return t('problem.too_many_attempts.wait', { minutes: Math.max(1, Math.ceil(this.retryAfter / 60)) });
    }
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

function fail(status, data, options) {
  const error = new ApiError(status, data && typeof data === 'object' ? data : {});
  if (status === 401 && options.notifyUnauthenticated !== false && unauthenticatedHandler) {
    unauthenticatedHandler(error);
  }
  return error;
}

function headersFor(method, contentType) {
  const headers = { Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

/**
 * Calls the API. Resolves to the parsed JSON answer (null for 204), or rejects with ApiError.
 * options.notifyUnauthenticated=false keeps a 401 from sending the person to the login page
 * (login itself, and the session check at start).
 * options.contentType sends `body` as it is (a string or Blob, such as a CSV file) with that type
 * instead of as JSON.
 * options.keepalive lets the request outlive the page (progress saved on pagehide).
 */
export async function api(method, path, body, options = {}) {
  const raw = Boolean(options.contentType);
  const headers = headersFor(method, body === undefined ? null : options.contentType || 'application/json');
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = raw ? body : JSON.stringify(body);
  if (options.keepalive) init.keepalive = true;

  let res;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch (_) {
    throw new ApiError(0, { code: 'network' });
  }
  const data = res.status === 204 ? null : await readBody(res);
  if (res.ok) return data;
  const error = fail(res.status, data, options);
  error.retryAfter = Number(res.headers.get('Retry-After')) || null;
  throw error;
}

/**
 * Sends a large body (a file) with the same headers and errors as api(), reporting progress:
 * onProgress(sentBytes, totalBytes) while the body goes out, then onProgress(total, total) when the
 * server has it all and is working on it. XMLHttpRequest, because fetch cannot report upload progress.
 */
export function upload(method, path, body, contentType, onProgress, options = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api/v1${path}`);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headersFor(method, contentType))) xhr.setRequestHeader(name, value);
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
      xhr.upload.addEventListener('load', () => onProgress(1, 1));
    }
    xhr.addEventListener('error', () => reject(new ApiError(0, { code: 'network' })));
    xhr.addEventListener('abort', () => reject(new ApiError(0, { code: 'network' })));
    xhr.addEventListener('load', () => {
      let data = null;
      if ((xhr.getResponseHeader('Content-Type') || '').includes('json')) {
        try { data = JSON.parse(xhr.responseText); } catch (_) { data = null; }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(fail(xhr.status, data, options));
    });
    xhr.send(body);
  });
}
