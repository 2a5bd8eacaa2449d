/**
 * NetworkZoneRepository: CRUD, the folded unique name, the list with Okta's filter and cursor,
 * read-modify-write under concurrency, `lock`; and the two reads of API tokens that name zones:
 * `listUsingZone` (exact ids, active tokens only) and the zones that ride along with
 * `findForAuthentication`.
 */
import assert from 'node:assert/strict';
import type { FilterNode } from '../../src/filter/ast.js';
import type { NetworkZoneRecord } from '../../src/store/records.js';
import { byId, eq, pagesOf, RACERS, rejectsAsTaken, runConformance, together } from './conformance.js';
import { at, newApiToken, newApp, newNetworkZone, newUser } from './records.js';

const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'or', left, right });

/** A zone id equal to `id` but for the case of its last letter (ids are case-sensitive base-62). */
function caseTwin(id: string): string {
  const last = id.slice(-1);
  const twin = last === last.toUpperCase() ? last.toLowerCase() : last.toUpperCase();
  return id.slice(0, -1) + (twin === last ? (last === 'A' ? 'B' : 'A') : twin);
}

await runConformance('network zones', {
  'insert, then get returns the record as written; a missing zone is undefined': async (store) => {
    const zone = newNetworkZone({
      usage: 'BLOCKLIST',
      gateways: [
        { type: 'CIDR', value: '1.2.3.0/24' },
        { type: 'RANGE', value: '2001:db8::1-2001:db8::ff' },
      ],
      proxies: [{ type: 'RANGE', value: '3.3.4.5-3.3.4.15' }],
    });
    await store.networkZones.insert(zone);
    assert.deepEqual(await store.networkZones.get(zone.id), zone);
    assert.equal(await store.networkZones.get(newNetworkZone().id), undefined);
  },

  'a taken name, in any case or compatibility form, is refused with UniqueViolation(network_zone.name), on insert and on update': async (store) => {
    const office = newNetworkZone({ name: 'Office' });
    const lab = newNetworkZone({ name: 'Lab' });
    await store.networkZones.insert(office);
    await store.networkZones.insert(lab);
    await rejectsAsTaken(store.networkZones.insert(newNetworkZone({ name: 'OFFICE' })), 'network_zone.name');
    await rejectsAsTaken(store.networkZones.insert(newNetworkZone({ name: 'Ｏｆｆｉｃｅ' })), 'network_zone.name');
    await rejectsAsTaken(
      store.networkZones.update(lab.id, (z) => ({ ...z, name: 'office' })),
      'network_zone.name',
    );
    assert.deepEqual(await store.networkZones.get(lab.id), lab, 'the refused update changed nothing');
  },

  'list: zones in id order, paged by cursor, filtered on id, usage and system': async (store) => {
    const zones = [newNetworkZone(), newNetworkZone({ usage: 'BLOCKLIST' }), newNetworkZone(), newNetworkZone({ usage: 'BLOCKLIST' }), newNetworkZone()];
    for (const zone of zones) await store.networkZones.insert(zone);
    const pages = await pagesOf(
      2,
      (after) => store.networkZones.list({ after, limit: 2 }),
      (z) => z.id,
    );
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.deepEqual(pages.flat(), byId(zones));
    const ids = async (filter: FilterNode) => (await store.networkZones.list({ filter, limit: 10 })).map((z) => z.id);
    assert.deepEqual(
      await ids(eq('usage', 'BLOCKLIST')),
      byId(zones.filter((z) => z.usage === 'BLOCKLIST')).map((z) => z.id),
    );
    const [first, second] = zones;
    assert.ok(first !== undefined && second !== undefined);
    assert.deepEqual(await ids(eq('id', first.id)), [first.id]);
    assert.deepEqual(
      await ids(or(eq('id', first.id), eq('id', second.id))),
      byId([first, second]).map((z) => z.id),
    );
    assert.deepEqual(
      await ids(eq('system', false)),
      byId(zones).map((z) => z.id),
    );
    assert.deepEqual(await ids(eq('system', true)), []);
    assert.deepEqual(await ids(eq('id', caseTwin(first.id))), [], 'ids compare exactly');
  },

  'update: read-modify-write, undefined when missing; concurrent updates lose nothing': async (store) => {
    const zone = newNetworkZone({ gateways: [] });
    await store.networkZones.insert(zone);
    const renamed = await store.networkZones.update(zone.id, (z) => ({ ...z, name: 'renamed', lastUpdated: at(1) }));
    assert.deepEqual(renamed, { ...zone, name: 'renamed', lastUpdated: at(1) });
    assert.deepEqual(await store.networkZones.get(zone.id), renamed);
    assert.equal(await store.networkZones.update(newNetworkZone().id, (z) => z), undefined);
    await together(RACERS, (i) => store.networkZones.update(zone.id, (z) => ({ ...z, gateways: [...z.gateways, { type: 'RANGE', value: `10.0.0.${i}` }] })));
    const after = await store.networkZones.get(zone.id);
    assert.deepEqual(after?.gateways.map((g) => g.value).sort(), Array.from({ length: RACERS }, (_, i) => `10.0.0.${i}`).sort());
  },

  'delete: true once, then false; the zone is gone': async (store) => {
    const zone = newNetworkZone();
    await store.networkZones.insert(zone);
    assert.equal(await store.networkZones.delete(zone.id), true);
    assert.equal(await store.networkZones.delete(zone.id), false);
    assert.equal(await store.networkZones.get(zone.id), undefined);
  },

  'lock: the zones of those ids that exist, in id order, inside a transaction': async (store) => {
    const zones = [newNetworkZone(), newNetworkZone(), newNetworkZone()];
    for (const zone of zones) await store.networkZones.insert(zone);
    const [a, b] = zones;
    assert.ok(a !== undefined && b !== undefined);
    const locked = await store.transaction((tx) => tx.networkZones.lock([b.id, a.id, newNetworkZone().id]));
    assert.deepEqual(locked, byId([a, b]));
    assert.deepEqual(await store.transaction((tx) => tx.networkZones.lock([])), []);
  },

  'getMany: the zones of those ids that exist, in id order, as stored': async (store) => {
    const zones = [newNetworkZone(), newNetworkZone({ status: 'INACTIVE' }), newNetworkZone()];
    for (const zone of zones) await store.networkZones.insert(zone);
    const [a, b, c] = zones;
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.deepEqual(await store.networkZones.getMany([c.id, b.id, newNetworkZone().id]), byId([b, c]));
    assert.deepEqual(await store.networkZones.getMany([]), []);
    await store.networkZones.update(b.id, (z) => ({ ...z, status: 'ACTIVE' }));
    assert.equal((await store.networkZones.getMany([b.id]))[0]?.status, 'ACTIVE', 'read as it is now');
  },

  'apps.listUsingZone: apps whose settings.oauthClient.network names the zone, exactly, active or not': async (store) => {
    const zone = newNetworkZone();
    const other = newNetworkZone({ id: caseTwin(zone.id) });
    const including = newApp({ oauthClient: { grant_types: ['client_credentials'], network: { connection: 'ZONE', include: [zone.id] } } });
    const inactive = newApp({
      status: 'INACTIVE',
      oauthClient: { grant_types: ['client_credentials'], network: { connection: 'ZONE', exclude: [other.id, zone.id] } },
    });
    const elsewhere = newApp({ oauthClient: { grant_types: ['client_credentials'], network: { connection: 'ZONE', include: [other.id] } } });
    const anywhere = newApp();
    for (const app of [including, inactive, elsewhere, anywhere]) await store.apps.insert(app);
    assert.deepEqual(
      (await store.apps.listUsingZone(zone.id)).map((a) => a.id),
      byId([including, inactive]).map((a) => a.id),
    );
    assert.deepEqual(
      (await store.apps.listUsingZone(other.id)).map((a) => a.id),
      byId([inactive, elsewhere]).map((a) => a.id),
    );
    assert.deepEqual(await store.apps.listUsingZone(newNetworkZone().id), []);
  },

  'listUsingZone: active tokens naming the zone in include or exclude, exactly, in id order': async (store) => {
    const zone = newNetworkZone();
    const other = newNetworkZone({ id: caseTwin(zone.id) });
    const owner = newUser().id;
    const including = newApiToken(owner, { network: { connection: 'ZONE', include: [other.id, zone.id] } });
    const excluding = newApiToken(owner, { network: { connection: 'ZONE', exclude: [zone.id] } });
    const elsewhere = newApiToken(owner, { network: { connection: 'ZONE', include: [other.id] } });
    const anywhere = newApiToken(owner);
    const revoked = newApiToken(owner, { network: { connection: 'ZONE', include: [zone.id] } });
    for (const token of [including, excluding, elsewhere, anywhere, revoked]) await store.apiTokens.insert(token);
    await store.apiTokens.revoke(revoked.id, at(1), 'test');
    assert.deepEqual(await store.apiTokens.listUsingZone(zone.id), byId([including, excluding]));
    assert.deepEqual(await store.apiTokens.listUsingZone(other.id), byId([including, elsewhere]));
    assert.deepEqual(await store.apiTokens.listUsingZone(newNetworkZone().id), []);
  },

  'findForAuthentication: the zones the network condition names, as stored and current; none otherwise': async (store) => {
    const owner = newUser();
    await store.users.insert(owner);
    const office = newNetworkZone({ name: 'office', proxies: [{ type: 'CIDR', value: '198.51.100.0/24' }] });
    const vpn = newNetworkZone({ name: 'vpn', gateways: [{ type: 'RANGE', value: '192.0.2.1-192.0.2.9' }] });
    const unrelated = newNetworkZone({ name: 'unrelated' });
    for (const zone of [office, vpn, unrelated]) await store.networkZones.insert(zone);
    const restricted = newApiToken(owner.id, { network: { connection: 'ZONE', include: [vpn.id, office.id, newNetworkZone().id] } });
    const open = newApiToken(owner.id);
    await store.apiTokens.insert(restricted);
    await store.apiTokens.insert(open);
    const zonesOf = async (digest: string): Promise<readonly NetworkZoneRecord[] | undefined> =>
      (await store.apiTokens.findForAuthentication(digest))?.networkZones;
    assert.deepEqual(await zonesOf(restricted.tokenDigest), byId([office, vpn]), 'the named zones that exist, whole');
    assert.deepEqual(await zonesOf(open.tokenDigest), []);
    const moved = await store.networkZones.update(vpn.id, (z) => ({ ...z, gateways: [{ type: 'CIDR', value: '10.0.0.0/8' }], status: 'INACTIVE' }));
    assert.ok(moved !== undefined);
    assert.deepEqual(await zonesOf(restricted.tokenDigest), byId([office, moved]), 'a changed zone is read as it is now');
    await store.networkZones.delete(office.id);
    assert.deepEqual(await zonesOf(restricted.tokenDigest), [moved], 'a deleted zone is gone from the read');
  },
});
