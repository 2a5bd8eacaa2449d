/**
 * Who is signing in to the app, in this order:
 * 1. a `sessionToken` from /api/v1/authn (one use, 5 minutes): it signs the user in afresh
 *    and starts a browser session (the cookie is set), as Okta's SDKs use it;
 * 2. the session behind the `sid` cookie, unless `prompt=login` or `max_age` asks for a fresh
 *    sign-in;
 * 3. otherwise nobody: `prompt=none` → `login_required` (OpenID Connect Core §3.1.2.6), else
 *    the hosted sign-in page, which returns to this request.
 * An unusable sessionToken counts as none (step 2 and 3 apply).
 *
 * A sessionToken never replaces the session of another user (login CSRF: RFC 6749 §10.12;
 * OWASP CSRF Prevention Cheat Sheet, "Login CSRF"). The authorization request is a GET that any
 * site can make a browser send, with a sessionToken of the attacker's own account; a silent swap
 * would sign the victim in as the attacker (what they then enter lands in the attacker's
 * account) and take the victim's own session from the browser. So the request is refused with
 * `login_required` (OpenID Connect Core §3.1.2.6) at the client's redirect URI, the browser's
 * session stays as it was, and the token is spent (it is single use either way). To switch
 * users, sign out first. For the same user the sessionToken starts a fresh session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventContext } from '../../events/event-bus.js';
import type { SessionService } from '../../session/contract.js';
import type { UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { AuthorizeError } from './authorize-error.js';
import type { Prompt } from './check-prompt.js';
import { param, type AuthorizeParams } from './params.js';
import { sessionCookieOf, setSessionCookie } from '../../session/cookies.js';

export type Authentication =
  | { readonly kind: 'signed_in'; readonly user: UserRecord; readonly authTime: string; readonly amr: readonly string[]; readonly sessionId: string }
  | { readonly kind: 'sign_in_needed' };

export interface AuthenticateDeps {
  readonly store: Store;
  readonly sessions: SessionService;
  readonly orgUrl: string;
  readonly now: number;
}

const SIGN_IN_NEEDED: Authentication = { kind: 'sign_in_needed' };

export async function authenticateUser(
  deps: AuthenticateDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  context: EventContext,
  params: AuthorizeParams,
  prompt: Prompt,
): Promise<Authentication> {
  const sessionToken = param(params, 'sessionToken');
  if (sessionToken !== undefined) {
    const signedIn = await deps.sessions.redeemSessionToken(context, sessionToken);
    if (signedIn !== undefined) {
      const current = await deps.sessions.sessionFromCookie(sessionCookieOf(request));
      if (current !== undefined && current.userId !== signedIn.user.id) {
        throw new AuthorizeError('login_required', 'Another user is signed in to this browser. Sign out first, then sign in again.');
      }
      const { session, cookieValue } = await deps.sessions.startSession(context, signedIn);
      setSessionCookie(reply, deps.orgUrl, cookieValue);
      return { kind: 'signed_in', user: signedIn.user, authTime: signedIn.authTime, amr: signedIn.amr, sessionId: session.id };
    }
  }
  if (!prompt.login) {
    const session = await deps.sessions.sessionFromCookie(sessionCookieOf(request));
    const fresh = session !== undefined && (prompt.maxAgeSeconds === undefined || deps.now - Date.parse(session.authTime) <= prompt.maxAgeSeconds * 1000);
    if (session !== undefined && fresh) {
      const user = await deps.store.users.get(session.userId);
      if (user !== undefined && user.status === 'ACTIVE') {
        return { kind: 'signed_in', user, authTime: session.authTime, amr: session.amr, sessionId: session.id };
      }
    }
  }
  if (prompt.none) throw new AuthorizeError('login_required', 'The client specified not to prompt, but the user is not logged in.');
  return SIGN_IN_NEEDED;
}
