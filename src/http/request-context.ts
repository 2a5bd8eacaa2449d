/** What the edge attaches to each request: the principal, the access decision, the event context. */
import type { Decision } from '../auth/decide.js';
import type { EndpointAccess } from '../auth/endpoint-access.js';
import type { Principal } from '../auth/principal.js';
import type { EventContext } from '../events/event-bus.js';
import { ANONYMOUS_ACTOR } from './actors.js';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /**
     * The endpoint table entry and the decision taken: which permission this request used, and the
     * route pattern as registered (`/api/v1/users/:userId`) that the entry was found under.
     */
    access: { readonly rule: EndpointAccess; readonly decision: Decision; readonly route: string } | undefined;
    /** Set when the access decision, a target rule or a grant rule refused the request (AccessDenied). */
    accessRefused: boolean;
  }
}

export function eventContextOf(request: FastifyRequest): EventContext {
  const principal = request.principal;
  const actor =
    principal === undefined
      ? ANONYMOUS_ACTOR
      : principal.subject.kind === 'user'
        ? { id: principal.subject.userId, type: 'User', alternateId: principal.subject.login, displayName: principal.subject.login, detailEntry: null }
        : {
            id: principal.subject.clientId,
            type: 'PublicClientApp',
            alternateId: principal.subject.clientId,
            displayName: principal.subject.clientId,
            detailEntry: null,
          };
  const credential = principal?.credential;
  return {
    actor,
    ipAddress: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    requestUri: request.url.split('?')[0] ?? null,
    apiTokenId: credential?.kind === 'ssws' ? credential.tokenId : null,
    clientId: credential?.kind === 'access_token' ? credential.clientId : null,
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `none`: a route outside the endpoint table (405 fallbacks, public endpoints). */
    access?: 'none';
  }
}
