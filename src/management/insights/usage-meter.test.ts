/**
 * The usage meter on a real store: counts stay in memory until a flush, a failed flush keeps them
 * for the next one (nothing lost, nothing counted twice), days roll over at UTC midnight, and the
 * retention purge runs at most once an hour.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../clock.js';
import type { CredentialUse } from '../../auth/credential-use.js';
import { openDatabase, type OpenDatabase } from '../../store/database.js';
import { createStore } from '../../store/create-store.js';
import type { Store } from '../../store/store.js';
import type { UsageRepository } from '../../store/usage-store.js';
import { UsageMeter } from './usage-meter.js';
import { ENDPOINT_ACCESS, type EndpointAccess } from '../../auth/endpoint-access.js';

const DAY = 86_400_000;
const USERS_GET: EndpointAccess = ENDPOINT_ACCESS['GET /api/v1/users/:userId'] ?? { scope: 'okta.users.read', permission: 'okta.users.read' };
const START = Date.parse('2026-12-01T23:59:00.000Z');

function use(at: number, overrides: Partial<CredentialUse> = {}): CredentialUse {
  return {
    credentialType: 'API_TOKEN',
    credentialId: '00Ttoken0000000000001',
    at,
    ipAddress: '10.0.0.1',
    userAgent: 'sync',
    method: 'GET',
    route: '/api/v1/users/:userId',
    permission: 'okta.users.read',
    scope: 'okta.users.read',
    via: 'permission',
    outcome: 'SUCCESS',
    endpoint: USERS_GET,
    ...overrides,
  };
}

/** The real repository, with a switch that makes its writes fail as an unreachable database would. */
function failing(store: Store): { usage: UsageRepository; fail: { writes: boolean; purges: number } } {
  const fail = { writes: false, purges: 0 };
  const usage: UsageRepository = {
    add: (nodeId, counts) => (fail.writes ? Promise.reject(new Error('database unreachable')) : store.usage.add(nodeId, counts)),
    recordLastUses: (uses) => (fail.writes ? Promise.reject(new Error('database unreachable')) : store.usage.recordLastUses(uses)),
    counts: (query) => store.usage.counts(query),
    lastUses: (type, ids) => store.usage.lastUses(type, ids),
    purgeBefore: (day) => {
      fail.purges += 1;
      return store.usage.purgeBefore(day);
    },
  };
  return { usage, fail };
}

describe('usage meter', () => {
  let database: OpenDatabase;
  let store: Store;
  before(async () => {
    database = await openDatabase('sqlite::memory:');
    store = createStore(database);
  });
  after(() => database.close());

  const everything = { credentialType: 'API_TOKEN', credentialIds: ['00Ttoken0000000000001'], sinceDay: '2000-01-01', untilDay: '2999-01-01' } as const;

  it('writes nothing until a flush; a failed flush keeps the counts, and the next writes them once', async () => {
    const clock = new ManualClock(START);
    const { usage, fail } = failing(store);
    const errors: unknown[] = [];
    const meter = new UsageMeter({ usage }, clock, 'node-a', { flushMs: 60_000, retentionDays: 90 }, (error) => errors.push(error));
    meter.record(use(START));
    meter.record(use(START + 1000, { userAgent: 'sync/2' }));
    meter.record(use(START + 2 * 60_000)); // past midnight: the next day
    assert.deepEqual(await store.usage.counts(everything), []);
    assert.equal(meter.pendingLastUse('API_TOKEN', '00Ttoken0000000000001')?.at, new Date(START + 2 * 60_000).toISOString());

    fail.writes = true;
    await meter.flush();
    assert.equal(errors.length, 1);
    meter.record(use(START + 3 * 60_000));
    fail.writes = false;
    await meter.flush();

    const rows = await store.usage.counts(everything);
    assert.deepEqual(
      rows.map((r) => [r.day, r.requests]),
      [
        ['2026-12-01', 2],
        ['2026-12-02', 2],
      ],
    );
    const last = await store.usage.lastUses('API_TOKEN', ['00Ttoken0000000000001']);
    assert.equal(last.get('00Ttoken0000000000001')?.at, new Date(START + 3 * 60_000).toISOString());
    assert.equal(meter.pendingLastUse('API_TOKEN', '00Ttoken0000000000001'), undefined);
  });

  it('purges the days past the retention at most once an hour', async () => {
    const clock = new ManualClock(START);
    const { usage, fail } = failing(store);
    await store.usage.add('old-node', [
      { ...use(START), day: '2026-08-01', requests: 1, lastAt: '2026-08-01T00:00:00.000Z' },
      { ...use(START), day: '2026-11-30', requests: 1, lastAt: '2026-11-30T00:00:00.000Z' },
    ]);
    const meter = new UsageMeter({ usage }, clock, 'node-b', { flushMs: 60_000, retentionDays: 90 }, () => undefined);
    await meter.flush();
    await meter.flush();
    assert.equal(fail.purges, 1);
    clock.advance(3_600_000);
    await meter.flush();
    assert.equal(fail.purges, 2);
    const days = (await store.usage.counts(everything)).map((r) => r.day);
    assert.ok(!days.includes('2026-08-01'));
    assert.ok(days.includes('2026-11-30'));
  });

  it('a use moved to another outcome after a flush is taken back from the first: the sums stay exact', async () => {
    const clock = new ManualClock(START + 20 * DAY);
    const meter = new UsageMeter(store, clock, 'node-d', { flushMs: 60_000, retentionDays: 90 }, () => undefined);
    const id = '00Treclassified000001';
    const first = use(clock.now(), { credentialId: id });
    const second = use(clock.now(), { credentialId: id });
    meter.record(first);
    meter.record(second);
    meter.reclassify(second, 'FAILED'); // before a flush: moved in memory
    await meter.flush();
    meter.reclassify(first, 'REFUSED'); // after it: a negative count goes to the store
    await meter.flush();
    const rows = await store.usage.counts({ ...everything, credentialIds: [id] });
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.outcome, r.requests])), { FAILED: 1, REFUSED: 1, SUCCESS: 0 });
  });

  it('stop flushes what is left', async () => {
    const clock = new ManualClock(START + 10 * DAY);
    const meter = new UsageMeter(store, clock, 'node-c', { flushMs: 60_000, retentionDays: 90 }, () => undefined);
    meter.start();
    meter.record(use(clock.now(), { credentialId: '00Tstopped000000000001' }));
    await meter.stop();
    const rows = await store.usage.counts({ ...everything, credentialIds: ['00Tstopped000000000001'] });
    assert.equal(rows[0]?.requests, 1);
  });
});
