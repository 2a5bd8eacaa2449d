/**
 * Ending every session of a user inside a caller's transaction: deactivation and suspension
 * (users lifecycle), an admin's `DELETE /api/v1/users/{id}/sessions`, and `endSessionsOf`.
 * Running in the caller's transaction means the status change and the end of the sessions
 * commit together or not at all.
 */
import { userTarget, type EventBus, type EventContext } from '../events/event-bus.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

/** Revokes the user's sessions; emits `user.session.clear` when there were any. Returns how many ended. */
export async function endAllSessions(tx: Store, events: EventBus, context: EventContext, user: UserRecord, at: string): Promise<number> {
  const ended = await tx.sessions.revokeAllOfUser(user.id, at);
  if (ended.length > 0) {
    await events.emit(tx, context, {
      type: 'user.session.clear',
      displayMessage: 'Clear user session',
      targets: [userTarget(user)],
    });
  }
  return ended.length;
}
