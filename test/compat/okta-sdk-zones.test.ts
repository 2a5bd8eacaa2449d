/**
 * Compatibility: `@okta/okta-sdk-nodejs` 8.x manages Tessera's network zones through its
 * NetworkZoneApi (create, list with filter and paging, get, replace, the lifecycle, delete) and
 * restricts an API token to a zone through ApiTokenApi.upsertApiToken, over real HTTP. The SDK
 * picks the model by the `type` discriminator (`IP` → IPNetworkZone) and turns dates into
 * `Date`s; a failure here is a wire deviation of ours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, IPNetworkZone, NetworkZone } from '@okta/okta-sdk-nodejs';
import { storeKinds } from '../helpers/databases.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, expectOktaError, sdkClient, type SdkClient } from './sdk-harness.js';

function idOf(item: { id?: string | undefined }): string {
  assert.ok(item.id !== undefined, 'the SDK object has an id');
  return item.id;
}

const ipZone = (name: string, gateways: string[]): IPNetworkZone => ({
  type: 'IP',
  name,
  gateways: gateways.map((value) => ({ type: value.includes('/') ? 'CIDR' : 'RANGE', value })),
});

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs network zones (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      client = sdk.client;
    });
    after(() => t.close());

    it('creates, gets and lists an IP zone', async () => {
      const created = (await client.networkZoneApi.createNetworkZone({
        zone: ipZone('SDK office', ['203.0.113.0/24', '198.51.100.1-198.51.100.9']),
      })) as IPNetworkZone;
      const id = idOf(created);
      assert.match(id, /^nzo/);
      assert.equal(created.type, 'IP');
      assert.equal(created.status, 'ACTIVE');
      assert.equal(created.usage, 'POLICY');
      assert.equal(created.system, false);
      assert.ok(created.created instanceof Date && !Number.isNaN(created.created.getTime()));
      assert.deepEqual(
        created.gateways?.map((g) => [g.type, g.value]),
        [
          ['CIDR', '203.0.113.0/24'],
          ['RANGE', '198.51.100.1-198.51.100.9'],
        ],
      );
      assert.equal(created._links?.self?.href, `${t.config.orgUrl}/api/v1/zones/${id}`);

      const got = (await client.networkZoneApi.getNetworkZone({ zoneId: id })) as IPNetworkZone;
      assert.equal(got.name, 'SDK office');
      assert.deepEqual(got.gateways, created.gateways);

      const listed = await collect(await client.networkZoneApi.listNetworkZones());
      assert.ok(listed.some((zone) => zone.id === id));
      const filtered = await collect(await client.networkZoneApi.listNetworkZones({ filter: `id eq "${id}"` }));
      assert.deepEqual(filtered.map(idOf), [id]);
      await expectOktaError(client.networkZoneApi.getNetworkZone({ zoneId: 'nzo0000000000000000x' }), 404, 'E0000007');
    });

    it('follows the next links page by page, with the limit and filter it asked for', async () => {
      for (let i = 0; i < 5; i++)
        await client.networkZoneApi.createNetworkZone({ zone: { ...ipZone(`SDK page ${i}`, [`10.20.${i}.0/24`]), usage: 'BLOCKLIST' } });
      const before = sdk.sent.length;
      const pages = await collect(await client.networkZoneApi.listNetworkZones({ limit: 2, filter: 'usage eq "BLOCKLIST"' }));
      assert.equal(pages.length, 5);
      assert.ok(pages.every((zone: NetworkZone) => zone.usage === 'BLOCKLIST'));
      const requests = sdk.sent.slice(before);
      assert.equal(requests.length, 3, 'three pages of at most two');
      assert.ok(requests.slice(1).every((r) => r.url.includes('after=nzo') && r.url.includes('limit=2') && r.url.includes('filter=')));
    });

    it('replaces, deactivates, activates and deletes a zone; refuses to delete it while active', async () => {
      const zone = await client.networkZoneApi.createNetworkZone({ zone: ipZone('SDK lifecycle', ['192.0.2.0/24']) });
      const id = idOf(zone);
      const replaced = (await client.networkZoneApi.replaceNetworkZone({
        zoneId: id,
        zone: ipZone('SDK lifecycle renamed', ['192.0.2.0/25']),
      })) as IPNetworkZone;
      assert.equal(replaced.name, 'SDK lifecycle renamed');
      assert.equal(replaced.gateways?.[0]?.value, '192.0.2.0/25');
      const refused = await expectOktaError(client.networkZoneApi.deleteNetworkZone({ zoneId: id }), 400, 'E0000001');
      assert.match(refused.message, /is an active zone\. Active zones cannot be deleted\./);
      assert.equal((await client.networkZoneApi.deactivateNetworkZone({ zoneId: id })).status, 'INACTIVE');
      assert.equal((await client.networkZoneApi.activateNetworkZone({ zoneId: id })).status, 'ACTIVE');
      await client.networkZoneApi.deactivateNetworkZone({ zoneId: id });
      await client.networkZoneApi.deleteNetworkZone({ zoneId: id });
      await expectOktaError(client.networkZoneApi.getNetworkZone({ zoneId: id }), 404, 'E0000007');
    });

    it('restricts an API token to a zone with upsertApiToken; the zone cannot be deactivated meanwhile', async () => {
      // The SDK connects from 127.0.0.1: a zone holding it keeps the restricted token usable.
      const zone = await client.networkZoneApi.createNetworkZone({ zone: ipZone('SDK loopback', ['127.0.0.0/8', '::1/128']) });
      const zoneId = idOf(zone);
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'sdk restricted' });
      const updated = await client.apiTokenApi.upsertApiToken({
        apiTokenId: extra.tokenId,
        apiTokenUpdate: { name: 'sdk restricted', network: { connection: 'ZONE', include: [zoneId] } },
      });
      assert.equal(updated.network?.connection, 'ZONE');
      assert.deepEqual(updated.network?.include, [zoneId]);
      const restricted = sdkClient(t.baseUrl, extra.token).client;
      assert.equal((await restricted.userApi.getUser({ userId: 'me' })).id, t.admin.user.id);
      await expectOktaError(client.networkZoneApi.deactivateNetworkZone({ zoneId }), 400, 'E0000001');

      const elsewhere = await client.networkZoneApi.createNetworkZone({ zone: ipZone('SDK elsewhere', ['192.0.2.0/24']) });
      await client.apiTokenApi.upsertApiToken({
        apiTokenId: extra.tokenId,
        apiTokenUpdate: { name: 'sdk restricted', network: { connection: 'ZONE', include: [idOf(elsewhere)] } },
      });
      const outside = await expectOktaError(restricted.userApi.getUser({ userId: 'me' }), 403, 'E0000006');
      assert.match(outside.message, /outside the network zones/);
      await expectOktaError(
        client.apiTokenApi.upsertApiToken({
          apiTokenId: extra.tokenId,
          apiTokenUpdate: { name: 'x', network: { connection: 'ZONE', include: ['nzo0000000000000000x'] } },
        }),
        400,
        'E0000001',
      );
    });
  });
}
