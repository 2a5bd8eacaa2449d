/**
 * CSRF protection of the sign-in form: a signed double-submit token (OWASP CSRF cheat sheet,
 * "Signed Double-Submit Cookie"). The browser holds a random pre-session cookie; the form carries
 * `issuedAt.HMAC(key, cookie | issuedAt)` under a key derived from the master key
 * (session/sign-in-keys.ts). A cross-site attacker can make the browser send the cookie but can
 * neither read it nor compute the MAC, so it cannot forge the form field. Tokens are stateless
 * (any node checks them) and expire after an hour.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The pre-session cookie (HttpOnly, SameSite=Lax, scoped to /login). */
export const PRE_SESSION_COOKIE = 'tessera_login';
export const PRE_SESSION_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const CSRF_TOKEN_LIFETIME_MS = 3_600_000;

export function newPreSessionValue(): string {
  return randomBytes(32).toString('base64url');
}

export class CsrfTokens {
  constructor(private readonly key: Buffer) {}

  private mac(preSession: string, issuedAt: string): string {
    return createHmac('sha256', this.key).update(`${preSession}|${issuedAt}`).digest('base64url');
  }

  issue(preSession: string, nowMs: number): string {
    const issuedAt = nowMs.toString(36);
    return `${issuedAt}.${this.mac(preSession, issuedAt)}`;
  }

  /** True when `token` was issued for this pre-session cookie less than an hour ago. */
  isValid(token: string | undefined, preSession: string | undefined, nowMs: number): boolean {
    if (token === undefined || preSession === undefined || !PRE_SESSION_SHAPE.test(preSession) || token.length > 100) return false;
    const [issuedAt, mac, extra] = token.split('.');
    if (issuedAt === undefined || mac === undefined || extra !== undefined || !/^[0-9a-z]{1,12}$/.test(issuedAt)) return false;
    const issued = parseInt(issuedAt, 36);
    if (issued > nowMs + 60_000 || nowMs - issued > CSRF_TOKEN_LIFETIME_MS) return false;
    const expected = Buffer.from(this.mac(preSession, issuedAt));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
