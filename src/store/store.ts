/**
 * The storage interface the core owns (STYLE: dex `storage.go`). One Kysely implementation
 * serves SQLite and PostgreSQL; `test/store-conformance` proves both. Repositories return
 * records or `undefined`, and throw the sentinel errors below, never driver errors.
 */
import type { FilterNode } from '../filter/ast.js';
import type { AppRepository, BearerStateRepository, ReplayRepository, SigningKeyRepository } from './oauth-store.js';
import type { SessionRepository } from './session-store.js';
import type { AuthorizationRepository } from './authorization-store.js';
import type { UsageRepository } from './usage-store.js';
import type { EventHookDeliveryRepository, EventHookRepository } from './event-hook-store.js';
import type { Page } from './page.js';
import type {
  ApiTokenRecord,
  GroupRecord,
  LogEventRecord,
  NetworkZoneRecord,
  OrgRecord,
  PrincipalType,
  RoleAssignmentRecord,
  UserRecord,
  UserStatus,
} from './records.js';

/** A unique key was taken (`what` names it: `login`, `group.name`, `role`, …). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
  constructor(readonly what: string) {
    super(`unique violation: ${what}`);
  }
}

/** The store could not answer (connection lost or refused, pool exhausted, SQLite busy, full or failing to write): every such driver error leaves the store as this (fail-closed.ts); the edges answer 503. */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
}

export interface UserListQuery extends Page {
  readonly filter?: FilterNode | undefined;
  /** Okta `q`: case-insensitive prefix of firstName, lastName or email. */
  readonly q?: string | undefined;
  /** Statuses left out (the default list omits DEPROVISIONED). */
  readonly excludeStatuses?: readonly UserStatus[];
}

export interface UserRepository {
  insert(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getByLogin(login: string): Promise<UserRecord | undefined>;
  /** Read-modify-write under a row lock; `undefined` when the user does not exist. */
  update(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | undefined>;
  delete(id: string): Promise<boolean>;
  list(query: UserListQuery): Promise<UserRecord[]>;
}

export interface GroupListQuery extends Page {
  readonly filter?: FilterNode | undefined;
  /** Okta `q`: case-insensitive prefix of the group name. */
  readonly q?: string | undefined;
}

export interface GroupRepository {
  insert(group: GroupRecord): Promise<void>;
  get(id: string): Promise<GroupRecord | undefined>;
  update(id: string, change: (current: GroupRecord) => GroupRecord): Promise<GroupRecord | undefined>;
  delete(id: string): Promise<boolean>;
  list(query: GroupListQuery): Promise<GroupRecord[]>;
  /** Adds a member; false when already a member. */
  addMember(groupId: string, userId: string, at: string): Promise<boolean>;
  /** Removes a member; false when not a member. `at`, when given, becomes `lastMembershipUpdated`. */
  removeMember(groupId: string, userId: string, at?: string): Promise<boolean>;
  listMembers(groupId: string, page: Page): Promise<UserRecord[]>;
  listGroupsOfUser(userId: string, page: Page): Promise<GroupRecord[]>;
  /** Member counts and whether any admin role is assigned to the group (Okta `expand=stats`). */
  statsOf(groupIds: readonly string[]): Promise<Map<string, GroupStatsRecord>>;
}

export interface GroupStatsRecord {
  readonly usersCount: number;
  readonly hasAdminPrivilege: boolean;
}

export interface RoleRepository {
  insert(assignment: RoleAssignmentRecord): Promise<void>;
  get(principalType: PrincipalType, principalId: string, id: string): Promise<RoleAssignmentRecord | undefined>;
  delete(id: string): Promise<boolean>;
  listFor(principalType: PrincipalType, principalId: string): Promise<RoleAssignmentRecord[]>;
  /** A user's assignments: its own (USER) and those of every group it belongs to (GROUP), oldest first. */
  listOfUser(userId: string): Promise<RoleAssignmentRecord[]>;
  /** Role types a user holds directly or through any group it belongs to. */
  roleTypesOfUser(userId: string): Promise<string[]>;
  /** Active users holding `roleType` directly or through a group. */
  countActiveUsersWithRole(roleType: string): Promise<number>;
  /**
   * One page of the ids of users (whatever their status) holding an admin role, directly or through a
   * group they belong to, each once, in id order after `page.after` (Okta's
   * `GET /api/v1/iam/assignees/users`).
   */
  listUserIdsWithRoles(page: Page): Promise<string[]>;
  /**
   * Inside a transaction: waits for, then holds until commit, the lock that serializes every
   * change able to take SUPER_ADMIN away (see management/roles/last-super-admin.ts).
   */
  lockSuperAdmins(): Promise<void>;
  deleteAllFor(principalType: PrincipalType, principalId: string): Promise<void>;
}

export interface ApiTokenListQuery extends Page {
  /** Only this owner's tokens (callers without okta.apiTokens.read). */
  readonly userId?: string | undefined;
  /** Okta `q`: matches name or clientName (case-insensitive substring). */
  readonly q?: string | undefined;
}

/** What authentication needs in one read: the token and its owner's status. */
export interface TokenForAuthentication {
  readonly token: ApiTokenRecord;
  readonly ownerStatus: UserStatus;
  readonly ownerLogin: string;
  /** The owner's admin role types now, held directly or through a group (each once). */
  readonly ownerRoles: readonly string[];
  /** The network zones the token's network condition names (those that exist), in the same statement. */
  readonly networkZones: readonly NetworkZoneRecord[];
}

export interface ApiTokenRepository {
  insert(token: ApiTokenRecord): Promise<void>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  /** Active (not revoked) token by the digest of its secret, joined with its owner. */
  /** An active token by the digest of its secret, with its owner and the owner's roles, in one statement. */
  findForAuthentication(digest: string): Promise<TokenForAuthentication | undefined>;
  list(query: ApiTokenListQuery): Promise<ApiTokenRecord[]>;
  update(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | undefined>;
  /** Marks the token revoked; false when it was already revoked or does not exist. */
  revoke(id: string, at: string, reason: string): Promise<boolean>;
  /** Revokes every active token of a user; returns the ids revoked. */
  revokeAllOfUser(userId: string, at: string, reason: string): Promise<string[]>;
  /**
   * Claims the warning of the idle expiry `expiresAt` of an active token: true for the one caller,
   * on any node, that first claims this expiry; false once claimed (a later use moves the expiry,
   * and the next approach is warned of again).
   */
  markExpiryWarned(id: string, expiresAt: string): Promise<boolean>;
  /** Persists a use: raises `last_used` to `at` (never lowers it). */
  recordUse(id: string, at: string): Promise<void>;
  /** Active (not revoked) tokens whose network condition names the zone, in id order. */
  listUsingZone(zoneId: string): Promise<ApiTokenRecord[]>;
}

export interface NetworkZoneListQuery extends Page {
  /** Okta `filter` on `id`, `usage` and `system`. */
  readonly filter?: FilterNode | undefined;
}

export interface NetworkZoneRepository {
  /** Refused with `UniqueViolation('network_zone.name')` when the name (folded, keys.ts) is taken. */
  insert(zone: NetworkZoneRecord): Promise<void>;
  get(id: string): Promise<NetworkZoneRecord | undefined>;
  /**
   * Inside a transaction: the zones of these ids that exist, in id order, each held (PostgreSQL
   * row lock) until the transaction ends, so that a zone a condition is about to name cannot be
   * deactivated or deleted meanwhile, and the other way round.
   */
  lock(ids: readonly string[]): Promise<NetworkZoneRecord[]>;
  /** The zones of these ids that exist, in id order (an app's network condition at the token endpoint; kept: kept-reads.ts). */
  getMany(ids: readonly string[]): Promise<readonly NetworkZoneRecord[]>;
  /** Read-modify-write under the row lock; `undefined` when the zone does not exist. */
  update(id: string, change: (current: NetworkZoneRecord) => NetworkZoneRecord): Promise<NetworkZoneRecord | undefined>;
  delete(id: string): Promise<boolean>;
  list(query: NetworkZoneListQuery): Promise<NetworkZoneRecord[]>;
}

export interface LogQuery {
  /** Inclusive lower bound on `published`. */
  readonly since: string;
  /** Exclusive upper bound on `published`; absent in Okta's polling mode (no upper bound). */
  readonly until?: string | undefined;
  readonly filter?: FilterNode | undefined;
  /** Every keyword must appear (case-insensitive). */
  readonly keywords?: readonly string[];
  readonly order: 'ASCENDING' | 'DESCENDING';
  /** Exclusive cursor on commit order (`StoredLogEvent.position`). */
  readonly afterPosition?: number | undefined;
  readonly limit: number;
}

export interface StoredLogEvent {
  /**
   * Commit order: visible positions always form a prefix (a position is never handed out
   * before every smaller one is visible), so a cursor on it neither skips nor repeats.
   */
  readonly position: number;
  readonly event: LogEventRecord;
}

/** A read of the log in commit order between two positions, for the event hook scan. */
export interface LogScan {
  /** Exclusive lower bound on the position. */
  readonly afterPosition: number;
  /** Inclusive upper bound: a `highWater()` read before, so that nothing can appear below it later. */
  readonly throughPosition: number;
  /** Only events of these types (none: nothing). */
  readonly eventTypes: readonly string[];
  readonly limit: number;
}

export interface LogRepository {
  append(events: readonly LogEventRecord[]): Promise<void>;
  query(query: LogQuery): Promise<StoredLogEvent[]>;
  /** The events of the scan's types past its lower bound and up to its upper one, oldest first. */
  readAfter(scan: LogScan): Promise<StoredLogEvent[]>;
  /** The largest visible position (0 when the log is empty): no event can appear at or below it later. */
  highWater(): Promise<number>;
}

export interface OrgRepository {
  get(): Promise<OrgRecord | undefined>;
  /** Creates the org row if there is none; returns the one that exists. */
  ensure(org: OrgRecord): Promise<OrgRecord>;
}

export interface Store {
  readonly org: OrgRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly roles: RoleRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly networkZones: NetworkZoneRepository;
  readonly logs: LogRepository;
  readonly apps: AppRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly replay: ReplayRepository;
  /** The live state behind a Bearer access token, in one statement (oauth-store.ts). */
  readonly bearer: BearerStateRepository;
  /** Sessions, session tokens, sign-in failures (session-store.ts). */
  readonly sessions: SessionRepository;
  /** Authorization codes and refresh tokens (authorization-store.ts). */
  readonly authorization: AuthorizationRepository;
  /** Usage counts and last uses of API tokens and OAuth clients (usage-store.ts). */
  readonly usage: UsageRepository;
  /** Event hooks, and their deliveries built from the System Log (event-hook-store.ts). */
  readonly eventHooks: EventHookRepository;
  readonly eventHookDeliveries: EventHookDeliveryRepository;
  /** Runs `work` atomically; nested calls join the outer transaction. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
}
