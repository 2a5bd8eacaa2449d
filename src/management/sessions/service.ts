/**
 * Clearing a user's sessions (Okta Management API, `revokeUserSessions`, `DELETE /api/v1/users/{id}/sessions`):
 * every session ends; with `oauthTokens=true` the user's refresh tokens are revoked too (their
 * access tokens then fail from the next request, as after a deactivation). One transaction.
 */
import { isoAt, type Clock } from '../../clock.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import { endAllSessions } from '../../session/end-sessions.js';
import { revokeRefreshTokensOf } from '../../session/revoke-refresh-tokens.js';
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
      await revokeRefreshTokensOf(tx, events, context, user, at, "with the user's sessions");
    });
  }

  return { clear };
}
