/**
 * The event types an event hook may subscribe to (`events.items`). Okta's are the event types of
 * its catalogue tagged `event-hook-eligible` (developer.okta.com/docs/reference/api/event-types,
 * `data/event-types.json` of okta/okta-developer-docs) that Tessera emits; Tessera adds the
 * lifecycle events of users and API tokens it emits and Okta's catalogue does not make eligible
 * (`tessera` below). Any other type is refused with E0000001. Event hook events themselves
 * (`event_hook.*`) are never eligible, so a delivery failure cannot trigger a delivery.
 */
import type { EventType } from '../../events/event-types.js';

/** `okta`: eligible in Okta's catalogue. `tessera`: a Tessera extension. */
export type Eligibility = 'okta' | 'tessera';

export const HOOK_EVENT_TYPES = {
  'user.lifecycle.create': 'okta',
  'user.lifecycle.activate': 'okta',
  'user.lifecycle.reactivate': 'okta',
  'user.lifecycle.deactivate': 'okta',
  'user.lifecycle.suspend': 'okta',
  'user.lifecycle.unsuspend': 'okta',
  // Okta makes `user.lifecycle.delete.initiated` eligible; Tessera deletes at once and logs only the completion.
  'user.lifecycle.delete.completed': 'tessera',
  'user.account.lock': 'okta',
  'user.account.unlock': 'okta',
  'user.account.update_profile': 'okta',
  'user.account.update_password': 'okta',
  'user.account.privilege.grant': 'okta',
  'user.account.privilege.revoke': 'okta',
  'user.session.start': 'okta',
  'user.session.end': 'okta',
  'user.session.clear': 'okta',
  'group.lifecycle.create': 'okta',
  'group.lifecycle.delete': 'okta',
  'group.profile.update': 'okta',
  'group.user_membership.add': 'okta',
  'group.user_membership.remove': 'okta',
  'group.privilege.grant': 'okta',
  'group.privilege.revoke': 'okta',
  'application.lifecycle.create': 'okta',
  'application.lifecycle.update': 'okta',
  'application.lifecycle.activate': 'okta',
  'application.lifecycle.deactivate': 'okta',
  'application.lifecycle.delete': 'okta',
  'app.oauth2.client.privilege.grant': 'okta',
  'app.oauth2.client.privilege.revoke': 'okta',
  'system.api_token.create': 'okta',
  'system.api_token.revoke': 'okta',
  'system.api_token.update': 'tessera',
  'system.api_token.expire': 'tessera',
  'system.api_token.expiring': 'tessera',
  'system.api_token.rotate': 'tessera',
  'system.api_token.migrate': 'tessera',
} as const satisfies Partial<Readonly<Record<EventType, Eligibility>>>;

export type HookEventType = keyof typeof HOOK_EVENT_TYPES;

export function isHookEventType(value: string): value is HookEventType {
  return Object.hasOwn(HOOK_EVENT_TYPES, value);
}
