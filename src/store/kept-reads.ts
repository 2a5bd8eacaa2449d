/**
 * Kept reads: a Store that answers the reads every authenticated request makes from memory while
 * the database's change marker stands still (change-marker.ts), so that they stay live without a
 * query each. Kept are an API token with its owner, the owner's roles and the network zones its
 * condition names, an access token's live state, a user by id, and what the token endpoint reads
 * of a client: the app, its keys, its secrets, its granted scopes and the network zones its
 * condition names. Everything else, every write and every read inside a transaction (which
 * reads what it is about to change, under its locks) is the wrapped store's.
 *
 * A kept entry is trusted only while no write that may change a read has happened since it was
 * read, by this process or by any other connection to the database, so a revocation, a role
 * removed or an app deactivated applies on the next request. Spending a `jti` and appending to
 * the System Log do not count (sqlite-change-marker.ts): no kept read depends on them, and every
 * token request does both. A read that found nothing is not kept, so guessing fills nothing; the
 * list and live-state reads are kept whatever they hold, as callers ask for them only about an
 * app or a token they have found or verified.
 *
 * Without a marker (PostgreSQL, where other nodes write without telling this one) it is the
 * store itself. Kept values are shared by every caller until the next write: the record types
 * are read-only for that reason.
 */
import { MarkedCache, type ChangeMarker } from './change-marker.js';
import type { AppKeyRecord, AppRecord, AppSecretRecord } from './oauth-records.js';
import type { BearerState } from './oauth-store.js';
import type { NetworkZoneRecord, UserRecord } from './records.js';
import type { Store, TokenForAuthentication } from './store.js';

export function keptReads(store: Store, changes: ChangeMarker | undefined): Store {
  if (changes === undefined) return store;
  const tokens = new MarkedCache<string, TokenForAuthentication | undefined>(changes);
  const bearer = new MarkedCache<string, BearerState>(changes);
  const users = new MarkedCache<string, UserRecord | undefined>(changes);
  const apps = new MarkedCache<string, AppRecord | undefined>(changes);
  const keys = new MarkedCache<string, readonly AppKeyRecord[]>(changes);
  const secrets = new MarkedCache<string, readonly AppSecretRecord[]>(changes);
  const grantedScopes = new MarkedCache<string, readonly string[]>(changes);
  const zones = new MarkedCache<string, readonly NetworkZoneRecord[]>(changes);
  return {
    ...store,
    apiTokens: overriding(store.apiTokens, {
      findForAuthentication: (digest) => tokens.get(digest, () => store.apiTokens.findForAuthentication(digest), found),
    }),
    // The key holds all three parts exactly (a JSON array), so that no two queries share an entry.
    bearer: overriding(store.bearer, {
      read: (query) => bearer.get(JSON.stringify([query.jti, query.appId, query.userId ?? null]), () => store.bearer.read(query), always),
    }),
    users: overriding(store.users, {
      get: (id) => users.get(id, () => store.users.get(id), found),
    }),
    apps: overriding(store.apps, {
      get: (id) => apps.get(id, () => store.apps.get(id), found),
      listKeys: (appId) => keys.get(appId, () => store.apps.listKeys(appId), always),
      listSecrets: (appId) => secrets.get(appId, () => store.apps.listSecrets(appId), always),
      listGrantedScopes: (appId) => grantedScopes.get(appId, () => store.apps.listGrantedScopes(appId), always),
    }),
    // Asked only for the zones an app's network condition names (the token endpoint); the key
    // holds the ids exactly (a JSON array).
    networkZones: overriding(store.networkZones, {
      getMany: (ids) => zones.get(JSON.stringify(ids), () => store.networkZones.getMany(ids), always),
    }),
  };
}

const found = (value: unknown): boolean => value !== undefined;
const always = (): boolean => true;

/**
 * `repository` with `reads` in place of its methods of those names. Every other member is found
 * on the repository itself (the prototype of the result), so writes and methods added later pass
 * through untouched, with `this` still reaching the repository's own fields.
 */
function overriding<R extends object>(repository: R, reads: Partial<R>): R {
  return Object.assign(Object.create(repository) as R, reads);
}
