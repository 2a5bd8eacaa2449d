/**
 * `POST /api/v1/authn` and its PASSWORD_EXPIRED follow-ups: public routes (no credential needed),
 * registered at the root, outside the authenticated /api/v1 plugin. An `Authorization` header,
 * as the SDK's client and trusted apps send, is ignored: the request is served the same. Errors
 * leave as Okta bodies (apiErrorHandler); the `authn` rate-limit family applies (Okta's rate limits: X-Rate-Limit-* headers).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eventContextOf } from '../../http/request-context.js';
import { apiErrorHandler } from '../../http/errors/api-error-handler.js';
import { StateTokens } from '../../session/state-token.js';
import type { SignInRouteDeps } from '../deps.js';
import { AuthnCancelRequest, AuthnChangePasswordRequest, AuthnRequest, AuthnTransaction } from './schemas.js';
import { createAuthnService } from './service.js';

export const authnRoutes: FastifyPluginAsyncTypebox<SignInRouteDeps> = async (app, deps) => {
  app.setErrorHandler(apiErrorHandler);
  const authn = createAuthnService({
    store: deps.store,
    clock: deps.clock,
    events: deps.events,
    orgUrl: deps.config.orgUrl,
    sessions: deps.sessions,
    signIn: deps.signIn,
    stateTokens: new StateTokens(deps.signInKeys.stateToken),
    passwords: deps.passwords,
  });
  const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

  app.post('/api/v1/authn', { config: { access: 'none' }, schema: { body: AuthnRequest, response: { 200: AuthnTransaction } } }, async (request, reply) => {
    reply.headers(noStore);
    return authn.authenticate(eventContextOf(request), request.body);
  });

  app.post(
    '/api/v1/authn/credentials/change_password',
    { config: { access: 'none' }, schema: { body: AuthnChangePasswordRequest, response: { 200: AuthnTransaction } } },
    async (request, reply) => {
      reply.headers(noStore);
      return authn.changeExpiredPassword(eventContextOf(request), request.body);
    },
  );

  app.post(
    '/api/v1/authn/cancel',
    { config: { access: 'none' }, schema: { body: AuthnCancelRequest, response: { 200: AuthnTransaction } } },
    async (request, reply) => {
      reply.headers(noStore);
      return authn.cancel(request.body.stateToken);
    },
  );
};
