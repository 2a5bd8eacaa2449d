/**
 * Digests of high-entropy secrets (API tokens, client secrets, refresh tokens, codes).
 * These secrets carry 240 bits or more of entropy, so a plain SHA-256 is a safe lookup key
 * (secrets are looked up by the SHA-256 digest of a high-entropy value): the database never holds
 * a usable secret, and lookups are by digest, never by comparing the raw value.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export function secretDigest(secret: string): string {
  // One-shot `hash` (Node ≥ 20.12): no Hash object per call, a third of the cost.
  return hash('sha256', secret, 'base64url');
}

/** True when `secret`'s digest is one of `digests`, compared in constant time, every one (no early exit). */
export function matchesDigest(secret: string, digests: readonly string[]): boolean {
  const given = Buffer.from(secretDigest(secret));
  let found = false;
  for (const digest of digests) {
    const expected = Buffer.from(digest);
    if (expected.length === given.length && timingSafeEqual(expected, given)) found = true;
  }
  return found;
}

/** `00` + 40 characters of `[A-Za-z0-9_-]`: the shape of Okta API tokens (gitleaks rule `okta-access-token`). */
export function newApiTokenSecret(): string {
  return '00' + randomBytes(30).toString('base64url');
}

export const API_TOKEN_SHAPE = /^00[A-Za-z0-9_-]{40}$/;
