/**
 * Compatibility: `@okta/okta-sdk-nodejs` 8.x's EventHookApi on Tessera over real HTTP in SSWS
 * mode: create, get, list, verify (against a receiver on 127.0.0.1), deactivate, activate,
 * replace with a fetched hook, delete, and the errors it surfaces. Then the server's own delivery
 * worker, running because the server listens, delivers an event the SDK caused. Expectations
 * follow Okta's documented behaviour; a failure is a wire deviation of ours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, EventHook } from '@okta/okta-sdk-nodejs';
import { loadConfig } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { SECRET, startReceiver, verifyingAnswer, type Receiver } from '../http/event-hooks.fixtures.js';
import { collect, expectOktaError, sdkClient, type SdkClient } from './sdk-harness.js';

function newHook(uri: string, name: string): EventHook {
  return {
    name,
    events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.deactivate'] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: { uri, headers: [{ key: 'X-Other-Header', value: 'my-header-value' }], authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET } },
    },
  };
}

function idOf(hook: EventHook): string {
  assert.ok(hook.id !== undefined, 'the SDK object has an id');
  return hook.id;
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs event hooks (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let client: Client;
    let receiver: Receiver;
    before(async () => {
      // The server's own worker runs while it listens; polled often here so that the last test is quick.
      t = await startTestApp(kind, { listen: true, config: { eventHooks: { ...loadConfig({}).eventHooks, pollIntervalMs: 50 } } });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      client = sdk.client;
      receiver = await startReceiver();
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    it('creates, gets, lists, verifies, deactivates, activates, replaces and deletes a hook', async () => {
      const api = client.eventHookApi;
      const created = await api.createEventHook({ eventHook: newHook(receiver.url, 'SDK hook') });
      const id = idOf(created);
      assert.match(id, /^who[0-9A-Za-z]{17}$/);
      assert.equal(created.status, 'ACTIVE');
      assert.equal(created.verificationStatus, 'UNVERIFIED');
      assert.ok(created.created instanceof Date && created.lastUpdated instanceof Date);
      assert.equal(created.createdBy, t.admin.user.id);
      assert.deepEqual(created.events?.items, ['user.lifecycle.create', 'user.lifecycle.deactivate']);
      assert.equal(created.channel?.config?.uri, receiver.url);
      assert.equal(created.channel?.config?.method, 'POST');
      assert.deepEqual(JSON.parse(JSON.stringify(created.channel?.config?.authScheme)), { type: 'HEADER', key: 'Authorization' }, 'no value');
      assert.equal(created._links?.self?.href, `${t.baseUrl}/api/v1/eventHooks/${id}`);
      assert.equal(created._links?.verify?.href, `${t.baseUrl}/api/v1/eventHooks/${id}/lifecycle/verify`);

      assert.equal((await api.getEventHook({ eventHookId: id })).name, 'SDK hook');
      const listed = await collect(await api.listEventHooks());
      assert.ok(listed.some((hook) => hook.id === id));

      receiver.answer = verifyingAnswer;
      const verified = await api.verifyEventHook({ eventHookId: id });
      assert.equal(verified.verificationStatus, 'VERIFIED');
      const challenge = receiver.requests.find((r) => r.method === 'GET');
      assert.equal(challenge?.headers['authorization'], SECRET);

      const deactivated = await api.deactivateEventHook({ eventHookId: id });
      assert.equal(deactivated.status, 'INACTIVE');
      assert.ok(deactivated._links?.deactivate === undefined);
      assert.equal((await api.activateEventHook({ eventHookId: id })).status, 'ACTIVE');

      // A fetched hook, renamed and sent back as it is (read-only fields, the secret left out).
      const fetched = await api.getEventHook({ eventHookId: id });
      fetched.name = 'SDK hook, renamed';
      const replaced = await api.replaceEventHook({ eventHookId: id, eventHook: fetched });
      assert.equal(replaced.name, 'SDK hook, renamed');
      assert.equal(replaced.verificationStatus, 'VERIFIED', 'the channel is the same');
      const verifiedAgain = await api.verifyEventHook({ eventHookId: id });
      assert.equal(receiver.requests.filter((r) => r.method === 'GET').at(-1)?.headers['authorization'], SECRET, 'the secret was kept');
      assert.equal(verifiedAgain.verificationStatus, 'VERIFIED');

      // Okta deletes only INACTIVE hooks.
      const active = await expectOktaError(api.deleteEventHook({ eventHookId: id }), 400, 'E0000001');
      assert.match(active.message, /Only INACTIVE event hooks can be deleted/);
      await api.deactivateEventHook({ eventHookId: id });
      await api.deleteEventHook({ eventHookId: id });
      await expectOktaError(api.getEventHook({ eventHookId: id }), 404, 'E0000007');
      // Lifecycle calls go out as the SDK sends them: a POST without a body.
      const lifecycle = sdk.sent.find((r) => r.url.endsWith('/lifecycle/deactivate'));
      assert.equal(lifecycle?.method, 'POST');
    });

    it('surfaces verification and validation failures as OktaApiError E0000001 with their causes', async () => {
      const api = client.eventHookApi;
      const wrong = await api.createEventHook({ eventHook: newHook(`${receiver.origin}/wrong`, 'SDK wrong receiver') });
      receiver.answer = (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"verification":"nope"}');
      const failed = await expectOktaError(api.verifyEventHook({ eventHookId: idOf(wrong) }), 400, 'E0000001');
      assert.deepEqual(
        failed.errorCauses?.map((c) => c.errorSummary),
        [`channel.config.uri: Verification failed: the response's "verification" value is not the challenge sent in x-okta-verification-challenge`],
      );
      receiver.answer = verifyingAnswer;
      const plain = newHook('http://hooks.example.com/okta', 'SDK plain http');
      const refused = await expectOktaError(api.createEventHook({ eventHook: plain }), 400, 'E0000001');
      assert.match(refused.message, /channel\.config\.uri: must be an https URL/);
    });

    it("the server's own worker delivers an event the SDK caused, while the server listens", async () => {
      const api = client.eventHookApi;
      let delivered: (body: string) => void = () => undefined;
      const arrived = new Promise<string>((resolve) => (delivered = resolve));
      const own = await startReceiver((request, response, index) => {
        verifyingAnswer(request, response, index);
        if (request.method === 'POST') delivered(request.body);
      });
      try {
        const hook = await api.createEventHook({ eventHook: newHook(own.url, 'SDK delivery') });
        await api.verifyEventHook({ eventHookId: idOf(hook) });
        const user = await client.userApi.createUser({
          body: { profile: { firstName: 'Hooked', lastName: 'User', email: 'hooked@example.com', login: 'hooked@example.com' } },
          activate: false,
        });
        const envelope = JSON.parse(await arrived) as {
          eventType: string;
          source: string;
          data: { events: { eventType: string; target: { id: string }[] }[] };
        };
        assert.equal(envelope.eventType, 'com.okta.event_hook');
        assert.equal(envelope.source, `${t.baseUrl}/api/v1/eventHooks/${idOf(hook)}`);
        assert.equal(envelope.data.events[0]?.eventType, 'user.lifecycle.create');
        assert.equal(envelope.data.events[0]?.target[0]?.id, user.id);
      } finally {
        await own.close();
      }
    });
  });
}
