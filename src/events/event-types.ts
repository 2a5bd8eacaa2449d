/** The System Log event types Tessera emits (Okta's names where Okta has one). */
export const EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.reactivate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.completed',
  'user.account.unlock',
  'user.account.update_profile',
  'group.lifecycle.create',
  'group.lifecycle.delete',
  'group.profile.update',
  'group.user_membership.add',
  'group.user_membership.remove',
  'user.account.privilege.grant',
  'user.account.privilege.revoke',
  'group.privilege.grant',
  'group.privilege.revoke',
  'system.api_token.create',
  'system.api_token.update',
  'system.api_token.revoke',
  'system.api_token.expire',
  /** A request presented an API token that was malformed, unknown, revoked, expired, or whose owner is inactive. */
  'system.api_token.authenticate',
  /** A request was refused for lack of a permission or scope. */
  'core.api.access.denied',
  'system.org.create',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
