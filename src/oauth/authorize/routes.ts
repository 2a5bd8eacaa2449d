/**
 * GET and POST /oauth2/v1/authorize: the authorization code flow (RFC 6749 §4.1, RFC 7636,
 * OpenID Connect Core §3.1.2) as a list of named steps. Until the client and its redirect URI
 * are verified, errors go to an error page; after that, to the redirect URI (RFC 6749
 * §4.1.2.1). A request without a signed-in user goes to the hosted sign-in page, which comes
 * back here (`/login?fromURI=<this request, relative>`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { OAuthDeps } from '../deps.js';
import { authenticateUser } from './authenticate-user.js';
import { AuthorizeError } from './authorize-error.js';
import { checkClient } from './check-client.js';
import { checkPkce } from './check-pkce.js';
import { checkPrompt } from './check-prompt.js';
import { checkRedirectUri } from './check-redirect-uri.js';
import { checkResponseMode, checkResponseType } from './check-response.js';
import { checkScope } from './check-scope.js';
import { issueCode } from './issue-code.js';
import { param, paramsFromBody, paramsFromUrl, relativeAuthorizeUrl, type AuthorizeParams } from './params.js';
import { errorPage, redirectTo, respondToClient, type RedirectTarget } from './respond.js';

/** Parameters are read from the raw URL or form (params.ts bounds and de-duplicates them). */
const Params = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 });

export const authorizeRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  const issuer = deps.config.orgUrl;

  async function authorize(request: FastifyRequest, reply: FastifyReply, read: () => AuthorizeParams): Promise<FastifyReply> {
    const context = eventContextOf(request);
    let target: RedirectTarget | undefined;
    let state: string | undefined;
    try {
      const params = read();
      const client = await checkClient(deps.store, params);
      const redirectUri = checkRedirectUri(client, params);
      // From here errors go back to the client (an unsupported response_mode by query); every value is bounded by params.ts.
      target = { redirectUri, mode: 'query' };
      state = param(params, 'state');
      target = { redirectUri, mode: checkResponseMode(params) };
      checkResponseType(client, params);
      const scopes = await checkScope(deps.store, client, params);
      const codeChallenge = checkPkce(client, params);
      const nonce = param(params, 'nonce') ?? null;
      const prompt = checkPrompt(params);
      const now = deps.clock.now();
      const auth = await authenticateUser({ store: deps.store, sessions: deps.sessions, orgUrl: issuer, now }, request, reply, context, params, prompt);
      if (auth.kind === 'sign_in_needed') {
        // The sign-in page comes back without the spent sessionToken and without prompt=login (or it would loop).
        const fromUri = relativeAuthorizeUrl(params, prompt.login ? ['sessionToken', 'prompt'] : ['sessionToken']);
        return redirectTo(reply, `${issuer}/login?fromURI=${encodeURIComponent(fromUri)}`);
      }
      const code = await issueCode(deps.store, deps.events, { ...context, clientId: client.id }, now, {
        app: client,
        user: auth.user,
        redirectUri,
        scopes,
        nonce,
        codeChallenge,
        sessionId: auth.sessionId,
        authTime: auth.authTime,
        amr: auth.amr,
      });
      return respondToClient(reply, target, { code, state, iss: issuer });
    } catch (error) {
      if (!(error instanceof AuthorizeError)) throw error;
      if (!error.redirectable || target === undefined) return errorPage(reply, error);
      return respondToClient(reply, target, { error: error.error, error_description: error.description, state, iss: issuer });
    }
  }

  app.get('/oauth2/v1/authorize', { config: { access: 'none' }, schema: { querystring: Params } }, (request, reply) =>
    authorize(request, reply, () => paramsFromUrl(request.url)),
  );
  // The form (or an empty body) is validated and bounded by params.ts, so that errors are pages, not JSON.
  app.post('/oauth2/v1/authorize', { config: { access: 'none' } }, (request, reply) => authorize(request, reply, () => paramsFromBody(request.body)));
};
