/** /api/v1/apps for OIDC apps: thin handlers over the app service (Okta Management API, `Application`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { pageLinks, parseLimit } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { APP_FIELDS, fromAppBody } from './app-input.js';
import { presentApp } from './presenter.js';
import { App, AppInput, AppParams, CreateAppQuery, LifecycleResult, ListAppsQuery } from './schemas.js';
import type { AppService, AppView } from './service.js';

/** An answer that carries a client secret must not be cached (RFC 6749 §5.1 applies the same rule to tokens). */
export function noStoreIfSecret(reply: FastifyReply, view: AppView): void {
  if (view.secret !== undefined) reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}

/** Okta's listApplications: 20 by default, at most 200. */
const LIST_LIMIT = { defaultLimit: 20, maxLimit: 200 } as const;

export function appCrudRoutes(apps: AppService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;

    app.post('/api/v1/apps', { schema: { body: AppInput, querystring: CreateAppQuery, response: { 200: App } } }, async (request, reply) => {
      const { input, causes } = fromAppBody(request.body, 'create');
      const created = await apps.create(eventContextOf(request), input, {
        names: APP_FIELDS,
        extraCauses: causes,
        activate: request.query.activate !== 'false',
      });
      noStoreIfSecret(reply, created);
      return presentApp(created.app, created.keys, orgUrl, created.secret);
    });

    app.get('/api/v1/apps', { schema: { querystring: ListAppsQuery, response: { 200: Type.Array(App) } } }, async (request, reply) => {
      const query = request.query;
      const page = await apps.list({ q: query.q, filter: query.filter, after: query.after, limit: parseLimit(query.limit, LIST_LIMIT) });
      const asked: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
      reply.header('Link', pageLinks(orgUrl, '/api/v1/apps', asked, page.next));
      return page.views.map((v) => presentApp(v.app, v.keys, orgUrl));
    });

    app.get('/api/v1/apps/:appId', { schema: { params: AppParams, response: { 200: App } } }, async (request) => {
      const found = await apps.view(request.params.appId);
      return presentApp(found.app, found.keys, orgUrl);
    });

    app.put('/api/v1/apps/:appId', { schema: { params: AppParams, body: AppInput, response: { 200: App } } }, async (request, reply) => {
      const { input, causes } = fromAppBody(request.body, 'replace');
      const replaced = await apps.replace(eventContextOf(request), request.principal, request.params.appId, input, {
        names: APP_FIELDS,
        extraCauses: causes,
        name: request.body.name,
      });
      noStoreIfSecret(reply, replaced);
      return presentApp(replaced.app, replaced.keys, orgUrl, replaced.secret);
    });

    app.delete('/api/v1/apps/:appId', { schema: { params: AppParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await apps.remove(eventContextOf(request), request.principal, request.params.appId, { deactivateFirst: false });
      return reply.code(204).send(null);
    });

    for (const op of ['activate', 'deactivate'] as const) {
      app.post(`/api/v1/apps/:appId/lifecycle/${op}`, { schema: { params: AppParams, response: { 200: LifecycleResult } } }, async (request) => {
        await apps.setStatus(eventContextOf(request), request.principal, request.params.appId, op === 'activate' ? 'ACTIVE' : 'INACTIVE');
        return {};
      });
    }
  };
}
