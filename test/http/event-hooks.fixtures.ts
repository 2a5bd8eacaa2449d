/**
 * Fixtures of the event hook suites: a receiver on 127.0.0.1 (node:http) that records every
 * request and answers as the test says, hook bodies in Okta's shape, and a delivery worker built
 * over the test app's store and clock exactly as the server builds its own (createEventHooks).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventHookConfig } from '../../src/config/config.js';
import { EventBus } from '../../src/events/event-bus.js';
import { SystemLogWriter } from '../../src/events/system-log-writer.js';
import { createEventHooks } from '../../src/management/event-hooks/event-hooks.js';
import type { DeliveryWorker } from '../../src/management/event-hooks/delivery-worker.js';
import { TEST_MASTER_KEY, type TestApp } from '../helpers/test-app.js';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Answer = (request: ReceivedRequest, response: ServerResponse, index: number) => void;

export interface Receiver {
  /** `http://127.0.0.1:<port>/hook` */
  readonly url: string;
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  /** How the next requests are answered (default: 200, empty). */
  answer: Answer;
  close(): Promise<void>;
}

/** Answers a verification GET with the challenge it carries, and every POST with 200. */
export const verifyingAnswer: Answer = (request, response) => {
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ verification: request.headers['x-okta-verification-challenge'] }));
    return;
  }
  response.writeHead(200);
  response.end();
};

export async function startReceiver(answer: Answer = verifyingAnswer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const state = { answer };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      state.answer(received, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/hook`,
    origin,
    requests,
    get answer() {
      return state.answer;
    },
    set answer(fn) {
      state.answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const SECRET = 'Basic c2VjcmV0LXZhbHVlLW9mLXRoZS1ob29r';

/** A create body in Okta's shape (developer.okta.com, Event Hooks API, CreateAnEventHook). */
export function hookBody(uri: string, fields: { name?: string; events?: string[]; headers?: { key: string; value: string }[]; secret?: string | null } = {}) {
  return {
    name: fields.name ?? 'User changes',
    events: { type: 'EVENT_TYPE', items: fields.events ?? ['user.lifecycle.create', 'user.lifecycle.deactivate'] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri,
        headers: fields.headers ?? [{ key: 'X-Other-Header', value: 'my-header-value' }],
        ...(fields.secret === null ? {} : { authScheme: { type: 'HEADER', key: 'Authorization', value: fields.secret ?? SECRET } }),
      },
    },
  };
}

export interface HookJson {
  id: string;
  name: string;
  description: string | null;
  status: string;
  verificationStatus: string;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: { type: string; items: string[]; filter: null };
  channel: {
    type: string;
    version: string;
    config: { uri: string; method: string; headers: { key: string; value: string }[]; authScheme: { type: string; key: string; value?: string } | null };
  };
  _links: Record<string, { href: string; hints?: { allow: string[] } }>;
}

export interface ErrorJson {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** Creates a hook through the API (as the bootstrap super admin) and returns it. */
export async function createHook(t: TestApp, body: unknown): Promise<HookJson> {
  const res = await t.request('POST', '/api/v1/eventHooks', { body });
  if (res.statusCode !== 200) throw new Error(`hook create failed: ${res.statusCode} ${res.body}`);
  return res.json<HookJson>();
}

/** Creates a hook to `receiver` and verifies it (the receiver must answer the challenge). */
export async function verifiedHook(t: TestApp, receiver: Receiver, fields: Parameters<typeof hookBody>[1] = {}): Promise<HookJson> {
  const hook = await createHook(t, hookBody(receiver.url, fields));
  const res = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
  if (res.statusCode !== 200) throw new Error(`hook verify failed: ${res.statusCode} ${res.body}`);
  return res.json<HookJson>();
}

/** A delivery worker over the test app's store and clock, as the server builds one. */
export function deliveryWorker(t: TestApp, config: Partial<EventHookConfig> = {}, masterKey = TEST_MASTER_KEY): DeliveryWorker {
  const events = new EventBus();
  events.subscribe(new SystemLogWriter(t.clock));
  return createEventHooks({
    store: t.store,
    clock: t.clock,
    events,
    config: { ...t.config, eventHooks: { ...t.config.eventHooks, ...config } },
    masterKey,
  }).worker;
}

/** Creates a STAGED user through the API: one `user.lifecycle.create` event. */
export async function createUser(t: TestApp, login: string): Promise<string> {
  const res = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: { login, email: login, firstName: 'Hook', lastName: 'Test' } } });
  if (res.statusCode !== 200) throw new Error(`user create failed: ${res.body}`);
  return res.json<{ id: string }>().id;
}
