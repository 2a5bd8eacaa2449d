/**
 * The hosted sign-in page, used by /oauth2/v1/authorize when nobody is signed in:
 * `GET /login?fromURI=…` shows the form, `POST /login` checks it, `GET /login/done` says who is
 * signed in. Server-rendered, no JavaScript needed; CSRF-protected by a token bound to a
 * pre-session cookie (csrf.ts); the lockout of /api/v1/authn applies (session/sign-in.ts). On
 * success the `sid` cookie is set and the browser goes (303) back to `fromURI` when it is our
 * authorization endpoint, else to /login/done (redirect-target.ts: never an open redirect).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { eventContextOf } from '../http/request-context.js';
import { textOf } from '../store/records.js';
import { StoreUnavailable } from '../store/store.js';
import type { SignInRouteDeps } from '../management/deps.js';
import { clearCookie, cookieOf, sessionCookieOf, setCookie, setSessionCookie } from '../session/cookies.js';

import { CSRF_TOKEN_LIFETIME_MS, CsrfTokens, PRE_SESSION_COOKIE, PRE_SESSION_SHAPE, newPreSessionValue } from './csrf.js';
import { sendPage } from './html.js';
import { DONE_PATH, redirectTarget } from './redirect-target.js';
import { errorPage, signInForm, signedInPage } from './sign-in-form.js';

const Field = Type.Optional(Type.String({ maxLength: 4096 }));
const LoginQuery = Type.Object({ fromURI: Field }, { additionalProperties: true });
const LoginForm = Type.Object({ username: Field, password: Field, csrf: Field, fromURI: Field }, { additionalProperties: true });

const FAILED = 'Unable to sign in';
const EXPIRED_FORM = 'Your sign-in form has expired. Please try again.';
const PASSWORD_EXPIRED = 'Your password has expired. Ask an administrator to reset it.';

export const signInPageRoutes: FastifyPluginAsyncTypebox<SignInRouteDeps> = async (app, deps) => {
  const { orgUrl } = deps.config;
  const { sessions, signIn } = deps;
  const csrf = new CsrfTokens(deps.signInKeys.csrf);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))) {
      if (!Object.hasOwn(form, key)) form[key] = value;
    }
    done(null, form);
  });

  app.setErrorHandler((error, request, reply) => {
    // The `authn` rate limit (http/plugins/rate-limit.ts) also guards POST /login.
    if (error instanceof DomainError && error.kind === 'rate_limited')
      return sendPage(reply, 429, errorPage('Too many sign-in attempts. Please wait a minute and try again.'));
    const status = error instanceof StoreUnavailable ? 503 : (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return sendPage(reply, status, errorPage('The request could not be read.'));
    request.log.error({ err: error }, 'sign-in page error');
    return sendPage(reply, status === 503 ? 503 : 500, errorPage('Something went wrong. Please try again.'));
  });

  /** The pre-session cookie of this browser, created (and set) when it has none. */
  function preSession(request: FastifyRequest, reply: FastifyReply): string {
    const existing = cookieOf(request, PRE_SESSION_COOKIE);
    if (existing !== undefined && PRE_SESSION_SHAPE.test(existing)) return existing;
    const value = newPreSessionValue();
    setCookie(reply, orgUrl, PRE_SESSION_COOKIE, value, { path: '/login', maxAgeSeconds: CSRF_TOKEN_LIFETIME_MS / 1000 });
    return value;
  }

  function form(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    fields: { fromURI: string | undefined; username: string; error: string | undefined },
  ) {
    const csrfToken = csrf.issue(preSession(request, reply), deps.clock.now());
    return sendPage(reply, status, signInForm({ csrfToken, ...fields }));
  }

  const route = { config: { access: 'none' as const } };

  app.get('/login', { ...route, schema: { querystring: LoginQuery } }, async (request, reply) =>
    form(request, reply, 200, { fromURI: request.query.fromURI, username: '', error: undefined }),
  );

  app.post('/login', { ...route, bodyLimit: 16_384, schema: { body: LoginForm } }, async (request, reply) => {
    const { username = '', password = '', fromURI } = request.body;
    if (!csrf.isValid(request.body.csrf, cookieOf(request, PRE_SESSION_COOKIE), deps.clock.now())) {
      return form(request, reply, 403, { fromURI, username, error: EXPIRED_FORM });
    }
    const context = eventContextOf(request);
    await sessions.maybePurge();
    const result = await signIn.authenticate(context, username, password, (tx, signedIn) => sessions.openSession(tx, signedIn));
    if (result.kind === 'failed') return form(request, reply, 401, { fromURI, username, error: FAILED });
    if (result.kind === 'password_expired') return form(request, reply, 401, { fromURI, username, error: PASSWORD_EXPIRED });
    // A session the browser held before (perhaps someone else's) ends: one browser, one signed-in user.
    const previous = await sessions.fromCookie(sessionCookieOf(request));
    if (previous !== undefined) await sessions.end(context, previous);
    setSessionCookie(reply, orgUrl, result.value.cookieValue);
    // The pre-session cookie has done its job; a new one comes with the next form.
    clearCookie(reply, orgUrl, PRE_SESSION_COOKIE, '/login');
    return reply
      .code(303)
      .headers({ 'Cache-Control': 'no-store', Location: redirectTarget(fromURI, orgUrl) })
      .send();
  });

  app.get(DONE_PATH, route, async (request, reply) => {
    const live = await sessions.fromCookie(sessionCookieOf(request));
    return sendPage(reply, 200, signedInPage(live === undefined ? undefined : textOf(live.user.profile['login'])));
  });
};
