/**
 * Harness for the compatibility suites: builds clients of the published `@okta/okta-sdk-nodejs`
 * (8.x) in SSWS mode against a Tessera listening on 127.0.0.1, records what the SDK actually
 * puts on the wire, and relays traffic through a recording proxy when a test must see the
 * server's side of an exchange (429 retries).
 *
 * The SDK merges ambient configuration (OKTA_CLIENT_* variables) into every client and sends
 * all traffic, even plain http, through HTTPS_PROXY when it is set (okta-sdk-wire.md §2), so
 * this module scrubs both before any client exists and checks again on every construction.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import okta, { type Client, type DefaultRequestExecutor, type OktaApiError } from '@okta/okta-sdk-nodejs';
import { ManualClock } from '../../src/clock.js';

const AMBIENT = (key: string): boolean => key.startsWith('OKTA_CLIENT_') || /^https?_proxy$/i.test(key);

/** Removes the variables the SDK would pick up; test/run.mjs does the same for the whole run. */
export function scrubAmbientSdkConfig(): void {
  for (const key of Object.keys(process.env)) if (AMBIENT(key)) delete process.env[key];
}
scrubAmbientSdkConfig();

/** One request as the SDK handed it to node-fetch. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body when it is text (the form of a token request); recorded by sdkPrivateKeyClient. */
  readonly body?: string;
}

export interface SdkClient {
  readonly client: Client;
  /** Every request that reached the network (cache hits never do). */
  readonly sent: SentRequest[];
}

export interface SdkClientOptions {
  /** Keep the SDK's built-in GET cache (default off: state changes out of band in these tests). */
  readonly cache?: boolean;
  /** A request executor of the SDK's own kind (the SDK's documented `requestExecutor` option). */
  readonly requestExecutor?: DefaultRequestExecutor;
}

/**
 * The SDK's DefaultRequestExecutor, unchanged except that it records the 429 back-off it computes
 * from `X-Rate-Limit-Reset` and `Date` and then does not actually wait: everything else (when to
 * retry, the retried request and its X-Okta-Retry-* headers) is the SDK's own code.
 */
export class InstantRetryExecutor extends okta.DefaultRequestExecutor {
  readonly delays: number[] = [];
  override getRetryDelayMs(response: Parameters<DefaultRequestExecutor['getRetryDelayMs']>[0]): number {
    this.delays.push(super.getRetryDelayMs(response));
    return 0;
  }
}

/** An SSWS client pointed at `orgUrl`, recording the requests it sends. */
export function sdkClient(orgUrl: string, token: string, options: SdkClientOptions = {}): SdkClient {
  scrubAmbientSdkConfig();
  assert.deepEqual(Object.keys(process.env).filter(AMBIENT), [], 'no OKTA_CLIENT_* or proxy variable may reach the SDK');
  const client = new okta.Client({
    orgUrl,
    token,
    authorizationMode: 'SSWS',
    ...(options.cache === true ? {} : { cacheMiddleware: null }),
    ...(options.requestExecutor === undefined ? {} : { requestExecutor: options.requestExecutor }),
  });
  // Explicit options win over okta.yaml files, but check that nothing else changed the mode.
  assert.equal(client.authorizationMode, 'SSWS');
  assert.equal(client.apiToken, token);
  const sent: SentRequest[] = [];
  client.requestExecutor.on('request', (request: { method?: string; url: string; headers?: Record<string, string> }) => {
    sent.push({ method: request.method ?? 'GET', url: request.url, headers: { ...request.headers } });
  });
  return { client, sent };
}

/** Drains a paginated SDK collection (`for await`, following `Link: rel="next"`). */
export async function collect<T>(collection: AsyncIterable<T | null> | Promise<AsyncIterable<T | null>>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of await collection) {
    // An empty page carrying rel="next" makes the SDK yield null (okta-sdk-wire.md §7): a server bug.
    assert.notEqual(item, null, 'the SDK yielded null: an empty page carried a next link');
    if (item !== null) items.push(item);
  }
  return items;
}

/** Awaits a call that must fail with an OktaApiError of the given status and code; returns it. */
export async function expectOktaError(call: Promise<unknown>, status: number, errorCode: string): Promise<OktaApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof okta.OktaApiError, `expected OktaApiError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.errorCode, errorCode, error.message);
    return error;
  }
  assert.fail(`expected OktaApiError ${status} ${errorCode}, the call succeeded`);
}

/** An exchange seen by the recording proxy. */
export interface ProxiedExchange {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly status: number;
  readonly responseHeaders: IncomingHttpHeaders;
}

export interface RecordingProxy {
  readonly url: string;
  readonly exchanges: ProxiedExchange[];
  /** Called with each response before it is relayed to the client. */
  onResponse: (exchange: ProxiedExchange) => void;
  close(): Promise<void>;
}

/** A plain http relay on 127.0.0.1 that records both sides of every exchange with `target`. */
export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: ProxiedExchange[] = [];
  const proxy: { onResponse: (exchange: ProxiedExchange) => void } = { onResponse: () => undefined };
  const server: Server = createServer((req, res) => {
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const exchange: ProxiedExchange = {
        method: req.method ?? 'GET',
        url: req.url ?? '',
        requestHeaders: req.headers,
        status: answer.statusCode ?? 0,
        responseHeaders: answer.headers,
      };
      exchanges.push(exchange);
      proxy.onResponse(exchange);
      res.writeHead(exchange.status, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    get onResponse() {
      return proxy.onResponse;
    },
    set onResponse(fn) {
      proxy.onResponse = fn;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A response as node-fetch handed it back to the SDK (token calls included). */
export interface ReceivedResponse {
  readonly url: string;
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  readonly dpopNonce: string | null;
}

export interface OAuthSdkClient extends SdkClient {
  /** Every response the SDK received, in order (the SDK makes its calls one at a time here). */
  readonly received: ReceivedResponse[];
}

export interface PrivateKeyClientOptions extends SdkClientOptions {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** A private JWK (object or JSON text) or a PEM (PKCS#1 or PKCS#8), exactly as the SDK takes it. */
  readonly privateKey: string | Record<string, unknown>;
  readonly keyId?: string;
}

/**
 * A client in `authorizationMode: 'PrivateKey'` (OAuth 2.0 client credentials with
 * private_key_jwt, okta-sdk-wire.md §4), recording every request it sends and every status it gets.
 */
export function sdkPrivateKeyClient(orgUrl: string, options: PrivateKeyClientOptions): OAuthSdkClient {
  scrubAmbientSdkConfig();
  assert.deepEqual(Object.keys(process.env).filter(AMBIENT), [], 'no OKTA_CLIENT_* or proxy variable may reach the SDK');
  const client = new okta.Client({
    orgUrl,
    authorizationMode: 'PrivateKey',
    clientId: options.clientId,
    scopes: [...options.scopes],
    // The SDK writes `alg` into a JWK object it is given: hand it a copy.
    privateKey: typeof options.privateKey === 'string' ? options.privateKey : { ...options.privateKey },
    ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
    ...(options.cache === true ? {} : { cacheMiddleware: null }),
    ...(options.requestExecutor === undefined ? {} : { requestExecutor: options.requestExecutor }),
  });
  assert.equal(client.authorizationMode, 'PrivateKey');
  assert.equal(client.clientId, options.clientId);
  const sent: SentRequest[] = [];
  const received: ReceivedResponse[] = [];
  client.requestExecutor.on('request', (request: { method?: string; url: string; headers?: Record<string, string>; body?: unknown }) => {
    const body = typeof request.body === 'string' ? { body: request.body } : {};
    sent.push({ method: (request.method ?? 'GET').toUpperCase(), url: request.url, headers: { ...request.headers }, ...body });
  });
  client.requestExecutor.on('response', (response: { url: string; status: number; headers: { get(name: string): string | null } }) => {
    received.push({
      url: response.url,
      status: response.status,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      dpopNonce: response.headers.get('dpop-nonce'),
    });
  });
  return { client, sent, received };
}

/** The decoded header and payload of a compact JWS, read without verifying it (what went over the wire). */
export function decodeJws(jws: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = jws.split('.');
  assert.ok(header !== undefined && payload !== undefined, 'a compact JWS');
  const part = (text: string): Record<string, unknown> => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

const machineNow = Date.now.bind(Date);
const MachineDate = Date;

/**
 * A ManualClock that moves with the machine's clock and can still be advanced. OAuth clients stamp
 * their JWTs (client assertions, DPoP proofs) with the machine's time and the server allows only
 * 30 seconds of skew, so a server clock frozen at the start of a long suite would refuse them.
 */
export class LiveClock extends ManualClock {
  private offset = 0;
  constructor() {
    super(machineNow());
  }
  override now(): number {
    return machineNow() + this.offset;
  }
  override advance(ms: number): void {
    this.offset += ms;
  }
  override set(ms: number): void {
    this.offset = ms - machineNow();
  }
}

/**
 * Moves this process's `Date` (what the SDK, njwt, node-jose and jose read) `ms` ahead, so that
 * client libraries live the same hour that a test moved the server's clock through; returns the
 * undo. Instances stay real Dates. The server never reads `Date` (it reads its Clock).
 */
export function shiftClientTime(ms: number): () => void {
  const shifted = new Proxy(MachineDate, {
    construct: (target, args: unknown[], newTarget: () => unknown) =>
      Reflect.construct(target, args.length === 0 ? [machineNow() + ms] : args, newTarget) as object,
    apply: () => new MachineDate(machineNow() + ms).toString(),
    get: (target, property, receiver: unknown) => (property === 'now' ? () => machineNow() + ms : (Reflect.get(target, property, receiver) as unknown)),
  });
  globalThis.Date = shifted;
  return () => {
    globalThis.Date = MachineDate;
  };
}
