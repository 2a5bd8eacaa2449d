/**
 * /api/v1/eventHooks on SQLite and PostgreSQL: Okta's EventHook shape (the secret never shown),
 * create, get, list, replace, activate, deactivate, delete once INACTIVE, the System Log events,
 * validation that names every bad field and writes nothing, the URI rule (https, or http to a
 * loopback address), and the verification handshake against real receivers on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { eventsOfType } from './roles.fixtures.js';
import {
  createHook,
  hookBody,
  SECRET,
  startReceiver,
  verifiedHook,
  verifyingAnswer,
  type ErrorJson,
  type HookJson,
  type Receiver,
} from './event-hooks.fixtures.js';

const TIMEOUT_MS = 400;

/** The event hooks' own System Log events, in log order. */
async function hookEvents(t: TestApp) {
  const stored = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 10_000 });
  return stored.map((s) => s.event).filter((e) => e.eventType.startsWith('event_hook.'));
}

function causesOf(res: { statusCode: number; json: <T>() => T }): string[] {
  assert.equal(res.statusCode, 400);
  const body = res.json<ErrorJson>();
  assert.equal(body.errorCode, 'E0000001');
  return body.errorCauses.map((c) => c.errorSummary);
}

for (const kind of await storeKinds()) {
  describe(`event hooks API (${kind})`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      t = await startTestApp(kind, { config: { eventHooks: { ...loadConfig({}).eventHooks, timeoutMs: TIMEOUT_MS } } });
      receiver = await startReceiver();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    it("creates a hook in Okta's shape, ACTIVE and UNVERIFIED, never showing its secret, which is stored encrypted", async () => {
      const res = await t.request('POST', '/api/v1/eventHooks', { body: hookBody('https://hooks.example.com/okta') });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(!res.body.includes(SECRET), 'the secret is not in the response');
      const hook = res.json<HookJson>();
      assert.match(hook.id, /^who[0-9A-Za-z]{17}$/);
      const self = `${t.config.orgUrl}/api/v1/eventHooks/${hook.id}`;
      const now = isoAt(t.clock.now());
      assert.deepEqual(hook, {
        id: hook.id,
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        name: 'User changes',
        description: null,
        created: now,
        createdBy: t.admin.user.id,
        lastUpdated: now,
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.deactivate'], filter: null },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: 'https://hooks.example.com/okta',
            headers: [{ key: 'X-Other-Header', value: 'my-header-value' }],
            method: 'POST',
            authScheme: { type: 'HEADER', key: 'Authorization' },
          },
        },
        _links: {
          self: { href: self },
          verify: { href: `${self}/lifecycle/verify`, hints: { allow: ['POST'] } },
          deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
        },
      });
      const got = await t.request('GET', `/api/v1/eventHooks/${hook.id}`);
      assert.deepEqual(got.json(), hook);
      const listed = await t.request('GET', '/api/v1/eventHooks');
      assert.ok(listed.json<HookJson[]>().some((h) => h.id === hook.id));
      assert.ok(!listed.body.includes(SECRET) && !got.body.includes(SECRET));
      const stored = await t.store.eventHooks.get(hook.id);
      assert.match(stored?.authScheme?.sealedValue ?? '', /^v1\./);
      assert.ok(!(stored?.authScheme?.sealedValue ?? '').includes(SECRET), 'stored encrypted');
      const created = (await eventsOfType(t, 'event_hook.created')).filter((e) => e.target[0]?.id === hook.id);
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]?.target, [{ id: hook.id, type: 'EventHook', alternateId: 'User changes', displayName: 'User changes', detailEntry: null }]);
      assert.ok(!JSON.stringify(await hookEvents(t)).includes(SECRET), 'nor in the System Log');
    });

    it('lists every hook, oldest first, without paging', async () => {
      const made: HookJson[] = [];
      for (const name of ['List A', 'List B', 'List C']) {
        t.clock.advance(1);
        made.push(await createHook(t, hookBody('https://list.example.com/h', { name })));
      }
      const res = await t.request('GET', '/api/v1/eventHooks');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(String(res.headers['link'] ?? ''), /rel="next"/);
      const ids = res.json<HookJson[]>().map((h) => h.id);
      assert.deepEqual(
        ids.filter((id) => made.some((h) => h.id === id)),
        made.map((h) => h.id),
      );
    });

    it('replaces a hook: read-only fields are ignored, a left-out secret is kept, a new channel must be verified again', async () => {
      const hook = await verifiedHook(t, receiver, { name: 'Replace me' });
      assert.equal(hook.verificationStatus, 'VERIFIED');
      const before = (await t.store.eventHooks.get(hook.id))?.authScheme?.sealedValue;
      // A GET echoed back, renamed: everything read-only in it, the secret's value left out.
      t.clock.advance(1000);
      const renamed = await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: { ...hook, id: 'who00000000000000000', status: 'INACTIVE', createdBy: 'someone', name: 'Replaced', description: 'Now described' },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      const kept = renamed.json<HookJson>();
      assert.equal(kept.id, hook.id);
      assert.equal(kept.status, 'ACTIVE');
      assert.equal(kept.createdBy, t.admin.user.id);
      assert.equal(kept.name, 'Replaced');
      assert.equal(kept.description, 'Now described');
      assert.equal(kept.verificationStatus, 'VERIFIED', 'the channel did not change');
      assert.equal(kept.lastUpdated, isoAt(t.clock.now()));
      assert.equal((await t.store.eventHooks.get(hook.id))?.authScheme?.sealedValue, before, 'the secret is kept');
      // The same secret given again is no change either.
      const same = await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, { body: hookBody(receiver.url, { name: 'Replaced' }) });
      assert.equal(same.json<HookJson>().verificationStatus, 'VERIFIED');
      // A new URI, header or secret: UNVERIFIED again.
      for (const body of [
        hookBody(`${receiver.origin}/elsewhere`, { name: 'Replaced' }),
        hookBody(receiver.url, { name: 'Replaced', headers: [{ key: 'X-Other-Header', value: 'changed' }] }),
        hookBody(receiver.url, { name: 'Replaced', secret: 'a new secret' }),
      ]) {
        assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`)).statusCode, 200);
        const changed = await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, { body });
        assert.equal(changed.json<HookJson>().verificationStatus, 'UNVERIFIED', JSON.stringify(body.channel.config));
      }
      // A secret left out under another header name has nothing to keep.
      const renamedHeader = await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: { ...hookBody(receiver.url), channel: { ...hook.channel, config: { ...hook.channel.config, authScheme: { type: 'HEADER', key: 'X-Api-Key' } } } },
      });
      assert.deepEqual(causesOf(renamedHeader), [
        'channel.config.authScheme.value: The field cannot be left blank (it may be left out only to keep the current secret)',
      ]);
      const updated = (await eventsOfType(t, 'event_hook.updated')).filter((e) => e.target[0]?.id === hook.id);
      assert.equal(updated.length, 5);
    });

    it('deactivates and activates; deletes only an INACTIVE hook; each step is logged', async () => {
      const hook = await createHook(t, hookBody('https://life.example.com/h', { name: 'Lifecycle' }));
      const refused = await t.request('DELETE', `/api/v1/eventHooks/${hook.id}`);
      assert.deepEqual(causesOf(refused), [
        `Only INACTIVE event hooks can be deleted: deactivate it first (POST /api/v1/eventHooks/${hook.id}/lifecycle/deactivate)`,
      ]);
      assert.equal(refused.json<ErrorJson>().errorSummary, 'Api validation failed: eventHook');
      assert.ok((await t.store.eventHooks.get(hook.id)) !== undefined);
      const inactive = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
      assert.equal(inactive.statusCode, 200);
      const deactivated = inactive.json<HookJson>();
      assert.equal(deactivated.status, 'INACTIVE');
      assert.deepEqual(Object.keys(deactivated._links).sort(), ['activate', 'self', 'verify']);
      // Asking again for the status it has changes nothing.
      assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`)).json<HookJson>().status, 'INACTIVE');
      assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/activate`)).json<HookJson>().status, 'ACTIVE');
      assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`)).statusCode, 200);
      const deleted = await t.request('DELETE', `/api/v1/eventHooks/${hook.id}`);
      assert.equal(deleted.statusCode, 204);
      assert.equal(deleted.body, '');
      const gone = await t.request('GET', `/api/v1/eventHooks/${hook.id}`);
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json<ErrorJson>().errorCode, 'E0000007');
      const mine = (await hookEvents(t)).filter((e) => e.target[0]?.id === hook.id).map((e) => e.eventType);
      assert.deepEqual(mine, ['event_hook.created', 'event_hook.deactivated', 'event_hook.activated', 'event_hook.deactivated', 'event_hook.deleted']);
    });

    it('answers 404 E0000007 for unknown and malformed ids on every route', async () => {
      for (const id of ['who00000000000000000', '00u00000000000000000', 'nope', '%2e%2e']) {
        for (const [method, path] of [
          ['GET', ''],
          ['PUT', ''],
          ['DELETE', ''],
          ['POST', '/lifecycle/activate'],
          ['POST', '/lifecycle/deactivate'],
          ['POST', '/lifecycle/verify'],
          ['GET', '/deliveries'],
        ] as const) {
          const res = await t.request(method, `/api/v1/eventHooks/${id}${path}`, method === 'PUT' ? { body: hookBody('https://x.example.com') } : {});
          assert.equal(res.statusCode, 404, `${method} ${id}${path}: ${res.body}`);
          assert.equal(res.json<ErrorJson>().errorCode, 'E0000007');
        }
      }
    });

    it('names every bad field in one E0000001, and a refused create or replace writes nothing', async () => {
      const good = hookBody('https://valid.example.com/h', { name: 'Valid' });
      const config = good.channel.config;
      const existing = await createHook(t, good);
      const cases: [unknown, string[]][] = [
        [{}, ['name: The field cannot be left blank', 'events: The field cannot be left blank', 'channel: The field cannot be left blank']],
        [[1, 2], ['body: must be object']],
        [{ ...good, name: ' padded', description: 7 }, ['name: must not begin or end with whitespace', 'description: must be a string']],
        [{ ...good, name: 'x'.repeat(256) }, ['name: must be at most 255 characters']],
        [{ ...good, name: 'Zero\u200bwidth' }, ['name: must not contain invisible or formatting characters (U+200B)']],
        [
          {
            ...good,
            events: {
              type: 'FILTER',
              items: ['user.lifecycle.create', 'user.lifecycle.create', 'user.made.up', 'event_hook.delivery', 3],
              filter: { type: 'EXPRESSION_LANGUAGE' },
            },
          },
          [
            "events.type: must be 'EVENT_TYPE'",
            'events.filter: event hook filters are not supported',
            "events.items[2]: 'user.made.up' is not an event type an event hook can subscribe to",
            "events.items[3]: 'event_hook.delivery' is not an event type an event hook can subscribe to",
            'events.items[4]: must be a string',
            'events.items: must not list the same event type twice',
          ],
        ],
        [{ ...good, events: { type: 'EVENT_TYPE', items: [] } }, ['events.items: must list at least one event type']],
        [
          { ...good, channel: { type: 'SMTP', version: '2.0', config: { ...config, uri: 'http://hooks.example.com/h' } } },
          [
            "channel.type: must be 'HTTP'",
            "channel.version: must be '1.0.0'",
            'channel.config.uri: must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)',
          ],
        ],
        [{ ...good, channel: { type: 'HTTP', version: '1.0.0' } }, ['channel.config: The field cannot be left blank']],
        [
          {
            ...good,
            channel: {
              ...good.channel,
              config: {
                uri: 'https://hooks.example.com/h',
                headers: [
                  { key: 'Content-Type', value: 'text/plain' },
                  { key: 'Bad Name', value: 'x' },
                  { key: 'X-Split', value: 'a\r\nInjected: yes' },
                  { key: 'X-Dup', value: '1' },
                  { key: 'x-dup', value: '2' },
                  { key: 'X-Null' },
                ],
                authScheme: { type: 'BASIC', key: 'x-dup', value: 'secret' },
              },
            },
          },
          [
            "channel.config.headers[0].key: 'Content-Type' is set by Tessera for every call and cannot be configured",
            'channel.config.headers[1].key: must be an HTTP header name of at most 128 token characters',
            'channel.config.headers[2].value: must not contain control characters (CR, LF, NUL…)',
            'channel.config.headers[5]: must be {key, value} with two strings',
            'channel.config.headers: must not name the same header twice',
            "channel.config.authScheme.type: must be 'HEADER'",
            'channel.config.authScheme.key: is also a custom header',
          ],
        ],
        [
          { ...good, channel: { ...good.channel, config: { uri: 'https://hooks.example.com/h', authScheme: { type: 'HEADER', key: 'Authorization' } } } },
          ['channel.config.authScheme.value: The field cannot be left blank'],
        ],
        [
          {
            ...good,
            channel: {
              ...good.channel,
              config: { uri: 'https://hooks.example.com/h', authScheme: { type: 'HEADER', key: 'X-Okta-Verification-Challenge', value: 'v\n' } },
            },
          },
          [
            "channel.config.authScheme.key: 'X-Okta-Verification-Challenge' is set by Tessera for every call and cannot be configured",
            'channel.config.authScheme.value: must not contain control characters (CR, LF, NUL…)',
          ],
        ],
        [{ ...good, name: existing.name.toUpperCase() }, ['name: An object with this field already exists in the current organization']],
      ];
      // Valid on a replace: a secret left out is kept, and a hook may change the case of its own name.
      const createOnly = new Set([
        'channel.config.authScheme.value: The field cannot be left blank',
        'name: An object with this field already exists in the current organization',
      ]);
      const beforeCount = await t.store.eventHooks.count();
      const beforeEvents = (await hookEvents(t)).length;
      const beforeHook = await t.store.eventHooks.get(existing.id);
      for (const [body, expected] of cases) {
        assert.deepEqual(causesOf(await t.request('POST', '/api/v1/eventHooks', { body })), expected, JSON.stringify(body));
        if (expected.some((cause) => createOnly.has(cause))) continue;
        assert.deepEqual(causesOf(await t.request('PUT', `/api/v1/eventHooks/${existing.id}`, { body })), expected, `PUT ${JSON.stringify(body)}`);
      }
      const bare = await t.request('POST', '/api/v1/eventHooks');
      assert.deepEqual(causesOf(bare), [
        'name: The field cannot be left blank',
        'events: The field cannot be left blank',
        'channel: The field cannot be left blank',
      ]);
      assert.equal(await t.store.eventHooks.count(), beforeCount, 'nothing created');
      assert.equal((await hookEvents(t)).length, beforeEvents, 'nothing logged');
      assert.deepEqual(await t.store.eventHooks.get(existing.id), beforeHook, 'nothing replaced');
    });

    it('requires https, except plain http to a loopback address; refuses credentials and fragments in the URI', async () => {
      const accepted = [
        'https://hooks.example.com/okta',
        'https://203.0.113.7:8443/h?x=1',
        'http://127.0.0.1:9/h',
        'http://127.3.4.5/h',
        'http://localhost:8080/h',
        'http://[::1]:9/h',
      ];
      for (const [index, uri] of accepted.entries()) {
        const res = await t.request('POST', '/api/v1/eventHooks', { body: hookBody(uri, { name: `Accepted ${index} ${kind}` }) });
        assert.equal(res.statusCode, 200, `${uri}: ${res.body}`);
      }
      const refused: [string, string][] = [
        ['http://hooks.example.com/okta', 'must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)'],
        ['http://10.0.0.1/h', 'must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)'],
        ['http://localhost.example.com/h', 'must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)'],
        ['ftp://hooks.example.com/h', 'must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)'],
        ['https://user:password@hooks.example.com/h', 'must not carry credentials (user:password@): send a secret with channel.config.authScheme'],
        ['https://hooks.example.com/h#part', 'must not contain a fragment (#)'],
        ['https://hooks.example.com/a b', 'must not contain whitespace'],
        ['/relative', 'must be an absolute https URL'],
        [`https://hooks.example.com/${'a'.repeat(1024)}`, 'must be at most 1024 characters'],
      ];
      for (const [uri, message] of refused) {
        assert.deepEqual(causesOf(await t.request('POST', '/api/v1/eventHooks', { body: hookBody(uri) })), [`channel.config.uri: ${message}`], uri);
      }
    });

    it('subscribes to the lifecycle events Tessera emits, system.api_token.expiring included', async () => {
      const items = [
        'system.api_token.create',
        'system.api_token.revoke',
        'system.api_token.expiring',
        'application.lifecycle.delete',
        'user.lifecycle.delete.completed',
      ];
      const hook = await createHook(t, { ...hookBody('https://tokens.example.com/h', { name: 'Tokens' }), events: { type: 'EVENT_TYPE', items } });
      assert.deepEqual(hook.events.items, items);
    });

    it('verifies against a receiver that answers the challenge: a GET with the challenge, the auth and custom headers', async () => {
      receiver.answer = verifyingAnswer;
      const hook = await createHook(t, hookBody(receiver.url, { name: 'Verify me' }));
      const first = receiver.requests.length;
      t.clock.advance(5000);
      const res = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      assert.equal(res.statusCode, 200, res.body);
      const verified = res.json<HookJson>();
      assert.equal(verified.verificationStatus, 'VERIFIED');
      assert.equal(verified.lastUpdated, isoAt(t.clock.now()));
      const calls = receiver.requests.slice(first);
      assert.equal(calls.length, 1);
      const call = calls[0];
      assert.equal(call?.method, 'GET');
      assert.equal(call?.url, '/hook');
      assert.match(String(call?.headers['x-okta-verification-challenge']), /^[A-Za-z0-9_-]{32}$/);
      assert.equal(call?.headers['authorization'], SECRET);
      assert.equal(call?.headers['x-other-header'], 'my-header-value');
      assert.equal(call?.headers['accept'], 'application/json');
      const logged = (await eventsOfType(t, 'event_hook.verified')).filter((e) => e.target[0]?.id === hook.id);
      assert.deepEqual(
        logged.map((e) => e.outcome.result),
        ['SUCCESS'],
      );
      assert.equal((await t.store.eventHooks.get(hook.id))?.verificationStatus, 'VERIFIED');
    });

    it('a receiver that answers wrongly fails verification after one retry: 400 E0000001, still UNVERIFIED, only the failure logged', async () => {
      const wrong: [string, (req: { headers: Record<string, unknown> }, res: ServerResponse) => void, string][] = [
        [
          'another value',
          (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"verification":"not-the-challenge"}'),
          `the response's "verification" value is not the challenge sent in x-okta-verification-challenge`,
        ],
        ['not JSON', (_req, res) => res.writeHead(200).end('OK'), 'the response is not JSON'],
        ['no value', (_req, res) => res.writeHead(200).end('{"challenge":"x"}'), 'the response has no "verification" value'],
        [
          'an error status',
          (req, res) => res.writeHead(500).end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] })),
          'the endpoint answered HTTP 500',
        ],
      ];
      for (const [what, answer, reason] of wrong) {
        receiver.answer = (req, res) => answer(req, res);
        const hook = await createHook(t, hookBody(receiver.url, { name: `Wrong ${what}` }));
        const first = receiver.requests.length;
        const res = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
        assert.deepEqual(causesOf(res), [`channel.config.uri: Verification failed: ${reason}`], what);
        assert.equal(res.json<ErrorJson>().errorSummary, 'Api validation failed: channel.config.uri');
        assert.equal(receiver.requests.length - first, 2, `${what}: one retry`);
        assert.equal((await t.store.eventHooks.get(hook.id))?.verificationStatus, 'UNVERIFIED');
        const logged = (await hookEvents(t)).filter((e) => e.target[0]?.id === hook.id);
        assert.deepEqual(
          logged.map((e) => [e.eventType, e.outcome.result]),
          [
            ['event_hook.created', 'SUCCESS'],
            ['event_hook.verified', 'FAILURE'],
          ],
        );
        assert.equal(logged[1]?.outcome.reason, `Verification failed: ${reason}`);
      }
      receiver.answer = verifyingAnswer;
    });

    it('does not follow a redirect when verifying', async () => {
      const elsewhere = await startReceiver();
      try {
        receiver.answer = (_req, res) => res.writeHead(302, { location: elsewhere.url }).end();
        const hook = await createHook(t, hookBody(receiver.url, { name: 'Redirected' }));
        const res = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
        assert.deepEqual(causesOf(res), ['channel.config.uri: Verification failed: the endpoint answered HTTP 302: redirects are not followed']);
        assert.equal(elsewhere.requests.length, 0, 'the redirect target was never called');
      } finally {
        receiver.answer = verifyingAnswer;
        await elsewhere.close();
      }
    });

    it('bounds what verification reads: an endless response and a silent receiver fail within the timeout', async () => {
      // Answers with the right JSON prefix, then never stops sending.
      const endless: Server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (res.write(chunk));
          res.once('drain', pump);
        };
        res.write('{"verification":"');
        pump();
      });
      const silent: Server = createServer(() => undefined);
      const listen = (server: Server) =>
        new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/h`)));
      const [endlessUrl, silentUrl] = [await listen(endless), await listen(silent)];
      try {
        for (const [uri, reason] of [
          [endlessUrl, 'the response is longer than Tessera reads'],
          [silentUrl, `no complete response within ${TIMEOUT_MS} ms`],
        ] as const) {
          const hook = await createHook(t, hookBody(uri, { name: `Bounded ${uri}` }));
          const started = performance.now();
          const res = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
          const took = performance.now() - started;
          assert.deepEqual(causesOf(res), [`channel.config.uri: Verification failed: ${reason}`]);
          assert.ok(took < 2 * TIMEOUT_MS + 1500, `bounded: ${took} ms for two tries`);
        }
      } finally {
        endless.closeAllConnections();
        silent.closeAllConnections();
        await Promise.all([new Promise((r) => endless.close(r)), new Promise((r) => silent.close(r))]);
      }
    });

    it('a refused verification of a hook that was VERIFIED leaves it VERIFIED', async () => {
      receiver.answer = verifyingAnswer;
      const hook = await verifiedHook(t, receiver, { name: 'Stays verified' });
      receiver.answer = (_req, res) => res.writeHead(503).end();
      assert.equal((await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`)).statusCode, 400);
      assert.equal((await t.store.eventHooks.get(hook.id))?.verificationStatus, 'VERIFIED');
      receiver.answer = verifyingAnswer;
    });

    it('an org holds at most 25 event hooks, as Okta', async () => {
      for (const hook of await t.store.eventHooks.list()) {
        await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
        assert.equal((await t.request('DELETE', `/api/v1/eventHooks/${hook.id}`)).statusCode, 204);
      }
      for (let i = 0; i < 25; i++) await createHook(t, hookBody('https://many.example.com/h', { name: `Many ${i}` }));
      const refused = await t.request('POST', '/api/v1/eventHooks', { body: hookBody('https://many.example.com/h', { name: 'One too many' }) });
      assert.deepEqual(causesOf(refused), ['eventHook: An org may have at most 25 event hooks: delete one first']);
      assert.equal(await t.store.eventHooks.count(), 25);
    });
  });
}
