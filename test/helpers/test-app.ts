/**
 * A Tessera app for tests: a fresh database (SQLite in memory or a PostgreSQL schema), a manual
 * clock, a SUPER_ADMIN with an API token, and helpers to call the API through `inject` or over
 * real HTTP on 127.0.0.1.
 */
import { freePort } from '../fixtures/free-port.js';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { createSuperAdmin } from '../../src/bootstrap.js';
import { ensureOrg } from '../../src/bootstrap.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createStore } from '../../src/store/create-store.js';
import type { UserRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import type { FixtureOrg } from '../fixtures/org.js';
import { assignRoles } from '../fixtures/roles.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { openTestDatabase, type StoreKind, type TestDatabase } from './databases.js';

export interface TestPrincipal {
  readonly user: UserRecord;
  readonly token: string;
  readonly tokenId: string;
}

export interface TestApp {
  readonly kind: StoreKind;
  readonly app: App;
  readonly store: Store;
  readonly clock: ManualClock;
  readonly config: Config;
  readonly database: TestDatabase;
  /** The bootstrap SUPER_ADMIN and an API token of theirs. */
  readonly admin: TestPrincipal;
  /** Base URL when started with `listen: true`. */
  readonly baseUrl: string;
  request(method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  /** An API token (sent as SSWS), or a full Authorization header value, or null for none. */
  readonly token?: string | null;
  readonly authorization?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TestAppOptions {
  readonly listen?: boolean;
  readonly config?: Partial<Config>;
  readonly clock?: ManualClock;
  /** SQLite only: keep the database in this file rather than in memory. */
  readonly sqliteFile?: string;
  /** PostgreSQL only: the URL the server connects to (default POSTGRES_URL). */
  readonly postgresUrl?: string;
}

/** Tests never write a key file: the master key is given. */
export const TEST_MASTER_KEY = 'test-master-key-0123456789abcdef0123456789abcdef';

export async function startTestApp(kind: StoreKind, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind, options.sqliteFile, options.postgresUrl);
  const clock = options.clock ?? new ManualClock(Date.now());
  const store = createStore(database);
  const port = options.listen === true ? await freePort() : 8080;
  const config = loadConfig({ PORT: String(port), LOG_LEVEL: 'silent', TESSERA_MASTER_KEY: TEST_MASTER_KEY }, { ...options.config });
  await ensureOrg(store, clock, config.tokenWindow);
  const app = await buildApp({ config, store, clock });
  const adminUser = await createSuperAdmin(app.services, 'admin@example.com', 'Admin-Passw0rd!');
  const adminToken = await insertApiToken({ store, clock }, adminUser.id, { name: 'admin token' });
  if (options.listen === true) await app.fastify.listen({ port, host: '127.0.0.1' });
  return {
    kind,
    app,
    store,
    clock,
    config,
    database,
    admin: { user: adminUser, ...adminToken },
    baseUrl: `http://127.0.0.1:${port}`,
    request(method, url, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.authorization !== undefined) headers['authorization'] = requestOptions.authorization;
      else if (requestOptions.token !== null) headers['authorization'] = `SSWS ${requestOptions.token ?? adminToken.token}`;
      const body = requestOptions.body;
      return app.fastify.inject({
        method,
        url,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async close() {
      await app.fastify.close();
      await database.dispose();
    },
  };
}

/** A user holding `roles`, with an API token. */
export async function userWithRoles(t: TestApp, login: string, roles: readonly string[]): Promise<TestPrincipal> {
  const created = await t.request('POST', '/api/v1/users?activate=true', {
    body: { profile: { login, email: login, firstName: 'Test', lastName: 'User' }, credentials: { password: { value: 'Passw0rd-Test!' } } },
  });
  if (created.statusCode !== 200) throw new Error(`user create failed: ${created.body}`);
  const user = created.json<{ id: string }>();
  await assignRoles(t, 'USER', user.id, roles);
  const record = await t.store.users.get(user.id);
  if (record === undefined) throw new Error('user vanished');
  return { user: record, ...(await insertApiToken(t, user.id, { name: `${login} token` })) };
}

/** The test app as the fixtures (test/fixtures/) see it: its store, clock, org URL and admin. */
export function fixtureOrg(t: TestApp): FixtureOrg {
  return { store: t.store, clock: t.clock, orgUrl: t.config.orgUrl, adminId: t.admin.user.id };
}
