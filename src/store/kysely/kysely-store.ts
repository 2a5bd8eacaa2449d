/** The Store over one Kysely instance; `transaction` rebinds every repository to the transaction. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { KyselyApiTokenRepository } from './api-tokens.js';
import { KyselyAppRepository } from './apps.js';
import { KyselyBearerStateRepository } from './bearer-state.js';
import { KyselyReplayRepository, KyselySigningKeyRepository } from './signing-keys.js';
import { KyselyGroupRepository } from './groups.js';
import { KyselyLogRepository } from './logs.js';
import { KyselyNetworkZoneRepository } from './network-zones.js';
import { KyselyOrgRepository } from './org.js';
import { KyselyRoleRepository } from './roles.js';
import { KyselySessionRepository } from './sessions.js';
import { KyselyAuthorizationRepository } from './authorization.js';
import { KyselyEventHookDeliveryRepository } from './event-hook-deliveries.js';
import { KyselyEventHookRepository } from './event-hooks.js';
import { KyselyUserRepository } from './users.js';
import { KyselyUsageRepository } from './usage.js';

/** Every read is a query here; createStore (create-store.ts) adds the reads kept between requests. */
export function createKyselyStore(db: Kysely<Database>, dialect: Dialect): Store {
  return bind(db, dialect, false);
}

function bind(db: Kysely<Database>, dialect: Dialect, inTransaction: boolean): Store {
  const store: Store = {
    org: new KyselyOrgRepository(db, dialect),
    users: new KyselyUserRepository(db, dialect),
    groups: new KyselyGroupRepository(db, dialect),
    roles: new KyselyRoleRepository(db, dialect),
    apiTokens: new KyselyApiTokenRepository(db, dialect),
    networkZones: new KyselyNetworkZoneRepository(db, dialect),
    logs: new KyselyLogRepository(db, dialect),
    apps: new KyselyAppRepository(db, dialect),
    signingKeys: new KyselySigningKeyRepository(db, dialect),
    replay: new KyselyReplayRepository(db, dialect),
    bearer: new KyselyBearerStateRepository(db),
    sessions: new KyselySessionRepository(db),
    authorization: new KyselyAuthorizationRepository(db),
    usage: new KyselyUsageRepository(db),
    eventHooks: new KyselyEventHookRepository(db, dialect),
    eventHookDeliveries: new KyselyEventHookDeliveryRepository(db, dialect),
    async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
      if (inTransaction) return work(store);
      return db.transaction().execute((trx) => work(bind(trx, dialect, true)));
    },
  };
  return store;
}
