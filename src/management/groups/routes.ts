/**
 * /api/v1/groups and /api/v1/users/{userId}/groups: schemas + thin handlers over the group
 * service. Lists follow Okta's cursor pagination (`limit`/`after`, absolute `Link` headers).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isId } from '../../crypto/random-id.js';
import { DomainError, invalidSearch } from '../../errors/domain-error.js';
import { pageLinks, parseLimit, splitPage } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { GroupRecord } from '../../store/records.js';
import type { ManagementDeps } from '../deps.js';
import { presentUser } from '../users/presenter.js';
import { User } from '../users/schemas.js';
import { GROUP_FILTER_POLICY, GROUP_SEARCH_POLICY, parseGroupExpression } from './filters.js';
import { presentGroup } from './presenter.js';
import { Group, GroupInput, GroupParams, ListGroupsQuery, MemberParams, PageQuery, UserParams } from './schemas.js';
import { createGroupService } from './service.js';

/** Okta's listGroups: `q` returns at most 300 by default and is not paged; pages go up to 10000. */
const GROUP_LIMITS = { defaultLimit: 10_000, maxLimit: 10_000 };
const QUERY_LIMITS = { defaultLimit: 300, maxLimit: 10_000 };
/** Okta's listGroupUsers: "the default user limit is set to a very high number" (1000). */
const MEMBER_LIMITS = { defaultLimit: 1000, maxLimit: 10_000 };

/** The request's query parameters as given, for the `Link` header. */
function askedOf(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const asked: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
  return asked;
}

/**
 * A create or replace without a body (no Content-Type, as a bare `curl -X POST` sends) is an
 * empty body, so that it fails on the missing name as Okta's does rather than on the schema.
 */
async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

function cursor(after: string | undefined, kind: 'group' | 'user'): string | undefined {
  if (after !== undefined && !isId(kind, after)) throw invalidSearch('after: the cursor is not valid');
  return after;
}

export const groupRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const groups = createGroupService(deps);
  const { store } = deps;
  const { orgUrl } = deps.config;

  /** `expand=stats` embeds member counts (one query for the whole page). */
  async function present(items: readonly GroupRecord[], expand: string | undefined) {
    const wantsStats = expand?.split(',').some((part) => part.trim() === 'stats') ?? false;
    const stats = wantsStats ? await store.groups.statsOf(items.map((g) => g.id)) : undefined;
    return items.map((g) => presentGroup(g, orgUrl, stats?.get(g.id)));
  }

  app.post('/api/v1/groups', { preValidation: emptyBodyIsEmptyObject, schema: { body: GroupInput, response: { 200: Group } } }, async (request) =>
    presentGroup(await groups.create(eventContextOf(request), request.body), orgUrl),
  );

  app.get('/api/v1/groups', { schema: { querystring: ListGroupsQuery, response: { 200: Type.Array(Group) } } }, async (request, reply) => {
    const query = request.query;
    const given = [query.q, query.filter, query.search].filter((v) => v !== undefined).length;
    if (given > 1) throw new DomainError('invalid_search', 'search.filter_and_search', "Can't specify more than one of q, filter and search");
    const paged = query.q === undefined;
    // Okta: "Paging and searching are currently mutually exclusive. You can't page a query."
    const after = paged ? cursor(query.after, 'group') : undefined;
    const limit = parseLimit(query.limit, paged ? GROUP_LIMITS : QUERY_LIMITS);
    const filter =
      query.filter !== undefined
        ? parseGroupExpression(query.filter, GROUP_FILTER_POLICY, 'filter')
        : query.search !== undefined
          ? parseGroupExpression(query.search, GROUP_SEARCH_POLICY, 'search')
          : undefined;
    const rows = await store.groups.list({ filter, q: query.q, after, limit: paged ? limit + 1 : limit });
    const { items, more } = splitPage(rows, limit);
    const last = items.at(-1);
    reply.header('Link', pageLinks(orgUrl, '/api/v1/groups', askedOf(query), paged && more && last !== undefined ? last.id : undefined));
    return present(items, query.expand);
  });

  app.get('/api/v1/groups/:groupId', { schema: { params: GroupParams, response: { 200: Group } } }, async (request) =>
    presentGroup(await groups.get(request.params.groupId), orgUrl),
  );

  app.put(
    '/api/v1/groups/:groupId',
    { preValidation: emptyBodyIsEmptyObject, schema: { params: GroupParams, body: GroupInput, response: { 200: Group } } },
    async (request) => presentGroup(await groups.replace(eventContextOf(request), request.params.groupId, request.body), orgUrl),
  );

  app.delete('/api/v1/groups/:groupId', { schema: { params: GroupParams } }, async (request, reply) => {
    await groups.remove(eventContextOf(request), request.principal, request.params.groupId);
    return reply.code(204).send();
  });

  app.get(
    '/api/v1/groups/:groupId/users',
    { schema: { params: GroupParams, querystring: PageQuery, response: { 200: Type.Array(User) } } },
    async (request, reply) => {
      const group = await groups.get(request.params.groupId);
      const limit = parseLimit(request.query.limit, MEMBER_LIMITS);
      const rows = await store.groups.listMembers(group.id, { after: cursor(request.query.after, 'user'), limit: limit + 1 });
      const { items, more } = splitPage(rows, limit);
      const last = items.at(-1);
      reply.header('Link', pageLinks(orgUrl, `/api/v1/groups/${group.id}/users`, askedOf(request.query), more && last !== undefined ? last.id : undefined));
      return items.map((u) => presentUser(u, orgUrl));
    },
  );

  app.put('/api/v1/groups/:groupId/users/:userId', { schema: { params: MemberParams } }, async (request, reply) => {
    await groups.addMember(eventContextOf(request), request.principal, request.params.groupId, request.params.userId);
    return reply.code(204).send();
  });

  app.delete('/api/v1/groups/:groupId/users/:userId', { schema: { params: MemberParams } }, async (request, reply) => {
    await groups.removeMember(eventContextOf(request), request.principal, request.params.groupId, request.params.userId);
    return reply.code(204).send();
  });

  app.get(
    '/api/v1/users/:userId/groups',
    { schema: { params: UserParams, querystring: PageQuery, response: { 200: Type.Array(Group) } } },
    async (request, reply) => {
      const user = await groups.resolveUser(request.params.userId, request.principal);
      const limit = parseLimit(request.query.limit, GROUP_LIMITS);
      const rows = await store.groups.listGroupsOfUser(user.id, { after: cursor(request.query.after, 'group'), limit: limit + 1 });
      const { items, more } = splitPage(rows, limit);
      const last = items.at(-1);
      const path = `/api/v1/users/${encodeURIComponent(request.params.userId)}/groups`;
      reply.header('Link', pageLinks(orgUrl, path, askedOf(request.query), more && last !== undefined ? last.id : undefined));
      return items.map((g) => presentGroup(g, orgUrl));
    },
  );
};
