/**
 * Event hook delivery on SQLite and PostgreSQL, driven tick by tick (`runOnce`) with the manual
 * clock: Okta's envelope with the hook's auth and custom headers, the same `eventId` on every
 * attempt, retries on the exponential schedule (a receiver failing twice, then answering 200),
 * 4xx and redirects not retried, bounded responses and timeouts, only ACTIVE and VERIFIED hooks
 * served, two workers never sending one delivery twice, batching, the deliveries extension
 * (paged, newest first), the purge, and the worker ticking on its own until stopped.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { loadConfig, type EventHookConfig } from '../../src/config/config.js';
import { scanLog } from '../../src/management/event-hooks/delivery-scan.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { eventsOfType } from './roles.fixtures.js';
import {
  createHook,
  createUser,
  deliveryWorker,
  hookBody,
  SECRET,
  startReceiver,
  verifiedHook,
  verifyingAnswer,
  type Answer,
  type HookJson,
  type Receiver,
} from './event-hooks.fixtures.js';

const MINUTE = 60_000;
const CONFIG: Partial<EventHookConfig> = { maxAttempts: 5, retryDelayMs: MINUTE, timeoutMs: 500 };

interface DeliveryJson {
  id: string;
  eventHookId: string;
  status: string;
  created: string;
  attemptCount: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  finished: string | null;
  lastError: string | null;
  events: { uuid: string; eventType: string; published: string }[];
  attempts: { attempt: number; started: string; durationMs: number; statusCode: number | null; error: string | null; outcome: string }[];
}

interface Envelope {
  eventType: string;
  eventTypeVersion: string;
  cloudEventsVersion: string;
  contentType: string;
  source: string;
  eventId: string;
  eventTime: string;
  data: { events: (LogEventRecord & Record<string, unknown>)[] };
}

/** POSTs answered with each status in turn (GETs get the verification answer), then 200. */
function statuses(...codes: number[]): Answer {
  let posts = 0;
  return (request, response, index) => {
    if (request.method === 'GET') return verifyingAnswer(request, response, index);
    response.writeHead(codes[posts++] ?? 200);
    response.end();
  };
}

const posts = (receiver: Receiver) => receiver.requests.filter((r) => r.method === 'POST');

for (const kind of await storeKinds()) {
  describe(`event hook delivery (${kind})`, () => {
    let t: TestApp;
    let receiver: Receiver;

    before(async () => {
      t = await startTestApp(kind, { config: { eventHooks: { ...loadConfig({}).eventHooks, timeoutMs: 500 } } });
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });
    // Each test starts with no hook: a hook left behind would be sent the next test's events.
    afterEach(async () => {
      for (const hook of await t.store.eventHooks.list()) {
        await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
        assert.equal((await t.request('DELETE', `/api/v1/eventHooks/${hook.id}`)).statusCode, 204);
      }
    });

    async function deliveries(hook: HookJson, query = ''): Promise<DeliveryJson[]> {
      const res = await t.request('GET', `/api/v1/eventHooks/${hook.id}/deliveries${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<DeliveryJson[]>();
    }

    /** A fresh receiver and a hook verified at it, and the worker caught up with the log. */
    async function setUp(answer: Answer, fields: Parameters<typeof hookBody>[1] = {}) {
      const worker = deliveryWorker(t, CONFIG);
      await worker.runOnce();
      const own = await startReceiver(answer);
      const hook = await verifiedHook(t, own, fields);
      return { worker, own, hook };
    }

    it('retries a receiver that fails twice on the doubling schedule, sending the same envelope with the auth header each time', async () => {
      const { worker, own, hook } = await setUp(statuses(500, 503), { name: 'Flaky receiver' });
      try {
        const userId = await createUser(t, 'flaky@example.com');
        const t0 = t.clock.now();
        assert.deepEqual(await worker.runOnce(), { scanned: 1, sent: 1 });
        assert.equal(posts(own).length, 1);
        let [delivery] = await deliveries(hook);
        assert.equal(delivery?.status, 'PENDING');
        assert.equal(delivery?.nextAttemptAt, isoAt(t0 + MINUTE), 'the first retry a minute later');
        // Not a moment before it is due.
        t.clock.advance(MINUTE - 1);
        assert.deepEqual(await worker.runOnce(), { scanned: 0, sent: 0 });
        t.clock.advance(1);
        assert.deepEqual(await worker.runOnce(), { scanned: 0, sent: 1 });
        [delivery] = await deliveries(hook);
        assert.equal(delivery?.nextAttemptAt, isoAt(t0 + 3 * MINUTE), 'the second two minutes after the first retry');
        t.clock.advance(2 * MINUTE - 1);
        assert.equal((await worker.runOnce()).sent, 0);
        t.clock.advance(1);
        assert.equal((await worker.runOnce()).sent, 1);
        assert.equal((await worker.runOnce()).sent, 0, 'delivered: nothing more to send');

        const sent = posts(own);
        assert.equal(sent.length, 3);
        assert.ok(
          sent.every((r) => r.body === sent[0]?.body),
          'every attempt sends the same bytes',
        );
        for (const request of sent) {
          assert.equal(request.url, '/hook');
          assert.equal(request.headers['authorization'], SECRET);
          assert.equal(request.headers['x-other-header'], 'my-header-value');
          assert.equal(request.headers['content-type'], 'application/json');
          assert.equal(request.headers['accept'], 'application/json');
        }
        const envelope = JSON.parse(sent[0]?.body ?? '') as Envelope;
        [delivery] = await deliveries(hook);
        assert.ok(delivery !== undefined);
        assert.deepEqual(Object.keys(envelope).sort(), [
          'cloudEventsVersion',
          'contentType',
          'data',
          'eventId',
          'eventTime',
          'eventType',
          'eventTypeVersion',
          'source',
        ]);
        assert.equal(envelope.eventType, 'com.okta.event_hook');
        assert.equal(envelope.eventTypeVersion, '1.0');
        assert.equal(envelope.cloudEventsVersion, '0.1');
        assert.equal(envelope.contentType, 'application/json');
        assert.equal(envelope.source, `${t.config.orgUrl}/api/v1/eventHooks/${hook.id}`);
        assert.equal(envelope.eventId, delivery.id);
        assert.match(envelope.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(envelope.eventTime, isoAt(t0));
        assert.equal(envelope.data.events.length, 1);
        const [event] = envelope.data.events;
        assert.equal(event?.eventType, 'user.lifecycle.create');
        assert.equal(event?.target[0]?.id, userId);
        // Exactly as GET /api/v1/logs presents it.
        const logs = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent(`uuid eq "${event?.uuid ?? ''}"`)}&since=2000-01-01T00:00:00.000Z`);
        assert.deepEqual(logs.json(), [event]);

        assert.equal(delivery.status, 'DELIVERED');
        assert.equal(delivery.attemptCount, 3);
        assert.equal(delivery.finished, isoAt(t0 + 3 * MINUTE));
        assert.equal(delivery.lastError, null);
        assert.deepEqual(delivery.events, [{ uuid: event?.uuid, eventType: 'user.lifecycle.create', published: event?.published }]);
        assert.deepEqual(
          delivery.attempts.map((a) => [a.attempt, a.started, a.statusCode, a.error, a.outcome]),
          [
            [1, isoAt(t0), 500, 'HTTP 500', 'FAILURE'],
            [2, isoAt(t0 + MINUTE), 503, 'HTTP 503', 'FAILURE'],
            [3, isoAt(t0 + 3 * MINUTE), 200, null, 'SUCCESS'],
          ],
        );
        assert.ok(delivery.attempts.every((a) => Number.isInteger(a.durationMs) && a.durationMs >= 0 && a.durationMs < 500));
        // Okta logs each failed delivery as event_hook.delivery; nothing of the secret.
        const failures = (await eventsOfType(t, 'event_hook.delivery')).filter((e) => e.target[0]?.id === hook.id);
        assert.deepEqual(
          failures.map((e) => [e.outcome.result, e.outcome.reason]),
          [
            ['FAILURE', `attempt 1: HTTP 500 (retry at ${isoAt(t0 + MINUTE)})`],
            ['FAILURE', `attempt 2: HTTP 503 (retry at ${isoAt(t0 + 3 * MINUTE)})`],
          ],
        );
        assert.equal(failures[0]?.actor.type, 'SystemPrincipal');
        assert.ok(!JSON.stringify(failures).includes(SECRET));
      } finally {
        await own.close();
      }
    });

    it('gives up after the last attempt allowed, and at once on a 4xx, as Okta', async () => {
      const { worker, own, hook } = await setUp(statuses(500, 500, 404), { name: 'Gives up' });
      try {
        const limited = deliveryWorker(t, { ...CONFIG, maxAttempts: 2 });
        await createUser(t, 'gives.up.1@example.com');
        await limited.runOnce();
        t.clock.advance(MINUTE);
        await limited.runOnce();
        t.clock.advance(10 * MINUTE);
        assert.equal((await limited.runOnce()).sent, 0, 'no third attempt');
        let [delivery] = await deliveries(hook);
        assert.equal(delivery?.status, 'FAILED');
        assert.equal(delivery?.attemptCount, 2);
        assert.equal(delivery?.lastError, 'HTTP 500');
        assert.equal(delivery?.nextAttemptAt, null);

        await createUser(t, 'gives.up.2@example.com');
        await worker.runOnce();
        [delivery] = await deliveries(hook);
        assert.equal(delivery?.status, 'FAILED', '404: not retried');
        assert.equal(delivery?.attemptCount, 1);
        assert.equal(delivery?.lastError, 'HTTP 404');
        t.clock.advance(60 * MINUTE);
        assert.equal((await worker.runOnce()).sent, 0);
        assert.equal(posts(own).length, 3);
      } finally {
        await own.close();
      }
    });

    it('never follows a redirect: a 3xx fails the attempt and its target is never called', async () => {
      const elsewhere = await startReceiver();
      const { worker, own, hook } = await setUp(
        (request, response, index) =>
          request.method === 'GET' ? verifyingAnswer(request, response, index) : response.writeHead(307, { location: elsewhere.url }).end(),
        { name: 'Redirecting' },
      );
      try {
        await createUser(t, 'redirected@example.com');
        await worker.runOnce();
        const [delivery] = await deliveries(hook);
        assert.equal(delivery?.status, 'FAILED');
        assert.deepEqual(
          delivery?.attempts.map((a) => [a.statusCode, a.error]),
          [[307, 'HTTP 307: redirects are not followed']],
        );
        assert.equal(elsewhere.requests.length, 0);
      } finally {
        await own.close();
        await elsewhere.close();
      }
    });

    it('bounds every attempt: an endless response is cut, a silent receiver times out and is retried', async () => {
      let endlessCut = false;
      let silentCalls = 0;
      const endless: Server = createServer((req, res) => {
        if (req.method === 'GET') return void res.writeHead(200).end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        res.on('close', () => (endlessCut = true));
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      });
      const silent: Server = createServer((req, res) => {
        if (req.method === 'GET') return void res.writeHead(200).end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
        silentCalls++;
      });
      const listen = (server: Server) =>
        new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/h`)));
      try {
        const worker = deliveryWorker(t, { ...CONFIG, timeoutMs: 300, maxResponseBytes: 4096 });
        await worker.runOnce();
        const cut = await createHook(t, hookBody(await listen(endless), { name: 'Endless' }));
        const slow = await createHook(t, hookBody(await listen(silent), { name: 'Silent' }));
        for (const hook of [cut, slow]) assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`)).statusCode, 200);
        await createUser(t, 'bounded@example.com');
        const started = performance.now();
        await worker.runOnce();
        assert.ok(performance.now() - started < 3000, 'the tick is bounded by the timeout');
        const [delivered] = await deliveries(cut);
        assert.equal(delivered?.status, 'DELIVERED', 'the 200 came; the rest of the body was not read');
        assert.ok(endlessCut, 'the connection was cut');
        const [timedOut] = await deliveries(slow);
        assert.equal(timedOut?.status, 'PENDING');
        assert.deepEqual(
          timedOut?.attempts.map((a) => [a.statusCode, a.error, a.outcome]),
          [[null, 'no complete response within 300 ms', 'FAILURE']],
        );
        assert.ok((timedOut?.attempts[0]?.durationMs ?? 0) >= 290);
        assert.equal(silentCalls, 1);
      } finally {
        endless.closeAllConnections();
        silent.closeAllConnections();
        await Promise.all([new Promise((r) => endless.close(r)), new Promise((r) => silent.close(r))]);
      }
    });

    it('serves only ACTIVE and VERIFIED hooks, only what they subscribe to, only what was logged after they could receive it', async () => {
      const worker = deliveryWorker(t, CONFIG);
      await createUser(t, 'before.any.hook@example.com');
      const own = await startReceiver();
      try {
        const unverified = await createHook(t, hookBody(own.url, { name: 'Unverified' }));
        const inactive = await verifiedHook(t, own, { name: 'Inactive' });
        await t.request('POST', `/api/v1/eventHooks/${inactive.id}/lifecycle/deactivate`);
        const elsewhere = await verifiedHook(t, own, { name: 'Groups only', events: ['group.lifecycle.create'] });
        const served = await verifiedHook(t, own, { name: 'Served' });
        const userId = await createUser(t, 'after.hooks@example.com');
        await worker.runOnce();
        for (const hook of [unverified, inactive, elsewhere]) assert.deepEqual(await deliveries(hook), [], hook.name);
        const [delivery] = await deliveries(served);
        assert.deepEqual(
          delivery?.events.map((e) => e.eventType),
          ['user.lifecycle.create'],
        );
        const envelope = JSON.parse(posts(own).at(-1)?.body ?? '') as Envelope;
        assert.deepEqual(
          envelope.data.events.map((e) => e.target[0]?.id),
          [userId],
          'the user created before the hook was verified is not sent',
        );

        // Deactivated: what is logged meanwhile is never sent, even when the scan only gets to
        // it after the hook is active again.
        const before = posts(own).length;
        await t.request('POST', `/api/v1/eventHooks/${served.id}/lifecycle/deactivate`);
        await createUser(t, 'while.inactive@example.com');
        await t.request('POST', `/api/v1/eventHooks/${served.id}/lifecycle/activate`);
        await worker.runOnce();
        assert.equal(posts(own).length, before);
        assert.deepEqual(
          (await deliveries(served)).map((d) => d.status),
          ['DELIVERED'],
        );
        const later = await createUser(t, 'after.reactivation@example.com');
        await worker.runOnce();
        const [newest] = await deliveries(served);
        assert.equal(newest?.status, 'DELIVERED');
        const last = JSON.parse(posts(own).at(-1)?.body ?? '') as Envelope;
        assert.deepEqual(
          last.data.events.map((e) => e.target[0]?.id),
          [later],
        );
      } finally {
        await own.close();
      }
    });

    it('abandons what was scanned for a hook that is no longer ACTIVE and VERIFIED when it is sent', async () => {
      const { worker, own, hook } = await setUp(verifyingAnswer, { name: 'Changed before send' });
      const other = await verifiedHook(t, own, { name: 'Deactivated before send' });
      try {
        await createUser(t, 'changed.before.send@example.com');
        // The scan alone (as another node's tick would have done), then both hooks change.
        assert.equal((await scanLog(t.store, t.clock)).deliveries, 2);
        await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, { body: hookBody(`${own.origin}/moved`, { name: 'Changed before send' }) });
        await t.request('POST', `/api/v1/eventHooks/${other.id}/lifecycle/deactivate`);
        const before = posts(own).length;
        assert.deepEqual(await worker.runOnce(), { scanned: 0, sent: 2 });
        assert.equal(posts(own).length, before, 'nothing sent to an unverified URI nor to an inactive hook');
        const [moved] = await deliveries(hook);
        assert.equal(moved?.status, 'ABANDONED');
        assert.equal(moved?.lastError, 'not sent: the event hook is ACTIVE and UNVERIFIED');
        assert.deepEqual(moved?.attempts, []);
        const [deactivated] = await deliveries(other);
        assert.equal(deactivated?.lastError, 'not sent: the event hook is INACTIVE and VERIFIED');
      } finally {
        await own.close();
      }
    });

    it('a secret the master key does not open fails the delivery for good, and nothing is sent', async () => {
      const { own, hook } = await setUp(verifyingAnswer, { name: 'Wrong master key' });
      try {
        const rekeyed = deliveryWorker(t, CONFIG, 'another-master-key-0123456789abcdef0123456789');
        await createUser(t, 'wrong.master.key@example.com');
        const before = posts(own).length;
        await rekeyed.runOnce();
        assert.equal(posts(own).length, before);
        const [delivery] = await deliveries(hook);
        assert.equal(delivery?.status, 'FAILED');
        assert.deepEqual(
          delivery?.attempts.map((a) => [a.statusCode, a.error]),
          [[null, "the hook's auth header value cannot be decrypted with this master key"]],
        );
      } finally {
        await own.close();
      }
    });

    it('two workers on one database send each delivery once', async () => {
      const { own, hook } = await setUp(verifyingAnswer, { name: 'Two nodes' });
      try {
        const nodes = [deliveryWorker(t, CONFIG), deliveryWorker(t, CONFIG)];
        for (let i = 0; i < 6; i++) {
          await createUser(t, `two.nodes.${i}@example.com`);
          await Promise.all(nodes.map((node) => node.runOnce()));
        }
        const ids = posts(own).map((r) => (JSON.parse(r.body) as Envelope).eventId);
        assert.equal(new Set(ids).size, ids.length, 'no delivery sent twice');
        const events = posts(own).flatMap((r) => (JSON.parse(r.body) as Envelope).data.events.map((e) => e.uuid));
        assert.equal(events.length, 6, 'each event once');
        assert.ok((await deliveries(hook)).every((d) => d.status === 'DELIVERED'));
      } finally {
        await own.close();
      }
    });

    it('batches the events of one scan, at most 50 a delivery', async () => {
      const { worker, own, hook } = await setUp(verifyingAnswer, { name: 'Batches' });
      try {
        const template = (await eventsOfType(t, 'user.lifecycle.create')).at(-1);
        assert.ok(template !== undefined);
        const burst = Array.from({ length: 120 }, (_, i) => ({ ...template, uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
        await t.store.logs.append(burst);
        assert.deepEqual(await worker.runOnce(), { scanned: 3, sent: 3 });
        const sizes = posts(own).map((r) => (JSON.parse(r.body) as Envelope).data.events.length);
        assert.deepEqual(
          sizes.sort((a, b) => b - a),
          [50, 50, 20],
        );
        const sent = posts(own).flatMap((r) => (JSON.parse(r.body) as Envelope).data.events.map((e) => e.uuid));
        assert.deepEqual(
          sent.sort(),
          burst.map((e) => e.uuid),
        );
        assert.equal((await deliveries(hook)).length, 3);
      } finally {
        await own.close();
      }
    });

    it('lists deliveries newest first, a page at a time with Link headers; readers need okta.eventHooks.read', async () => {
      const { worker, own, hook } = await setUp(verifyingAnswer, { name: 'Paged deliveries' });
      try {
        for (let i = 0; i < 5; i++) {
          await createUser(t, `paged.${i}@example.com`);
          await worker.runOnce();
        }
        const all = await deliveries(hook);
        assert.equal(all.length, 5);
        const seen: string[] = [];
        let url: string | undefined = `/api/v1/eventHooks/${hook.id}/deliveries?limit=2`;
        while (url !== undefined) {
          const res = await t.request('GET', url);
          const page = res.json<DeliveryJson[]>();
          seen.push(...page.map((d) => d.id));
          const next = /<([^>]+)>;\s*rel="next"/.exec(String(res.headers['link']))?.[1];
          if (next !== undefined) {
            assert.ok(next.startsWith(`${t.config.orgUrl}/api/v1/eventHooks/${hook.id}/deliveries?limit=2&after=`));
            assert.equal(page.length, 2);
          }
          url = next?.slice(t.config.orgUrl.length);
        }
        assert.deepEqual(
          seen,
          all.map((d) => d.id),
        );
        const created = all.map((d) => d.created);
        assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
        const bad = await t.request('GET', `/api/v1/eventHooks/${hook.id}/deliveries?after=x1`);
        assert.equal(bad.statusCode, 400);
        const orgAdmin = await userWithRoles(t, `org.admin.${kind}@example.com`, ['ORG_ADMIN']);
        const denied = await t.request('GET', `/api/v1/eventHooks/${hook.id}/deliveries`, { token: orgAdmin.token });
        assert.equal(denied.statusCode, 403);
      } finally {
        await own.close();
      }
    });

    it('purges finished deliveries past the retention', async () => {
      const { worker, own, hook } = await setUp(verifyingAnswer, { name: 'Purged' });
      try {
        await createUser(t, 'purged@example.com');
        await worker.runOnce();
        assert.equal((await deliveries(hook)).length, 1);
        t.clock.advance(7 * 24 * 60 * MINUTE + 1);
        // A tick within the hour since the last purge does not purge; a worker's first tick does.
        await worker.runOnce();
        assert.equal((await deliveries(hook)).length, 0);
      } finally {
        await own.close();
      }
    });

    it('started, the worker ticks by itself until stopped', async () => {
      let delivered: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => (delivered = resolve));
      const { own } = await setUp((request, response, index) => {
        verifyingAnswer(request, response, index);
        if (request.method === 'POST') delivered();
      });
      const worker = deliveryWorker(t, { ...CONFIG, pollIntervalMs: 20 });
      try {
        await createUser(t, 'ticking@example.com');
        worker.start();
        worker.start();
        await arrived;
      } finally {
        await worker.stop();
        await own.close();
      }
      assert.equal(posts(own).length, 1);
    });
  });
}
