/**
 * DPoP proof verification (RFC 9449 §4.3), shared by the token endpoint and the Management API.
 * The key comes only from the proof's own `jwk` header (public, asymmetric); `jti` is single-use
 * across all nodes through the replay table; `iat` must be fresh; `htm`/`htu` must match the
 * request (query and fragment ignored, §4.3 point 9); `ath` binds the proof to an access token.
 * Failure texts are Okta's (oauth2-error-codes.json, `invalid_dpop_proof_*`, `dpop_proof_*`).
 */
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { accessTokenHash } from '../tokens/access-token.js';
import type { ReplayRepository } from '../../store/oauth-store.js';

/** The DPoP proof algorithms: accepted here, advertised in discovery, named in every DPoP challenge (one list). */
export const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
/** Okta refuses proofs issued more than 5 minutes ago or in the future (invalid_dpop_proof_jwt_too_old / _issued_in_future). */
export const DPOP_MAX_AGE_SECONDS = 300;
export const DPOP_FUTURE_SKEW_SECONDS = 30;
const MAX_PROOF_LENGTH = 8192;

export type DpopFailure =
  'malformed' | 'bad_header' | 'bad_signature' | 'htm_mismatch' | 'htu_mismatch' | 'too_old' | 'issued_in_future' | 'replayed' | 'ath_mismatch' | 'missing_jti';

export class DpopProofError extends Error {
  override readonly name = 'DpopProofError';
  constructor(
    readonly reason: DpopFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedProof {
  /** RFC 7638 thumbprint of the proof key: `cnf.jkt`. */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
  readonly nonce: string | undefined;
  /** The proof's single use (`used_jtis` key and how long to keep it): recorded by the caller. */
  readonly use: { readonly key: string; readonly expires: string };
}

export interface ProofExpectation {
  readonly method: string;
  /** Acceptable `htu` values (scheme, host and path; no query). */
  readonly urls: readonly string[];
  readonly nowMs: number;
  /** When set, `ath` must be the hash of this access token (resource requests). */
  readonly accessToken?: string;
}

function stripQuery(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

export const dpopProofReplayed = (): DpopProofError => new DpopProofError('replayed', 'The DPoP proof JWT has already been used.');

/** Every check but the `jti`'s single use, which the caller records (`VerifiedProof.use`). */
export async function checkDpopProof(proof: string, expect: ProofExpectation): Promise<VerifiedProof> {
  if (proof.length > MAX_PROOF_LENGTH || proof.split('.').length !== 3) throw new DpopProofError('malformed', 'The DPoP proof JWT cannot be parsed.');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError('malformed', 'The DPoP proof JWT cannot be parsed.');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofError('bad_header', "'typ' must be 'dpop+jwt' in the DPoP proof JWT.");
  if (typeof header.alg !== 'string' || !(DPOP_ALGORITHMS as readonly string[]).includes(header.alg)) {
    throw new DpopProofError('bad_header', 'The DPoP proof JWT signature algorithm is invalid.');
  }
  const jwk = header.jwk;
  if (jwk === undefined || typeof jwk !== 'object') throw new DpopProofError('bad_header', "The DPoP proof header has no 'jwk'.");
  if ('d' in jwk || 'k' in jwk || 'p' in jwk) throw new DpopProofError('bad_header', "The DPoP proof 'jwk' must be a public key.");
  const publicJwk: JWK =
    jwk.kty === 'RSA'
      ? { kty: 'RSA', e: String(jwk.e), n: String(jwk.n) }
      : jwk.kty === 'EC'
        ? { kty: 'EC', crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y) }
        : { ...jwk };
  let payload;
  try {
    const key = await importJWK(publicJwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [...DPOP_ALGORITHMS], currentDate: new Date(expect.nowMs) }));
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) throw new DpopProofError('bad_signature', 'The DPoP proof JWT signature is invalid.');
    throw error;
  }
  const { htm, htu, iat, jti, ath, nonce } = payload as Record<string, unknown>;
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) throw new DpopProofError('missing_jti', "'jti' claim in the DPoP proof JWT is invalid.");
  if (htm !== expect.method) throw new DpopProofError('htm_mismatch', "'htm' claim in the DPoP proof JWT is invalid.");
  const htuBase = typeof htu === 'string' ? stripQuery(htu) : undefined;
  if (htuBase === undefined || !expect.urls.includes(htuBase)) throw new DpopProofError('htu_mismatch', "'htu' claim in the DPoP proof JWT is invalid.");
  if (typeof iat !== 'number') throw new DpopProofError('too_old', "'iat' claim in the DPoP proof JWT is invalid.");
  const now = Math.floor(expect.nowMs / 1000);
  if (iat < now - DPOP_MAX_AGE_SECONDS) throw new DpopProofError('too_old', 'The DPoP proof JWT is issued more than five minutes in the past.');
  if (iat > now + DPOP_FUTURE_SKEW_SECONDS) throw new DpopProofError('issued_in_future', 'The DPoP proof JWT is issued in the future.');
  if (expect.accessToken !== undefined && ath !== accessTokenHash(expect.accessToken)) {
    throw new DpopProofError('ath_mismatch', "'ath' claim in the DPoP proof does not match the presented access_token.");
  }
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  const expires = new Date((iat + DPOP_MAX_AGE_SECONDS + DPOP_FUTURE_SKEW_SECONDS) * 1000).toISOString();
  return { jkt, jti, iat, nonce: typeof nonce === 'string' ? nonce : undefined, use: { key: `dpop:${jkt}:${jti}`, expires } };
}

/** Every check, the `jti`'s single use included (recorded now, on every node). */
export async function verifyDpopProof(proof: string, expect: ProofExpectation, replay: ReplayRepository): Promise<VerifiedProof> {
  const verified = await checkDpopProof(proof, expect);
  if (!(await replay.use(verified.use.key, verified.use.expires))) throw dpopProofReplayed();
  return verified;
}
