/** /api/v1/logs: the System Log (Okta `listLogEvents`), a thin handler over the log service. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { pageLinks } from '../../http/pagination.js';
import type { ManagementDeps } from '../deps.js';
import { presentLogEvent } from './presenter.js';
import { ListLogsQuery, LogEvent } from './schemas.js';
import { createLogService } from './service.js';

const PATH = '/api/v1/logs';
const PARAMETERS = ['since', 'until', 'filter', 'q', 'limit', 'sortOrder', 'after'] as const;

export const logRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const logs = createLogService(deps);
  const { orgUrl } = deps.config;

  app.get(PATH, { schema: { querystring: ListLogsQuery, response: { 200: Type.Array(LogEvent) } } }, async (request, reply) => {
    const page = await logs.list(request.query);
    const asked: Record<string, string> = {};
    for (const name of PARAMETERS) {
      const value = request.query[name];
      if (value !== undefined) asked[name] = value;
    }
    const links = pageLinks(orgUrl, PATH, asked, undefined);
    if (page.next !== undefined) {
      // `since` travels inside the cursor: Okta refuses `since` together with `after`.
      const { since: _since, ...rest } = asked;
      links.push(...pageLinks(orgUrl, PATH, rest, page.next).slice(1));
    }
    reply.header('Link', links);
    return page.events.map(presentLogEvent);
  });
};
