/**
 * The servers under test, started in the benchmark process: a real Tessera app (buildApp, the
 * system clock, LOG_LEVEL silent, bootstrapped as `npm start` does) with an SUPER_ADMIN's API
 * token, and a bare Fastify route as the baseline. A TesseraUnderTest is what the fixtures of
 * test/fixtures/ write into (its store, clock, org URL and admin; its events and password hasher
 * for users).
 */
import { randomBytes } from 'node:crypto';
import { freePort } from '../test/fixtures/free-port.js';
import Fastify from 'fastify';
import { buildApp, type App } from '../src/app.js';
import { bootstrap } from '../src/bootstrap.js';
import { systemClock, type Clock } from '../src/clock.js';
import { DEFAULT_RATE_LIMITS, loadConfig, type Config, type RateLimitFamily } from '../src/config/config.js';
import type { PasswordHasher } from '../src/crypto/password-hash.js';
import { type EventBus } from '../src/events/event-bus.js';
import type { Dialect } from '../src/store/database.js';
import { createStore } from '../src/store/create-store.js';
import type { Store } from '../src/store/store.js';
import { insertApiToken } from '../test/fixtures/tokens.js';
import { BENCH_POSTGRES_URL, openBenchDatabase, type BenchDatabase } from './databases.js';

export const ADMIN_EMAIL = 'bench.admin@example.com';
const ADMIN_PASSWORD = 'Bench-Admin-Passw0rd!';

export interface TesseraUnderTest {
  readonly app: App;
  readonly store: Store;
  readonly database: BenchDatabase;
  readonly events: EventBus;
  /** The system clock. */
  readonly clock: Clock;
  readonly passwordHasher: PasswordHasher;
  /** http://127.0.0.1:<port> (also the org URL, so that `Link` headers can be followed). */
  readonly baseUrl: string;
  readonly orgUrl: string;
  /** The SUPER_ADMIN's API token, sent as `Authorization: SSWS <token>`. */
  readonly token: string;
  /** Its id (its usage is counted under it). */
  readonly tokenId: string;
  readonly adminId: string;
  close(): Promise<void>;
}

/**
 * Rate limits are raised out of reach: at the defaults (600 users calls a minute, half of it per
 * token) the benchmark would measure 429s. The limiter still runs and counts every request. So is
 * the cap on requests per keep-alive connection (TESSERA_MAX_REQUESTS_PER_SOCKET, default 1000):
 * past it Node answers 503 to the requests a load generator has already sent on the connection.
 */
function unlimited(): Record<RateLimitFamily, number> {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const family of Object.keys(limits) as RateLimitFamily[]) limits[family] = 1_000_000_000;
  return limits;
}

export async function startTessera(dialect: Dialect): Promise<TesseraUnderTest> {
  const database = await openBenchDatabase(dialect);
  try {
    return await serveOn(database);
  } catch (error) {
    // A failed start must not leave a temporary directory or a schema behind.
    await database.dispose().catch(() => undefined);
    throw error;
  }
}

async function serveOn(database: BenchDatabase): Promise<TesseraUnderTest> {
  const store = createStore(database);
  const port = await freePort();
  const base = loadConfig({
    PORT: String(port),
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.dialect === 'sqlite' ? `sqlite:${database.location}` : BENCH_POSTGRES_URL,
    // Required with PostgreSQL (signing keys are encrypted at rest); one per run, as nothing outlives it.
    TESSERA_MASTER_KEY: randomBytes(32).toString('hex'),
    TESSERA_MAX_REQUESTS_PER_SOCKET: '1000000',
  });
  const config = { ...base, rateLimit: { ...base.rateLimit, perMinute: unlimited() } };
  const app = await buildApp({ config, store, clock: systemClock });
  const { events } = app.services;
  await bootstrap(app.services, { tokenWindow: config.tokenWindow, orgUrl: config.orgUrl, admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  const admin = await store.users.getByLogin(ADMIN_EMAIL);
  if (admin === undefined) throw new Error('bootstrap did not create the admin');
  const { token, tokenId } = await insertApiToken({ store, clock: systemClock }, admin.id, { name: 'bench', tokenWindow: config.tokenWindow });
  try {
    await app.fastify.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await app.fastify.close();
    throw error;
  }
  return {
    app,
    store,
    database,
    events,
    clock: systemClock,
    passwordHasher: app.services.passwordHasher,
    baseUrl: `http://127.0.0.1:${port}`,
    orgUrl: config.orgUrl,
    token,
    tokenId,
    adminId: admin.id,
    async close() {
      await app.fastify.close();
      await database.dispose();
    },
  };
}

/**
 * A second node of `t` on the same database, with some settings changed (usage insights off, for
 * the side-by-side rounds): its own app and port, the same data and token.
 */
export async function startSibling(t: TesseraUnderTest, overrides: Partial<Config>): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const port = await freePort();
  const app = await buildApp({ config: { ...t.app.services.config, ...overrides, port }, store: t.store, clock: systemClock });
  try {
    await app.fastify.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await app.fastify.close();
    throw error;
  }
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.fastify.close() };
}

/** The user whose `GET /api/v1/users/{id}` the SSWS and Bearer rounds read. */
export const ADA = {
  login: 'ada.lovelace@example.com',
  email: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  department: 'Engineering',
  employeeNumber: '1815',
} as const;

/** The baseline: one Fastify route, no hooks, no database, answering `body` as JSON. */
export async function startBare(body: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const fastify = Fastify({ logger: false });
  fastify.get('/bare/users/:userId', async () => body);
  const port = await freePort();
  await fastify.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}/bare/users/00ubare`, close: () => fastify.close() };
}
