/**
 * Kept reads (src/store/kept-reads.ts): on SQLite, the reads every request makes (an API token
 * with its owner, an access token's live state, a user by id, an app with its keys, secrets and
 * granted scopes) are answered without a query while nothing has been written; every repository
 * write that can change a read, and a commit of a second connection to the file, makes the next
 * read query again. Spending a `jti` and appending to the System Log do not. On PostgreSQL
 * nothing is kept: every read is a query. Queries are counted as Kysely runs them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  SqliteDialect,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { createStore } from '../../src/store/create-store.js';
import { keptReads } from '../../src/store/kept-reads.js';
import { createKyselyStore } from '../../src/store/kysely/kysely-store.js';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { openTestDatabase, storeKinds, type TestDatabase } from '../helpers/databases.js';
import { runConformance } from './conformance.js';
import {
  at,
  newApiToken,
  newApp,
  newAppGrant,
  newAppKey,
  newAppSecret,
  newDelivery,
  newEventHook,
  newLogEvent,
  newNetworkZone,
  newRole,
  newUser,
} from './records.js';
import { writesThatChangeReads } from './writes.js';

/** Counts the queries Kysely runs (every execution, prepared once or not). */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++;
    return args.result;
  }
}

/** The store with kept reads, as the server composes it, over a connection whose queries are counted. */
function countedStore(database: TestDatabase): { store: Store; queries: QueryCounter } {
  const queries = new QueryCounter();
  return { store: createStore({ ...database, db: database.db.withPlugin(queries) }), queries };
}

/** A user holding a role, with an API token; an app with a key, a secret and a grant; an access token's id. */
async function probeRecords(store: Store) {
  const user = newUser();
  const token = newApiToken(user.id);
  const zone = newNetworkZone();
  const zonedToken = newApiToken(user.id, { network: { connection: 'ZONE', include: [zone.id] } });
  const app = newApp();
  await store.users.insert(user);
  await store.roles.insert(newRole('USER', user.id, 'READ_ONLY_ADMIN'));
  await store.apiTokens.insert(token);
  await store.networkZones.insert(zone);
  await store.apiTokens.insert(zonedToken);
  await store.apps.insert(app);
  await store.apps.insertKey(newAppKey(app.id));
  await store.apps.insertSecret(newAppSecret(app.id));
  await store.apps.insertGrant(newAppGrant(app.id, 'okta.users.read'));
  return { user, token, zonedToken, zone, app, jti: randomUUID() };
}

type Probe = readonly [name: string, read: () => Promise<unknown>];

/** Each kept read, over the probe records. */
function keptProbes(store: Store, records: Awaited<ReturnType<typeof probeRecords>>): readonly Probe[] {
  const { user, token, zonedToken, zone, app, jti } = records;
  return [
    ['apiTokens.findForAuthentication', () => store.apiTokens.findForAuthentication(token.tokenDigest)],
    ['apiTokens.findForAuthentication with its network zones', () => store.apiTokens.findForAuthentication(zonedToken.tokenDigest)],
    ['bearer.read', () => store.bearer.read({ jti, appId: app.id, userId: user.id })],
    ['users.get', () => store.users.get(user.id)],
    ['apps.get', () => store.apps.get(app.id)],
    ['apps.listKeys', () => store.apps.listKeys(app.id)],
    ['apps.listSecrets', () => store.apps.listSecrets(app.id)],
    ['apps.listGrantedScopes', () => store.apps.listGrantedScopes(app.id)],
    ['networkZones.getMany', () => store.networkZones.getMany([zone.id])],
  ];
}

/** The queries `read` ran, and what it answered. */
async function counted(queries: QueryCounter, read: () => Promise<unknown>): Promise<{ ran: number; value: unknown }> {
  const before = queries.count;
  const value = await read();
  return { ran: queries.count - before, value };
}

/** Reads every probe so that it is kept (where anything is), and checks that the next read of each runs `expected` queries. */
async function assertKept(queries: QueryCounter, probes: readonly Probe[], kept: boolean, after: string): Promise<void> {
  for (const [name, read] of probes) {
    const first = await counted(queries, read);
    const again = await counted(queries, read);
    if (kept) {
      assert.equal(again.ran, 0, `${name} after ${after}: answered without a query`);
      assert.equal(again.value, first.value, `${name} after ${after}: the very record read before`);
    } else {
      assert.ok(again.ran > 0, `${name} after ${after}: read from the database`);
      assert.deepEqual(again.value, first.value);
    }
  }
}

/** Runs `write`, then checks that every probe kept before is still answered without a query (SQLite). */
async function assertStillKeptAfter(
  queries: QueryCounter,
  probes: readonly Probe[],
  kept: boolean,
  name: string,
  write: () => Promise<unknown>,
): Promise<void> {
  await write();
  for (const [probe, read] of probes) {
    const { ran } = await counted(queries, read);
    if (kept) assert.equal(ran, 0, `${probe} after ${name}: still kept`);
  }
}

await runConformance('kept reads', {
  'a kept read is answered without a query while nothing is written (SQLite); on PostgreSQL every read is a query': async (_store, { kind, database }) => {
    const { store, queries } = countedStore(database);
    const probes = keptProbes(store, await probeRecords(store));
    await assertKept(queries, probes, kind === 'sqlite', 'the inserts');
    if (kind === 'postgres') {
      const plain = createKyselyStore(database.db, database.dialect);
      assert.equal(keptReads(plain, database.changes), plain, 'without a marker the store itself');
    }
  },

  'a token and the zones its network condition names are one query, and kept as one read': async (_store, { kind, database }) => {
    const { store, queries } = countedStore(database);
    const { zonedToken } = await probeRecords(store);
    const first = await counted(queries, () => store.apiTokens.findForAuthentication(zonedToken.tokenDigest));
    assert.equal(first.ran, 1, 'one statement');
    assert.equal((first.value as { networkZones: readonly unknown[] }).networkZones.length, 1);
    assert.equal((await counted(queries, () => store.apiTokens.findForAuthentication(zonedToken.tokenDigest))).ran, kind === 'sqlite' ? 0 : 1);
  },

  'every write that can change a read makes the next read query again': async (_store, { kind, database }) => {
    const { store, queries } = countedStore(database);
    const probes = keptProbes(store, await probeRecords(store));
    for (const [name, write] of writesThatChangeReads(store)) {
      await assertKept(queries, probes, kind === 'sqlite', 'a read');
      await write();
      for (const [probe, read] of probes) assert.ok((await counted(queries, read)).ran > 0, `${probe} read again after ${name}`);
    }
  },

  'spending a jti and appending to the System Log leave kept reads kept': async (_store, { kind, database }) => {
    const { store, queries } = countedStore(database);
    const probes = keptProbes(store, await probeRecords(store));
    await assertKept(queries, probes, kind === 'sqlite', 'the inserts');
    // Read right after each write: a second read would be kept even if the write had moved the marker.
    await assertStillKeptAfter(queries, probes, kind === 'sqlite', 'replay.use', async () =>
      assert.equal(await store.replay.use(`assertion:${randomUUID()}`, at(5)), true),
    );
    await assertStillKeptAfter(queries, probes, kind === 'sqlite', 'logs.append', () => store.logs.append([newLogEvent()]));
  },

  "the event hook worker's writes (scan cursor, deliveries, leases, attempts, purge) leave kept reads kept": async (_store, { kind, database }) => {
    const { store, queries } = countedStore(database);
    const probes = keptProbes(store, await probeRecords(store));
    const hook = newEventHook();
    await store.eventHooks.insert(hook);
    await assertKept(queries, probes, kind === 'sqlite', 'the inserts');
    const stillKept = (name: string, write: () => Promise<unknown>) => assertStillKeptAfter(queries, probes, kind === 'sqlite', name, write);
    const delivery = newDelivery(hook.id);
    await stillKept('eventHookDeliveries.recordScan', async () =>
      assert.equal(await store.eventHookDeliveries.recordScan(await store.eventHookDeliveries.cursor(), 7, [delivery]), true),
    );
    const token = randomUUID();
    await stillKept('eventHookDeliveries.claimDue', () => store.eventHookDeliveries.claimDue({ now: at(1), leaseUntil: at(2), token, limit: 1 }));
    const attempt = { deliveryId: delivery.id, attempt: 1, started: at(1), durationMs: 3, statusCode: 204, error: null, outcome: 'SUCCESS' } as const;
    await stillKept('eventHookDeliveries.finish', () =>
      store.eventHookDeliveries.finish({ id: delivery.id, leaseToken: token }, attempt, {
        status: 'DELIVERED',
        nextAttemptAt: null,
        lastError: null,
        at: at(1),
      }),
    );
    await stillKept('eventHookDeliveries.purgeFinished', async () => assert.equal(await store.eventHookDeliveries.purgeFinished(at(10)), 1));
  },

  'what a read did not find is not kept, and reads inside a transaction are never kept': async (_store, { database }) => {
    const { store, queries } = countedStore(database);
    const { user } = await probeRecords(store);
    for (let i = 0; i < 2; i++) assert.equal((await counted(queries, () => store.users.get(newUser().id))).ran, 1, 'an unknown id is a query each time');
    await store.users.get(user.id);
    for (let i = 0; i < 2; i++) {
      const read = await counted(queries, () => store.transaction((tx) => tx.users.get(user.id)));
      assert.ok(read.ran > 0, 'a transaction reads the database');
      assert.deepEqual(read.value, user);
    }
  },

  'writes reach the store underneath, and a read after one sees it': async (_store, { database }) => {
    const { store } = countedStore(database);
    const { user, app } = await probeRecords(store);
    assert.equal((await store.users.get(user.id))?.status, 'ACTIVE');
    await store.users.update(user.id, (u) => ({ ...u, status: 'SUSPENDED' }));
    assert.equal((await store.users.get(user.id))?.status, 'SUSPENDED');
    assert.deepEqual(await store.apps.listGrantedScopes(app.id), ['okta.users.read']);
    await store.transaction(async (tx) => {
      const grants = await tx.apps.listGrants(app.id);
      for (const grant of grants) await tx.apps.deleteGrant(app.id, grant.id);
    });
    assert.deepEqual(await store.apps.listGrantedScopes(app.id), []);
  },
});

for (const kind of await storeKinds()) {
  describe(`store conformance: kept reads and another connection's commits (${kind})`, () => {
    let dir: string | undefined;
    let database: TestDatabase;
    /** Another writer: a second SQLite connection to the file (the CLI, a second process), or PostgreSQL itself. */
    let other: Kysely<Database>;

    before(async () => {
      if (kind === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'tessera-kept-'));
        const file = join(dir, 'tessera.db');
        database = await openTestDatabase(kind, file);
        other = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      } else {
        database = await openTestDatabase(kind);
        other = database.db;
      }
    });
    after(async () => {
      if (other !== database.db) await other.destroy();
      await database.dispose();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('a commit of another connection makes the next read of each kept read see it', async () => {
      const { store, queries } = countedStore(database);
      const records = await probeRecords(store);
      const { user, token, app, jti } = records;
      const probes = keptProbes(store, records);
      const changes: readonly (readonly [string, () => Promise<unknown>, () => Promise<void>])[] = [
        [
          'a user suspended',
          () => other.updateTable('users').set({ status: 'SUSPENDED' }).where('id', '=', user.id).execute(),
          async () => {
            assert.equal((await store.users.get(user.id))?.status, 'SUSPENDED');
            assert.equal((await store.apiTokens.findForAuthentication(token.tokenDigest))?.ownerStatus, 'SUSPENDED');
            assert.equal((await store.bearer.read({ jti, appId: app.id, userId: user.id })).user?.status, 'SUSPENDED');
          },
        ],
        [
          'a role removed',
          () => other.deleteFrom('role_assignments').where('principal_id', '=', user.id).execute(),
          async () => assert.deepEqual((await store.apiTokens.findForAuthentication(token.tokenDigest))?.ownerRoles, []),
        ],
        [
          'an access token revoked',
          () =>
            other
              .insertInto('revoked_tokens')
              .values({ jti, expires: at(60) })
              .execute(),
          async () => assert.equal((await store.bearer.read({ jti, appId: app.id, userId: user.id })).revoked, true),
        ],
        [
          'an app deactivated',
          () => other.updateTable('apps').set({ status: 'INACTIVE' }).where('id', '=', app.id).execute(),
          async () => assert.equal((await store.apps.get(app.id))?.status, 'INACTIVE'),
        ],
        [
          'a key deactivated',
          () => other.updateTable('app_keys').set({ status: 'INACTIVE' }).where('app_id', '=', app.id).execute(),
          async () =>
            assert.deepEqual(
              (await store.apps.listKeys(app.id)).map((k) => k.status),
              ['INACTIVE'],
            ),
        ],
        [
          'a secret deactivated',
          () => other.updateTable('app_secrets').set({ status: 'INACTIVE' }).where('app_id', '=', app.id).execute(),
          async () =>
            assert.deepEqual(
              (await store.apps.listSecrets(app.id)).map((s) => s.status),
              ['INACTIVE'],
            ),
        ],
        [
          'a grant removed',
          () => other.deleteFrom('app_grants').where('app_id', '=', app.id).execute(),
          async () => assert.deepEqual(await store.apps.listGrantedScopes(app.id), []),
        ],
      ];
      let previous = 'the inserts';
      for (const [what, write, check] of changes) {
        await assertKept(queries, probes, kind === 'sqlite', previous);
        await write();
        await check();
        previous = what;
      }
    });
  });
}
