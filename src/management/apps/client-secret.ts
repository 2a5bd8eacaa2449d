/**
 * OIDC client secrets: generated here (never chosen by the caller), 384 bits from the CSPRNG as
 * 64 base64url characters, shown once, stored only as `secretDigest()` (SECURITY.md
 * "Credentials"). Comparison is by digest in constant time, never on the raw value.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { secretDigest } from '../../crypto/secret-digest.js';
import type { AppRecord } from '../../store/oauth-records.js';

export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** True when `secret` is the app's current client secret. */
export function isSecretOf(app: AppRecord, secret: string): boolean {
  if (app.clientSecretDigest === null) return false;
  const given = Buffer.from(secretDigest(secret));
  const stored = Buffer.from(app.clientSecretDigest);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
