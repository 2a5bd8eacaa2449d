/**
 * POST /oauth2/v1/token (token-endpoint.ts), /introspect (RFC 7662) and /revoke (RFC 7009): the
 * HTTP side of each, form-encoded bodies and no caching of their answers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ClientAuthenticator } from '../client-auth.js';
import { endpoints, type OAuthDeps } from '../deps.js';
import { OAuthError } from '../errors.js';
import { eventContextOf } from '../../http/request-context.js';
import { ExpiryJanitor } from '../expiry-janitor.js';
import { SingleUse } from './single-use.js';
import { TokenEndpoint } from './token-endpoint.js';
import { introspect, revoke } from './token-lifecycle.js';

const Form = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 16_384 }), { maxProperties: 30 });

function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  // RFC 6749 §3.2: the token endpoint takes form-encoded parameters only (no JSON).
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  }
  return body as Record<string, string>;
}

export const tokenEndpointRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  const e = endpoints(deps.config.orgUrl);
  const clients = new ClientAuthenticator(deps.store, deps.clock);
  const janitor = new ExpiryJanitor(deps.store, deps.clock);
  const token = new TokenEndpoint(deps, clients, deps.dpopNonces, new SingleUse(deps.store, deps.events, deps.clock));

  app.post('/oauth2/v1/token', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const form = formOf(request);
    const context = eventContextOf(request);
    await janitor.maybePurge();
    const dpop = request.headers['dpop'];
    return token.handle({
      form,
      query: request.query as Record<string, unknown>,
      authorization: request.headers.authorization,
      dpop: typeof dpop === 'string' ? dpop : undefined,
      context,
    });
  });

  app.post('/oauth2/v1/introspect', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const form = formOf(request);
    const client = await clients.authenticate({
      authorization: request.headers.authorization,
      form,
      query: request.query as Record<string, unknown>,
      audiences: [e.introspection, e.issuer],
    });
    return introspect(deps, client.app, form);
  });

  app.post('/oauth2/v1/revoke', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const form = formOf(request);
    const client = await clients.authenticate({
      authorization: request.headers.authorization,
      form,
      query: request.query as Record<string, unknown>,
      audiences: [e.revocation, e.issuer],
    });
    await revoke(deps, eventContextOf(request), client.app, form);
    return reply.code(200).send();
  });
};
