/**
 * The caller's own browser session, found by its `sid` cookie (okta-auth-js `session.get()`,
 * SDK `getCurrentSession`/`closeCurrentSession`/`refreshCurrentSession`). Public routes at the
 * root: the cookie is the credential, an API token is not needed (Okta: "An API token isn't
 * allowed for this operation"). No cookie, or one that opens no live session → 404 E0000007, as
 * Okta answers. Cross-site requests do not carry the cookie on these methods (SameSite=Lax).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../errors/domain-error.js';
import { apiErrorHandler } from '../../http/errors/api-error-handler.js';
import { eventContextOf } from '../../http/request-context.js';
import { clearSessionCookie, sessionCookieOf } from '../../session/cookies.js';
import { userContext } from '../../session/session-service.js';
import type { ManagementDeps } from '../deps.js';
import { presentSession } from './presenter.js';
import { Session } from './schemas.js';

const noSession = () => notFound('Resource not found: me (Session)');

export const currentSessionRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  app.setErrorHandler(apiErrorHandler);
  const sessions = deps.sessions;
  const { orgUrl } = deps.config;
  const view = async () => ({ selfId: 'me', orgUrl, orgId: (await deps.store.org.get())?.id ?? '' });
  const route = { config: { access: 'none' as const } };

  app.get('/api/v1/sessions/me', { ...route, schema: { response: { 200: Session } } }, async (request, reply) => {
    const live = await sessions.fromCookie(sessionCookieOf(request));
    if (live === undefined) throw noSession();
    reply.header('Cache-Control', 'no-store');
    return presentSession(live.session, live.user, await view());
  });

  app.post('/api/v1/sessions/me/lifecycle/refresh', { ...route, schema: { response: { 200: Session } } }, async (request, reply) => {
    const live = await sessions.fromCookie(sessionCookieOf(request));
    if (live === undefined) throw noSession();
    reply.header('Cache-Control', 'no-store');
    return presentSession(await sessions.refresh(live), live.user, await view());
  });

  app.delete('/api/v1/sessions/me', { ...route, schema: { response: { 204: Type.Null() } } }, async (request, reply) => {
    const live = await sessions.fromCookie(sessionCookieOf(request));
    if (live === undefined) throw noSession();
    await sessions.end(userContext(eventContextOf(request), live.user), live);
    clearSessionCookie(reply, orgUrl);
    return reply.code(204).send(null);
  });
};
