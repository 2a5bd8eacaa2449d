/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
 * RFC 7523 §3, OpenID Core §9): client_secret_basic, client_secret_post, private_key_jwt, or
 * none for public clients. The client of a private_key_jwt request is found from the assertion
 * (the Okta SDK sends no client_id). Every failure is 401 invalid_client with a precise reason.
 * An assertion must carry a `jti` (OpenID Connect Core §9: "jti … REQUIRED"), which is single use
 * on every node (RFC 7523 §3), so that a captured assertion cannot be replayed within its `exp`.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Clock } from '../clock.js';
import { matchesDigest } from '../crypto/secret-digest.js';
import type { AppRecord } from '../store/oauth-records.js';
import type { Store } from '../store/store.js';
import { AssertionKeyCache, type AssertionKey } from './assertion-keys.js';
import { ASSERTION_ALGORITHMS } from './discovery.js';
import { OAuthError } from './errors.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_SKEW_SECONDS = 30;
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
const MAX_ASSERTION_LENGTH = 8192;

export type ClientAuthMethod = 'private_key_jwt' | 'client_secret_basic' | 'client_secret_post' | 'none';

/** A client assertion's `jti`, to be recorded as used (RFC 7523 §3: single use, on every node). */
export interface AssertionUse {
  readonly key: string;
  readonly expires: string;
}

export interface AuthenticatedClient {
  readonly app: AppRecord;
  readonly method: ClientAuthMethod;
  /**
   * Set when the request asked for `deferAssertionUse` and authenticated with an assertion: the
   * caller must record it (`store.replay.use`, refusing with `assertionReplayed` when it was used)
   * before answering, with its own writes.
   */
  readonly assertionUse?: AssertionUse;
}

export interface ClientAuthRequest {
  readonly authorization: string | undefined;
  readonly form: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** Acceptable `aud` values of a client assertion: the endpoint invoked and the issuer. */
  readonly audiences: readonly string[];
  /**
   * Leave recording the assertion's `jti` to the caller (`AuthenticatedClient.assertionUse`), so
   * that it commits with the caller's own writes (the token endpoint's System Log event).
   */
  readonly deferAssertionUse?: boolean;
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

function parseBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return undefined;
  }
}

/** Longest client id looked up (`activeApp`); a longer claim is shortened in the System Log. */
const MAX_CLIENT_ID_LENGTH = 64;

/**
 * A claimed client id as the System Log shows it: at most 64 characters, and anything but
 * visible ASCII (control and invisible characters, the backslash) as `\u{…}`, so that a log
 * line cannot be forged or hidden by what a request sends.
 */
function loggable(id: string): string {
  const shown = [...id.slice(0, MAX_CLIENT_ID_LENGTH)]
    .map((c) => (/^[\x21-\x5b\x5d-\x7e]$/.test(c) ? c : `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`))
    .join('');
  return id.length > MAX_CLIENT_ID_LENGTH ? `${shown}...` : shown;
}

/**
 * The client a request says it is, before anything is verified: the client assertion's `sub`
 * (else `iss`), else the user of the Basic header, else `client_id`. For the System Log event
 * of a refused request, so that an admin sees which client was refused: it is what the request
 * claimed, not an authenticated identity, and never a secret (the Basic password, a
 * `client_secret` and the assertion itself stay out).
 */
export function claimedClientId(authorization: string | undefined, form: Readonly<Record<string, string>>): string | undefined {
  const assertion = form['client_assertion'];
  if (assertion !== undefined && assertion.length <= MAX_ASSERTION_LENGTH) {
    try {
      const claims = decodeJwt(assertion);
      const id = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : claims.iss;
      if (typeof id === 'string' && id !== '') return loggable(id);
    } catch {
      // Not a JWT: the request is refused as such, and may still name its client below.
    }
  }
  const basic = authorization !== undefined && /^basic /i.test(authorization) ? parseBasic(authorization) : undefined;
  const id = basic?.id ?? form['client_id'];
  return id === undefined || id === '' ? undefined : loggable(id);
}

/** The answer to a client assertion whose `jti` was already used, here or on another node. */
export const assertionReplayed = (): OAuthError => invalidClient(TEXT.replayed);

export class ClientAuthenticator {
  private readonly assertionKeys = new AssertionKeyCache();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async authenticate(request: ClientAuthRequest): Promise<AuthenticatedClient> {
    for (const key of ['client_secret', 'client_assertion', 'client_assertion_type']) {
      if (Object.hasOwn(request.query, key)) throw new OAuthError('invalid_request', 'Client credentials cannot be supplied via query parameters.');
    }
    const { form } = request;
    const basic = request.authorization !== undefined && /^basic /i.test(request.authorization) ? parseBasic(request.authorization) : undefined;
    if (request.authorization !== undefined && /^basic /i.test(request.authorization) && basic === undefined)
      throw invalidClient('The client credentials in the Authorization header are malformed.');
    const used = [basic !== undefined, form['client_secret'] !== undefined, form['client_assertion'] !== undefined].filter(Boolean).length;
    if (used > 1)
      throw new OAuthError(
        'invalid_request',
        "Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
      );

    if (form['client_assertion'] !== undefined || form['client_assertion_type'] !== undefined) {
      if (form['client_assertion_type'] !== JWT_BEARER_ASSERTION) throw new OAuthError('invalid_request', 'The client_assertion_type is invalid.');
      const { app, use } = await this.verifyAssertion(form['client_assertion'] ?? '', form['client_id'], request.audiences);
      if (request.deferAssertionUse === true) return { app, method: 'private_key_jwt', assertionUse: use };
      if (!(await this.store.replay.use(use.key, use.expires))) throw assertionReplayed();
      return { app, method: 'private_key_jwt' };
    }
    if (basic !== undefined) {
      if (form['client_id'] !== undefined && form['client_id'] !== basic.id)
        throw new OAuthError('invalid_request', 'The client_id does not match the Authorization header.');
      try {
        return { app: await this.verifySecret(basic.id, basic.secret, 'client_secret_basic'), method: 'client_secret_basic' };
      } catch (error) {
        // RFC 6749 §5.2: a client that authenticated with the Authorization header gets a challenge in its scheme.
        if (error instanceof OAuthError && error.error === 'invalid_client') {
          throw new OAuthError('invalid_client', error.description, { 'WWW-Authenticate': 'Basic realm="Tessera"' });
        }
        throw error;
      }
    }
    const clientId = form['client_id'];
    if (clientId === undefined || clientId === '') throw invalidClient('No client credentials found.');
    if (form['client_secret'] !== undefined)
      return { app: await this.verifySecret(clientId, form['client_secret'], 'client_secret_post'), method: 'client_secret_post' };
    const app = await this.activeApp(clientId);
    if (app.tokenEndpointAuthMethod !== 'none') throw invalidClient('No client credentials found.');
    return { app, method: 'none' };
  }

  private async activeApp(clientId: string): Promise<AppRecord> {
    const app = clientId.length <= MAX_CLIENT_ID_LENGTH ? await this.store.apps.get(clientId) : undefined;
    if (app === undefined || app.status !== 'ACTIVE')
      throw invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
    return app;
  }

  private async verifySecret(clientId: string, secret: string, method: ClientAuthMethod): Promise<AppRecord> {
    const app = await this.activeApp(clientId);
    if (app.tokenEndpointAuthMethod !== method || !matchesDigest(secret, await this.activeSecretDigests(app.id))) {
      throw invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
    }
    return app;
  }

  /** The digests of the app's ACTIVE client secrets. */
  private async activeSecretDigests(appId: string): Promise<string[]> {
    return (await this.store.apps.listSecrets(appId)).filter((s) => s.status === 'ACTIVE').map((s) => s.digest);
  }

  /** Verifies the assertion; its `jti` is returned, not yet recorded. */
  private async verifyAssertion(
    assertion: string,
    formClientId: string | undefined,
    audiences: readonly string[],
  ): Promise<{ app: AppRecord; use: AssertionUse }> {
    if (assertion.length > MAX_ASSERTION_LENGTH || assertion.split('.').length !== 3) throw invalidClient(TEXT.unparsable);
    let header;
    let unverified;
    try {
      header = decodeProtectedHeader(assertion);
      unverified = decodeJwt(assertion);
    } catch {
      throw invalidClient(TEXT.unparsable);
    }
    // `none` and HMAC (which would take a public key's bytes as the secret) never pass.
    if (typeof header.alg !== 'string' || !(ASSERTION_ALGORITHMS as readonly string[]).includes(header.alg)) throw invalidClient(TEXT.algorithm);
    if (header.jwk !== undefined || header.jku !== undefined || header.x5u !== undefined || header.x5c !== undefined) {
      throw invalidClient('The client_assertion must not carry its own key (jwk, jku, x5u, x5c): it is verified with the keys registered for the client.');
    }
    // RFC 7523 §3: `iss` and `sub` are both the client_id; the client is found from `sub`.
    const clientId = typeof unverified.sub === 'string' && unverified.sub !== '' ? unverified.sub : undefined;
    if (clientId === undefined) throw invalidClient(TEXT.subject);
    if (unverified.iss !== clientId) throw invalidClient(TEXT.issuer);
    if (formClientId !== undefined && formClientId !== clientId) throw invalidClient("The client_id does not match the client_assertion 'sub' claim.");
    // OpenID Connect Core §9: `jti` is REQUIRED. Without it the assertion could not be spent and
    // would be a bearer credential for its whole lifetime. Refused before any key is read.
    const jti = unverified.jti;
    if (typeof jti !== 'string' || jti === '') throw invalidClient(TEXT.jtiRequired);
    if (jti.length > 256) throw invalidClient("The client_assertion 'jti' is too long.");
    const app = await this.activeApp(clientId);
    if (app.tokenEndpointAuthMethod !== 'private_key_jwt') throw invalidClient('The client is not configured for private_key_jwt client authentication.');
    const active = (await this.store.apps.listKeys(app.id)).filter((k) => k.status === 'ACTIVE');
    if (active.length === 0) throw invalidClient(TEXT.noKeys);
    const candidates = header.kid === undefined ? active : active.filter((k) => k.kid === header.kid);
    if (candidates.length === 0) throw invalidClient(TEXT.kid);

    const now = this.clock.now();
    let verified = false;
    let lastError: unknown;
    for (const candidate of candidates) {
      const use = candidate.jwk['use'];
      if (use !== undefined && use !== 'sig') {
        lastError = new AssertionKeyMismatch(TEXT.keyUse);
        continue;
      }
      // A key registered with an `alg` verifies that algorithm only (RFC 7517 §4.4).
      const alg = candidate.jwk['alg'];
      if (alg !== undefined && alg !== header.alg) {
        lastError = new AssertionKeyMismatch(TEXT.algorithm);
        continue;
      }
      let key: AssertionKey;
      try {
        // Only the import is reused: `candidate` was read as ACTIVE from the store just now.
        key = await this.assertionKeys.import(candidate.jwk, header.alg);
      } catch (error) {
        lastError = error;
        continue;
      }
      try {
        await jwtVerify(assertion, key, {
          algorithms: [header.alg],
          audience: [...audiences],
          issuer: clientId,
          subject: clientId,
          requiredClaims: ['exp'],
          clockTolerance: ASSERTION_SKEW_SECONDS,
          currentDate: new Date(now),
        });
        verified = true;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (!verified) throw invalidClient(describe(lastError));

    const nowSeconds = Math.floor(now / 1000);
    const exp = Number(unverified.exp);
    if (exp - nowSeconds > MAX_ASSERTION_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS) throw invalidClient(TEXT.tooFarAhead);
    if (typeof unverified.iat === 'number' && unverified.iat > nowSeconds + ASSERTION_SKEW_SECONDS) throw invalidClient(TEXT.issuedInFuture);
    return { app, use: { key: `assertion:${clientId}:${jti}`, expires: new Date((exp + ASSERTION_SKEW_SECONDS) * 1000).toISOString() } };
  }
}

function describe(error: unknown): string {
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
