/**
 * The org authorization server under /oauth2 and /.well-known: its own error format
 * (RFC 6749 §5.2), form-encoded bodies, and the endpoints (one module each).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OAuthDeps } from './deps.js';
import { discoveryRoutes } from './discovery.js';
import { oauthErrorHandler } from './error-handler.js';
import { OAuthError } from './errors.js';
import { tokenEndpointRoutes } from './token/routes.js';
import { authorizeRoutes } from './authorize/routes.js';
import { logoutRoutes } from './logout.js';
import { userinfoRoutes } from './userinfo.js';

export const oauthRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  app.setErrorHandler(oauthErrorHandler);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'));
    const form: Record<string, string> = {};
    for (const [key, value] of params) {
      // RFC 6749 §3.2: parameters must not be included more than once (Okta: illegal_duplicated_parameters).
      if (Object.hasOwn(form, key)) {
        done(new OAuthError('invalid_request', `Duplicate parameter provided in request. Duplicated parameters: [${key}].`), undefined);
        return;
      }
      form[key] = value;
    }
    done(null, form);
  });
  await app.register(discoveryRoutes, deps);
  await app.register(tokenEndpointRoutes, deps);
  await app.register(authorizeRoutes, deps);
  await app.register(userinfoRoutes, deps);
  await app.register(logoutRoutes, deps);
};
