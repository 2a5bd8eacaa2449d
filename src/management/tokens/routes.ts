/**
 * /api/v1/api-tokens (Okta Management API: ApiToken): list, get, PUT (rename), revoke by id, and revoke
 * the calling token (`/current`, SSWS only). Okta's API has no create endpoint (tokens are made in
 * its Admin Console); Tessera's console and scripts use the extension `POST /api/v1/api-tokens`,
 * and operators `tessera token create`. Callers whose roles lack okta.apiTokens.* are let through
 * by the endpoint table (`ownObjectsOnly`) and see and make only their own tokens.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isId } from '../../crypto/random-id.js';
import { forbidden, invalidSearch } from '../../errors/domain-error.js';
import { userIdOf } from '../../auth/principal.js';
import { pageLinks, parseLimit } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ApiTokenRecord } from '../../store/records.js';
import type { ManagementDeps } from '../deps.js';
import type { InsightsService } from '../insights/service.js';
import { presentApiToken } from './presenter.js';
import { AccessDenied } from '../../auth/access-denied.js';
import { PERMISSIONS } from '../../auth/permissions.js';
import { ApiToken, ApiTokenParams, ApiTokenUpdate, CreateApiToken, CreatedApiToken, ListApiTokensQuery, RotateApiToken, RotatedApiToken } from './schemas.js';
import type { ApiTokenService, TokenScope } from './service.js';

/** All tokens only when the endpoint's permission was what let the caller in; otherwise its own. */
export function scopeOf(request: FastifyRequest): TokenScope {
  const decision = request.access?.decision;
  if (decision?.allow === true && decision.via === 'permission') return { kind: 'all' };
  const principal = request.principal;
  return { kind: 'own', userId: principal === undefined ? undefined : userIdOf(principal) };
}

/** The API-token routes take the token service and the last uses (a Tessera extension: `lastUsed`) from compose.ts. */
export interface ApiTokenRouteDeps extends ManagementDeps {
  readonly apiTokens: ApiTokenService;
  readonly insights: InsightsService;
}

export const apiTokenRoutes: FastifyPluginAsyncTypebox<ApiTokenRouteDeps> = async (app, deps) => {
  const tokens = deps.apiTokens;
  const { orgUrl } = deps.config;
  async function presentAll(found: readonly ApiTokenRecord[]): Promise<ApiToken[]> {
    const lastUses = await deps.insights.lastUsesOfTokens(found.map((t) => t.id));
    return found.map((token) => presentApiToken(token, tokens.expiresAt(token), orgUrl, lastUses.get(token.id) ?? null));
  }
  const present = async (token: ApiTokenRecord): Promise<ApiToken> => {
    const [presented] = await presentAll([token]);
    if (presented === undefined) throw new Error('unreachable: one token presents as one');
    return presented;
  };

  app.get('/api/v1/api-tokens', { schema: { querystring: ListApiTokensQuery, response: { 200: Type.Array(ApiToken) } } }, async (request, reply) => {
    const query = request.query;
    if (query.after !== undefined && !isId('apiToken', query.after)) throw invalidSearch('after: the cursor is not valid');
    const limit = parseLimit(query.limit, { defaultLimit: 20, maxLimit: 200 });
    const q = query.q === undefined || query.q.trim() === '' ? undefined : query.q.trim();
    const { items, more } = await tokens.list(scopeOf(request), { q, after: query.after, limit });
    const asked: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
    reply.header('Link', pageLinks(orgUrl, '/api/v1/api-tokens', asked, more ? items.at(-1)?.id : undefined));
    return presentAll(items);
  });

  // Tessera extension: a token of the caller's own, carrying the caller's admin roles.
  app.post('/api/v1/api-tokens', { schema: { body: CreateApiToken, response: { 200: CreatedApiToken } } }, async (request) => {
    const principal = request.principal;
    const userId = principal === undefined ? undefined : userIdOf(principal);
    if (principal === undefined || userId === undefined) throw new AccessDenied('forbidden', 'An API token belongs to a user: a service app cannot own one');
    // An API token is unscoped: it holds every permission of its owner's roles. A scoped access
    // token may make one only if its scopes already open all of them, or it would yield more than it holds.
    const scoped = principal.scopePermissions;
    if (scoped !== undefined) {
      const missing = PERMISSIONS.filter((p) => principal.rolePermissions.has(p) && !scoped.has(p));
      if (missing.length > 0) {
        throw new AccessDenied(
          'forbidden',
          `An API token carries all of your admin rights, and this access token's scopes do not open ${missing.join(', ')}: sign in with those scopes, or use an API token`,
        );
      }
    }
    const created = await tokens.createOwn(eventContextOf(request), userId, request.body);
    return { ...(await present(created.token)), token: created.secret };
  });

  app.get('/api/v1/api-tokens/:apiTokenId', { schema: { params: ApiTokenParams, response: { 200: ApiToken } } }, async (request) =>
    present(await tokens.get(scopeOf(request), request.params.apiTokenId)),
  );

  app.put('/api/v1/api-tokens/:apiTokenId', { schema: { params: ApiTokenParams, body: ApiTokenUpdate, response: { 200: ApiToken } } }, async (request) =>
    present(await tokens.update(eventContextOf(request), scopeOf(request), request.params.apiTokenId, request.body)),
  );

  app.delete('/api/v1/api-tokens/:apiTokenId', { schema: { params: ApiTokenParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await tokens.revoke(eventContextOf(request), scopeOf(request), request.params.apiTokenId);
    return reply.code(204).send(null);
  });

  // Tessera extension: a new secret now, the old one until the grace period ends.
  app.post(
    '/api/v1/api-tokens/:apiTokenId/lifecycle/rotate',
    { schema: { params: ApiTokenParams, body: Type.Optional(Type.Union([RotateApiToken, Type.Null()])), response: { 200: RotatedApiToken } } },
    async (request) => {
      const rotated = await tokens.rotate(eventContextOf(request), scopeOf(request), request.params.apiTokenId, request.body ?? {});
      return {
        ...(await present(rotated.token)),
        token: rotated.secret,
        rotatedFrom: { id: rotated.previous.id, retiresAt: rotated.previous.retiresAt ?? tokens.expiresAt(rotated.previous) },
      };
    },
  );

  // Okta's revokeCurrentApiToken: "Revokes the API token provided in the Authorization header".
  app.delete('/api/v1/api-tokens/current', { schema: { response: { 204: Type.Null() } } }, async (request, reply) => {
    const principal = request.principal;
    // The endpoint table already refuses other credentials (sswsOnly); this guard keeps the
    // handler safe on its own.
    if (principal?.credential.kind !== 'ssws') throw forbidden();
    const own: TokenScope = { kind: 'own', userId: userIdOf(principal) };
    await tokens.revoke(eventContextOf(request), own, principal.credential.tokenId, 'revoked_by_caller');
    return reply.code(204).send(null);
  });
};
