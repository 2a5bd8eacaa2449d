/** The connection time limits: documented defaults, and a bad value stops the start with a message naming it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

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
    assert.deepEqual(connection, { requestTimeoutMs: 120_000, headersTimeoutMs: 20_000, keepAliveTimeoutMs: 65_000, socketTimeoutMs: 180_000, checkIntervalMs: 1000, maxRequestsPerSocket: 50 });
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
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
