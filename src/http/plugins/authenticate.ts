/**
 * Turns the Authorization header into a Principal (onRequest, /api/v1 only).
 * No header or an unknown scheme → 403 E0000005 (as Okta); a bad credential → 401 E0000011.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../errors/domain-error.js';
import type { EventBus } from '../../events/event-bus.js';
import type { SswsAuthenticator } from '../../management/tokens/ssws-authenticator.js';
import type { Store } from '../../store/store.js';
import { eventContextOf } from '../request-context.js';

export interface AuthenticateOptions {
  readonly ssws: SswsAuthenticator;
  readonly store: Store;
  readonly events: EventBus;
  readonly orgUrl: string;
  /** Bearer / DPoP access tokens (issue #3); until then such credentials are refused as invalid. */
  readonly bearer?: (request: FastifyRequest, scheme: 'Bearer' | 'DPoP', token: string) => Promise<void>;
}

const SCHEME = /^([A-Za-z]+) +(\S+) *$/;

export function registerAuthentication(app: FastifyInstance, options: AuthenticateOptions): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('access', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
    }
    const match = SCHEME.exec(header);
    const scheme = match?.[1]?.toLowerCase();
    const value = match?.[2] ?? '';
    if (scheme === 'ssws') {
      const result = await options.ssws.authenticate(value, eventContextOf(request));
      if (!result.ok) {
        await options.events.emit(options.store, eventContextOf(request), {
          type: 'system.api_token.authenticate',
          displayMessage: 'Request with an invalid API token refused',
          targets: result.tokenId === undefined ? [] : [{ id: result.tokenId, type: 'Token', alternateId: result.tokenId, displayName: result.tokenId, detailEntry: null }],
          outcome: { result: 'FAILURE', reason: result.reason },
        });
        throw new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');
      }
      request.principal = result.principal;
      return;
    }
    if (scheme === 'bearer' || scheme === 'dpop') {
      if (options.bearer !== undefined) return options.bearer(request, scheme === 'bearer' ? 'Bearer' : 'DPoP', value);
      reply.header(
        'WWW-Authenticate',
        `Bearer authorization_uri="${options.orgUrl}/oauth2/v1/authorize", realm="${options.orgUrl}", error="invalid_token", error_description="The access token is invalid."`,
      );
      throw new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');
    }
    throw new DomainError('no_credentials', 'no_credentials', 'Invalid session');
  });
}
