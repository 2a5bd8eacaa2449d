/**
 * /api/v1/zones on SQLite and PostgreSQL: Okta's IPNetworkZone shape and links, validation that
 * names every bad field and writes nothing, not found, `filter` and cursor paging with Okta's
 * Link headers, replace, the lifecycle (activate, deactivate, delete only when inactive) with its
 * `zone.*` events, and the refusal to deactivate, blocklist or delete a zone a token's network
 * condition names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { eventsOfType } from './roles.fixtures.js';
import { causesOf, createZone, type ErrorJson, type ZoneJson } from './zones.fixtures.js';

const ORG_URL = 'https://tessera.example.com';

/** The rel="next" URL of a response, relative to the org URL; undefined without one. */
function nextLink(headers: Record<string, unknown>): string | undefined {
  const raw = headers['link'];
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/,\s*(?=<)/) : [];
  const next = values.find((v) => v.endsWith('rel="next"'));
  const url = next === undefined ? undefined : /^<([^>]+)>/.exec(next)?.[1];
  if (url === undefined) return undefined;
  assert.ok(url.startsWith(`${ORG_URL}/api/v1/zones?`), url);
  return url.slice(ORG_URL.length);
}

async function allZones(t: TestApp): Promise<ZoneJson[]> {
  const res = await t.request('GET', '/api/v1/zones');
  assert.equal(res.statusCode, 200, res.body);
  return res.json<ZoneJson[]>();
}

for (const kind of await storeKinds()) {
  describe(`network zones (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL } });
    });
    after(() => t.close());

    it("creates an ACTIVE IP zone in Okta's shape, with absolute links and a zone.create event", async () => {
      const res = await t.request('POST', '/api/v1/zones', {
        headers: { host: 'evil.example.net' },
        body: {
          type: 'IP',
          name: 'Head office',
          status: 'INACTIVE', // not applied: a zone is created ACTIVE, the lifecycle changes it
          gateways: [
            { type: 'CIDR', value: '1.2.3.4/24' },
            { type: 'RANGE', value: '2.3.4.5-2.3.4.15' },
            { type: 'CIDR', value: '2001:db8::/32' },
          ],
          proxies: [{ type: 'RANGE', value: '3.3.4.5-3.3.4.15' }],
          id: 'nzo00000000000000000', // read-only fields are ignored
          system: true,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const zone = res.json<ZoneJson>();
      assert.match(zone.id, /^nzo[0-9A-Za-z]{17}$/);
      assert.deepEqual(Object.keys(zone), ['type', 'id', 'name', 'status', 'usage', 'created', 'lastUpdated', 'system', 'gateways', 'proxies', '_links']);
      assert.equal(zone.type, 'IP');
      assert.equal(zone.name, 'Head office');
      assert.equal(zone.status, 'ACTIVE');
      assert.equal(zone.usage, 'POLICY');
      assert.equal(zone.system, false);
      assert.equal(zone.created, isoAt(t.clock.now()));
      assert.equal(zone.lastUpdated, zone.created);
      assert.deepEqual(zone.gateways, [
        { type: 'CIDR', value: '1.2.3.4/24' },
        { type: 'RANGE', value: '2.3.4.5-2.3.4.15' },
        { type: 'CIDR', value: '2001:db8::/32' },
      ]);
      assert.deepEqual(zone.proxies, [{ type: 'RANGE', value: '3.3.4.5-3.3.4.15' }]);
      assert.deepEqual(zone._links, {
        self: { href: `${ORG_URL}/api/v1/zones/${zone.id}`, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
        deactivate: { href: `${ORG_URL}/api/v1/zones/${zone.id}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
      });
      const got = await t.request('GET', `/api/v1/zones/${zone.id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), zone);
      const created = await eventsOfType(t, 'zone.create');
      assert.ok(created.some((e) => e.target.some((target) => target.id === zone.id && target.type === 'NetworkZone')));
      assert.equal(created.at(-1)?.actor.id, t.admin.user.id);
    });

    it('a blocklist zone with proxies left out shows proxies as null', async () => {
      const zone = await createZone(t, 'Blocked', ['192.0.2.0/24'], { usage: 'BLOCKLIST', proxies: null });
      assert.equal(zone.usage, 'BLOCKLIST');
      assert.equal(zone.proxies, null);
    });

    it('names every bad field in a 400 E0000001 and creates nothing', async () => {
      await createZone(t, 'Taken', ['198.51.100.0/24']);
      const cases: [unknown, readonly string[]][] = [
        [undefined, ['type: The field cannot be left blank', 'name: The field cannot be left blank', 'gateways: An IP network zone needs gateways or proxies']],
        [{ type: 'IP', name: '  ', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] }, ['name: The field cannot be left blank']],
        [{ type: 'IP', name: 'x'.repeat(129), gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] }, ['name: The name must be at most 128 characters']],
        [{ type: 'GEO', name: 'Geo', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] }, ["type: 'GEO' is not a network zone type: use IP"]],
        [
          { type: 'DYNAMIC', name: 'Dyn', locations: [{ country: 'US' }] },
          ['type: Tessera keeps IP network zones only; DYNAMIC zones are not supported', 'gateways: An IP network zone needs gateways or proxies'],
        ],
        [
          { type: 'IP', name: 'Bad CIDR', gateways: [{ type: 'CIDR', value: '1.2.3.0/33' }] },
          ['gateways[0].value: "1.2.3.0/33" is not a valid CIDR: the prefix length must be a whole number from 0 to 32'],
        ],
        [
          { type: 'IP', name: 'No prefix', gateways: [{ type: 'CIDR', value: '1.2.3.4' }] },
          ['gateways[0].value: "1.2.3.4" is not a valid CIDR: a CIDR block needs a prefix length, as in 1.2.3.0/24'],
        ],
        [
          {
            type: 'IP',
            name: 'Bad range',
            gateways: [
              { type: 'CIDR', value: '1.2.3.0/24' },
              { type: 'RANGE', value: '1.2.3.10-1.2.3.4' },
            ],
          },
          ['gateways[1].value: "1.2.3.10-1.2.3.4" is not a valid RANGE: a range must start at its lower address'],
        ],
        [
          { type: 'IP', name: 'Mixed', proxies: [{ type: 'RANGE', value: '1.2.3.4-2001:db8::1' }] },
          ['proxies[0].value: "1.2.3.4-2001:db8::1" is not a valid RANGE: a range cannot mix IPv4 and IPv6 addresses'],
        ],
        [{ type: 'IP', name: 'Kind', gateways: [{ type: 'SUBNET', value: '1.2.3.0/24' }] }, ["gateways[0].type: 'SUBNET' is not CIDR or RANGE"]],
        [
          { type: 'IP', name: 'Use', usage: 'ALLOWLIST', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] },
          ["usage: 'ALLOWLIST' is not a network zone usage: use POLICY or BLOCKLIST"],
        ],
        [{ type: 'IP', name: 'Empty', gateways: [], proxies: [] }, ['gateways: An IP network zone needs gateways or proxies']],
        [
          { type: 'IP', name: 'Many', gateways: Array.from({ length: 151 }, (_, i) => ({ type: 'RANGE', value: `10.0.${i}.1` })) },
          ['gateways: A POLICY zone holds at most 150 gateways'],
        ],
        [
          { type: 'IP', name: 'TAKEN', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] },
          ['name: An object with this field already exists in the current organization'],
        ],
        [{ type: 'IP', name: 'Bell\u0007', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] }, ['name: must not contain control characters (U+0007)']],
      ];
      const zonesBefore = (await allZones(t)).length;
      const eventsBefore = (await eventsOfType(t, 'zone.create')).length;
      for (const [body, causes] of cases) {
        const res = await t.request('POST', '/api/v1/zones', body === undefined ? {} : { body });
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
        const error = res.json<ErrorJson>();
        assert.equal(error.errorCode, 'E0000001');
        assert.match(error.errorSummary, /^Api validation failed: /);
        assert.deepEqual(causesOf(res.body), causes, JSON.stringify(body));
      }
      const malformed = await t.request('POST', '/api/v1/zones', { body: { type: 'IP', name: 'Typed', gateways: 'everything' } });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json<ErrorJson>().errorCode, 'E0000001');
      assert.equal((await allZones(t)).length, zonesBefore, 'no zone was created');
      assert.equal((await eventsOfType(t, 'zone.create')).length, eventsBefore, 'no event was written');
    });

    it('answers 404 E0000007 naming the NetworkZone for an unknown or malformed id, on every operation', async () => {
      for (const id of [newId('networkZone'), 'itd', newId('group')]) {
        for (const [method, path, body] of [
          ['GET', `/api/v1/zones/${id}`, undefined],
          ['PUT', `/api/v1/zones/${id}`, { type: 'IP', name: 'Nowhere', gateways: [{ type: 'CIDR', value: '1.2.3.0/24' }] }],
          ['DELETE', `/api/v1/zones/${id}`, undefined],
          ['POST', `/api/v1/zones/${id}/lifecycle/activate`, undefined],
          ['POST', `/api/v1/zones/${id}/lifecycle/deactivate`, undefined],
        ] as const) {
          const res = await t.request(method, path, body === undefined ? {} : { body });
          assert.equal(res.statusCode, 404, `${method} ${path}`);
          const error = res.json<ErrorJson>();
          assert.equal(error.errorCode, 'E0000007');
          assert.equal(error.errorSummary, `Not found: Resource not found: ${id} (NetworkZone)`);
        }
      }
    });

    it('pages with limit and after; the next link repeats filter and limit; filter takes id, usage and system', async () => {
      const made: ZoneJson[] = [];
      for (let i = 0; i < 5; i++) made.push(await createZone(t, `Paged ${i}`, [`10.1.${i}.0/24`], { usage: i % 2 === 0 ? 'BLOCKLIST' : 'POLICY' }));
      const seen: string[] = [];
      const sizes: number[] = [];
      let url: string | undefined = `/api/v1/zones?filter=${encodeURIComponent('usage eq "BLOCKLIST"')}&limit=2`;
      while (url !== undefined) {
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json<ZoneJson[]>();
        assert.ok(page.every((z) => z.usage === 'BLOCKLIST'));
        sizes.push(page.length);
        seen.push(...page.map((z) => z.id));
        url = nextLink(res.headers);
        if (url !== undefined) {
          assert.match(url, /[?&]limit=2(&|$)/);
          assert.match(url, /[?&]filter=usage%20eq%20%22BLOCKLIST%22(&|$)/);
          assert.match(url, /[?&]after=nzo[0-9A-Za-z]{17}(&|$)/);
        }
      }
      const blocklists = (await allZones(t)).filter((z) => z.usage === 'BLOCKLIST').map((z) => z.id);
      assert.deepEqual(seen, blocklists, 'every blocklist zone once, in order');
      assert.equal(sizes.at(-1) !== 0 || sizes.length === 1, true, 'no empty page after a next link');

      const [first, second] = made;
      assert.ok(first !== undefined && second !== undefined);
      const byId = await t.request('GET', `/api/v1/zones?filter=${encodeURIComponent(`id eq "${first.id}" or id eq "${second.id}"`)}`);
      assert.deepEqual(
        byId
          .json<ZoneJson[]>()
          .map((z) => z.id)
          .sort(),
        [first.id, second.id].sort(),
      );
      const custom = await t.request('GET', `/api/v1/zones?filter=${encodeURIComponent('system eq false')}&limit=-1`);
      assert.equal(custom.json<ZoneJson[]>().length, (await allZones(t)).length, 'limit -1 (Okta’s default) is every zone');
      const system = await t.request('GET', `/api/v1/zones?filter=${encodeURIComponent('system eq true')}`);
      assert.deepEqual(system.json(), []);
      const self = await t.request('GET', '/api/v1/zones?limit=2');
      assert.match(String(self.headers['link']), new RegExp(`<${ORG_URL}/api/v1/zones\\?limit=2>; rel="self"`));

      for (const [query, code] of [
        [`filter=${encodeURIComponent('name eq "x"')}`, 'E0000031'],
        [`filter=${encodeURIComponent('usage sw "B"')}`, 'E0000031'],
        ['after=not-a-cursor', 'E0000031'],
        ['limit=abc', 'E0000001'],
        ['limit=0', 'E0000001'],
      ] as const) {
        const res = await t.request('GET', `/api/v1/zones?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json<ErrorJson>().errorCode, code, query);
      }
    });

    it('replaces name, usage and addresses; keeps type, status and created; logs zone.update', async () => {
      const zone = await createZone(t, 'Branch', ['203.0.113.0/24']);
      t.clock.advance(60_000);
      const res = await t.request('PUT', `/api/v1/zones/${zone.id}`, {
        body: {
          ...zone,
          name: 'Branch office',
          status: 'INACTIVE',
          usage: 'BLOCKLIST',
          gateways: [{ type: 'RANGE', value: '203.0.113.1-203.0.113.9' }],
          proxies: null,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const replaced = res.json<ZoneJson>();
      assert.equal(replaced.name, 'Branch office');
      assert.equal(replaced.status, 'ACTIVE', 'status changes only through the lifecycle');
      assert.equal(replaced.usage, 'BLOCKLIST');
      assert.deepEqual(replaced.gateways, [{ type: 'RANGE', value: '203.0.113.1-203.0.113.9' }]);
      assert.equal(replaced.created, zone.created);
      assert.equal(replaced.lastUpdated, isoAt(t.clock.now()));
      assert.deepEqual((await t.request('GET', `/api/v1/zones/${zone.id}`)).json(), replaced);
      const kept = await t.request('PUT', `/api/v1/zones/${zone.id}`, { body: { type: 'IP', name: 'Branch office', gateways: replaced.gateways } });
      assert.equal(kept.json<ZoneJson>().usage, 'BLOCKLIST', 'a usage left out is kept');
      const updates = await eventsOfType(t, 'zone.update');
      assert.ok(updates.some((e) => e.target.some((target) => target.id === zone.id && target.alternateId === 'Branch office')));

      const retyped = await t.request('PUT', `/api/v1/zones/${zone.id}`, { body: { type: 'DYNAMIC_V2', name: 'Branch office', gateways: replaced.gateways } });
      assert.equal(retyped.statusCode, 400);
      assert.deepEqual(causesOf(retyped.body), ['type: Tessera keeps IP network zones only; DYNAMIC_V2 zones are not supported']);
      const bad = await t.request('PUT', `/api/v1/zones/${zone.id}`, { body: { type: 'IP', name: 'Taken', gateways: [{ type: 'CIDR', value: 'nope/1' }] } });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(causesOf(bad.body), ['gateways[0].value: "nope/1" is not a valid CIDR: nope is not an IPv4 or IPv6 address']);
      const taken = await t.request('PUT', `/api/v1/zones/${zone.id}`, { body: { type: 'IP', name: 'taken', gateways: replaced.gateways } });
      assert.deepEqual(causesOf(taken.body), ['name: An object with this field already exists in the current organization']);
      assert.equal((await t.request('GET', `/api/v1/zones/${zone.id}`)).json<ZoneJson>().name, 'Branch office', 'refused replaces changed nothing');
    });

    it('deactivates, activates and deletes only an inactive zone, with Okta’s answer and events', async () => {
      const zone = await createZone(t, 'Lifecycle', ['192.0.2.0/28']);
      const active = await t.request('DELETE', `/api/v1/zones/${zone.id}`);
      assert.equal(active.statusCode, 400);
      const error = active.json<ErrorJson>();
      assert.equal(error.errorCode, 'E0000001');
      assert.equal(error.errorSummary, 'Api validation failed: The zone: Lifecycle is an active zone. Active zones cannot be deleted.');
      assert.deepEqual(causesOf(active.body), [`id: The zone: ${zone.id} is an active zone. Active zones cannot be deleted.`]);

      const deactivated = await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`);
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      const inactive = deactivated.json<ZoneJson>();
      assert.equal(inactive.status, 'INACTIVE');
      assert.deepEqual(inactive._links['activate'], { href: `${ORG_URL}/api/v1/zones/${zone.id}/lifecycle/activate`, hints: { allow: ['POST'] } });
      assert.equal(inactive._links['deactivate'], undefined);
      const deactivations = (await eventsOfType(t, 'zone.deactivate')).length;
      assert.equal((await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`)).json<ZoneJson>().status, 'INACTIVE');
      assert.equal((await eventsOfType(t, 'zone.deactivate')).length, deactivations, 'deactivating an inactive zone logs nothing');

      const activated = await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/activate`);
      assert.equal(activated.json<ZoneJson>().status, 'ACTIVE');
      assert.ok((await eventsOfType(t, 'zone.activate')).some((e) => e.target.some((target) => target.id === zone.id)));
      await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`);
      const deleted = await t.request('DELETE', `/api/v1/zones/${zone.id}`);
      assert.equal(deleted.statusCode, 204);
      assert.equal(deleted.body, '');
      assert.equal((await t.request('GET', `/api/v1/zones/${zone.id}`)).statusCode, 404);
      assert.ok((await eventsOfType(t, 'zone.delete')).some((e) => e.target.some((target) => target.id === zone.id)));
      assert.equal((await t.request('DELETE', `/api/v1/zones/${zone.id}`)).statusCode, 404);
    });

    it('refuses to deactivate, blocklist or delete a zone a token’s network condition names, naming the token', async () => {
      const zone = await createZone(t, 'In use', ['198.18.0.0/15']);
      const { tokenId } = await insertApiToken(t, t.admin.user.id, { name: 'restricted bot', network: { connection: 'ZONE', include: [zone.id] } });
      const inUse = `id: The zone: ${zone.id} is used by the network condition of API token ${tokenId} (restricted bot)`;

      const deactivate = await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`);
      assert.equal(deactivate.statusCode, 400, deactivate.body);
      assert.equal(deactivate.json<ErrorJson>().errorCode, 'E0000001');
      assert.equal(
        deactivate.json<ErrorJson>().errorSummary,
        'Api validation failed: The zone: In use is used by a network condition and cannot be deactivated.',
      );
      assert.deepEqual(causesOf(deactivate.body), [inUse]);
      const blocklist = await t.request('PUT', `/api/v1/zones/${zone.id}`, { body: { ...zone, usage: 'BLOCKLIST' } });
      assert.equal(blocklist.statusCode, 400);
      assert.deepEqual(causesOf(blocklist.body), [inUse]);
      const renamed = await t.request('PUT', `/api/v1/zones/${zone.id}`, {
        body: { ...zone, name: 'Still in use', gateways: [{ type: 'CIDR', value: '198.18.0.0/16' }] },
      });
      assert.equal(renamed.statusCode, 200, 'a change that keeps it an active POLICY IP zone is allowed');
      const current = (await t.request('GET', `/api/v1/zones/${zone.id}`)).json<ZoneJson>();
      assert.equal(current.status, 'ACTIVE');
      assert.equal(current.usage, 'POLICY');

      // Once the token is revoked nothing uses the zone any more.
      assert.equal((await t.request('DELETE', `/api/v1/api-tokens/${tokenId}`)).statusCode, 204);
      assert.equal((await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`)).statusCode, 200);
      // A condition written straight to the store still protects an inactive zone from deletion.
      await insertApiToken(t, t.admin.user.id, { name: 'excluding bot', network: { connection: 'ZONE', exclude: [zone.id] } });
      const remove = await t.request('DELETE', `/api/v1/zones/${zone.id}`);
      assert.equal(remove.statusCode, 400);
      assert.match(causesOf(remove.body).join(), /used by the network condition of API token 00T[0-9A-Za-z]{17} \(excluding bot\)/);
      assert.equal((await t.request('GET', `/api/v1/zones/${zone.id}`)).statusCode, 200, 'still there');
    });

    it('a token past its idle window does not hold a zone', async () => {
      const zone = await createZone(t, 'Stale', ['198.20.0.0/16']);
      await insertApiToken(t, t.admin.user.id, {
        name: 'stale bot',
        network: { connection: 'ZONE', include: [zone.id] },
        at: t.clock.now() - 31 * 86_400_000,
      });
      assert.equal((await t.request('POST', `/api/v1/zones/${zone.id}/lifecycle/deactivate`)).statusCode, 200);
    });
  });
}
