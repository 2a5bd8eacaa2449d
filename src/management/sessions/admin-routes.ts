/**
 * Sessions for administrators (Okta Management API, `Session`, `UserSessions`), inside the authenticated
 * /api/v1 plugin: read, refresh or end a session by id, create one from a sessionToken, and
 * clear every session of a user (service.ts). An id that names no live session → 404 E0000007.
 * `forgetDevices` is accepted and has nothing to forget (no remembered factors).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, notFound } from '../../errors/domain-error.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { presentSession } from './presenter.js';
import { createUserSessionsService } from './service.js';
import { CreateSessionRequest, RevokeUserSessionsQuery, Session, SessionParams, UserSessionsParams } from './schemas.js';

export const sessionAdminRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const sessions = deps.sessions;
  const users = deps.users;
  const userSessions = createUserSessionsService(deps);
  const { orgUrl } = deps.config;
  const viewOf = async (id: string) => ({ selfId: id, orgUrl, orgId: (await deps.store.org.get())?.id ?? '' });

  async function live(sessionId: string) {
    const found = await sessions.byId(sessionId);
    if (found === undefined) throw notFound(`Resource not found: ${sessionId} (Session)`);
    return found;
  }

  app.get('/api/v1/sessions/:sessionId', { schema: { params: SessionParams, response: { 200: Session } } }, async (request) => {
    const found = await live(request.params.sessionId);
    return presentSession(found.session, found.user, await viewOf(found.session.id));
  });

  app.post('/api/v1/sessions/:sessionId/lifecycle/refresh', { schema: { params: SessionParams, response: { 200: Session } } }, async (request) => {
    const found = await live(request.params.sessionId);
    return presentSession(await sessions.refresh(found), found.user, await viewOf(found.session.id));
  });

  app.delete('/api/v1/sessions/:sessionId', { schema: { params: SessionParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const found = await live(request.params.sessionId);
    if (!(await sessions.end(eventContextOf(request), found))) throw notFound(`Resource not found: ${request.params.sessionId} (Session)`);
    return reply.code(204).send(null);
  });

  // SDK `createSession`: exchanges a sessionToken for a session (no cookie is set: the caller holds the id).
  app.post('/api/v1/sessions', { schema: { body: CreateSessionRequest, response: { 200: Session } } }, async (request) => {
    const context = eventContextOf(request);
    const signedIn = await sessions.redeemSessionToken(context, request.body.sessionToken);
    if (signedIn === undefined) throw new DomainError('unauthenticated', 'authn.failed', 'Authentication failed');
    const { session } = await sessions.startSession(context, signedIn);
    const found = await live(session.id);
    return presentSession(found.session, found.user, await viewOf(found.session.id));
  });

  app.delete(
    '/api/v1/users/:userId/sessions',
    { schema: { params: UserSessionsParams, querystring: RevokeUserSessionsQuery, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const user = await users.resolve(request.params.userId, request.principal);
      await userSessions.clear(eventContextOf(request), user, { oauthTokens: request.query.oauthTokens === 'true' });
      return reply.code(204).send(null);
    },
  );
};
