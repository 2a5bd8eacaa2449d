/**
 * The access decision at the edge, right after authentication in the same `onRequest` hook
 * (before the body is parsed or validated: a caller without rights learns nothing from
 * validation errors, 403 before 400): looks the route up in ENDPOINT_ACCESS and
 * applies `decide`. Records which rule and decision served the request, so that usage
 * analytics and least-privilege suggestions can be built on it. Refusals leave a log event.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessDenied } from '../../auth/access-denied.js';
import type { InsufficientScopeChallenge } from '../../auth/credential-verifier.js';
import { decide } from '../../auth/decide.js';
import { ENDPOINT_ACCESS } from '../../auth/endpoint-access.js';
import type { EventBus } from '../../events/event-bus.js';
import type { Store } from '../../store/store.js';
import { eventContextOf } from '../request-context.js';

export type Authorize = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Checks that every route of `app` has an entry in the table; returns the decision step. */
export function registerAuthorization(
  app: FastifyInstance,
  deps: { store: Store; events: EventBus; insufficientScope: InsufficientScopeChallenge },
): Authorize {
  app.decorateRequest('accessRefused', false);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || route.config?.['access'] === 'none') continue;
      const key = `${method} ${route.url}`;
      if (ENDPOINT_ACCESS[key] === undefined) throw new Error(`route ${key} has no entry in ENDPOINT_ACCESS`);
    }
  });

  // Every refusal of the access decision, whichever half refused (this table, a target rule, a
  // grant rule in a service), is logged here, once, after its transaction rolled back.
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AccessDenied)) return;
    request.accessRefused = true;
    const key = `${request.method} ${request.routeOptions.url ?? ''}`;
    try {
      await deps.events.emit(deps.store, eventContextOf(request), {
        type: 'core.api.access.denied',
        displayMessage: `Access to ${key} denied`,
        targets: error.targets,
        outcome: { result: 'DENY', reason: error.reason },
      });
    } catch (logError) {
      request.log.error({ err: logError }, 'the refusal could not be written to the System Log');
    }
  });

  return async (request, reply) => {
    // Fastify builds a new routeOptions object on every read: read once, kept in `access`.
    const route = request.routeOptions.url ?? '';
    // HEAD is its GET without the body (RFC 9110 §9.3.2), served by Fastify through the GET route:
    // the GET entry decides it (the table has no HEAD entries, and a request without an entry
    // passes undecided, as the routes that take no credential do).
    const rule = ENDPOINT_ACCESS[`${request.method === 'HEAD' ? 'GET' : request.method} ${route}`];
    const principal = request.principal;
    if (principal === undefined) return;
    // Fail closed: a credential reached a route the table does not decide (the app refuses to
    // start with a registered route missing, so only a method Fastify adds by itself gets here).
    // Routes that take no API credential say so (`access: 'none'`: the 405 answers, the sign-in endpoints).
    if (rule === undefined) {
      if (request.routeOptions.config.access === 'none') return;
      throw new AccessDenied('forbidden', `no access rule decides ${request.method} ${route}`);
    }
    const decision = decide(principal, rule, (request.params ?? {}) as Record<string, string>);
    request.access = { rule, decision, route };
    if (decision.allow) return;
    if (decision.reason === 'insufficient_scope') {
      const dpop = principal.credential.kind === 'access_token' && principal.credential.dpop;
      reply.header('WWW-Authenticate', deps.insufficientScope(rule.scope, dpop, request.url.split('?')[0] ?? ''));
      throw new AccessDenied('insufficient_scope', `missing scope ${rule.scope}`, [], {
        kind: 'insufficient_scope',
        message: 'The access token provided does not contain the required scopes.',
        showCause: false,
      });
    }
    throw new AccessDenied(
      'forbidden',
      decision.reason === 'ssws_only' ? 'only an API token may call this endpoint' : `missing permission ${rule.permission}`,
      [],
      { showCause: false },
    );
  };
}
