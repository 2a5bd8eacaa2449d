/** Repository interfaces of the OAuth side (implemented in kysely/apps.ts, kysely/signing-keys.ts, kysely/replay.ts). */
import type { AppGrantRecord, AppKeyRecord, AppRecord, AppSecretRecord, SigningKeyRecord } from './oauth-records.js';
import type { FilterNode } from '../filter/ast.js';
import type { Page } from './page.js';

export interface AppListQuery extends Page {
  /** Okta `q`: prefix of the label (case-insensitive). */
  readonly q?: string | undefined;
  readonly status?: string | undefined;
  /** A parsed `filter` (attributes `status`, `name`). */
  readonly filter?: FilterNode | undefined;
}

export interface AppRepository {
  insert(app: AppRecord): Promise<void>;
  get(id: string): Promise<AppRecord | undefined>;
  /**
   * Inside a transaction: the app, its row locked until commit (PostgreSQL `FOR UPDATE`; SQLite
   * runs one writer at a time), so that checks on its keys and settings hold until the write.
   */
  getForUpdate(id: string): Promise<AppRecord | undefined>;
  /**
   * The oldest app of this `name` (Okta's app name: `oidc_client` for every app the APIs create,
   * a name of its own for each of Tessera's first-party apps, auth/first-party-apps.ts).
   */
  getByName(name: string): Promise<AppRecord | undefined>;
  /**
   * Inside a transaction: waits for, then holds until commit, the lock on the apps of this name,
   * so that nodes starting together create a first-party app once (console/console-app.ts):
   * whoever holds it reads by name, then inserts or changes. PostgreSQL takes an advisory lock;
   * SQLite runs one write transaction at a time already.
   */
  lockName(name: string): Promise<void>;
  update(id: string, change: (current: AppRecord) => AppRecord): Promise<AppRecord | undefined>;
  delete(id: string): Promise<boolean>;
  list(query: AppListQuery): Promise<AppRecord[]>;
  insertKey(key: AppKeyRecord): Promise<void>;
  /** The app's keys, ACTIVE and INACTIVE, oldest first. The token endpoint uses the ACTIVE ones. */
  listKeys(appId: string): Promise<readonly AppKeyRecord[]>;
  /** The keys of several apps in one query (list pages). */
  listKeysOfApps(appIds: readonly string[]): Promise<AppKeyRecord[]>;
  getKey(appId: string, keyId: string): Promise<AppKeyRecord | undefined>;
  updateKey(appId: string, keyId: string, change: (current: AppKeyRecord) => AppKeyRecord): Promise<AppKeyRecord | undefined>;
  deleteKey(appId: string, keyId: string): Promise<boolean>;
  insertSecret(secret: AppSecretRecord): Promise<void>;
  /** The app's client secrets, ACTIVE and INACTIVE, oldest first. */
  listSecrets(appId: string): Promise<readonly AppSecretRecord[]>;
  getSecret(appId: string, secretId: string): Promise<AppSecretRecord | undefined>;
  updateSecret(appId: string, secretId: string, change: (current: AppSecretRecord) => AppSecretRecord): Promise<AppSecretRecord | undefined>;
  deleteSecret(appId: string, secretId: string): Promise<boolean>;
  /** Deletes every secret of the app (a switch to a method without one, or a new secret replacing all). */
  deleteSecretsOf(appId: string): Promise<AppSecretRecord[]>;
  insertGrant(grant: AppGrantRecord): Promise<void>;
  /** The app's Okta API scope grants (`scopeId` = an `okta.*` scope), oldest first. */
  listGrants(appId: string): Promise<AppGrantRecord[]>;
  /** The `okta.*` scopes granted to the app now (the grants' `scopeId`s only: the token endpoint's read). */
  listGrantedScopes(appId: string): Promise<readonly string[]>;
  getGrant(appId: string, grantId: string): Promise<AppGrantRecord | undefined>;
  deleteGrant(appId: string, grantId: string): Promise<boolean>;
  /** Apps, active or not, whose network condition (`settings.oauthClient.network`) names the zone, in id order. */
  listUsingZone(zoneId: string): Promise<AppRecord[]>;
}

export interface SigningKeyRepository {
  insert(key: SigningKeyRecord): Promise<void>;
  /**
   * Inserts `key` only if there is no key at all, atomically across nodes (two nodes starting
   * together on an empty database make one key between them). False when a key was there.
   */
  insertFirst(key: SigningKeyRecord): Promise<boolean>;
  /** Active and retired keys, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /**
   * Marks every active key retired at `at` (rotation keeps them in the JWKS until their tokens
   * expire). Call it in the rotation's transaction: concurrent rotations wait for each other there.
   */
  retireActive(at: string): Promise<void>;
  /** Deletes keys retired before `before`. */
  purgeRetired(before: string): Promise<void>;
}

export interface ReplayRepository {
  /**
   * Records a single-use value (client assertion or DPoP proof `jti`) until `expires`.
   * Returns false when it was already used: a unique key in the database, so it holds across nodes.
   */
  use(key: string, expires: string): Promise<boolean>;
  /** Revokes an access token by its `jti` until it expires anyway. */
  revokeToken(jti: string, expires: string): Promise<void>;
  isTokenRevoked(jti: string): Promise<boolean>;
  /** Drops entries that expired before `now`. */
  purge(now: string): Promise<void>;
}

/** What a Bearer/DPoP access token's subject may do now, read live on every request (see `BearerStateRepository`; kept-reads.ts keeps it only while nothing is written). */
export interface BearerState {
  /** The token's `jti` is in the revocation list. */
  readonly revoked: boolean;
  /** The app's status; undefined when it no longer exists. */
  readonly appStatus: string | undefined;
  /** The `okta.*` scopes granted to the app now. */
  readonly grantedScopes: readonly string[];
  /** User-context tokens: the user's status and login now; undefined when the user no longer exists (or for client tokens). */
  readonly user: { readonly status: string; readonly login: string } | undefined;
  /** The subject's admin role types now: the user's (direct and through groups), or the client's. */
  readonly roles: readonly string[];
}

export interface BearerStateRepository {
  /**
   * Revocation, the app's status and grants, and the subject's status and roles, in one statement
   * (one round trip, one snapshot) instead of one query each: the Management API reads them on
   * every Bearer request so that a change applies at once on every node.
   */
  read(query: { readonly jti: string; readonly appId: string; readonly userId: string | undefined }): Promise<BearerState>;
}
