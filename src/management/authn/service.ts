/**
 * Okta's classic primary authentication (`/api/v1/authn`, Okta's Authentication API), over the shared
 * sign-in (session/sign-in.ts):
 * - SUCCESS: a one-time sessionToken (5 minutes, stored as a digest) and the user.
 * - PASSWORD_EXPIRED (the right password of a user whose password an admin expired): no
 *   sessionToken; a stateToken that `POST /api/v1/authn/credentials/change_password` takes with
 *   the old and the new password, answering SUCCESS with a sessionToken, as Okta does.
 * - Anything else: 401 E0000004 "Authentication failed", the same for every reason.
 */
import { isoAt, type Clock } from '../../clock.js';
import { DomainError } from '../../errors/domain-error.js';
import { userTarget, type EventBus, type EventContext } from '../../events/event-bus.js';
import type { Sessions } from '../../session/session-service.js';
import { userContext } from '../../session/session-service.js';
import type { SignIn } from '../../session/sign-in.js';
import { StateTokens } from '../../session/state-token.js';
import type { Store } from '../../store/store.js';
import type { PasswordService } from './password-service.js';
import { passwordExpiredTransaction, successTransaction } from './presenter.js';
import type { AuthnChangePasswordRequest, AuthnRequest, AuthnTransaction } from './schemas.js';

export interface AuthnServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly orgUrl: string;
  readonly sessions: Sessions;
  readonly signIn: SignIn;
  readonly stateTokens: StateTokens;
  readonly passwords: PasswordService;
}

export const authenticationFailed = (): DomainError => new DomainError('unauthenticated', 'authn.failed', 'Authentication failed');

const invalidStateToken = (): DomainError => new DomainError('unauthenticated', 'invalid_token', 'Invalid token provided');

export function createAuthnService(deps: AuthnServiceDeps) {
  const { store, clock, events, sessions, signIn, stateTokens, passwords, orgUrl } = deps;

  async function authenticate(context: EventContext, request: AuthnRequest): Promise<AuthnTransaction> {
    await sessions.maybePurge();
    const result = await signIn.authenticate(context, request.username, request.password, (tx, signedIn) => sessions.issueSessionToken(tx, signedIn));
    switch (result.kind) {
      case 'success':
        return successTransaction(result.signedIn.user, result.value.sessionToken, result.value.expiresAt, request.relayState);
      case 'password_expired': {
        const { stateToken, expiresAt } = stateTokens.issue(result.user, clock.now());
        return passwordExpiredTransaction(result.user, stateToken, expiresAt, orgUrl, request.relayState);
      }
      case 'failed':
        throw authenticationFailed();
    }
  }

  async function userOfStateToken(stateToken: string) {
    const claims = stateTokens.verify(stateToken, clock.now());
    const user = claims === undefined ? undefined : await store.users.get(claims.userId);
    if (claims === undefined || user === undefined || !StateTokens.matches(claims, user) || user.status !== 'PASSWORD_EXPIRED') throw invalidStateToken();
    return user;
  }

  /** The PASSWORD_EXPIRED state's `next` link: change the password, then SUCCESS. */
  async function changeExpiredPassword(context: EventContext, request: AuthnChangePasswordRequest): Promise<AuthnTransaction> {
    const user = await userOfStateToken(request.stateToken);
    const own = userContext(context, user);
    const updated = await passwords.change(own, 'the user itself', user, request.oldPassword, request.newPassword);
    const at = isoAt(clock.now());
    const issued = await store.transaction(async (tx) => {
      await events.emit(tx, own, {
        type: 'user.session.start',
        displayMessage: 'User login to Okta',
        targets: [userTarget(updated)],
        outcome: { result: 'SUCCESS' },
      });
      return sessions.issueSessionToken(tx, { user: updated, authTime: at, amr: ['pwd'] });
    });
    return successTransaction(updated, issued.sessionToken, issued.expiresAt, undefined);
  }

  /**
   * Okta `cancel`: ends the transaction. State tokens are stateless, so this checks the token and
   * answers UNAUTHENTICATED; the token itself lapses within its 5 minutes.
   */
  async function cancel(stateToken: string): Promise<AuthnTransaction> {
    await userOfStateToken(stateToken);
    return { status: 'UNAUTHENTICATED' };
  }

  return { authenticate, changeExpiredPassword, cancel };
}
