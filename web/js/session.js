// The signed-in person: login, logout, and restoring the session from the HttpOnly cookie at start.
// The bearer token in the login answer is never kept: the browser holds the session only as the cookie.

import { api, setCsrfToken } from './api.js';

let user = null;

function keep(answer) {
  const { csrf_token: csrf, ...rest } = answer;
  if (csrf) setCsrfToken(csrf);
  user = rest;
  return user;
}

export function currentUser() {
  return user;
}

/** Forgets the person locally (after logout, or when the server says the session is gone). */
export function clearSession() {
  user = null;
  setCsrfToken(null);
}

/** Asks the server who we are. Resolves to the user, or null when there is no session; rejects on other errors. */
export async function restoreSession() {
  try {
    return keep(await api('GET', '/me', undefined, { notifyUnauthenticated: false }));
  } catch (e) {
    if (e.status === 401) {
      clearSession();
      return null;
    }
    throw e;
  }
}

/** Logs in; resolves to the user or rejects with ApiError (invalid_credentials, ...). */
export async function login(email, password) {
  const answer = await api('POST', '/auth/login', { email, password }, { notifyUnauthenticated: false });
  setCsrfToken(answer.csrf_token);
  user = answer.user;
  return user;
}

/** Ends the session on the server (with the CSRF header) and forgets it here, even if the server call fails. */
export async function logout() {
  try {
    await api('POST', '/auth/logout', undefined, { notifyUnauthenticated: false });
  } finally {
    clearSession();
  }
}

/** True when the person holds one of `roles` in any organisation. */
export function hasAnyRole(person, roles) {
  return Boolean(person && person.roles && person.roles.some((r) => roles.includes(r.role)));
}

const ORG_ADMIN_ROLES = ['spv_admin', 'mdo_admin'];

/** True when the person administers some organisation, so the organisation screens are theirs to use. */
export function canBrowseOrgs(person) {
  return hasAnyRole(person, ORG_ADMIN_ROLES);
}

/** Where an administrator's organisation screens start: the platform administrator's scope (the root of the
 * tree), else the organisation of their first MDO administrator role, else their own organisation. */
export function startOrgId(person) {
  const roles = (person && person.roles) || [];
  const grant = roles.find((r) => r.role === 'spv_admin') || roles.find((r) => r.role === 'mdo_admin');
  if (grant) return grant.org_id;
  return person && person.org ? person.org.id : 1;
}
