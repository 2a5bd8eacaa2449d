/** A user as the target rules see it (auth/target-rules.ts). */
import type { TargetRef } from '../../auth/target-guard.js';
import { userTarget } from '../../events/event-bus.js';
import { textOf, type UserRecord } from '../../store/records.js';

export function userRef(user: UserRecord): TargetRef {
  return { kind: 'user', id: user.id, label: textOf(user.profile['login'], user.id), logTarget: userTarget(user) };
}
