/**
 * The secrets of sign-in and their shapes: the `sid` cookie value, the one-time `sessionToken`
 * of /api/v1/authn, and public session ids. Secrets carry 240 bits or more from the CSPRNG and
 * are stored only as SHA-256 digests (crypto/secret-digest.ts). Each kind has its own shape, so
 * one is never mistaken for another (the credential kinds never cross).
 */
import { randomBytes } from 'node:crypto';
import { randomBase62 } from '../crypto/random-id.js';

/** 32 random bytes, base64url: the `sid` cookie value. */
export const COOKIE_SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newCookieSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `20` + 40 base64url characters, like Okta's session tokens (`20111h0XnUO6…`). */
export const SESSION_TOKEN_SHAPE = /^20[A-Za-z0-9_-]{40}$/;

export function newSessionToken(): string {
  return '20' + randomBytes(30).toString('base64url');
}

/** Okta session ids look like `102…` + base-62 (public: they name a session, they do not open it). */
export const SESSION_ID_SHAPE = /^102[0-9A-Za-z]{22}$/;

export function newSessionId(): string {
  return '102' + randomBase62(22);
}

/** Okta: "The session token … is valid for 5 minutes" (authn reference, Session token). */
export const SESSION_TOKEN_LIFETIME_MS = 5 * 60_000;
