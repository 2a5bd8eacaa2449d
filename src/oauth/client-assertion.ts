/**
 * A client assertion (RFC 7523 §3; OpenID Connect Core §9, private_key_jwt), step by step: parse
 * it, check its header, read the client it names, select the client's candidate keys, verify
 * with any of them, check its lifetime. Each failure is 401 invalid_client with Okta's text.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { AppKeyRecord } from '../store/oauth-records.js';
import type { JsonObject } from '../store/records.js';
import type { AssertionKeyCache } from './assertion-keys.js';
import { ASSERTION_ALGORITHMS } from './discovery.js';
import { OAuthError } from './errors.js';

const ASSERTION_SKEW_SECONDS = 30;
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
export const MAX_ASSERTION_LENGTH = 8192;

/** A client assertion's `jti`, to be recorded as used (RFC 7523 §3: single use, on every node). */
export interface AssertionUse {
  readonly key: string;
  readonly expires: string;
}

const invalidClient = (description: string): OAuthError => new OAuthError('invalid_client', description);

/** Okta's `error_description` for each client assertion failure (oauth2-error-codes.json, `client_assertion_*`). */
const TEXT = {
  unparsable: 'The parsing of the client_assertion failed.',
  algorithm: 'The client_assertion JWT signature algorithm is invalid.',
  kid: 'The client_assertion JWT kid is invalid.',
  issuer: 'The issuer claim for client_assertion is not a valid client_id.',
  subject: 'The subject claim for client_assertion is not a valid client_id.',
  audience: 'The audience claim for client_assertion must be the endpoint invoked for the request.',
  expRequired: "The client_assertion must contain the 'exp' claim as seconds since epoch.",
  jtiRequired: "The client_assertion must contain the 'jti' claim.",
  expired: 'The client_assertion token is expired.',
  tooFarAhead: 'The client_assertion token has an expiration too far into the future.',
  issuedInFuture: 'The client_assertion token must be issued before the current time.',
  replayed: 'The client_assertion token has already been used.',
  signature: 'The client_assertion signature is invalid.',
  noKeys: 'The client does not have a JWKSet configured, but the client_assertion requires one.',
  keyUse: "The public key being used for client assertion has an invalid 'use' parameter. Valid values for the 'use' parameter are sig.",
} as const;

/** A registered key that cannot verify this assertion (wrong `use` or `alg`), with the reason to report. */
class AssertionKeyMismatch extends Error {
  override readonly name = 'AssertionKeyMismatch';
}

/** What a verified assertion must be: signed with `alg`, by and for `clientId`, to one of `audiences`, at `now`. */
export interface ExpectedAssertion {
  readonly alg: string;
  readonly clientId: string;
  readonly audiences: readonly string[];
  /** Epoch ms. */
  readonly now: number;
}

/** An assertion's header and claims, decoded but not verified. */
interface UnverifiedAssertion {
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

/** The assertion's header and claims; anything that is not a compact JWS is refused unread. */
export function parseAssertion(jwt: string): UnverifiedAssertion {
  if (jwt.length > MAX_ASSERTION_LENGTH || jwt.split('.').length !== 3) throw invalidClient(TEXT.unparsable);
  try {
    return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    throw invalidClient(TEXT.unparsable);
  }
}

/** The header's algorithm, once the header is one we verify. */
export function checkHeader(header: ProtectedHeaderParameters): string {
  // `none` and HMAC (which would take a public key's bytes as the secret) never pass.
  if (typeof header.alg !== 'string' || !(ASSERTION_ALGORITHMS as readonly string[]).includes(header.alg)) throw invalidClient(TEXT.algorithm);
  if (header.jwk !== undefined || header.jku !== undefined || header.x5u !== undefined || header.x5c !== undefined) {
    throw invalidClient('The client_assertion must not carry its own key (jwk, jku, x5u, x5c): it is verified with the keys registered for the client.');
  }
  return header.alg;
}

/** The client the assertion names and its `jti`, refused before any key is read. */
export function claimedIdentity(claims: JWTPayload, formClientId: string | undefined): { clientId: string; jti: string } {
  // RFC 7523 §3: `iss` and `sub` are both the client_id; the client is found from `sub`.
  const clientId = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
  if (clientId === undefined) throw invalidClient(TEXT.subject);
  if (claims.iss !== clientId) throw invalidClient(TEXT.issuer);
  if (formClientId !== undefined && formClientId !== clientId) throw invalidClient("The client_id does not match the client_assertion 'sub' claim.");
  // OpenID Connect Core §9: `jti` is REQUIRED. Without it the assertion could not be spent and
  // would be a bearer credential for its whole lifetime.
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti === '') throw invalidClient(TEXT.jtiRequired);
  if (jti.length > 256) throw invalidClient("The client_assertion 'jti' is too long.");
  return { clientId, jti };
}

/** The client's ACTIVE keys that may have signed the assertion: all of them, or the one its `kid` names. */
export function selectCandidateKeys(active: readonly AppKeyRecord[], kid: string | undefined): readonly AppKeyRecord[] {
  if (active.length === 0) throw invalidClient(TEXT.noKeys);
  const candidates = kid === undefined ? active : active.filter((k) => k.kid === kid);
  if (candidates.length === 0) throw invalidClient(TEXT.kid);
  return candidates;
}

/** Passes when one candidate verifies the assertion; else refuses it with why the last one did not. */
export async function verifyWithAny(keys: AssertionKeyCache, jwt: string, candidates: readonly AppKeyRecord[], expected: ExpectedAssertion): Promise<void> {
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      await verifyWith(keys, jwt, candidate, expected);
      return;
    } catch (error) {
      lastError = error;
    }
  }
  throw invalidClient(verificationFailureText(lastError));
}

async function verifyWith(keys: AssertionKeyCache, jwt: string, candidate: AppKeyRecord, expected: ExpectedAssertion): Promise<void> {
  const mismatch = keyMismatch(candidate.jwk, expected.alg);
  if (mismatch !== undefined) throw mismatch;
  // Only the import is reused: `candidate` was read as ACTIVE from the store just now.
  const key = await keys.import(candidate.jwk, expected.alg);
  await jwtVerify(jwt, key, {
    algorithms: [expected.alg],
    audience: [...expected.audiences],
    issuer: expected.clientId,
    subject: expected.clientId,
    requiredClaims: ['exp'],
    clockTolerance: ASSERTION_SKEW_SECONDS,
    currentDate: new Date(expected.now),
  });
}

/** Why a registered key cannot verify this assertion, when it cannot: its `use` or its `alg`. */
function keyMismatch(jwk: JsonObject, alg: string): AssertionKeyMismatch | undefined {
  const use = jwk['use'];
  if (use !== undefined && use !== 'sig') return new AssertionKeyMismatch(TEXT.keyUse);
  // A key registered with an `alg` verifies that algorithm only (RFC 7517 §4.4).
  const registered = jwk['alg'];
  if (registered !== undefined && registered !== alg) return new AssertionKeyMismatch(TEXT.algorithm);
  return undefined;
}

/**
 * RFC 7523 §3 lets the server refuse an `exp` unreasonably far in the future: ours is an hour
 * (plus skew) ahead. An `iat` in the future beyond the skew is refused too, as Okta does. Returns
 * `exp`, in seconds.
 */
export function checkLifetime(claims: JWTPayload, now: number): number {
  const nowSeconds = Math.floor(now / 1000);
  const exp = Number(claims.exp);
  if (exp - nowSeconds > MAX_ASSERTION_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS) throw invalidClient(TEXT.tooFarAhead);
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + ASSERTION_SKEW_SECONDS) throw invalidClient(TEXT.issuedInFuture);
  return exp;
}

/** The assertion's single use: its `jti` for this client, kept until it can no longer verify (`exp` plus skew). */
export function assertionUse(clientId: string, jti: string, exp: number): AssertionUse {
  return { key: `assertion:${clientId}:${jti}`, expires: new Date((exp + ASSERTION_SKEW_SECONDS) * 1000).toISOString() };
}

/** The answer to a client assertion whose `jti` was already used, here or on another node. */
export const assertionReplayed = (): OAuthError => invalidClient(TEXT.replayed);

/** Okta's `error_description` for why the assertion did not verify with a candidate key. */
function verificationFailureText(error: unknown): string {
  if (error instanceof AssertionKeyMismatch) return error.message;
  if (error instanceof errors.JWTExpired) return TEXT.expired;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return TEXT.audience;
    if (error.claim === 'iss') return TEXT.issuer;
    if (error.claim === 'sub') return TEXT.subject;
    if (error.claim === 'exp') return TEXT.expRequired;
    if (error.claim === 'nbf') return 'The client_assertion token is not yet valid.';
    if (error.claim === 'iat') return TEXT.issuedInFuture;
    return `The client_assertion '${error.claim}' claim is invalid.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return TEXT.signature;
  return 'The client_assertion could not be verified with the keys registered for the client.';
}
