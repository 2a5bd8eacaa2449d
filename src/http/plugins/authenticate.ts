/**
 * Turns the Authorization header into a Principal (onRequest, /api/v1 only).
 * No header or an unknown scheme → 403 E0000005 (as Okta); a bad credential → 401 E0000011.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { DomainError } from '../../errors/domain-error.js';
import type { EventBus } from '../../events/event-bus.js';
import type { SswsAuthenticator } from '../../management/tokens/ssws-authenticator.js';
import type { Store } from '../../store/store.js';
import { credentialOf } from '../authorization-header.js';
import { eventContextOf } from '../request-context.js';
import type { Authorize } from './authorize.js';
import { BearerRejected, type BearerAuthenticator } from '../../oauth/resource/bearer-authenticator.js';

export interface AuthenticateOptions {
  readonly ssws: SswsAuthenticator;
  readonly store: Store;
  readonly events: EventBus;
  readonly orgUrl: string;
  /** Bearer / DPoP access tokens of our authorization server. */
  readonly bearer: BearerAuthenticator;
  /** The access decision, taken in the same hook once the principal is known (authorize.ts). */
  readonly authorize: Authorize;
}

const DPOP_ALGS = 'algs="RS256 RS384 RS512 ES256 ES384 ES512"';

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
  });

  async function principalOf(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
    }
    // A known scheme with a missing or malformed credential is a bad token (401), not a missing one.
    const credential = credentialOf(request);
    const scheme = credential?.scheme;
    const value = credential?.value ?? '';
    if (scheme === 'ssws') {
      const result = await options.ssws.authenticate(value, () => eventContextOf(request), credential?.digest);
      if (!result.ok) {
        await options.events.emit(options.store, eventContextOf(request), {
          type: 'system.api_token.authenticate',
          displayMessage: 'Request with an invalid API token refused',
          targets:
            result.tokenId === undefined
              ? []
              : [{ id: result.tokenId, type: 'Token', alternateId: result.tokenId, displayName: result.tokenId, detailEntry: null }],
          outcome: { result: 'FAILURE', reason: result.reason },
        });
        throw new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');
      }
      return result.principal;
    }
    if (scheme === 'bearer' || scheme === 'dpop') {
      const proofHeader = request.headers['dpop'];
      try {
        return await options.bearer.authenticate({
          scheme: scheme === 'bearer' ? 'Bearer' : 'DPoP',
          token: value,
          tokenHash: credential?.digest,
          method: request.method,
          urls: () => requestUrls(request, options.orgUrl),
          proof: typeof proofHeader === 'string' ? proofHeader : undefined,
        });
      } catch (error) {
        if (!(error instanceof BearerRejected)) throw error;
        await options.events.emit(options.store, eventContextOf(request), {
          type: 'app.oauth2.token.rejected',
          displayMessage: 'Request with an invalid access token refused',
          targets: [],
          outcome: { result: 'FAILURE', reason: error.reason },
        });
        const dpop = scheme === 'dpop' || error.reason === 'dpop_required';
        const code = error.reason === 'invalid_dpop_proof' ? 'invalid_dpop_proof' : 'invalid_token';
        reply.header(
          'WWW-Authenticate',
          dpop
            ? `DPoP ${DPOP_ALGS}, error="${code}", error_description="${error.description}"`
            : `Bearer authorization_uri="${options.orgUrl}/oauth2/v1/authorize", realm="${options.orgUrl}", error="invalid_token", error_description="${error.description}"`,
        );
        throw new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');
      }
    }
    throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
  }
}
