/**
 * GET and POST /oauth2/v1/logout (OpenID Connect RP-Initiated Logout 1.0), as Okta's:
 * `id_token_hint` is required and must be an ID token we signed (an expired one is accepted,
 * §2: "the OP … SHOULD accept ID Tokens when the RP identified by the ID Token's aud claim …
 * even when the exp time has passed"); `post_logout_redirect_uri`, when given, must be one the
 * app registered (exact match), and gets `state` back. The browser session behind the `sid`
 * cookie ends when it belongs to the hint's user, and the cookie is cleared. Errors are shown
 * on a page, never redirected.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { isoAt } from '../clock.js';
import { userTarget } from '../events/event-bus.js';
import { eventContextOf } from '../http/request-context.js';
import { postLogoutRedirectUrisOf, type AppRecord } from '../store/oauth-records.js';
import { AuthorizeError } from './authorize/authorize-error.js';
import { param, paramsFromBody, paramsFromUrl, type AuthorizeParams } from './authorize/params.js';
import { escapeHtml } from '../web/html.js';
import { errorPage, redirectTo } from './authorize/respond.js';
import { clearSessionCookie, sessionCookieOf } from '../session/cookies.js';
import type { OAuthDeps } from './deps.js';

const Params = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 });
const MAX_HINT_LENGTH = 8192;
const BAD_HINT = "The 'id_token_hint' parameter is not a valid ID token issued by this authorization server.";

interface Hint {
  readonly userId: string;
  readonly app: AppRecord;
}

/** Verifies the hint's signature with our keys (never a key from its header) and its issuer; `exp` is not checked. */
async function verifyHint(deps: OAuthDeps, token: string): Promise<Hint> {
  const bad = new AuthorizeError('invalid_request', BAD_HINT, false);
  if (token.length > MAX_HINT_LENGTH || token.split('.').length !== 3) throw bad;
  let payload: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256' || header.typ !== 'JWT' || typeof header.kid !== 'string' || header.crit !== undefined) throw bad;
    const key = await deps.keys.publicKey(header.kid);
    if (key === undefined) throw bad;
    const verified = await compactVerify(token, key, { algorithms: ['RS256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    throw bad;
  }
  const { iss, sub, aud, jti } = payload;
  // `ID.` tells an ID token from our access tokens (`AT.`), which are signed by the same keys.
  if (iss !== deps.config.orgUrl || typeof sub !== 'string' || typeof aud !== 'string' || typeof jti !== 'string' || !jti.startsWith('ID.')) throw bad;
  const app = aud.length <= 64 ? await deps.store.apps.get(aud) : undefined;
  if (app === undefined) throw bad;
  return { userId: sub, app };
}

export const logoutRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  async function endSession(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    const session = await deps.sessions.sessionFromCookie(sessionCookieOf(request));
    if (session !== undefined && session.userId !== userId) return; // someone else's session: not the RP's to end
    if (session !== undefined) {
      const user = await deps.store.users.get(userId);
      await deps.store.transaction(async (tx) => {
        if (!(await tx.sessions.revoke(session.id, isoAt(deps.clock.now()))) || user === undefined) return;
        await deps.events.emit(tx, eventContextOf(request), { type: 'user.session.end', displayMessage: 'User logout from Okta', targets: [userTarget(user)] });
      });
    }
    if (sessionCookieOf(request) !== undefined) clearSessionCookie(reply, deps.config.orgUrl);
  }

  async function logout(request: FastifyRequest, reply: FastifyReply, read: () => AuthorizeParams): Promise<FastifyReply> {
    try {
      const params = read();
      const hint = param(params, 'id_token_hint');
      if (hint === undefined) throw new AuthorizeError('invalid_request', "The 'id_token_hint' parameter is required.", false);
      const { userId, app: client } = await verifyHint(deps, hint);
      const target = param(params, 'post_logout_redirect_uri');
      if (target !== undefined && !postLogoutRedirectUrisOf(client).includes(target)) {
        throw new AuthorizeError(
          'invalid_request',
          "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.",
          false,
        );
      }
      await endSession(request, reply, userId);
      if (target === undefined) {
        return reply
          .header('Cache-Control', 'no-store')
          .type('text/html; charset=utf-8')
          .header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
          .send(
            `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><p>You are signed out of ${escapeHtml(client.label)}.</p></body></html>`,
          );
      }
      const url = new URL(target);
      const state = param(params, 'state');
      if (state !== undefined) url.searchParams.append('state', state);
      return redirectTo(reply, url.href);
    } catch (error) {
      if (error instanceof AuthorizeError) return errorPage(reply, error);
      throw error;
    }
  }

  app.get('/oauth2/v1/logout', { config: { access: 'none' }, schema: { querystring: Params } }, (request, reply) =>
    logout(request, reply, () => paramsFromUrl(request.url)),
  );
  // The form (or an empty body) is validated and bounded by params.ts, so that errors are pages, not JSON.
  app.post('/oauth2/v1/logout', { config: { access: 'none' } }, (request, reply) => logout(request, reply, () => paramsFromBody(request.body)));
};
