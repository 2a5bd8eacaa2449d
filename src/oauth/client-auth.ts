/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
 * RFC 7523 §3, OpenID Core §9): client_secret_basic, client_secret_post, private_key_jwt, or
 * none for public clients. The client of a private_key_jwt request is found from the assertion
 * (the Okta SDK sends no client_id). Every failure is 401 invalid_client with a precise reason.
 * An assertion must carry a `jti` (OpenID Connect Core §9: "jti … REQUIRED"), which is single use
 * on every node (RFC 7523 §3), so that a captured assertion cannot be replayed within its `exp`.
 */
import { decodeJwt } from 'jose';
import type { Clock } from '../clock.js';
import { matchesDigest } from '../crypto/secret-digest.js';
import type { AppRecord } from '../store/oauth-records.js';
import type { Store } from '../store/store.js';
import { AssertionKeyCache } from './assertion-keys.js';
import {
  assertionReplayed,
  assertionUse,
  checkHeader,
  checkLifetime,
  claimedIdentity,
  MAX_ASSERTION_LENGTH,
  parseAssertion,
  selectCandidateKeys,
  verifyWithAny,
  type AssertionUse,
} from './client-assertion.js';
import { OAuthError } from './errors.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type ClientAuthMethod = 'private_key_jwt' | 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  readonly app: AppRecord;
  readonly method: ClientAuthMethod;
}

/** A client whose credentials verified, its assertion's `jti` (if any) not yet spent. */
export interface VerifiedClient extends AuthenticatedClient {
  /** The assertion's single use, for the caller to spend with its own writes (private_key_jwt only). */
  readonly assertionUse?: AssertionUse;
}

export interface ClientAuthRequest {
  readonly authorization: string | undefined;
  readonly form: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** Acceptable `aud` values of a client assertion: the endpoint invoked and the issuer. */
  readonly audiences: readonly string[];
}

const invalidClient = (description: string): OAuthError => new OAuthError('invalid_client', description);

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

/**
 * The Basic credentials of the request, once its credentials are where they may be: never in the
 * query, and one kind at most (RFC 6749 §2.3: a client uses one authentication method per request).
 */
function presentedBasic(request: ClientAuthRequest): { id: string; secret: string } | undefined {
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
  return basic;
}

export class ClientAuthenticator {
  private readonly assertionKeys = new AssertionKeyCache();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Authenticates the client and spends its assertion's `jti` at once (introspection, revocation). */
  async authenticate(request: ClientAuthRequest): Promise<AuthenticatedClient> {
    const { app, method, assertionUse } = await this.verifyCredentials(request);
    if (assertionUse !== undefined && !(await this.store.replay.use(assertionUse.key, assertionUse.expires))) throw assertionReplayed();
    return { app, method };
  }

  /**
   * Verifies the client's credentials and leaves its assertion's `jti` unspent, for a caller that
   * spends it with its own writes (the token endpoint: token/single-use.ts).
   */
  async verifyCredentials(request: ClientAuthRequest): Promise<VerifiedClient> {
    const { form } = request;
    const basic = presentedBasic(request);
    if (form['client_assertion'] !== undefined || form['client_assertion_type'] !== undefined) {
      if (form['client_assertion_type'] !== JWT_BEARER_ASSERTION) throw new OAuthError('invalid_request', 'The client_assertion_type is invalid.');
      const { app, use } = await this.verifyAssertion(form['client_assertion'] ?? '', form['client_id'], request.audiences);
      return { app, method: 'private_key_jwt', assertionUse: use };
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

  /**
   * Verifies the assertion with the keys registered for the client it names; its `jti` is
   * returned, not yet recorded.
   */
  private async verifyAssertion(jwt: string, formClientId: string | undefined, audiences: readonly string[]): Promise<{ app: AppRecord; use: AssertionUse }> {
    const assertion = parseAssertion(jwt);
    const alg = checkHeader(assertion.header);
    const { clientId, jti } = claimedIdentity(assertion.claims, formClientId);
    const app = await this.activeApp(clientId);
    if (app.tokenEndpointAuthMethod !== 'private_key_jwt') throw invalidClient('The client is not configured for private_key_jwt client authentication.');
    const candidates = selectCandidateKeys(
      (await this.store.apps.listKeys(app.id)).filter((k) => k.status === 'ACTIVE'),
      assertion.header.kid,
    );
    const now = this.clock.now();
    await verifyWithAny(this.assertionKeys, jwt, candidates, { alg, clientId, audiences, now });
    return { app, use: assertionUse(clientId, jti, checkLifetime(assertion.claims, now)) };
  }
}
