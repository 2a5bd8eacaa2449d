/**
 * Table shapes as Kysely sees them. Both dialects store the same types: timestamps as
 * ISO-8601 UTC text with milliseconds (which sorts chronologically), booleans as 0/1,
 * JSON documents as text. That keeps one query layer for SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

export interface OrgTable {
  id: string;
  created: string;
  token_window: string;
}

export interface UsersTable {
  id: string;
  status: string;
  /** The login as given. */
  login: string;
  /** NFKC + case-folded login: the unique key (look-alike duplicates are refused). */
  login_key: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  /** The whole profile as JSON text (custom attributes included). */
  profile: string;
  password_hash: string | null;
  created: string;
  activated: string | null;
  status_changed: string | null;
  last_login: string | null;
  last_updated: string;
  password_changed: string | null;
  /** Incremented on every write; ETag and optimistic concurrency. */
  version: number;
}

/**
 * One scalar of a profile attribute kept only in the JSON profile (each element of an array),
 * for `search=profile.<attribute> eq …` as an index look-up (src/store/kysely/profile-values.ts).
 */
export interface UserProfileValuesTable {
  user_id: string;
  /** The attribute name as in the profile (JSON keys are case-sensitive). */
  name: string;
  /** The JSON type: string | number | boolean. */
  kind: string;
  /** The value as text: strings as they are, numbers in JavaScript's shortest form, true/false. */
  value: string;
}

export interface GroupsTable {
  id: string;
  type: string;
  name: string;
  name_key: string;
  description: string | null;
  profile: string;
  created: string;
  last_updated: string;
  last_membership_updated: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  created: string;
}

export interface RoleAssignmentsTable {
  id: string;
  /** USER | GROUP | CLIENT */
  principal_type: string;
  principal_id: string;
  role_type: string;
  created: string;
  last_updated: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  /** SHA-256 of the secret (base64url); the secret itself is never stored. */
  token_digest: string;
  client_name: string;
  token_window: string;
  network: string;
  created: string;
  last_updated: string;
  /** Last persisted use; coalesced to one write a minute (see management/tokens/usage-recorder.ts). */
  last_used: string;
  revoked: string | null;
  revoked_reason: string | null;
  /** Migration 2026-12-07T23-30: end of the grace period of a rotated token. */
  retires_at: string | null;
  /** Migration 2026-12-07T23-30: the idle expiry the last `system.api_token.expiring` event warned of. */
  expiry_warned_for: string | null;
}

export interface LogEventsTable {
  /** Insertion order: the pagination key. */
  seq: Generated<number>;
  uuid: string;
  published: string;
  event_type: string;
  severity: string;
  display_message: string;
  actor_id: string | null;
  outcome_result: string;
  request_api_token_id: string | null;
  /** The whole LogEvent as JSON text. */
  body: string;
  /** Lower-cased text searched by `q`. */
  search_text: string;
  /**
   * PostgreSQL only: commit order, set by a trigger when the row's transaction commits, the
   * cursor key (migration 2026-11-28T16-00). SQLite has no such column: there `seq` is the
   * commit order (migration 2026-11-28T17-50).
   */
  position: number | null;
}

export interface LogEventTargetsTable {
  seq: number;
  target_id: string;
}

export interface AppsTable {
  id: string;
  name: string;
  label: string;
  status: string;
  sign_on_mode: string;
  token_endpoint_auth_method: string;
  application_type: string;
  settings: string;
  created: string;
  last_updated: string;
}

export interface AppSecretsTable {
  id: string;
  app_id: string;
  digest: string;
  status: string;
  created: string;
  last_updated: string;
}

export interface AppKeysTable {
  id: string;
  app_id: string;
  kid: string;
  status: string;
  jwk: string;
  created: string;
  last_updated: string;
}

export interface AppGrantsTable {
  id: string;
  app_id: string;
  scope_id: string;
  issuer: string;
  source: string;
  created_by: string;
  created: string;
  last_updated: string;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  status: string;
  public_jwk: string;
  private_encrypted: string;
  created: string;
  retired: string | null;
}

export interface UsedJtisTable {
  key: string;
  expires: string;
}

export interface RevokedTokensTable {
  jti: string;
  expires: string;
}

export interface SessionsTable {
  id: string;
  cookie_digest: string;
  user_id: string;
  status: string;
  amr: string;
  created: string;
  expires: string;
  last_password_verification: string | null;
  revoked: string | null;
}

export interface SessionTokensTable {
  digest: string;
  user_id: string;
  auth_time: string;
  amr: string;
  expires: string;
  used: string | null;
}

export interface SignInStateTable {
  user_id: string;
  failed_attempts: number;
  last_failure: string | null;
  locked_until: string | null;
}

export interface AuthorizationCodesTable {
  digest: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scopes: string;
  nonce: string | null;
  code_challenge: string | null;
  session_id: string | null;
  auth_time: string;
  amr: string;
  expires: string;
  used: string | null;
  issued_access_token: string | null;
  issued_family: string | null;
}

export interface RefreshTokensTable {
  digest: string;
  id: string;
  family_id: string;
  client_id: string;
  user_id: string;
  scopes: string;
  auth_time: string;
  created: string;
  expires: string;
  rotated: string | null;
  successor_digest: string | null;
  revoked: string | null;
  dpop_jkt: string | null;
  /** Migration 2026-11-28T16-40: last redemption (idle window), and how the user authenticated. */
  last_used: string | null;
  amr: string | null;
}

/** Migration 2026-12-07T23-00: usage counts per node, credential, day, endpoint, via and outcome. */
export interface CredentialUsageTable {
  node_id: string;
  credential_type: string;
  credential_id: string;
  day: string;
  method: string;
  route: string;
  permission: string;
  scope: string;
  via: string;
  outcome: string;
  requests: number;
  last_at: string;
}

export interface CredentialLastUseTable {
  credential_type: string;
  credential_id: string;
  at: string;
  ip_address: string | null;
  user_agent: string | null;
}

/** Network zones (Okta `IPNetworkZone`); `gateways` and `proxies` are JSON arrays of `{type, value}`. */
export interface NetworkZonesTable {
  id: string;
  type: string;
  name: string;
  /** NFKC + case-folded name (keys.ts): zone names are unique (Okta: "Unique name for this Network Zone"). */
  name_key: string;
  status: string;
  usage: string;
  gateways: string;
  proxies: string;
  /** 1 for Okta's system zones (none in Tessera), else 0. */
  system: number;
  created: string;
  last_updated: string;
}

/** Migration 2026-12-01T09-00: event hooks (Okta `EventHook`). */
export interface EventHooksTable {
  id: string;
  name: string;
  /** NFKC + case-folded name: the unique key. */
  name_key: string;
  description: string | null;
  status: string;
  verification_status: string;
  /** Subscribed event types, a JSON array. */
  events: string;
  uri: string;
  /** Custom headers, a JSON array of `{key, value}`. */
  headers: string;
  auth_key: string | null;
  /** The auth header's value, encrypted under the master key (crypto/key-encryption.ts). */
  auth_value_sealed: string | null;
  /** The log position past which events are delivered to it. */
  deliver_after: number;
  created_by: string;
  created: string;
  last_updated: string;
}

/** One row: the System Log position scanned through. */
export interface EventHookCursorTable {
  id: string;
  position: number;
}

export interface EventHookDeliveriesTable {
  seq: Generated<number>;
  /** The envelope's `eventId` (a UUID). */
  id: string;
  hook_id: string;
  status: string;
  /** `data.events` as JSON text. */
  events: string;
  /** `[{uuid, eventType, published}]` of the events, JSON text: what lists show. */
  summary: string;
  event_count: number;
  first_position: number;
  last_position: number;
  attempts: number;
  next_attempt_at: string | null;
  lease_token: string | null;
  lease_until: string | null;
  created: string;
  last_attempt_at: string | null;
  finished: string | null;
  last_error: string | null;
}

export interface EventHookDeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  started: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  outcome: string;
}

export interface Database {
  org: OrgTable;
  users: UsersTable;
  user_profile_values: UserProfileValuesTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  role_assignments: RoleAssignmentsTable;
  api_tokens: ApiTokensTable;
  log_events: LogEventsTable;
  log_event_targets: LogEventTargetsTable;
  apps: AppsTable;
  app_keys: AppKeysTable;
  app_secrets: AppSecretsTable;
  app_grants: AppGrantsTable;
  signing_keys: SigningKeysTable;
  used_jtis: UsedJtisTable;
  revoked_tokens: RevokedTokensTable;
  sessions: SessionsTable;
  session_tokens: SessionTokensTable;
  sign_in_state: SignInStateTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  credential_usage: CredentialUsageTable;
  credential_last_use: CredentialLastUseTable;
  network_zones: NetworkZonesTable;
  event_hooks: EventHooksTable;
  event_hook_cursor: EventHookCursorTable;
  event_hook_deliveries: EventHookDeliveriesTable;
  event_hook_delivery_attempts: EventHookDeliveryAttemptsTable;
}
