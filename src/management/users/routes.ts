/** /api/v1/users: schemas + thin handlers over the user service. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, invalidSearch } from '../../errors/domain-error.js';
import { isId } from '../../crypto/random-id.js';
import { pageLinks, parseLimit, splitPage } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { UserStatus } from '../../store/records.js';
import type { ManagementDeps } from '../deps.js';
import { USER_FILTER_POLICY, USER_SEARCH_POLICY, parseUserExpression } from './filters.js';
import { presentUser } from './presenter.js';
import { CreateUserQuery, LifecycleQuery, ListUsersQuery, User, UserInput, UserParams } from './schemas.js';
import { createUserService, type LifecycleOperation } from './service.js';

const LIFECYCLE: readonly LifecycleOperation[] = ['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock'];
const DEFAULT_EXCLUDED: readonly UserStatus[] = ['DEPROVISIONED'];

export const userRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const users = createUserService(deps);
  const { orgUrl } = deps.config;

  app.post(
    '/api/v1/users',
    { schema: { body: Type.Optional(UserInput), querystring: CreateUserQuery, response: { 200: User } } },
    async (request) => {
      if (request.body === undefined) throw new DomainError('invalid', 'invalid', 'profile', [{ field: 'profile', message: 'The field cannot be left blank' }]);
      const user = await users.create(eventContextOf(request), request.body, { activate: request.query.activate !== 'false' });
      return presentUser(user, orgUrl);
    },
  );

  app.get('/api/v1/users', { schema: { querystring: ListUsersQuery, response: { 200: Type.Array(User) } } }, async (request, reply) => {
    const query = request.query;
    const given = [query.q, query.filter, query.search].filter((v) => v !== undefined).length;
    if (given > 1) throw new DomainError('invalid_search', 'search.filter_and_search', "Can't specify more than one of q, filter and search");
    if (query.after !== undefined && !isId('user', query.after)) throw invalidSearch('after: the cursor is not valid');
    // Okta: `q` defaults to 10 results and is not paginated.
    const limit = parseLimit(query.limit, { defaultLimit: query.q !== undefined ? 10 : 200, maxLimit: 200 });
    const filter =
      query.filter !== undefined
        ? parseUserExpression(query.filter, USER_FILTER_POLICY, 'filter')
        : query.search !== undefined
          ? parseUserExpression(query.search, USER_SEARCH_POLICY, 'search')
          : undefined;
    const rows = await deps.store.users.list({
      filter,
      q: query.q,
      after: query.after,
      limit: query.q !== undefined ? limit : limit + 1,
      excludeStatuses: filter === undefined ? DEFAULT_EXCLUDED : [],
    });
    const { items, more } = splitPage(rows, limit);
    const last = items.at(-1);
    const asked: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
    reply.header('Link', pageLinks(orgUrl, '/api/v1/users', asked, more && query.q === undefined && last !== undefined ? last.id : undefined));
    return items.map((u) => presentUser(u, orgUrl));
  });

  app.get('/api/v1/users/:userId', { schema: { params: UserParams, response: { 200: User } } }, async (request) => {
    return presentUser(await users.resolve(request.params.userId, request.principal), orgUrl);
  });

  app.post(
    '/api/v1/users/:userId',
    { schema: { params: UserParams, body: Type.Optional(UserInput), response: { 200: User } } },
    async (request) => presentUser(await users.update(eventContextOf(request), request.params.userId, request.body ?? {}, 'partial'), orgUrl),
  );

  app.put(
    '/api/v1/users/:userId',
    { schema: { params: UserParams, body: UserInput, response: { 200: User } } },
    async (request) => presentUser(await users.update(eventContextOf(request), request.params.userId, request.body, 'replace'), orgUrl),
  );

  app.delete('/api/v1/users/:userId', { schema: { params: UserParams } }, async (request, reply) => {
    await users.remove(eventContextOf(request), request.params.userId);
    return reply.code(204).send();
  });

  for (const op of LIFECYCLE) {
    app.post(
      `/api/v1/users/:userId/lifecycle/${op}`,
      { schema: { params: UserParams, querystring: LifecycleQuery } },
      async (request) => {
        await users.lifecycle(eventContextOf(request), request.params.userId, op);
        // Okta answers lifecycle calls with an empty JSON object (activation tokens are not sent).
        return {};
      },
    );
  }
};
