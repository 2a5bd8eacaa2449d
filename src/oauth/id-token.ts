/**
 * ID tokens of the org authorization server (OpenID Connect Core §2): RS256 with a key of our
 * ring, header `typ: JWT` (so an ID token never passes for an access token, which is `at+jwt`),
 * Okta's claims `ver`, `jti` (`ID.…`), `iss`, `sub` = the user id, `aud` = the client_id, `iat`,
 * `exp` (one hour, fixed as in Okta's org authorization server), `auth_time`, `amr`, `nonce`
 * when the authorization request had one, and `at_hash` (§3.1.3.6) of the access token issued
 * with it. Profile claims are served by /userinfo, as Okta does when an access token is issued.
 */
import { createHash } from 'node:crypto';
import { randomBase62 } from '../crypto/random-id.js';
import type { SigningKeyRing } from './keys/key-ring.js';
import { rs256 } from './tokens/rs256.js';

/** Okta: "ID token: 60 minutes" on the org authorization server (not configurable). */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

export interface IdTokenRequest {
  readonly userId: string;
  readonly clientId: string;
  /** When the user last authenticated (ISO-8601). */
  readonly authTime: string;
  readonly amr: readonly string[];
  readonly nonce: string | null;
  /** The access token issued alongside, for `at_hash`. */
  readonly accessToken: string;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** §3.1.3.6: base64url of the left half of the SHA-256 of the token (RS256 → SHA-256). */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export async function mintIdToken(ring: SigningKeyRing, issuer: string, nowMs: number, request: IdTokenRequest): Promise<string> {
  const { kid, privateKey } = ring.signingKey();
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    sub: request.userId,
    ver: 1,
    iss: issuer,
    aud: request.clientId,
    iat,
    exp: iat + ID_TOKEN_LIFETIME_SECONDS,
    jti: 'ID.' + randomBase62(43),
    amr: request.amr,
    ...(request.nonce !== null ? { nonce: request.nonce } : {}),
    auth_time: Math.floor(Date.parse(request.authTime) / 1000),
    at_hash: atHash(request.accessToken),
  };
  const input = `${encode({ kid, alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${await rs256(input, privateKey)}`;
}
