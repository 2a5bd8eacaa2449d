/**
 * Turns the Authorization header into a Principal (onRequest, /api/v1 only).
 * No header or an unknown scheme → 403 E0000005 (as Okta); a bad credential → 401 E0000011.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CredentialVerifier } from '../../auth/credential-verifier.js';
import type { Principal } from '../../auth/principal.js';
import { DomainError } from '../../errors/domain-error.js';
import type { EventBus } from '../../events/event-bus.js';
import type { Store } from '../../store/store.js';
import { credentialOf } from '../authorization-header.js';
import { eventContextOf } from '../request-context.js';
import type { Authorize } from './authorize.js';

export interface AuthenticateOptions {
  /** The verifier of each scheme this API takes (case-folded: `ssws`, `bearer`, `dpop`). */
  readonly verifiers: Readonly<Record<string, CredentialVerifier>>;
  readonly store: Store;
  readonly events: EventBus;
  readonly orgUrl: string;
  /** The access decision, taken in the same hook once the principal is known (authorize.ts). */
  readonly authorize: Authorize;
  /** Called once the decision let the request through (usage insights: record-use.ts). */
  readonly afterDecision?: ((request: FastifyRequest) => void) | undefined;
}

/**
 * The URLs a DPoP proof's `htu` may name for this request (RFC 9449 §4.3: the URI of the request,
 * query and fragment ignored): the org URL with the path as routed (leading slashes collapsed)
 * and as requested. The origin is always the org URL's, the server's fixed authority (RFC 9110
 * §7.1), never one built from the Host header: that would let a proof signed for another server
 * be replayed here with that server's Host. A trailing-slash orgUrl makes the Okta SDK request
 * `//api/v1/...` and sign that very URL as `htu`, so the literal path is accepted too.
 */
function requestUrls(request: FastifyRequest, orgUrl: string): string[] {
  const raw = request.url.split('?')[0] ?? '';
  return [...new Set([raw.replace(/^\/{2,}/, '/'), raw])].map((path) => `${orgUrl}${path}`);
}

export function registerAuthentication(app: FastifyInstance, options: AuthenticateOptions): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('access', undefined);

  app.addHook('onRequest', async (request, reply) => {
    request.principal = await principalOf(request, reply);
    await options.authorize(request, reply);
    options.afterDecision?.(request);
  });

  async function principalOf(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
    }
    // A known scheme with a missing or malformed credential is a bad token (401), not a missing one.
    const credential = credentialOf(request);
    const verifier = credential === undefined ? undefined : options.verifiers[credential.scheme];
    if (credential === undefined || verifier === undefined) throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
    const proof = request.headers['dpop'];
    const verification = await verifier.verify({
      scheme: credential.scheme,
      value: credential.value,
      digest: credential.digest,
      method: request.method,
      urls: () => requestUrls(request, options.orgUrl),
      proof: typeof proof === 'string' ? proof : undefined,
      context: () => eventContextOf(request),
    });
    if (verification.ok) return verification.principal;
    if ('denied' in verification) {
      request.principal = verification.principal;
      throw verification.denied;
    }
    await options.events.emit(options.store, eventContextOf(request), verification.event);
    if (verification.challenge !== undefined) reply.header('WWW-Authenticate', verification.challenge);
    throw new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');
  }
}
