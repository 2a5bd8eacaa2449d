/**
 * OIDC client secrets: generated here (never chosen by the caller), 384 bits from the CSPRNG as
 * 64 base64url characters, shown once, stored only as `secretDigest()`, as every secret Tessera issues. Comparison is by digest in constant time, never on the raw value. An app holds
 * at most two (store: `app_secrets`), so that one can replace the other without downtime.
 */
import { hash, randomBytes } from 'node:crypto';
import { newId } from '../../crypto/random-id.js';
import { matchesDigest, secretDigest } from '../../crypto/secret-digest.js';
import type { AppSecretRecord, AppStatus } from '../../store/oauth-records.js';

/** Okta's limit of secrets per app. */
export const MAX_CLIENT_SECRETS = 2;

export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** A new secret record for `secret` (kept as its digest only). */
export function newSecretRecord(appId: string, secret: string, status: AppStatus, now: string): AppSecretRecord {
  return { id: newId('appSecret'), appId, digest: secretDigest(secret), status, created: now, lastUpdated: now };
}

/** True when `secret` is one of the ACTIVE secrets given (every one is compared: no early exit). */
export function isSecretOf(secrets: readonly AppSecretRecord[], secret: string): boolean {
  return matchesDigest(
    secret,
    secrets.filter((s) => s.status === 'ACTIVE').map((s) => s.digest),
  );
}

/**
 * Okta's `secret_hash`, by which an admin tells secrets apart: derived from the stored digest (not
 * the digest itself, which is the lookup value), 22 base64url characters.
 */
export function secretHashOf(secret: AppSecretRecord): string {
  return hash('sha256', `tessera.secret_hash:${secret.digest}`, 'base64url').slice(0, 22);
}
