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
  'user.account.update_password',
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
  /** Tessera: a token was rotated; the new one is the first target, the one in its grace period the second. */
  'system.api_token.rotate',
  /** Tessera: an API token was migrated to a service app (the token is the first target, the app the second). */
  'system.api_token.migrate',
  /** Tessera: an API token will idle out soon unless it is used (written once per approach, by the janitor). */
  'system.api_token.expiring',
  /** A request presented an API token that was malformed, unknown, revoked, expired, or whose owner is inactive. */
  'system.api_token.authenticate',
  /** Network zones (Okta's event types, "Network zone create." …). */
  'zone.create',
  'zone.update',
  'zone.delete',
  'zone.activate',
  'zone.deactivate',
  /** A request was refused for lack of a permission or scope, or from outside its credential's network zones. */
  'core.api.access.denied',
  'system.org.create',
  /** A request presented an access token that was invalid, expired, revoked, or whose app or subject is inactive. */
  'app.oauth2.token.rejected',
  'app.oauth2.token.grant.access_token',
  'app.oauth2.token.revoke',
  /** OIDC apps (Okta's application lifecycle names). */
  'application.lifecycle.create',
  'application.lifecycle.update',
  'application.lifecycle.activate',
  'application.lifecycle.deactivate',
  'application.lifecycle.delete',
  /** An app's client credentials: a public key or a client secret added, activated, deactivated, removed. */
  'app.oauth2.credentials.lifecycle.create',
  'app.oauth2.credentials.lifecycle.activate',
  'app.oauth2.credentials.lifecycle.deactivate',
  'app.oauth2.credentials.lifecycle.delete',
  /** An Okta API scope granted to or revoked from an app by an administrator. */
  'app.oauth2.admin.consent.grant',
  'app.oauth2.admin.consent.revoke',
  /** An admin role assigned to or removed from a client app. */
  'app.oauth2.client.privilege.grant',
  'app.oauth2.client.privilege.revoke',
  /** Sign-in: a password check through /api/v1/authn or the sign-in page, SUCCESS or FAILURE (Okta "User login to Okta"). */
  'user.session.start',
  /** A session ended by its user (sign-out) or by an admin. */
  'user.session.end',
  /** Every session of a user cleared (admin action, deactivation, suspension). */
  'user.session.clear',
  /** A user locked out after too many failed sign-ins. */
  'user.account.lock',
  /** An admin expired a user's password (status PASSWORD_EXPIRED). */
  'user.account.expire_password',
  /** Issue #4, user-context OAuth: an authorization code issued by /oauth2/v1/authorize (Okta's org AS name). */
  'app.oauth2.authorize.code',
  /** A refresh token issued (a new family, or a rotation's successor). */
  'app.oauth2.token.grant.refresh_token',
  /** A rotated-out refresh token presented after its leeway: the whole family is revoked (Okta's name). */
  'app.oauth2.token.detect_reuse',
  /** Event hooks (Okta's names, event types catalog: `event_hook.*`, tag `event-hook`). */
  'event_hook.created',
  'event_hook.updated',
  'event_hook.activated',
  'event_hook.deactivated',
  'event_hook.deleted',
  /** A verification attempt, SUCCESS or FAILURE (Okta: "fired even when the verification is unsuccessful"). */
  'event_hook.verified',
  /** A delivery attempt that failed (Okta: "triggered only when the delivery is unsuccessful"). */
  'event_hook.delivery',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
