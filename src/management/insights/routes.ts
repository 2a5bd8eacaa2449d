/**
 * Usage insights (Tessera extensions, listed as such in the README): the usage report and the
 * least-privilege suggestion of an API token or an app, and the org's credential-risk report.
 * Whoever may read the credential may read its insights: an API token's through the same
 * visibility as `GET /api/v1/api-tokens/{id}` (own tokens without okta.apiTokens.read).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isId } from '../../crypto/random-id.js';
import { invalidField, invalidSearch } from '../../errors/domain-error.js';
import { normaliseDateTime } from '../../filter/date-time.js';
import { pageLinks, parseLimit } from '../../http/pagination.js';
import type { ManagementDeps } from '../deps.js';
import { scopeOf } from '../tokens/routes.js';
import { DEFAULT_WINDOW_DAYS, RISK_FLAGS, type InsightsService, type RiskFlag, type Window } from './service.js';
import { CredentialInsight, SuggestionReport, UsageReport } from './schemas.js';

const DAY_MS = 86_400_000;

const WindowQuery = Type.Object({
  since: Type.Optional(Type.String({ maxLength: 40 })),
  until: Type.Optional(Type.String({ maxLength: 40 })),
});

export interface InsightsRouteDeps extends ManagementDeps {
  readonly insights: InsightsService;
}

function instant(field: 'since' | 'until', text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const normalised = normaliseDateTime(text);
  if (normalised === undefined) throw invalidField(field, `${field} must be an ISO-8601 date-time such as 2026-12-01T00:00:00.000Z`);
  return Date.parse(normalised);
}

/** `until` defaults to now, `since` to 30 days before `until`. */
export function windowOf(query: { since?: string | undefined; until?: string | undefined }, now: number): Window {
  const until = instant('until', query.until, now);
  const since = instant('since', query.since, until - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (since > until) throw invalidField('since', 'since must not be after until');
  return { since, until };
}

function isRiskFlag(value: string): value is RiskFlag {
  return (RISK_FLAGS as readonly string[]).includes(value);
}

export const insightsRoutes: FastifyPluginAsyncTypebox<InsightsRouteDeps> = async (app, deps) => {
  const { insights, clock } = deps;
  const TokenParams = Type.Object({ apiTokenId: Type.String({ minLength: 1, maxLength: 200 }) });
  const AppParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 200 }) });

  app.get(
    '/api/v1/api-tokens/:apiTokenId/usage',
    { schema: { params: TokenParams, querystring: WindowQuery, response: { 200: UsageReport } } },
    async (request) => insights.tokenUsage(scopeOf(request), request.params.apiTokenId, windowOf(request.query, clock.now())),
  );

  app.get(
    '/api/v1/api-tokens/:apiTokenId/suggestion',
    { schema: { params: TokenParams, querystring: WindowQuery, response: { 200: SuggestionReport } } },
    async (request) => insights.tokenSuggestion(scopeOf(request), request.params.apiTokenId, windowOf(request.query, clock.now())),
  );

  app.get('/api/v1/apps/:appId/usage', { schema: { params: AppParams, querystring: WindowQuery, response: { 200: UsageReport } } }, async (request) =>
    insights.appUsage(request.params.appId, windowOf(request.query, clock.now())),
  );

  app.get('/api/v1/apps/:appId/suggestion', { schema: { params: AppParams, querystring: WindowQuery, response: { 200: SuggestionReport } } }, async (request) =>
    insights.appSuggestion(request.params.appId, windowOf(request.query, clock.now())),
  );

  const CredentialsQuery = Type.Object({
    after: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.String({ maxLength: 10 })),
    flag: Type.Optional(Type.String({ maxLength: 50 })),
  });
  app.get(
    '/api/v1/insights/credentials',
    { schema: { querystring: CredentialsQuery, response: { 200: Type.Array(CredentialInsight) } } },
    async (request, reply) => {
      const { after, flag } = request.query;
      if (after !== undefined && !isId('apiToken', after) && !isId('app', after)) throw invalidSearch('after: the cursor is not valid');
      if (flag !== undefined && !isRiskFlag(flag)) throw invalidField('flag', `flag must be one of ${RISK_FLAGS.join(', ')}`);
      const limit = parseLimit(request.query.limit, { defaultLimit: 20, maxLimit: 200 });
      const { items, more } = await insights.credentials({ after, limit, flag });
      const asked: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.query)) if (typeof value === 'string') asked[key] = value;
      reply.header('Link', pageLinks(deps.config.orgUrl, '/api/v1/insights/credentials', asked, more ? items.at(-1)?.credential.id : undefined));
      return items;
    },
  );
};
