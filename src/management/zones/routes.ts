/**
 * /api/v1/zones (Okta Management API: NetworkZone): list with `filter` and cursor paging, create,
 * get, replace, delete, activate and deactivate IP network zones. Schemas + thin handlers over
 * the zone service.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isId } from '../../crypto/random-id.js';
import { DomainError, invalidSearch } from '../../errors/domain-error.js';
import { attributeTable, FilterError, parseFilter, type FilterNode, type FilterPolicy } from '../../filter/index.js';
import { pageLinks, parseLimit, splitPage } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { presentZone } from './presenter.js';
import { ListZonesQuery, NetworkZone, NetworkZoneInput, ZoneParams } from './schemas.js';
import { createNetworkZoneService } from './service.js';

/** Okta: "Okta supports filtering on the `id`, `usage`, and `system` properties" (with `eq`). */
const ZONE_FILTER_POLICY: FilterPolicy = {
  attributes: attributeTable({
    id: { operators: ['eq'], type: 'string' },
    usage: { operators: ['eq'], type: 'string' },
    system: { operators: ['eq'], type: 'boolean' },
  }),
};

/** Okta's default `limit` is -1, all zones; a page here holds at most 1000. */
const ZONE_LIMITS = { defaultLimit: 1000, maxLimit: 1000 };

function parseZoneFilter(text: string): FilterNode {
  try {
    return parseFilter(text, ZONE_FILTER_POLICY);
  } catch (error) {
    if (error instanceof FilterError) throw new DomainError('invalid_search', 'invalid_search', `filter: ${error.message}`);
    throw error;
  }
}

/** A create or replace without a body fails on its missing fields, as Okta's does, rather than on the schema. */
async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

export const zoneRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const zones = createNetworkZoneService(deps);
  const { orgUrl } = deps.config;

  app.get('/api/v1/zones', { schema: { querystring: ListZonesQuery, response: { 200: Type.Array(NetworkZone) } } }, async (request, reply) => {
    const query = request.query;
    if (query.after !== undefined && !isId('networkZone', query.after)) throw invalidSearch('after: the cursor is not valid');
    const limit = parseLimit(query.limit === '-1' ? undefined : query.limit, ZONE_LIMITS);
    const filter = query.filter === undefined ? undefined : parseZoneFilter(query.filter);
    const { items, more } = splitPage(await zones.list({ filter, after: query.after, limit: limit + 1 }), limit);
    const asked: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
    reply.header('Link', pageLinks(orgUrl, '/api/v1/zones', asked, more ? items.at(-1)?.id : undefined));
    return items.map((zone) => presentZone(zone, orgUrl));
  });

  app.post('/api/v1/zones', { preValidation: emptyBodyIsEmptyObject, schema: { body: NetworkZoneInput, response: { 200: NetworkZone } } }, async (request) =>
    presentZone(await zones.create(eventContextOf(request), request.body), orgUrl),
  );

  app.get('/api/v1/zones/:zoneId', { schema: { params: ZoneParams, response: { 200: NetworkZone } } }, async (request) =>
    presentZone(await zones.get(request.params.zoneId), orgUrl),
  );

  app.put(
    '/api/v1/zones/:zoneId',
    { preValidation: emptyBodyIsEmptyObject, schema: { params: ZoneParams, body: NetworkZoneInput, response: { 200: NetworkZone } } },
    async (request) => presentZone(await zones.replace(eventContextOf(request), request.params.zoneId, request.body), orgUrl),
  );

  app.delete('/api/v1/zones/:zoneId', { schema: { params: ZoneParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await zones.remove(eventContextOf(request), request.params.zoneId);
    return reply.code(204).send(null);
  });

  for (const [operation, status] of [
    ['activate', 'ACTIVE'],
    ['deactivate', 'INACTIVE'],
  ] as const) {
    app.post(`/api/v1/zones/:zoneId/lifecycle/${operation}`, { schema: { params: ZoneParams, response: { 200: NetworkZone } } }, async (request) =>
      presentZone(await zones.setStatus(eventContextOf(request), request.params.zoneId, status), orgUrl),
    );
  }
};
