/**
 * The /oauth2 error handler: RFC 6749 §5.2 bodies `{error, error_description}`; `Cache-Control:
 * no-store`; `WWW-Authenticate` on invalid_client for HTTP-authenticated clients (RFC 6749 §5.2);
 * 429 keeps Okta's E0000047 body (handled by the root handler). Internals never leak.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { apiErrorHandler } from '../http/errors/api-error-handler.js';
import { StoreUnavailable } from '../store/store.js';
import { OAuthError } from './errors.js';

function send(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .type('application/json')
    .send({ error, error_description: description });
}

export function oauthErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuthError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return send(reply, error.status, error.error, error.description);
  }
  if (error instanceof DomainError && error.kind === 'rate_limited') return apiErrorHandler(error, request, reply);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) return send(reply, 400, 'invalid_request', fastifyError.message);
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return send(
      reply,
      400,
      'invalid_request',
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large.' : 'The request is malformed.',
    );
  }
  if (error instanceof StoreUnavailable) {
    request.log.error({ err: error }, 'storage unavailable');
    return send(reply, 503, 'temporarily_unavailable', 'The authorization server is temporarily unavailable.');
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 500, 'server_error', 'The authorization server encountered an unexpected error.');
}
