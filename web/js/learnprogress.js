// A learner's progress on its way to the server. Updates wait in memory, one per resource (the newest
// position wins; percent and time spent only grow, as on the server), and go together as one batch
// (POST /me/progress). A batch the network or a busy server failed stays queued and is tried again: when
// the browser says it is online, and every 15 s while anything waits. A batch the server refuses (the
// learner left the course, the resource is gone) is dropped, so one bad update never blocks the rest.
// flush({ keepalive: true }) is for pagehide: fetch with keepalive outlives the page and, unlike
// sendBeacon, carries the CSRF header.

import { api } from './api.js';

const RETRY_MS = 15000;
const BATCH_MAX = 1000;
const KEEPALIVE_MAX = 300;
const pending = new Map(); // "content:resource" -> update
const listeners = new Set();
let inflight = null;
let retryTimer = null;

/** `fn(enrolments, error)` runs after each batch: the server's word on the enrolments it touched, or the error. */
export function onProgressSaved(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Queues an update {content_id, resource_id, percent, position, time_spent_s}; flush() sends it. */
export function queueProgress(update) {
  const key = `${update.content_id}:${update.resource_id}`;
  const before = pending.get(key);
  const u = { ...update, at: new Date().toISOString() };
  if (before) {
    u.percent = Math.max(before.percent, u.percent);
    u.time_spent_s = Math.max(before.time_spent_s || 0, u.time_spent_s || 0);
  }
  pending.set(key, u);
}

export const pendingCount = () => pending.size;

function scheduleRetry() {
  if (retryTimer || !pending.size) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    flush();
  }, RETRY_MS);
}

// A 401 is not retried: the session ended, and another person may sign in on this browser next.
const retryable = (error) => !error.status || error.status >= 500 || error.status === 429;

/** Sends what waits as one batch. Resolves to the answer's enrolments ([] when nothing was sent or it failed). */
export async function flush({ keepalive = false } = {}) {
  if (inflight && !keepalive) {
    await inflight.catch(() => {});
    if (!pending.size) return [];
  }
  if (!pending.size) return [];
  // A keepalive body may be at most 64 KiB, so at most KEEPALIVE_MAX updates go out as the page goes away.
  const batch = [...pending.values()].slice(0, keepalive ? KEEPALIVE_MAX : BATCH_MAX);
  for (const u of batch) pending.delete(`${u.content_id}:${u.resource_id}`);
  const request = api('POST', '/me/progress', { updates: batch }, { keepalive, notifyUnauthenticated: false });
  inflight = request;
  try {
    const answer = await request;
    for (const fn of listeners) fn(answer.enrolments || [], null);
    if (pending.size) scheduleRetry();
    return answer.enrolments || [];
  } catch (error) {
    if (retryable(error)) {
      // Back in the queue unless something newer for the same resource came meanwhile.
      for (const u of batch) {
        const key = `${u.content_id}:${u.resource_id}`;
        const now = pending.get(key);
        if (!now) pending.set(key, u);
        else pending.set(key, { ...now, percent: Math.max(now.percent, u.percent), time_spent_s: Math.max(now.time_spent_s || 0, u.time_spent_s || 0) });
      }
      scheduleRetry();
    }
    for (const fn of listeners) fn([], error);
    return [];
  } finally {
    if (inflight === request) inflight = null;
  }
}

window.addEventListener('online', () => { flush(); });
window.addEventListener('pagehide', () => { flush({ keepalive: true }); });
