/**
 * Checks a JWK registered as an app's public key (client authentication with `private_key_jwt`,
 * RFC 7523; RFC 7517 members) and reduces it to its public members. Refused, each with a cause:
 * private members (a private key pasted as a public one), key types other than RSA and EC, RSA
 * under 2048 bits (Okta), EC curves other than P-256/P-384/P-521, an `alg` the token endpoint
 * does not accept for the key, and anything `jose.importJWK` cannot turn into a public key.
 * `jku`/`x5u`/`x5c` members are dropped: Tessera never fetches or trusts a key from elsewhere.
 */
import { calculateJwkThumbprint, importJWK } from 'jose';
import type { ErrorCause } from '../../errors/domain-error.js';
import { textOf, type JsonObject } from '../../store/records.js';
import { identifierProblem } from '../identifiers.js';

/** RFC 7518 §6.2.2 / §6.3.2 / §6.4: members that only a private or symmetric key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The signature algorithms the token endpoint accepts per key. */
const RSA_ALGS = ['RS256', 'RS384', 'RS512'] as const;
const EC_ALG_BY_CURVE: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** Okta: "RSA key length … less than '2,048' bits". The upper bound keeps verification cheap. */
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;
const MAX_KID_LENGTH = 200;
const B64URL = /^[A-Za-z0-9_-]+$/;

export type JwkCheck = { readonly ok: true; readonly jwk: JsonObject; readonly kid: string } | { readonly ok: false; readonly causes: ErrorCause[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bits of an unsigned big-endian integer given in base64url (RFC 7518 §2 Base64urlUInt). */
function bitLength(b64url: string): number {
  const bytes = Buffer.from(b64url, 'base64url');
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first += 1;
  const lead = bytes[first];
  if (lead === undefined) return 0;
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(lead));
}

function publicExponentProblem(e: string): string | undefined {
  if (!B64URL.test(e)) return 'must be base64url';
  const bytes = Buffer.from(e, 'base64url');
  // A real public exponent is small and odd (65537 in practice); a huge one makes verification slow.
  if (bitLength(e) > 32) return 'is not a valid RSA public exponent';
  const last = bytes[bytes.length - 1] ?? 0;
  if (bitLength(e) < 2 || last % 2 === 0) return 'is not a valid RSA public exponent';
  return undefined;
}

function checkRsa(raw: Record<string, unknown>, field: string, causes: ErrorCause[]): JsonObject | undefined {
  const { n, e } = raw;
  if (typeof n !== 'string' || !B64URL.test(n)) causes.push({ field: `${field}.n`, message: 'RSA keys need the modulus n (base64url)' });
  if (typeof e !== 'string') causes.push({ field: `${field}.e`, message: 'RSA keys need the public exponent e (base64url)' });
  else {
    const problem = publicExponentProblem(e);
    if (problem !== undefined) causes.push({ field: `${field}.e`, message: problem });
  }
  if (typeof n === 'string' && B64URL.test(n)) {
    const bits = bitLength(n);
    if (bits < MIN_RSA_BITS) causes.push({ field, message: `RSA key length in the 'jwks' is less than '2,048' bits for the given key (this one has ${bits})` });
    else if (bits > MAX_RSA_BITS) causes.push({ field, message: `RSA keys longer than ${MAX_RSA_BITS} bits are not accepted (this one has ${bits})` });
  }
  if (typeof raw['alg'] === 'string' && !(RSA_ALGS as readonly string[]).includes(raw['alg'])) {
    causes.push({ field: `${field}.alg`, message: `'${raw['alg']}' cannot be used with an RSA key; use ${RSA_ALGS.join(', ')}` });
  }
  return typeof n === 'string' && typeof e === 'string' ? { n, e } : undefined;
}

function checkEc(raw: Record<string, unknown>, field: string, causes: ErrorCause[]): JsonObject | undefined {
  const { crv, x, y } = raw;
  const curveAlg = typeof crv === 'string' ? EC_ALG_BY_CURVE[crv] : undefined;
  if (curveAlg === undefined) {
    causes.push({ field: `${field}.crv`, message: `EC keys must use the curve P-256, P-384 or P-521${typeof crv === 'string' ? `, not '${crv}'` : ''}` });
  } else if (typeof raw['alg'] === 'string' && raw['alg'] !== curveAlg) {
    causes.push({ field: `${field}.alg`, message: `'${raw['alg']}' cannot be used with a ${String(crv)} key; use ${curveAlg}` });
  }
  if (typeof x !== 'string' || !B64URL.test(x)) causes.push({ field: `${field}.x`, message: 'EC keys need the coordinate x (base64url)' });
  if (typeof y !== 'string' || !B64URL.test(y)) causes.push({ field: `${field}.y`, message: 'EC keys need the coordinate y (base64url)' });
  return typeof crv === 'string' && typeof x === 'string' && typeof y === 'string' ? { crv, x, y } : undefined;
}

/** The algorithm to import the key with: its own `alg`, else the first one the key type allows. */
function importAlg(jwk: JsonObject): string {
  if (typeof jwk['alg'] === 'string') return jwk['alg'];
  if (jwk['kty'] === 'RSA') return 'RS256';
  return EC_ALG_BY_CURVE[textOf(jwk['crv'])] ?? 'ES256';
}

/**
 * Checks one JWK. `field` names it in causes (`settings.oauthClient.jwks.keys[0]`, `JsonWebKey`);
 * member problems name the member (`….n`).
 */
export async function checkPublicJwk(raw: unknown, field: string): Promise<JwkCheck> {
  if (!isObject(raw)) return { ok: false, causes: [{ field, message: 'must be a JSON Web Key object' }] };
  const privateMembers = PRIVATE_MEMBERS.filter((member) => Object.hasOwn(raw, member));
  if (privateMembers.length > 0) {
    const message = `contains private key members (${privateMembers.join(', ')}): this is a private key pasted as a public one; register only the public key and keep the private key secret`;
    return { ok: false, causes: [{ field, message }] };
  }
  const causes: ErrorCause[] = [];
  const { kty, kid, use } = raw;
  // `kid: null` is how a key without one is shown, so a fetched app sent back whole stays valid.
  if (kid !== undefined && kid !== null && (typeof kid !== 'string' || kid === '' || kid.length > MAX_KID_LENGTH)) {
    causes.push({ field: `${field}.kid`, message: `must be a non-empty string of at most ${MAX_KID_LENGTH} characters` });
  } else if (typeof kid === 'string') {
    // A key's id names it in the System Log and is matched exactly (RFC 7515 §4.1.4): an identifier.
    const problem = identifierProblem(kid);
    if (problem !== undefined) causes.push({ field: `${field}.kid`, message: problem });
  }
  if (use !== undefined && use !== 'sig') {
    causes.push({ field: `${field}.use`, message: `only signing keys (use 'sig') are accepted, not ${JSON.stringify(use)}` });
  }
  if (raw['alg'] !== undefined && typeof raw['alg'] !== 'string') causes.push({ field: `${field}.alg`, message: 'must be a string' });
  let material: JsonObject | undefined;
  if (kty === 'RSA') material = checkRsa(raw, field, causes);
  else if (kty === 'EC') material = checkEc(raw, field, causes);
  else if (kty === undefined) causes.push({ field: `${field}.kty`, message: 'is required (RSA or EC)' });
  else causes.push({ field: `${field}.kty`, message: `${JSON.stringify(kty)} keys are not accepted; use RSA (2048 bits or more) or EC (P-256, P-384, P-521)` });
  if (causes.length > 0 || material === undefined) return { ok: false, causes };

  const jwk: JsonObject = { kty: kty === 'RSA' ? 'RSA' : 'EC', ...material };
  if (typeof kid === 'string') jwk['kid'] = kid;
  if (use === 'sig') jwk['use'] = 'sig';
  if (typeof raw['alg'] === 'string') jwk['alg'] = raw['alg'];
  try {
    // The same import the token endpoint will do: a key that fails here could never verify.
    await importJWK({ ...jwk }, importAlg(jwk));
  } catch {
    return { ok: false, causes: [{ field, message: `is not a valid ${String(kty)} public key` }] };
  }
  return { ok: true, jwk, kid: typeof kid === 'string' ? kid : '' };
}

/** RFC 7638 thumbprint of the public members: the same key registered twice has the same one. */
export async function jwkThumbprint(jwk: JsonObject): Promise<string> {
  return calculateJwkThumbprint({ ...jwk });
}

/** Okta: at most 50 keys per client. */
export const MAX_KEYS = 50;

export const TOO_MANY_KEYS = `You can't create a new key. You have reached the maximum number of keys allowed (${MAX_KEYS}). To add another key, you must first delete an existing one.`;
export const KID_NEEDED =
  'Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.';
export const KID_NOT_UNIQUE = "All keys in the 'jwks' must have a unique `kid`.";

/**
 * Rules over a whole key set (Okta's `ErrorClientJsonWebKey*`): at most 50 keys; with
 * more than one key every key needs a `kid`, and no two share one. Empty when the set is fine.
 */
export function keySetProblems(kids: readonly string[], field: string): ErrorCause[] {
  if (kids.length > MAX_KEYS) return [{ field, message: TOO_MANY_KEYS }];
  if (kids.length <= 1) return [];
  if (kids.includes('')) return [{ field, message: KID_NEEDED }];
  if (new Set(kids).size !== kids.length) return [{ field, message: KID_NOT_UNIQUE }];
  return [];
}
