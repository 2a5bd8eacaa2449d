/**
 * Where the time of one `GET /api/v1/users/{id}` with an SSWS token goes, step by step, on
 * SQLite and without the network (`inject`, one request at a time). Not part of `npm run bench`;
 * run it when the throughput ratio needs explaining:
 *
 *   node --import tsx bench/hot-path.ts [iterations]
 *
 * Each line is the mean cost of one operation in microseconds, wall-clock and CPU (all threads:
 * it can exceed wall time when the garbage collector works beside the main thread). The raw
 * better-sqlite3 lines run the very SQL the repositories send (captured through Kysely's `log`),
 * prepared per call (Kysely's SQLite driver on its own) and prepared once (what
 * src/store/sqlite-statement-cache.ts gives Tessera). The last line rebuilds the app over a plain
 * Kysely connection, without that cache and without the reads the store keeps between requests
 * (src/store/kept-reads.ts), to show what the two are worth.
 */
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { buildApp } from '../src/app.js';
import { ENDPOINT_ACCESS } from '../src/auth/endpoint-access.js';
import { systemClock } from '../src/clock.js';
import { newRequestId } from '../src/crypto/random-id.js';
import { secretDigest } from '../src/crypto/secret-digest.js';
import { systemContext } from '../src/events/event-bus.js';
import { presentUser } from '../src/management/users/presenter.js';
import { createKyselyStore } from '../src/store/kysely/kysely-store.js';
import type { Database } from '../src/store/schema.js';
import { createUser } from '../test/fixtures/users.js';
import { STEP_COLUMNS, timeStep } from './step-timer.js';
import { startTessera } from './servers.js';

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 5000);
  const t = await startTessera('sqlite');
  try {
    const target = await createUser(t, {
      login: 'ada@example.com',
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      department: 'Engineering',
    });
    const url = `/api/v1/users/${target.id}`;
    const headers = { authorization: `SSWS ${t.token}` };
    const body = JSON.parse((await t.app.fastify.inject({ method: 'GET', url, headers })).body) as unknown;
    const bare = Fastify({ logger: false });
    bare.get('/bare/users/:userId', async () => body);
    await bare.ready();

    // The SQL the hot path sends, as the repositories build it.
    const captured: CompiledQuery[] = [];
    const raw = new BetterSqlite3(t.database.location);
    const logging = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: (event) => void captured.push(event.query) });
    const spy = createKyselyStore(logging, 'sqlite');
    // The same connection without kept reads: what each read costs right after a write.
    const unkept = createKyselyStore(t.database.db, 'sqlite');
    const digest = secretDigest(t.token);
    await spy.apiTokens.findForAuthentication(digest);
    await spy.users.get(target.id);

    console.log(`GET ${url} with SSWS, SQLite, ${iterations} iterations each, one at a time`);
    console.log(STEP_COLUMNS);
    await timeStep('whole request through fastify.inject (Tessera)', iterations, () => t.app.fastify.inject({ method: 'GET', url, headers }));
    await timeStep('whole request through fastify.inject (bare route, same body)', iterations, () => bare.inject({ method: 'GET', url: '/bare/users/x' }));
    await timeStep('  newRequestId (X-Okta-Request-Id, every request)', iterations, () => newRequestId());
    await timeStep('  rate-limit credential key (SHA-256 of the Authorization header)', iterations, () =>
      createHash('sha256').update(headers.authorization).digest('base64url'),
    );
    await timeStep('  ssws.authenticate (digest, then the state kept since the last read: no write since)', iterations, () =>
      t.app.services.ssws.authenticate(t.token, systemContext()),
    );
    await timeStep('    store.apiTokens.findForAuthentication, kept (no write since: the change marker only)', iterations, () =>
      t.store.apiTokens.findForAuthentication(digest),
    );
    await timeStep('    database.changes.current() (PRAGMA data_version: has another connection written?)', iterations, () => t.database.changes?.current());
    await timeStep('    apiTokens.findForAuthentication (token, owner, roles: one statement; read after a write)', iterations, () =>
      unkept.apiTokens.findForAuthentication(digest),
    );
    await timeStep('    secretDigest (SHA-256)', iterations, () => secretDigest(t.token));
    await timeStep('  store.users.get, kept (no write since)', iterations, () => t.store.users.get(target.id));
    await timeStep('  users.get (read after a write)', iterations, () => unkept.users.get(target.id));
    await timeStep('  presentUser', iterations, () => presentUser(target, t.app.services.config.orgUrl));
    const meter = t.app.services.meter;
    const endpoint = ENDPOINT_ACCESS['GET /api/v1/users/:userId'];
    if (meter !== undefined && endpoint !== undefined) {
      const use = {
        credentialType: 'API_TOKEN',
        credentialId: 'bench',
        at: Date.now(),
        ipAddress: '127.0.0.1',
        userAgent: 'bench',
        method: 'GET',
        route: '/api/v1/users/:userId',
        permission: 'okta.users.read',
        scope: 'okta.users.read',
        via: 'permission',
        outcome: 'SUCCESS',
        endpoint,
      } as const;
      await timeStep('  usage meter: record one use (onResponse; counted in memory)', iterations, () => meter.record(use));
    }
    await timeStep('  JSON.stringify of the answer (fast-json-stringify does the real work)', iterations, () => JSON.stringify(body));
    let prepareAndRun = 0;
    let preparedOnly = 0;
    for (const query of captured) {
      const params = [...query.parameters];
      const statement = raw.prepare(query.sql);
      const short = query.sql.slice(0, 60).replace(/\s+/g, ' ');
      prepareAndRun += await timeStep(`    raw: prepare + all: ${short}…`, iterations, () => raw.prepare(query.sql).all(params));
      preparedOnly += await timeStep(`    raw: statement prepared once, all only`, iterations, () => statement.all(params));
    }
    console.log(`${''.padStart(9)} ${prepareAndRun.toFixed(1).padStart(9)}  the 2 queries in raw better-sqlite3, prepared per call (Kysely's driver alone)`);
    console.log(
      `${''.padStart(9)} ${preparedOnly.toFixed(1).padStart(9)}  the 2 queries in raw better-sqlite3, prepared once (the floor of the database work)`,
    );

    // Comparison: the same app over a plain Kysely SQLite connection, without src/store/sqlite-statement-cache.ts.
    const plain = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(t.database.location) }) });
    const uncached = await buildApp({ config: t.app.services.config, store: createKyselyStore(plain, 'sqlite'), clock: systemClock });
    await timeStep('whole request, Tessera over plain Kysely (no statement cache, no kept reads: every read hits SQLite)', iterations, () =>
      uncached.fastify.inject({ method: 'GET', url, headers }),
    );
    await uncached.fastify.close();
    await plain.destroy();
    raw.close();
    await bare.close();
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
