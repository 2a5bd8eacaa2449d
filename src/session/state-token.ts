/**
 * Okta authn `stateToken` for the PASSWORD_EXPIRED state: proof that the password was just
 * verified, good for one password change within 5 minutes. Stateless (an HMAC under a key
 * derived from the master key), so any node accepts it; it names the password it was issued
 * for (a digest of `passwordChanged`), so it stops working once the password has changed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { UserRecord } from '../store/records.js';

export const STATE_TOKEN_LIFETIME_MS = 5 * 60_000;

export interface StateTokenClaims {
  readonly userId: string;
  readonly expiresAt: number;
  readonly passwordMark: string;
}

function passwordMark(user: Pick<UserRecord, 'passwordChanged'>): string {
  return createHash('sha256')
    .update(user.passwordChanged ?? 'none')
    .digest('base64url')
    .slice(0, 11);
}

export class StateTokens {
  constructor(private readonly key: Buffer) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  issue(user: UserRecord, nowMs: number): { stateToken: string; expiresAt: number } {
    const expiresAt = nowMs + STATE_TOKEN_LIFETIME_MS;
    const payload = Buffer.from(`${user.id}.${expiresAt.toString(36)}.${passwordMark(user)}`).toString('base64url');
    return { stateToken: `${payload}.${this.mac(payload)}`, expiresAt };
  }

  /** The claims of an authentic, unexpired token; undefined otherwise (one answer for every flaw). */
  verify(token: string, nowMs: number): StateTokenClaims | undefined {
    if (token.length > 200) return undefined;
    const [payload, mac, extra] = token.split('.');
    if (payload === undefined || mac === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const [userId, expiry, mark] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
    if (userId === undefined || expiry === undefined || mark === undefined) return undefined;
    const expiresAt = parseInt(expiry, 36);
    if (!Number.isFinite(expiresAt) || expiresAt <= nowMs) return undefined;
    return { userId, expiresAt, passwordMark: mark };
  }

  /** True when the token was issued for the user's current password. */
  static matches(claims: StateTokenClaims, user: UserRecord): boolean {
    return claims.userId === user.id && claims.passwordMark === passwordMark(user);
  }
}
