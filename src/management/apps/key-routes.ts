/**
 * /api/v1/apps/{appId}/credentials/jwks (Okta Management API, `ApplicationSSOPublicKeys`). The list is a JSON
 * array, as Okta answers (the Java and Go SDKs read an array; the Node SDK 8.x model wraps it in
 * `{keys}`, a generator artefact: its own test of listJwk is skipped).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { AddKeyInput, Jwk, KeyParams } from './key-schemas.js';
import type { KeyService } from './key-service.js';
import { presentKey } from './presenter.js';
import { AppParams } from './schemas.js';

export function keyRoutes(keys: KeyService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;
    const base = '/api/v1/apps/:appId/credentials/jwks';

    app.get(base, { schema: { params: AppParams, response: { 200: Type.Array(Jwk) } } }, async (request) => {
      return (await keys.list(request.params.appId)).map((k) => presentKey(k, orgUrl));
    });

    app.post(base, { schema: { params: AppParams, body: AddKeyInput, response: { 201: Jwk } } }, async (request, reply) => {
      const body: Record<string, unknown> = { ...request.body };
      const key = await keys.add(eventContextOf(request), request.principal, request.params.appId, body);
      return reply.code(201).send(presentKey(key, orgUrl));
    });

    app.get(`${base}/:keyId`, { schema: { params: KeyParams, response: { 200: Jwk } } }, async (request) => {
      return presentKey(await keys.get(request.params.appId, request.params.keyId), orgUrl);
    });

    app.delete(`${base}/:keyId`, { schema: { params: KeyParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await keys.remove(eventContextOf(request), request.principal, request.params.appId, request.params.keyId);
      return reply.code(204).send(null);
    });

    for (const op of ['activate', 'deactivate'] as const) {
      app.post(`${base}/:keyId/lifecycle/${op}`, { schema: { params: KeyParams, response: { 200: Jwk } } }, async (request) => {
        const { appId, keyId } = request.params;
        const key = await keys.setStatus(eventContextOf(request), request.principal, appId, keyId, op === 'activate' ? 'ACTIVE' : 'INACTIVE');
        return presentKey(key, orgUrl);
      });
    }
  };
}
