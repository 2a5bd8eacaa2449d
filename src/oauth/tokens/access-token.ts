/**
 * Access tokens of the org authorization server: RS256 JWTs with Okta's claims (`ver`, `jti`
 * `AT.…`, `iss` = `aud` = the org URL, `iat`, `exp`, `cid`, `scp`, `sub`, and `uid` for users),
 * `typ: at+jwt` (RFC 9068 §2.1) so that no other JWT of ours passes for one, and `cnf.jkt` when
 * DPoP-bound (RFC 9449 §6). Signing calls node:crypto directly: it is the hot path of the
 * token endpoint (jose verifies every token we accept). The signature is computed in libuv's
 * thread pool (`sign` with a callback), so the event loop serves other requests meanwhile and a
 * second core, where there is one, signs in parallel.
 */
import { hash } from 'node:crypto';
import { randomBase62 } from '../../crypto/random-id.js';
import { rs256 } from './rs256.js';
import type { SigningKeyRing } from '../keys/key-ring.js';

export interface AccessTokenClaims {
  readonly ver: 1;
  readonly jti: string;
  readonly iss: string;
  readonly aud: string;
  readonly iat: number;
  readonly exp: number;
  readonly cid: string;
  readonly scp: readonly string[];
  readonly sub: string;
  readonly uid?: string;
  readonly cnf?: { readonly jkt: string };
}

export interface MintRequest {
  readonly clientId: string;
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly userId?: string | undefined;
  readonly jkt?: string | undefined;
}

export interface MintedToken {
  readonly token: string;
  readonly claims: AccessTokenClaims;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function mintAccessToken(
  ring: SigningKeyRing,
  issuer: string,
  nowMs: number,
  lifetimeSeconds: number,
  request: MintRequest,
): Promise<MintedToken> {
  const { kid, privateKey } = ring.signingKey();
  const iat = Math.floor(nowMs / 1000);
  const claims: AccessTokenClaims = {
    ver: 1,
    jti: 'AT.' + randomBase62(43),
    iss: issuer,
    aud: issuer,
    iat,
    exp: iat + lifetimeSeconds,
    cid: request.clientId,
    ...(request.userId !== undefined ? { uid: request.userId } : {}),
    scp: request.scopes,
    sub: request.subject,
    ...(request.jkt !== undefined ? { cnf: { jkt: request.jkt } } : {}),
  };
  const input = `${encode({ kid, alg: 'RS256', typ: 'at+jwt' })}.${encode(claims)}`;
  const signature = await rs256(input, privateKey);
  return { token: `${input}.${signature}`, claims };
}

/** RFC 9449 §4.2 `ath`: base64url(SHA-256(access token)). Also the verified-token cache key. */
export function accessTokenHash(token: string): string {
  return hash('sha256', token, 'base64url');
}
