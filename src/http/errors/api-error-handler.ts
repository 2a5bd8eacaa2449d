/**
 * The /api/v1 error handler: every error leaves as an Okta body. Domain errors map by kind;
 * Fastify's own errors (validation, bad JSON, body too large, media type) map to the codes Okta
 * uses for them; anything else is a 500 whose detail goes to the server log only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCause } from '../../errors/domain-error.js';
import { StoreUnavailable } from '../../store/store.js';
import { oktaBody, oktaBodyFor } from './okta-body.js';

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly missingProperty?: string; readonly additionalProperty?: string };
}

function validationCauses(error: FastifyError): ErrorCause[] {
  const issues = (error.validation ?? []) as readonly ValidationIssue[];
  const context = error.validationContext ?? 'body';
  return issues.map((issue) => {
    const base = (issue.instancePath ?? '')
      .split('/')
      .filter((p) => p !== '')
      .join('.');
    const missing = issue.params?.missingProperty;
    const field = missing !== undefined ? (base === '' ? missing : `${base}.${missing}`) : base === '' ? context : base;
    return { field, message: issue.message ?? 'is invalid' };
  });
}

export function sendOktaError(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

export function apiErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError) {
    const { status, body } = oktaBodyFor(error);
    if (error.kind === 'unauthenticated' && !reply.hasHeader('www-authenticate')) {
      reply.header('WWW-Authenticate', 'SSWS realm="Okta"');
    }
    return sendOktaError(reply, status, body);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) {
    const causes = validationCauses(fastifyError);
    const { status, body } = oktaBody('E0000001', causes.map((c) => c.field).join(', '), causes);
    return sendOktaError(reply, status, body);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': {
      const { status, body } = oktaBody('E0000003', undefined, [{ message: 'The request body is not valid JSON' }]);
      return sendOktaError(reply, status, body);
    }
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit;
      const { status, body } = oktaBody('E0000003', undefined, [{ message: `The request body is too large: the limit is ${limit} bytes` }]);
      return sendOktaError(reply, status, body);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const { status, body } = oktaBody('E0000415', undefined, [{ message: 'Send application/json' }]);
      return sendOktaError(reply, status, body);
    }
    default:
      break;
  }
  if (fastifyError.statusCode === 400 && typeof fastifyError.message === 'string') {
    // Fastify's own 400s (e.g. prototype poisoning in a body): the body is not acceptable.
    const { status, body } = oktaBody('E0000003', undefined, [{ message: fastifyError.message }]);
    return sendOktaError(reply, status, body);
  }
  if (error instanceof StoreUnavailable) {
    request.log.error({ err: error }, 'storage unavailable');
    const { body } = oktaBody('E0000009', undefined);
    reply.header('Retry-After', '1');
    return sendOktaError(reply, 503, body);
  }
  request.log.error({ err: error }, 'unhandled error');
  const { status, body } = oktaBody('E0000009', undefined);
  return sendOktaError(reply, status, body);
}
