/** The connection time limits: documented defaults, and a bad value stops the start with a message naming it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_CONSOLE_DIR, DEFAULT_PASSWORD_HASH, loadConfig } from './config.js';

describe('connection time limits configuration', () => {
  it('defaults to 30 s per request, 10 s for headers, 5 s keep-alive, 60 s socket idle, checked every 5 s, 1000 requests a connection', () => {
    assert.deepEqual(loadConfig({}).connection, {
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      socketTimeoutMs: 60_000,
      checkIntervalMs: 5_000,
      maxRequestsPerSocket: 1000,
    });
  });

  it('reads ISO-8601 durations', () => {
    const connection = loadConfig({
      TESSERA_REQUEST_TIMEOUT: 'PT2M',
      TESSERA_HEADERS_TIMEOUT: 'PT20S',
      TESSERA_KEEP_ALIVE_TIMEOUT: 'PT65S',
      TESSERA_SOCKET_TIMEOUT: 'PT3M',
      TESSERA_CONNECTIONS_CHECK_INTERVAL: 'PT1S',
      TESSERA_MAX_REQUESTS_PER_SOCKET: '50',
    }).connection;
    assert.deepEqual(connection, {
      requestTimeoutMs: 120_000,
      headersTimeoutMs: 20_000,
      keepAliveTimeoutMs: 65_000,
      socketTimeoutMs: 180_000,
      checkIntervalMs: 1000,
      maxRequestsPerSocket: 50,
    });
  });

  it('keeps the headers timeout within a shorter request timeout by default', () => {
    assert.equal(loadConfig({ TESSERA_REQUEST_TIMEOUT: 'PT5S' }).connection.headersTimeoutMs, 5_000);
  });

  const refused: ReadonlyArray<readonly [Record<string, string>, RegExp]> = [
    [{ TESSERA_REQUEST_TIMEOUT: '30' }, /^TESSERA_REQUEST_TIMEOUT must be an ISO-8601 duration/],
    [{ TESSERA_REQUEST_TIMEOUT: 'PT0S' }, /^TESSERA_REQUEST_TIMEOUT must be an ISO-8601 duration/],
    [{ TESSERA_KEEP_ALIVE_TIMEOUT: 'soon' }, /^TESSERA_KEEP_ALIVE_TIMEOUT must be an ISO-8601 duration/],
    [{ TESSERA_SOCKET_TIMEOUT: 'P1D' }, /^TESSERA_SOCKET_TIMEOUT must be at most PT1H/],
    [{ TESSERA_CONNECTIONS_CHECK_INTERVAL: '-1' }, /^TESSERA_CONNECTIONS_CHECK_INTERVAL must be an ISO-8601 duration/],
    [{ TESSERA_HEADERS_TIMEOUT: 'PT40S' }, /^TESSERA_HEADERS_TIMEOUT must not be longer than TESSERA_REQUEST_TIMEOUT/],
    [{ TESSERA_MAX_REQUESTS_PER_SOCKET: '0' }, /^TESSERA_MAX_REQUESTS_PER_SOCKET must be between 1 and 1000000/],
    [{ TESSERA_MAX_REQUESTS_PER_SOCKET: 'many' }, /^TESSERA_MAX_REQUESTS_PER_SOCKET must be a whole number/],
  ];
  for (const [env, message] of refused) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});

describe('config: password hashing (argon2id)', () => {
  it('defaults to the first argon2id configuration of OWASP: m = 19 MiB, t = 2, p = 1', () => {
    assert.deepEqual(loadConfig({}).passwordHash, { memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    assert.deepEqual(DEFAULT_PASSWORD_HASH, { memoryKiB: 19_456, iterations: 2, parallelism: 1 });
  });

  it('reads TESSERA_ARGON2_MEMORY_KIB, TESSERA_ARGON2_ITERATIONS and TESSERA_ARGON2_PARALLELISM', () => {
    const env = { TESSERA_ARGON2_MEMORY_KIB: '65536', TESSERA_ARGON2_ITERATIONS: '3', TESSERA_ARGON2_PARALLELISM: '2' };
    assert.deepEqual(loadConfig(env).passwordHash, { memoryKiB: 65_536, iterations: 3, parallelism: 2 });
    // The other configurations OWASP lists as equally strong.
    for (const [m, t] of [
      ['47104', '1'],
      ['12288', '3'],
      ['9216', '4'],
      ['7168', '5'],
    ] as const) {
      assert.deepEqual(loadConfig({ TESSERA_ARGON2_MEMORY_KIB: m, TESSERA_ARGON2_ITERATIONS: t }).passwordHash, {
        memoryKiB: Number(m),
        iterations: Number(t),
        parallelism: 1,
      });
    }
  });

  it('fails fast on a bad value, naming the variable', () => {
    const bad: ReadonlyArray<readonly [Record<string, string>, RegExp]> = [
      [{ TESSERA_ARGON2_MEMORY_KIB: '19MiB' }, /TESSERA_ARGON2_MEMORY_KIB must be a whole number/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '1024' }, /TESSERA_ARGON2_MEMORY_KIB must be between 7168 and 1048576/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '2000000' }, /TESSERA_ARGON2_MEMORY_KIB must be between/],
      [{ TESSERA_ARGON2_ITERATIONS: '0' }, /TESSERA_ARGON2_ITERATIONS must be between 1 and 20/],
      [{ TESSERA_ARGON2_ITERATIONS: '2.5' }, /TESSERA_ARGON2_ITERATIONS must be a whole number/],
      [{ TESSERA_ARGON2_PARALLELISM: '0' }, /TESSERA_ARGON2_PARALLELISM must be between 1 and 16/],
      // Below OWASP's floor: 19 MiB needs 2 passes, 12 MiB needs 3…
      [{ TESSERA_ARGON2_ITERATIONS: '1' }, /below OWASP's argon2id minimum/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '12288', TESSERA_ARGON2_ITERATIONS: '2' }, /below OWASP's argon2id minimum/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '7168', TESSERA_ARGON2_ITERATIONS: '4' }, /below OWASP's argon2id minimum/],
    ];
    for (const [env, message] of bad) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        JSON.stringify(env),
      );
    }
  });
});

describe('event hook configuration', () => {
  it("defaults to Okta's 3 s call timeout and 5 attempts a minute apart, doubling; read from ISO-8601 durations", () => {
    assert.deepEqual(loadConfig({}).eventHooks, {
      timeoutMs: 3_000,
      maxAttempts: 5,
      retryDelayMs: 60_000,
      pollIntervalMs: 2_000,
      retentionMs: 7 * 86_400_000,
      maxResponseBytes: 65_536,
    });
    const hooks = loadConfig({
      TESSERA_EVENT_HOOK_TIMEOUT: 'PT10S',
      TESSERA_EVENT_HOOK_MAX_ATTEMPTS: '2',
      TESSERA_EVENT_HOOK_RETRY_DELAY: 'PT5M',
      TESSERA_EVENT_HOOK_POLL_INTERVAL: 'PT1S',
      TESSERA_EVENT_HOOK_RETENTION: 'P30D',
      TESSERA_EVENT_HOOK_MAX_RESPONSE_BYTES: '4096',
    }).eventHooks;
    assert.deepEqual(hooks, {
      timeoutMs: 10_000,
      maxAttempts: 2,
      retryDelayMs: 300_000,
      pollIntervalMs: 1_000,
      retentionMs: 30 * 86_400_000,
      maxResponseBytes: 4096,
    });
  });

  const refused: ReadonlyArray<readonly [Record<string, string>, RegExp]> = [
    [{ TESSERA_EVENT_HOOK_TIMEOUT: 'PT1M' }, /^TESSERA_EVENT_HOOK_TIMEOUT must be at most PT30S/],
    [{ TESSERA_EVENT_HOOK_TIMEOUT: '3' }, /^TESSERA_EVENT_HOOK_TIMEOUT must be an ISO-8601 duration/],
    [{ TESSERA_EVENT_HOOK_MAX_ATTEMPTS: '0' }, /^TESSERA_EVENT_HOOK_MAX_ATTEMPTS must be between 1 and 20/],
    [{ TESSERA_EVENT_HOOK_RETRY_DELAY: 'P1D' }, /^TESSERA_EVENT_HOOK_RETRY_DELAY must be at most PT1H/],
    [{ TESSERA_EVENT_HOOK_POLL_INTERVAL: 'PT2H' }, /^TESSERA_EVENT_HOOK_POLL_INTERVAL must be at most PT1H/],
    [{ TESSERA_EVENT_HOOK_MAX_RESPONSE_BYTES: '10' }, /^TESSERA_EVENT_HOOK_MAX_RESPONSE_BYTES must be between 1024 and 1048576/],
  ];
  for (const [env, message] of refused) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});

describe('admin console directory configuration', () => {
  it("defaults to the package's dist/web, wherever the process runs from", () => {
    assert.equal(loadConfig({}).consoleDir, fileURLToPath(new URL('../../dist/web', import.meta.url)));
    assert.equal(DEFAULT_CONSOLE_DIR, join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'dist', 'web'));
  });

  it('takes TESSERA_CONSOLE_DIR, a relative one from the working directory', () => {
    assert.equal(loadConfig({ TESSERA_CONSOLE_DIR: '/srv/tessera/console' }).consoleDir, '/srv/tessera/console');
    assert.equal(loadConfig({ TESSERA_CONSOLE_DIR: 'console' }).consoleDir, join(process.cwd(), 'console'));
  });
});
