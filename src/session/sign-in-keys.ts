/**
 * Keys of the sign-in side, derived from the master key with HKDF (RFC 5869), one per purpose,
 * as oauth/dpop/nonce.ts derives its own: every node derives the same keys, nothing is stored,
 * and a key of one purpose can never verify a value made for another.
 */
import { hkdfSync } from 'node:crypto';

export interface SignInKeys {
  /** HMAC key of the sign-in page's CSRF tokens. */
  readonly csrf: Buffer;
  /** HMAC key of /api/v1/authn state tokens (PASSWORD_EXPIRED). */
  readonly stateToken: Buffer;
}

function derive(masterKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), 'tessera/v1', `sign-in/${purpose}`, 32));
}

export function deriveSignInKeys(masterKey: string): SignInKeys {
  return { csrf: derive(masterKey, 'csrf'), stateToken: derive(masterKey, 'authn-state-token') };
}
