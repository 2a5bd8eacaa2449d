/**
 * Verifies access tokens presented to the Management API with jose: RS256 only, our keys only
 * (by `kid`; never from a header), `typ` at+jwt, `iss` and `aud` the org URL, `exp`/`nbf`/`iat`
 * with a small skew. Verified claims are cached by token hash until expiry, so the signature is
 * not re-checked on every request; revocation and app/role state are read on every request by
 * the caller, never cached here.
 */
import { errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { Clock } from '../../clock.js';
import type { SigningKeyRing } from '../keys/key-ring.js';
import { accessTokenHash, type AccessTokenClaims } from './access-token.js';

export const CLOCK_SKEW_SECONDS = 30;
/** Anything larger is not one of our tokens: refused before any crypto. */
const MAX_TOKEN_LENGTH = 8192;
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class InvalidAccessToken extends Error {
  override readonly name = 'InvalidAccessToken';
}

function claimsOf(payload: JWTPayload): AccessTokenClaims {
  const { jti, iss, aud, iat, exp, cid, scp, sub, uid, cnf } = payload as Record<string, unknown>;
  if (typeof jti !== 'string' || !jti.startsWith('AT.')) throw new InvalidAccessToken('not an access token');
  if (typeof cid !== 'string' || typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
    throw new InvalidAccessToken('missing claims');
  }
  if (!Array.isArray(scp) || !scp.every((s): s is string => typeof s === 'string')) throw new InvalidAccessToken('bad scp');
  const jkt =
    typeof cnf === 'object' && cnf !== null && typeof (cnf as Record<string, unknown>)['jkt'] === 'string'
      ? String((cnf as Record<string, unknown>)['jkt'])
      : undefined;
  return {
    ver: 1,
    jti,
    iss: String(iss),
    aud: String(aud),
    iat,
    exp,
    cid,
    scp,
    sub,
    ...(typeof uid === 'string' ? { uid } : {}),
    ...(jkt !== undefined ? { cnf: { jkt } } : {}),
  };
}

export class AccessTokenVerifier {
  private readonly cache = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly ring: SigningKeyRing,
    private readonly issuer: string,
    private readonly clock: Clock,
    private readonly maxCacheEntries = 10_000,
  ) {}

  /** `tokenHash`: accessTokenHash(token) when the caller has it already. */
  async verify(token: string, tokenHash?: string): Promise<AccessTokenClaims> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidAccessToken('malformed');
    const key = tokenHash ?? accessTokenHash(token);
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    // A token found by its hash was verified whole before: its shape needs no second look.
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (cached.exp > nowSeconds - CLOCK_SKEW_SECONDS) return cached;
      this.cache.delete(key);
      throw new InvalidAccessToken('expired');
    }
    if (!JWS_SHAPE.test(token)) throw new InvalidAccessToken('malformed');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header: JWTHeaderParameters) => {
          if (header.jwk !== undefined || header.jku !== undefined || header.x5u !== undefined || header.x5c !== undefined) {
            throw new InvalidAccessToken('keys from headers are not accepted');
          }
          const found = header.kid === undefined ? undefined : await this.ring.publicKey(header.kid);
          if (found === undefined) throw new InvalidAccessToken('unknown kid');
          return found;
        },
        {
          issuer: this.issuer,
          audience: this.issuer,
          algorithms: ['RS256'],
          typ: 'at+jwt',
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(this.clock.now()),
          requiredClaims: ['exp', 'iat', 'jti'],
        },
      ));
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidAccessToken(error.code);
      throw error;
    }
    const claims = claimsOf(payload);
    if (this.cache.size >= this.maxCacheEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(key, claims);
    return claims;
  }
}
