/** /api/v1/users: schemas + thin handlers over the user service (Okta `User`, `UserLifecycle`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { pageLinks, parseLimit } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { LIFECYCLE_OPERATIONS } from './lifecycle.js';
import { presentUser } from './presenter.js';
import { CreateUserQuery, DeleteUserQuery, LifecycleQuery, LifecycleResult, ListUsersQuery, User, UserInput, UserParams } from './schemas.js';

/** Okta's listUsers: 200 by default and at most; `q` returns 10 by default. */
const LIST_LIMIT = { defaultLimit: 200, maxLimit: 200 } as const;
const Q_LIMIT = { defaultLimit: 10, maxLimit: 200 } as const;

export const userRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const users = deps.users;
  const { orgUrl } = deps.config;

  app.post('/api/v1/users', { schema: { body: UserInput, querystring: CreateUserQuery, response: { 200: User } } }, async (request) => {
    const { activate, nextLogin } = request.query;
    const options = { activate: activate !== 'false', nextLogin: nextLogin === 'changePassword' ? nextLogin : undefined } as const;
    const user = await users.create(eventContextOf(request), request.principal, request.body, options);
    return presentUser(user, orgUrl);
  });

  app.get('/api/v1/users', { schema: { querystring: ListUsersQuery, response: { 200: Type.Array(User) } } }, async (request, reply) => {
    const query = request.query;
    const limit = parseLimit(query.limit, query.q !== undefined ? Q_LIMIT : LIST_LIMIT);
    const page = await users.list({ ...query, limit });
    // The links repeat the request's own parameters (every filter and `limit`), as the SDK
    // follows `next` verbatim and adds nothing back (as the Okta SDK's collection iterator does).
    const asked: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
    reply.header('Link', pageLinks(orgUrl, '/api/v1/users', asked, page.next));
    return page.users.map((u) => presentUser(u, orgUrl));
  });

  // The benchmark route: one indexed read after authentication, nothing else.
  app.get('/api/v1/users/:userId', { schema: { params: UserParams, response: { 200: User } } }, async (request) => {
    return presentUser(await users.resolve(request.params.userId, request.principal), orgUrl);
  });

  app.post('/api/v1/users/:userId', { schema: { params: UserParams, body: UserInput, response: { 200: User } } }, async (request) =>
    presentUser(await users.update(eventContextOf(request), request.params.userId, request.body, 'partial', request.principal), orgUrl),
  );

  app.put('/api/v1/users/:userId', { schema: { params: UserParams, body: UserInput, response: { 200: User } } }, async (request) =>
    presentUser(await users.update(eventContextOf(request), request.params.userId, request.body, 'replace', request.principal), orgUrl),
  );

  app.delete(
    '/api/v1/users/:userId',
    { schema: { params: UserParams, querystring: DeleteUserQuery, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await users.remove(eventContextOf(request), request.params.userId, request.principal);
      return reply.code(204).send(null);
    },
  );

  for (const op of LIFECYCLE_OPERATIONS) {
    app.post(
      `/api/v1/users/:userId/lifecycle/${op}`,
      { schema: { params: UserParams, querystring: LifecycleQuery, response: { 200: LifecycleResult } } },
      async (request) => {
        await users.lifecycle(eventContextOf(request), request.params.userId, op, request.principal);
        // Okta answers with an empty object (activation tokens and emails are not issued).
        return {};
      },
    );
  }
};
