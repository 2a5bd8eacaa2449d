/**
 * Clearing a user's sessions (Okta Management API, `revokeUserSessions`, `DELETE /api/v1/users/{id}/sessions`):
 * every session ends; with `oauthTokens=true` the user's refresh tokens are revoked too (their
 * access tokens then fail from the next request, as after a deactivation). One transaction.
 */
import { isoAt, type Clock } from '../../clock.js';
import { userTarget, type EventBus, type EventContext } from '../../events/event-bus.js';
import { endAllSessions } from '../../session/end-sessions.js';
import type { UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';

export interface UserSessionsDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
}

export function createUserSessionsService({ store, clock, events }: UserSessionsDeps) {
  async function clear(context: EventContext, user: UserRecord, options: { oauthTokens: boolean }): Promise<void> {
    const at = isoAt(clock.now());
    await store.transaction(async (tx) => {
      await endAllSessions(tx, events, context, user, at);
      if (!options.oauthTokens) return;
      for (const familyId of await tx.authorization.revokeRefreshTokensOfUser(user.id, at)) {
        await events.emit(tx, context, {
          type: 'app.oauth2.token.revoke',
          displayMessage: "OAuth2 refresh tokens revoked with the user's sessions",
          targets: [{ id: familyId, type: 'refresh_token', alternateId: user.id, displayName: 'Refresh Token Family', detailEntry: null }, userTarget(user)],
        });
      }
    });
  }

  return { clear };
}
