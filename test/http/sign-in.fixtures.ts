/**
 * Fixtures for the sign-in suites (authn, sessions, the sign-in page): users with a password,
 * an authn call, the System Log events of a type, and config with a small lockout threshold.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_RATE_LIMITS, type Config } from '../../src/config/config.js';
import { systemContext } from '../../src/events/event-bus.js';
import type { LogEventRecord } from '../../src/store/records.js';
import type { TestApp } from '../helpers/test-app.js';

export const PASSWORD = 'Corr3ct-Horse-Battery';
export const WRONG = 'Wrong-Horse-Battery9';

/** Lockout after 3 failures; generous rate limits (these suites sign in many times in one manual minute). */
export function signInConfig(lockout: Partial<Config['lockout']> = {}): Partial<Config> {
  return {
    lockout: { maxAttempts: 3, durationMs: 0, ...lockout },
    rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, authn: 1_000_000, users: 1_000_000, default: 1_000_000 }, perCredentialShare: 0.5, windowMs: 60_000 },
  };
}

/** Creates a user with PASSWORD (ACTIVE unless `activate: false`); returns its id. */
export async function createUser(t: TestApp, login: string, options: { activate?: boolean } = {}): Promise<string> {
  const local = login.split('@')[0] ?? login;
  const res = await t.request('POST', `/api/v1/users?activate=${options.activate === false ? 'false' : 'true'}`, {
    body: { profile: { login, email: login, firstName: local, lastName: 'Tester' }, credentials: { password: { value: PASSWORD } } },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ id: string }>().id;
}

/** POST /api/v1/authn without credentials (a public client), or with `headers`. */
export function authn(t: TestApp, username: string, password: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.request('POST', '/api/v1/authn', { token: null, headers, body: { username, password } });
}

export async function statusOf(t: TestApp, userId: string): Promise<string> {
  const res = await t.request('GET', `/api/v1/users/${userId}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ status: string }>().status;
}

/** Every System Log event of `type` about `targetId` (or with no target), oldest first. */
export async function eventsOf(t: TestApp, type: string, targetId?: string): Promise<LogEventRecord[]> {
  const stored = await t.store.logs.query({ since: '2000-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 1000 });
  return stored.map((s) => s.event).filter((e) => e.eventType === type && (targetId === undefined || e.target.some((x) => x.id === targetId)));
}

export const context = systemContext;
