/** /api/v1/apps/{appId}/credentials/secrets (Okta Management API, `ApplicationSSOCredentialOAuth2ClientAuth`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { presentSecret } from './presenter.js';
import { AppParams } from './schemas.js';
import { ClientSecret, CreateSecretInput, SecretParams } from './secret-schemas.js';
import type { SecretService } from './secret-service.js';

export function secretRoutes(secrets: SecretService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;
    const base = '/api/v1/apps/:appId/credentials/secrets';

    app.get(base, { schema: { params: AppParams, response: { 200: Type.Array(ClientSecret) } } }, async (request) => {
      return (await secrets.list(request.params.appId)).map((s) => presentSecret(s, orgUrl));
    });

    app.post(
      base,
      { schema: { params: AppParams, body: Type.Optional(Type.Union([CreateSecretInput, Type.Null()])), response: { 201: ClientSecret } } },
      async (request, reply) => {
        const body: Record<string, unknown> = { ...(request.body ?? {}) };
        const created = await secrets.create(eventContextOf(request), request.principal, request.params.appId, body);
        return reply.code(201).send(presentSecret(created.record, orgUrl, created.secret));
      },
    );

    app.get(`${base}/:secretId`, { schema: { params: SecretParams, response: { 200: ClientSecret } } }, async (request) => {
      return presentSecret(await secrets.get(request.params.appId, request.params.secretId), orgUrl);
    });

    app.delete(`${base}/:secretId`, { schema: { params: SecretParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await secrets.remove(eventContextOf(request), request.principal, request.params.appId, request.params.secretId);
      return reply.code(204).send(null);
    });

    for (const op of ['activate', 'deactivate'] as const) {
      app.post(`${base}/:secretId/lifecycle/${op}`, { schema: { params: SecretParams, response: { 200: ClientSecret } } }, async (request) => {
        const { appId, secretId } = request.params;
        return presentSecret(
          await secrets.setStatus(eventContextOf(request), request.principal, appId, secretId, op === 'activate' ? 'ACTIVE' : 'INACTIVE'),
          orgUrl,
        );
      });
    }
  };
}
