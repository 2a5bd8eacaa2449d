/**
 * Revoking every refresh token of a user inside a caller's transaction: deactivation and
 * suspension (users lifecycle) and an admin's `DELETE /api/v1/users/{id}/sessions?oauthTokens=true`.
 * Their access tokens then fail from the next request, on the user's status or the revoked grant.
 * One `app.oauth2.token.revoke` event per token family.
 */
import { userTarget, type EventBus, type EventContext } from '../events/event-bus.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export async function revokeRefreshTokensOf(tx: Store, events: EventBus, context: EventContext, user: UserRecord, at: string, why: string): Promise<void> {
  for (const familyId of await tx.authorization.revokeRefreshTokensOfUser(user.id, at)) {
    await events.emit(tx, context, {
      type: 'app.oauth2.token.revoke',
      displayMessage: `OAuth2 refresh tokens revoked ${why}`,
      targets: [{ id: familyId, type: 'refresh_token', alternateId: user.id, displayName: 'Refresh Token Family', detailEntry: null }, userTarget(user)],
    });
  }
}
