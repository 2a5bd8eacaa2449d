/**
 * What the token endpoint reads of a client on every request (the app, its ACTIVE keys or
 * secrets, its granted `okta.*` scopes), kept under the store's change marker (store/change-marker.ts): an
 * entry is answered only while nothing has been written since it was read, by this process or
 * any other, so a deactivated app, a key deactivated or deleted, or a grant revoked is refused
 * on the very next request. Without a marker (PostgreSQL) every call reads the database. Why the
 * endpoint's own writes leave these reads kept: docs/design/token-endpoint.md.
 */
import { MarkedCache } from '../store/change-marker.js';
import type { AppKeyRecord, AppRecord } from '../store/oauth-records.js';
import type { Store } from '../store/store.js';

export class ClientReads {
  private readonly apps: MarkedCache<string, AppRecord | undefined>;
  private readonly keys: MarkedCache<string, readonly AppKeyRecord[]>;
  private readonly grants: MarkedCache<string, ReadonlySet<string>>;
  private readonly secrets: MarkedCache<string, readonly string[]>;

  constructor(private readonly store: Store) {
    this.apps = new MarkedCache(store.changes);
    this.keys = new MarkedCache(store.changes);
    this.grants = new MarkedCache(store.changes);
    this.secrets = new MarkedCache(store.changes);
  }

  /** The app whose `client_id` (= app id) this is; unknown ids are not kept, so guessing fills nothing. */
  app(clientId: string): Promise<AppRecord | undefined> {
    return this.apps.get(
      clientId,
      () => this.store.apps.get(clientId),
      (app) => app !== undefined,
    );
  }

  /** The app's keys whose status is ACTIVE. */
  activeKeys(appId: string): Promise<readonly AppKeyRecord[]> {
    return this.keys.get(
      appId,
      async () => (await this.store.apps.listKeys(appId)).filter((k) => k.status === 'ACTIVE'),
      () => true,
    );
  }

  /** The digests of the app's client secrets whose status is ACTIVE. */
  activeSecretDigests(appId: string): Promise<readonly string[]> {
    return this.secrets.get(
      appId,
      async () => (await this.store.apps.listSecrets(appId)).filter((s) => s.status === 'ACTIVE').map((s) => s.digest),
      () => true,
    );
  }

  /** The `okta.*` scope ids granted to the app. */
  grantedScopes(appId: string): Promise<ReadonlySet<string>> {
    return this.grants.get(
      appId,
      async () => new Set(await this.store.apps.listGrantedScopes(appId)),
      () => true,
    );
  }
}
