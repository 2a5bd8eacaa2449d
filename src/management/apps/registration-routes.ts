/**
 * Dynamic Client Registration over the Apps API's records (RFC 7591, RFC 7592; Okta's
 * `/oauth2/v1/clients`, authenticated like the Management API with SSWS or `okta.clients.*`).
 * Its own encapsulated error handler answers in RFC 7591 form. Answers carrying a client secret
 * are not cacheable.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { pageLinks, parseLimit } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { noStoreIfSecret } from './app-routes.js';
import { presentRegistration } from './registration-presenter.js';
import { registrationErrorHandler } from './registration-error-handler.js';
import { REGISTRATION_DEFAULTS, REGISTRATION_FIELDS, fromRegistrationBody } from './registration-input.js';
import { ClientParams, ClientRegistration, ListClientsQuery, RegistrationInput } from './registration-schemas.js';
import type { AppService, AppView } from './service.js';

const LIST_LIMIT = { defaultLimit: 20, maxLimit: 200 } as const;

export function registrationRoutes(apps: AppService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;
    app.setErrorHandler(registrationErrorHandler);
    const present = (view: AppView) => presentRegistration(view.app, view.keys, orgUrl, view.secret);
    const options = { names: REGISTRATION_FIELDS, defaults: REGISTRATION_DEFAULTS };

    app.post('/oauth2/v1/clients', { schema: { body: Type.Optional(RegistrationInput), response: { 201: ClientRegistration } } }, async (request, reply) => {
      const { input, causes } = fromRegistrationBody(request.body ?? {});
      const created = await apps.create(eventContextOf(request), input, { ...options, extraCauses: causes, activate: true });
      noStoreIfSecret(reply, created);
      return reply.code(201).send(present(created));
    });

    app.get('/oauth2/v1/clients', { schema: { querystring: ListClientsQuery, response: { 200: Type.Array(ClientRegistration) } } }, async (request, reply) => {
      const query = request.query;
      const page = await apps.list({ q: query.q, after: query.after, limit: parseLimit(query.limit, LIST_LIMIT) });
      const asked: Record<string, string> = {};
      for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
      reply.header('Link', pageLinks(orgUrl, '/oauth2/v1/clients', asked, page.next));
      return page.views.map(present);
    });

    app.get('/oauth2/v1/clients/:clientId', { schema: { params: ClientParams, response: { 200: ClientRegistration } } }, async (request) => {
      return present(await apps.view(request.params.clientId));
    });

    app.put(
      '/oauth2/v1/clients/:clientId',
      { schema: { params: ClientParams, body: Type.Optional(RegistrationInput), response: { 200: ClientRegistration } } },
      async (request, reply) => {
        const { input, causes } = fromRegistrationBody(request.body ?? {}, request.params.clientId);
        const replaced = await apps.replace(eventContextOf(request), request.principal, request.params.clientId, input, { ...options, extraCauses: causes });
        noStoreIfSecret(reply, replaced);
        return present(replaced);
      },
    );

    app.delete('/oauth2/v1/clients/:clientId', { schema: { params: ClientParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      // RFC 7592 §2.3: deregistration removes the client, active or not.
      await apps.remove(eventContextOf(request), request.principal, request.params.clientId, { deactivateFirst: true });
      return reply.code(204).send(null);
    });

    app.post(
      '/oauth2/v1/clients/:clientId/lifecycle/newSecret',
      { schema: { params: ClientParams, response: { 200: ClientRegistration } } },
      async (request, reply) => {
        const rotated = await apps.rotateSecret(eventContextOf(request), request.principal, request.params.clientId, REGISTRATION_FIELDS.clientSecret);
        noStoreIfSecret(reply, rotated);
        return present(rotated);
      },
    );
  };
}
