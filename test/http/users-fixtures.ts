/**
 * Fixtures for the /api/v1/users suites: profiles, a create helper, and a snapshot of
 * everything a users request may write (to prove that a refused request wrote nothing).
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { isoAt } from '../../src/clock.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { newId } from '../../src/crypto/random-id.js';
import type { JsonObject, JsonValue, UserRecord, UserStatus } from '../../src/store/records.js';
import type { TestApp, TestAppOptions } from '../helpers/test-app.js';

export const PASSWORD = 'Corr3ct-Horse-Battery';

/** Generous rate limits: these suites make hundreds of calls within one (manual) minute. */
export const MANY_REQUESTS: TestAppOptions = {
  config: { rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, users: 1_000_000, default: 1_000_000 }, perCredentialShare: 0.5, windowMs: 60_000 } },
};

export interface UserJson {
  id: string;
  status: string;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: Record<string, unknown>;
  credentials: { password?: Record<string, never>; provider: { type: string; name: string } };
  _links: Record<string, { href: string; method?: string }>;
}

export interface OktaErrorJson {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function profile(login: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const local = login.split('@')[0] ?? login;
  return { login, email: login, firstName: local, lastName: 'Tester', ...extra };
}

/** POST /api/v1/users; asserts 200 and returns the user. */
export async function createUser(
  t: TestApp,
  login: string,
  options: { password?: string | null; activate?: boolean; extra?: Record<string, unknown>; groupIds?: string[] } = {},
): Promise<UserJson> {
  const password = options.password === undefined ? PASSWORD : options.password;
  const body = {
    profile: profile(login, options.extra),
    ...(password !== null ? { credentials: { password: { value: password } } } : {}),
    ...(options.groupIds !== undefined ? { groupIds: options.groupIds } : {}),
  };
  const query = options.activate === undefined ? '' : `?activate=${String(options.activate)}`;
  const res = await t.request('POST', `/api/v1/users${query}`, { body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<UserJson>();
}

/** Asserts an Okta error body with this status and code; returns it. */
export function oktaError(res: LightMyRequestResponse, status: number, code: string): OktaErrorJson {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json<OktaErrorJson>();
  assert.equal(body.errorCode, code, res.body);
  assert.equal(body.errorLink, code);
  assert.match(body.errorId, /^oae[0-9A-Za-z]{22}$/);
  assert.equal(typeof body.errorSummary, 'string');
  assert.ok(Array.isArray(body.errorCauses));
  return body;
}

/** The cause texts of an error body. */
export function causes(body: OktaErrorJson): string[] {
  return body.errorCauses.map((c) => c.errorSummary);
}

/** Everything a users request can write, in a comparable form. */
export async function writableState(t: TestApp): Promise<unknown> {
  const db = t.database.db;
  const [users, members, roles, tokens] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('group_members').selectAll().orderBy('group_id').orderBy('user_id').execute(),
    db.selectFrom('role_assignments').selectAll().orderBy('id').execute(),
    db.selectFrom('api_tokens').select(['id', 'revoked']).orderBy('id').execute(),
  ]);
  return { users, members, roles, tokens };
}

/** Runs `request` and asserts that it changed none of the users, memberships, roles or tokens. */
export async function writesNothing(t: TestApp, request: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await writableState(t);
  const res = await request();
  assert.deepEqual(await writableState(t), before, `${res.statusCode} ${res.body} changed the database`);
  return res;
}

/** The parsed `Link` header: rel → absolute URL. */
export function links(res: LightMyRequestResponse): Record<string, string> {
  const raw = res.headers['link'];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : String(raw).split(/,(?=\s*<)/);
  const out: Record<string, string> = {};
  for (const value of values) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(value);
    if (match?.[1] !== undefined && match[2] !== undefined) out[match[2]] = match[1];
  }
  return out;
}

/** The path and query of an absolute URL, for `t.request`. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/**
 * Inserts users straight into the store (no password hashing), for list and paging suites
 * that need hundreds of them. `lastUpdated` is the test clock's now.
 */
/** An ACTIVE user without a password, created, activated and last updated at `now`: a row to insert directly. */
export function userRecord(id: string, profile: JsonObject, now: string): UserRecord {
  return {
    id,
    status: 'ACTIVE',
    profile,
    passwordHash: null,
    created: now,
    activated: now,
    statusChanged: now,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: null,
    version: 1,
  };
}

export async function insertUsers(
  t: TestApp,
  count: number,
  make: (index: number) => { login: string; status?: UserStatus; extra?: Record<string, JsonValue> },
): Promise<UserRecord[]> {
  const now = isoAt(t.clock.now());
  const out: UserRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const spec = make(index);
    const local = spec.login.split('@')[0] ?? spec.login;
    const user: UserRecord = {
      ...userRecord(newId('user'), { login: spec.login, email: spec.login, firstName: local, lastName: 'Bulk', ...spec.extra }, now),
      status: spec.status ?? 'ACTIVE',
    };
    await t.store.users.insert(user);
    out.push(user);
  }
  return out;
}
