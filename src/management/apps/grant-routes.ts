/** /api/v1/apps/{appId}/grants: list, grant (201), get, revoke (204). `appId` may be the client_id: they are the same value. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { AppGrantRecord } from '../../store/oauth-records.js';
import type { ManagementDeps } from '../deps.js';
import { Grant, GrantInput, GrantParams, GrantQuery } from './grant-schemas.js';
import type { GrantService } from './grant-service.js';
import { appBase } from './presenter.js';
import { AppParams } from './schemas.js';

export function presentGrant(grant: AppGrantRecord, orgUrl: string): Grant {
  const app = appBase(orgUrl, grant.appId);
  return {
    id: grant.id,
    status: 'ACTIVE',
    created: grant.created,
    createdBy: { id: grant.createdBy.id, type: grant.createdBy.type },
    lastUpdated: grant.lastUpdated,
    issuer: grant.issuer,
    clientId: grant.appId,
    scopeId: grant.scopeId,
    source: grant.source,
    _embedded: { scope: { id: grant.scopeId } },
    _links: {
      app: { href: app },
      self: { href: `${app}/grants/${grant.id}`, hints: { allow: ['GET', 'DELETE'] } },
      client: { href: `${orgUrl}/oauth2/v1/clients/${grant.appId}` },
    },
  };
}

export function grantRoutes(grants: GrantService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;

    app.get('/api/v1/apps/:appId/grants', { schema: { params: AppParams, querystring: GrantQuery, response: { 200: Type.Array(Grant) } } }, async (request) => {
      return (await grants.list(request.params.appId)).map((g) => presentGrant(g, orgUrl));
    });

    app.post(
      '/api/v1/apps/:appId/grants',
      { schema: { params: AppParams, body: Type.Optional(GrantInput), response: { 201: Grant } } },
      async (request, reply) => {
        const grant = await grants.create(eventContextOf(request), request.principal, request.params.appId, request.body);
        return reply.code(201).send(presentGrant(grant, orgUrl));
      },
    );

    app.get('/api/v1/apps/:appId/grants/:grantId', { schema: { params: GrantParams, querystring: GrantQuery, response: { 200: Grant } } }, async (request) => {
      return presentGrant(await grants.get(request.params.appId, request.params.grantId), orgUrl);
    });

    app.delete('/api/v1/apps/:appId/grants/:grantId', { schema: { params: GrantParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await grants.revoke(eventContextOf(request), request.principal, request.params.appId, request.params.grantId);
      return reply.code(204).send(null);
    });
  };
}
