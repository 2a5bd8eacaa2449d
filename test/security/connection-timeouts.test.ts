/**
 * Slow clients (slowloris): a request whose headers or body arrive a byte at a time, a socket
 * that sends nothing, an idle keep-alive connection, a connection reused forever. Over a real
 * listener with small limits, each is closed by the server (408 where a request had begun). These
 * tests wait on the server's own timers (tens to hundreds of milliseconds); each wait is bounded,
 * so a server that never closes fails the test instead of hanging it. The defaults bound a
 * trickled request to under a minute.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ConnectionConfig } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const LIMITS: ConnectionConfig = {
  requestTimeoutMs: 300,
  headersTimeoutMs: 200,
  keepAliveTimeoutMs: 200,
  socketTimeoutMs: 600,
  checkIntervalMs: 50,
  maxRequestsPerSocket: 3,
};
/** Far beyond every limit above: a socket still open by then was never going to be closed. */
const BOUND_MS = 4000;

interface Closed {
  /** Everything the server sent. */
  readonly received: string;
  readonly afterMs: number;
}

/** Resolves when the server closes the socket; rejects (and destroys it) after BOUND_MS. */
function closedByServer(socket: Socket): Promise<Closed> {
  const started = performance.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  // Writes racing the server's close fail with EPIPE/ECONNRESET: the close is what is awaited.
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const bound = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server had not closed the connection after ${BOUND_MS} ms; received: ${JSON.stringify(received.slice(0, 200))}`));
    }, BOUND_MS);
    socket.once('close', () => {
      clearTimeout(bound);
      resolve({ received, afterMs: performance.now() - started });
    });
  });
}

/** Writes `bytes` one at a time, every `everyMs`, until the socket closes or they run out. */
function trickle(socket: Socket, bytes: string, everyMs: number): void {
  let next = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || next >= bytes.length) {
      clearInterval(timer);
      return;
    }
    socket.write(bytes.charAt(next++));
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

function opened(t: TestApp): Promise<Socket> {
  const { hostname, port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The status line's code of each response in `received`. */
const statuses = (received: string): number[] => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

for (const kind of await storeKinds()) {
  describe(`connection time limits (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, config: { connection: LIMITS } });
    });
    after(() => t.close());

    it('cuts a request whose body is trickled a byte at a time: 408, then the socket closes', { timeout: BOUND_MS * 2 }, async () => {
      const socket = await opened(t);
      const closed = closedByServer(socket);
      socket.write('POST /api/v1/authn HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{');
      trickle(socket, '"username":"' + 'a'.repeat(5000), 20);
      const { received, afterMs } = await closed;
      assert.deepEqual(statuses(received), [408], received);
      assert.ok(afterMs >= LIMITS.requestTimeoutMs - 50, `closed after ${afterMs} ms: by the request timeout, not at once`);
    });

    it('cuts a request whose headers are trickled a byte at a time', { timeout: BOUND_MS * 2 }, async () => {
      const socket = await opened(t);
      const closed = closedByServer(socket);
      socket.write('GET /api/v1/users HTTP/1.1\r\n');
      trickle(socket, 'X-Padding: ' + 'a'.repeat(5000), 20);
      const { received, afterMs } = await closed;
      assert.deepEqual(statuses(received), [408], received);
      assert.ok(afterMs >= LIMITS.headersTimeoutMs - 50, `closed after ${afterMs} ms`);
    });

    it('closes a connection that never sends a byte', { timeout: BOUND_MS * 2 }, async () => {
      const socket = await opened(t);
      const { received } = await closedByServer(socket);
      assert.deepEqual(
        statuses(received).filter((s) => s !== 408),
        [],
        received,
      );
    });

    it('closes an idle keep-alive connection after its timeout', { timeout: BOUND_MS * 2 }, async () => {
      const socket = await opened(t);
      const closed = closedByServer(socket);
      socket.write('GET /oauth2/v1/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const { received, afterMs } = await closed;
      assert.deepEqual(statuses(received), [200]);
      assert.ok(afterMs >= LIMITS.keepAliveTimeoutMs - 50, `closed after ${afterMs} ms`);
    });

    it(`serves at most ${LIMITS.maxRequestsPerSocket} requests on one connection`, { timeout: BOUND_MS * 2 }, async () => {
      const socket = await opened(t);
      const closed = closedByServer(socket);
      const request = 'GET /oauth2/v1/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      socket.write(request.repeat(LIMITS.maxRequestsPerSocket + 2));
      const { received } = await closed;
      const answered = statuses(received);
      assert.deepEqual(answered.slice(0, LIMITS.maxRequestsPerSocket), Array<number>(LIMITS.maxRequestsPerSocket).fill(200), received);
      assert.ok(
        answered.slice(LIMITS.maxRequestsPerSocket).every((s) => s === 503),
        `nothing served beyond the limit: ${answered.join(' ')}`,
      );
      assert.match(received.split('HTTP/1.1 ')[LIMITS.maxRequestsPerSocket] ?? '', /^connection: close/im, 'the last one served says it closes');
    });
  });

  describe(`connection time limits by default (${kind})`, () => {
    it('bound a trickled request to under a minute, and idle and reused connections too', async () => {
      const t = await startTestApp(kind, { listen: true });
      try {
        const server = t.app.fastify.server;
        assert.equal(server.requestTimeout, 30_000);
        assert.equal(server.headersTimeout, 10_000);
        assert.equal(server.keepAliveTimeout, 5_000);
        assert.equal(server.timeout, 60_000);
        assert.equal(server.maxRequestsPerSocket, 1000);
        const checking = (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval ?? Number.NaN;
        assert.equal(checking, 5_000);
        assert.ok(server.requestTimeout + checking < 60_000, 'a trickled request is cut within a minute');
      } finally {
        await t.close();
      }
    });
  });
}
