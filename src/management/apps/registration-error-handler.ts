/**
 * Errors of Dynamic Client Registration in RFC 7591 §3.2.2 form: `{error, error_description}`
 * with `invalid_redirect_uri` when every problem is with a redirect URI, `invalid_client_metadata`
 * otherwise. What RFC 7591 has no code for (authentication, permissions, unknown client, rate
 * limits, server faults) keeps the Management API's Okta body.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCause } from '../../errors/domain-error.js';
import { apiErrorHandler } from '../../http/errors/api-error-handler.js';

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly missingProperty?: string };
}

function describe(causes: readonly ErrorCause[]): string {
  return causes.map((c) => (c.field !== undefined ? `${c.field}: ${c.message}` : c.message)).join('; ');
}

function send(reply: FastifyReply, error: 'invalid_client_metadata' | 'invalid_redirect_uri', description: string): FastifyReply {
  return reply.code(400).header('Cache-Control', 'no-store').type('application/json').send({ error, error_description: description });
}

const isRedirectField = (field: string | undefined): boolean => field !== undefined && /^(post_logout_)?redirect_uris\b/.test(field);

export function registrationErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'malformed')) {
    const causes = error.causes.length > 0 ? error.causes : [{ message: error.message }];
    return send(reply, causes.every((c) => isRedirectField(c.field)) ? 'invalid_redirect_uri' : 'invalid_client_metadata', describe(causes));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined && fastifyError.validationContext === 'body') {
    const issues = fastifyError.validation as readonly ValidationIssue[];
    const causes = issues.map((issue) => {
      const path = (issue.instancePath ?? '')
        .split('/')
        .filter((p) => p !== '')
        .join('.');
      const field = issue.params?.missingProperty ?? (path === '' ? 'body' : path);
      return { field, message: issue.message ?? 'is invalid' };
    });
    return send(reply, causes.every((c) => isRedirectField(c.field)) ? 'invalid_redirect_uri' : 'invalid_client_metadata', describe(causes));
  }
  return apiErrorHandler(error, request, reply);
}
