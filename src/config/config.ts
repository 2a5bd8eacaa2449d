/**
 * The one configuration object. Every option is documented here, where it is declared,
 * and in the README's configuration table. `loadConfig` builds it from the environment
 * and fails fast with a message naming the bad variable.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from './duration.js';

/**
 * The admin console's build (`npm run build` writes it there with Vite): `<package root>/dist/web`,
 * found from this module's own place, which is `src/config/` under tsx and `dist/config/` once
 * built, two levels below the package root either way.
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface RateLimitConfig {
  /** Requests per window for each endpoint family, per node (shared limits come with PostgreSQL-backed buckets later). */
  readonly perMinute: Readonly<Record<RateLimitFamily, number>>;
  /** Share of a bucket one credential may use (Okta: 50 % by default). */
  readonly perCredentialShare: number;
  /** Window length in milliseconds (Okta: about 60 s). */
  readonly windowMs: number;
}

/**
 * Lockout after failed sign-ins (Okta's password policy "Lock out user after N unsuccessful
 * attempts"). The counter is per user and resets on a successful sign-in or an unlock.
 */
export interface LockoutConfig {
  /** Failures in a row that lock the user (`TESSERA_LOCKOUT_ATTEMPTS`, default 10 as Okta's default policy; 0 turns lockout off). */
  readonly maxAttempts: number;
  /**
   * How long a lock lasts before it lifts by itself, in ms (`TESSERA_LOCKOUT_DURATION`, an
   * ISO-8601 duration such as `PT15M`). 0, the default as in Okta's default policy, keeps the user
   * locked until an admin calls `/lifecycle/unlock`. A lock that lifts by itself bounds how long
   * anyone who knows a login can keep its owner out; API tokens keep working while locked.
   */
  readonly durationMs: number;
}

/** Browser sessions (the `sid` cookie) started by the sign-in page or a sessionToken. */
export interface SessionConfig {
  /** Idle lifetime in ms, slid forward on use (`TESSERA_SESSION_IDLE`, default `PT2H`: Okta's default global session policy). */
  readonly maxIdleMs: number;
  /** Absolute lifetime in ms whatever the use (`TESSERA_SESSION_LIFETIME`, default `P1D`). */
  readonly maxLifetimeMs: number;
}

/**
 * Time limits of every HTTP connection (Node's http.Server), so that a client sending its
 * headers or body a byte at a time, or holding connections open, cannot keep sockets forever
 * (Fastify otherwise turns Node's request timeout off). Durations are ISO-8601 (`PT30S`), whole
 * seconds, never 0: every connection is bounded.
 */
export interface ConnectionConfig {
  /** Time to receive a whole request, headers and body, in ms; 408 beyond (`TESSERA_REQUEST_TIMEOUT`, default `PT30S`). */
  readonly requestTimeoutMs: number;
  /** Time to receive the request headers, in ms; at most the request timeout (`TESSERA_HEADERS_TIMEOUT`, default `PT10S`). */
  readonly headersTimeoutMs: number;
  /**
   * How long an idle keep-alive connection waits for its next request, in ms
   * (`TESSERA_KEEP_ALIVE_TIMEOUT`, default `PT5S`). Behind a load balancer that reuses
   * connections, make it longer than the balancer's own idle timeout.
   */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (a response the client stops reading) is closed after this, in ms (`TESSERA_SOCKET_TIMEOUT`, default `PT60S`). */
  readonly socketTimeoutMs: number;
  /** How often the request and headers timeouts are checked, in ms: how late past them a slow request may be cut (`TESSERA_CONNECTIONS_CHECK_INTERVAL`, default `PT5S`). */
  readonly checkIntervalMs: number;
  /** Requests served on one keep-alive connection before the server closes it (`TESSERA_MAX_REQUESTS_PER_SOCKET`, default 1000). */
  readonly maxRequestsPerSocket: number;
}

/**
 * Password hashing: argon2id (RFC 9106), the first choice of the OWASP Password Storage Cheat
 * Sheet, in libuv's thread pool. New hashes are PHC strings carrying these parameters, so they
 * can be changed at any time: a stored hash of other parameters (or of the scrypt encoding used
 * before) still verifies, and is replaced by a current one at the user's next successful sign-in.
 * Memory is paid per hash in flight (at most UV_THREADPOOL_SIZE, default 4, at once).
 */
export interface PasswordHashConfig {
  /** Memory per hash in KiB (`TESSERA_ARGON2_MEMORY_KIB`, default 19456 = 19 MiB; 7168 to 1048576). */
  readonly memoryKiB: number;
  /** Passes over the memory (`TESSERA_ARGON2_ITERATIONS`, default 2; 1 to 20). */
  readonly iterations: number;
  /** Lanes (`TESSERA_ARGON2_PARALLELISM`, default 1; 1 to 16). */
  readonly parallelism: number;
}

/** OWASP's first argon2id configuration: m = 19 MiB, t = 2, p = 1. */
export const DEFAULT_PASSWORD_HASH: PasswordHashConfig = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };

/**
 * The argon2id floor: OWASP's configurations of equal strength (memory in KiB, passes), from
 * m = 46 MiB, t = 1 to m = 7 MiB, t = 5. Parameters must reach at least one of them.
 */
export const ARGON2_MINIMUMS: readonly (readonly [memoryKiB: number, iterations: number])[] = [
  [47_104, 1],
  [19_456, 2],
  [12_288, 3],
  [9_216, 4],
  [7_168, 5],
];

/** Upper bounds of the options, which also bound the parameters a stored hash may ask for. */
export const ARGON2_LIMITS = { memoryKiB: 1_048_576, iterations: 20, parallelism: 16 } as const;

/**
 * Event hooks (management/event-hooks/): the calls Tessera makes to a hook's URI. Okta gives a
 * call 3 seconds, retries at most once and never after a 4xx (developer.okta.com, "Event hooks",
 * Timeout and retry). Tessera keeps the 3 seconds and the 4xx rule but retries more by default,
 * with a delay that doubles each time: `TESSERA_EVENT_HOOK_MAX_ATTEMPTS=2` is Okta's one retry.
 */
export interface EventHookConfig {
  /** One call, from connecting to the last byte read, in ms (`TESSERA_EVENT_HOOK_TIMEOUT`, default `PT3S` as Okta; at most `PT30S`). */
  readonly timeoutMs: number;
  /** Attempts of one delivery, the first included (`TESSERA_EVENT_HOOK_MAX_ATTEMPTS`, default 5; 1 to 20; Okta makes 2). */
  readonly maxAttempts: number;
  /** Wait before the first retry, in ms, doubled before each next one up to an hour (`TESSERA_EVENT_HOOK_RETRY_DELAY`, default `PT1M`). */
  readonly retryDelayMs: number;
  /** How often each node looks for new events and for deliveries due, in ms (`TESSERA_EVENT_HOOK_POLL_INTERVAL`, default `PT2S`). */
  readonly pollIntervalMs: number;
  /** Finished deliveries and their attempts are deleted this long after they were created, in ms (`TESSERA_EVENT_HOOK_RETENTION`, default `P7D`). */
  readonly retentionMs: number;
  /** Bytes of a receiver's response read at most; the connection is cut beyond (`TESSERA_EVENT_HOOK_MAX_RESPONSE_BYTES`, default 65536). */
  readonly maxResponseBytes: number;
}

export type RateLimitFamily = 'users' | 'groups' | 'apps' | 'roles' | 'apiTokens' | 'logs' | 'authn' | 'oauth' | 'default';

/** Usage insights of the Management API's credentials (management/insights/). */
export interface UsageConfig {
  /** Record usage at all (`TESSERA_USAGE_INSIGHTS`: `on` or `off`, default on). */
  readonly enabled: boolean;
  /** How often a node adds what it counted to the store (`TESSERA_USAGE_FLUSH`, ISO-8601, default and at most PT60S). */
  readonly flushMs: number;
  /** Days of counts kept; older ones are purged (`TESSERA_USAGE_RETENTION_DAYS`, default 90). */
  readonly retentionDays: number;
}

export interface Config {
  /** TCP port (`PORT`, default 8080). */
  readonly port: number;
  /** Bind address (`HOST`, default 127.0.0.1). */
  readonly host: string;
  /** `sqlite:<file>`, `sqlite::memory:` or `postgres://…` (`DATABASE_URL`, default `sqlite:./data/tessera.db`). */
  readonly databaseUrl: string;
  /** Public base URL: every absolute link is built from it, never from the Host header (`TESSERA_ORG_URL`). */
  readonly orgUrl: string;
  /** First SUPER_ADMIN, created on first start when both are set (`TESSERA_ADMIN_EMAIL`, `TESSERA_ADMIN_PASSWORD`). */
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
  /** Default idle window of new API tokens as an ISO-8601 duration (`TESSERA_TOKEN_WINDOW`, default `P30D`). */
  readonly tokenWindow: string;
  /** How long before its idle expiry an API token is warned of in the System Log (`TESSERA_TOKEN_EXPIRY_WARNING`, default `P7D`; `0`: never). */
  readonly tokenExpiryWarningMs: number;
  /** Largest accepted request body in bytes (`TESSERA_BODY_LIMIT`, default 1 MiB). */
  readonly bodyLimit: number;
  /** Minimum interval between two persisted last-use writes of one API token (ms; default 60 000). */
  readonly tokenUseFlushMs: number;
  /** Trust `X-Forwarded-For` from these proxies (`TESSERA_TRUST_PROXY`: comma-separated addresses/CIDRs; default none). */
  readonly trustProxy: readonly string[];
  /** Fastify log level (`LOG_LEVEL`, default `info`; `silent` in tests). */
  readonly logLevel: string;
  readonly rateLimit: RateLimitConfig;
  /** Encrypts private keys at rest (`TESSERA_MASTER_KEY`, ≥ 32 characters; default: a 0600 key file beside the SQLite data; required with PostgreSQL). */
  readonly masterKey: string | undefined;
  /** Lifetime of access tokens in seconds (`TESSERA_ACCESS_TOKEN_LIFETIME`, default 3600, as Okta's org authorization server). */
  readonly accessTokenLifetimeSeconds: number;
  readonly lockout: LockoutConfig;
  readonly session: SessionConfig;
  readonly connection: ConnectionConfig;
  readonly passwordHash: PasswordHashConfig;
  readonly usage: UsageConfig;
  readonly eventHooks: EventHookConfig;
  /**
   * The admin console's files, served at /admin (`TESSERA_CONSOLE_DIR`, default
   * `<package root>/dist/web`; a relative path is taken from the working directory). Without an
   * `index.html` there the server still starts and /admin says to run `npm run build`.
   */
  readonly consoleDir: string;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitFamily, number>> = {
  users: 600,
  groups: 500,
  apps: 100,
  roles: 300,
  apiTokens: 100,
  logs: 120,
  authn: 600,
  oauth: 600,
  default: 1200,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** An ISO-8601 duration in ms; `allowZero` accepts `0`/`PT0S` (meaning "never" where documented). */
function duration(env: Env, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (allowZero && (raw === '0' || /^PT?0[SMHD]?$/.test(raw))) return 0;
  const ms = parseDuration(raw);
  if (ms === undefined) throw new ConfigError(`${name} must be an ISO-8601 duration such as PT15M, got "${raw}"`);
  return ms;
}

const HOUR_MS = 3_600_000;

/** A connection time limit: a duration of at most an hour. */
function timeLimit(env: Env, name: string, fallback: number): number {
  const ms = duration(env, name, fallback);
  if (ms > HOUR_MS) throw new ConfigError(`${name} must be at most PT1H, got "${env[name] ?? ''}"`);
  return ms;
}

function usageConfig(env: Env): UsageConfig {
  const switchValue = env['TESSERA_USAGE_INSIGHTS'] ?? 'on';
  if (switchValue !== 'on' && switchValue !== 'off') throw new ConfigError(`TESSERA_USAGE_INSIGHTS must be on or off, got "${switchValue}"`);
  const flushMs = duration(env, 'TESSERA_USAGE_FLUSH', 60_000);
  if (flushMs > 60_000) throw new ConfigError(`TESSERA_USAGE_FLUSH must be at most PT60S, got "${env['TESSERA_USAGE_FLUSH'] ?? ''}"`);
  return { enabled: switchValue === 'on', flushMs, retentionDays: integer(env, 'TESSERA_USAGE_RETENTION_DAYS', 90, 1, 3650) };
}

function connectionConfig(env: Env): ConnectionConfig {
  const requestTimeoutMs = timeLimit(env, 'TESSERA_REQUEST_TIMEOUT', 30_000);
  const headersTimeoutMs = timeLimit(env, 'TESSERA_HEADERS_TIMEOUT', Math.min(10_000, requestTimeoutMs));
  // Node refuses a headers timeout longer than the request timeout (it could never fire).
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('TESSERA_HEADERS_TIMEOUT must not be longer than TESSERA_REQUEST_TIMEOUT');
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: timeLimit(env, 'TESSERA_KEEP_ALIVE_TIMEOUT', 5_000),
    socketTimeoutMs: timeLimit(env, 'TESSERA_SOCKET_TIMEOUT', 60_000),
    checkIntervalMs: timeLimit(env, 'TESSERA_CONNECTIONS_CHECK_INTERVAL', 5_000),
    maxRequestsPerSocket: integer(env, 'TESSERA_MAX_REQUESTS_PER_SOCKET', 1000, 1, 1_000_000),
  };
}

function eventHookConfig(env: Env): EventHookConfig {
  const timeoutMs = duration(env, 'TESSERA_EVENT_HOOK_TIMEOUT', 3_000);
  if (timeoutMs > 30_000) throw new ConfigError(`TESSERA_EVENT_HOOK_TIMEOUT must be at most PT30S, got "${env['TESSERA_EVENT_HOOK_TIMEOUT'] ?? ''}"`);
  const retryDelayMs = duration(env, 'TESSERA_EVENT_HOOK_RETRY_DELAY', 60_000);
  if (retryDelayMs > HOUR_MS)
    throw new ConfigError(`TESSERA_EVENT_HOOK_RETRY_DELAY must be at most PT1H, got "${env['TESSERA_EVENT_HOOK_RETRY_DELAY'] ?? ''}"`);
  return {
    timeoutMs,
    maxAttempts: integer(env, 'TESSERA_EVENT_HOOK_MAX_ATTEMPTS', 5, 1, 20),
    retryDelayMs,
    pollIntervalMs: timeLimit(env, 'TESSERA_EVENT_HOOK_POLL_INTERVAL', 2_000),
    retentionMs: duration(env, 'TESSERA_EVENT_HOOK_RETENTION', 7 * 86_400_000),
    maxResponseBytes: integer(env, 'TESSERA_EVENT_HOOK_MAX_RESPONSE_BYTES', 65_536, 1024, 1_048_576),
  };
}

function passwordHashConfig(env: Env): PasswordHashConfig {
  const memoryKiB = integer(env, 'TESSERA_ARGON2_MEMORY_KIB', DEFAULT_PASSWORD_HASH.memoryKiB, 7_168, ARGON2_LIMITS.memoryKiB);
  const iterations = integer(env, 'TESSERA_ARGON2_ITERATIONS', DEFAULT_PASSWORD_HASH.iterations, 1, ARGON2_LIMITS.iterations);
  const parallelism = integer(env, 'TESSERA_ARGON2_PARALLELISM', DEFAULT_PASSWORD_HASH.parallelism, 1, ARGON2_LIMITS.parallelism);
  if (!ARGON2_MINIMUMS.some(([m, t]) => memoryKiB >= m && iterations >= t)) {
    const floor = ARGON2_MINIMUMS.map(([m, t]) => `${m} KiB × ${t}`).join(', ');
    throw new ConfigError(
      `TESSERA_ARGON2_MEMORY_KIB × TESSERA_ARGON2_ITERATIONS (${memoryKiB} KiB × ${iterations}) is below OWASP's argon2id minimum: reach one of ${floor}`,
    );
  }
  return { memoryKiB, iterations, parallelism };
}

function normaliseOrgUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TESSERA_ORG_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`TESSERA_ORG_URL must be http or https, got "${raw}"`);
  }
  if (url.search !== '' || url.hash !== '') throw new ConfigError('TESSERA_ORG_URL must not carry a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Builds the configuration from environment variables; throws ConfigError on the first bad one. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env['HOST'] ?? '127.0.0.1';
  const databaseUrl = env['DATABASE_URL'] ?? 'sqlite:./data/tessera.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
  }
  const orgUrl = normaliseOrgUrl(env['TESSERA_ORG_URL'] ?? `http://127.0.0.1:${port}`);
  const email = env['TESSERA_ADMIN_EMAIL'];
  const password = env['TESSERA_ADMIN_PASSWORD'];
  if ((email === undefined) !== (password === undefined)) {
    throw new ConfigError('TESSERA_ADMIN_EMAIL and TESSERA_ADMIN_PASSWORD must be set together');
  }
  const tokenWindow = env['TESSERA_TOKEN_WINDOW'] ?? 'P30D';
  if (parseDuration(tokenWindow) === undefined) {
    throw new ConfigError(`TESSERA_TOKEN_WINDOW must be an ISO-8601 duration such as P30D, got "${tokenWindow}"`);
  }
  const trustProxy = (env['TESSERA_TRUST_PROXY'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return {
    port,
    host,
    databaseUrl,
    orgUrl,
    bootstrapAdmin: email !== undefined && password !== undefined ? { email, password } : undefined,
    tokenWindow,
    tokenExpiryWarningMs: duration(env, 'TESSERA_TOKEN_EXPIRY_WARNING', 7 * 86_400_000, true),
    bodyLimit: integer(env, 'TESSERA_BODY_LIMIT', 1_048_576, 1024, 64 * 1_048_576),
    tokenUseFlushMs: 60_000,
    trustProxy,
    logLevel: env['LOG_LEVEL'] ?? 'info',
    rateLimit: { perMinute: DEFAULT_RATE_LIMITS, perCredentialShare: 0.5, windowMs: 60_000 },
    masterKey: env['TESSERA_MASTER_KEY'] === '' ? undefined : env['TESSERA_MASTER_KEY'],
    accessTokenLifetimeSeconds: integer(env, 'TESSERA_ACCESS_TOKEN_LIFETIME', 3600, 60, 86_400),
    lockout: {
      maxAttempts: integer(env, 'TESSERA_LOCKOUT_ATTEMPTS', 10, 0, 100),
      durationMs: duration(env, 'TESSERA_LOCKOUT_DURATION', 0, true),
    },
    session: {
      maxIdleMs: duration(env, 'TESSERA_SESSION_IDLE', 2 * 3_600_000),
      maxLifetimeMs: duration(env, 'TESSERA_SESSION_LIFETIME', 86_400_000),
    },
    connection: connectionConfig(env),
    passwordHash: passwordHashConfig(env),
    usage: usageConfig(env),
    eventHooks: eventHookConfig(env),
    consoleDir: env['TESSERA_CONSOLE_DIR'] === undefined || env['TESSERA_CONSOLE_DIR'] === '' ? DEFAULT_CONSOLE_DIR : resolve(env['TESSERA_CONSOLE_DIR']),
    ...overrides,
  };
}
