/**
 * UsageRepository: counts added per node and summed over nodes, exact under concurrent adds,
 * merged within one call, read by window and credential; last uses that only move forward; the
 * retention purge.
 */
import assert from 'node:assert/strict';
import type { UsageCount } from '../../src/store/usage-store.js';
import { RACERS, runConformance, together } from './conformance.js';

function count(overrides: Partial<UsageCount> = {}): UsageCount {
  return {
    credentialType: 'API_TOKEN',
    credentialId: '00Ttoken0000000000001',
    day: '2026-12-01',
    method: 'GET',
    route: '/api/v1/users/:userId',
    permission: 'okta.users.read',
    scope: 'okta.users.read',
    via: 'permission',
    outcome: 'SUCCESS',
    requests: 1,
    lastAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

const window = { credentialType: 'API_TOKEN', credentialIds: ['00Ttoken0000000000001'], sinceDay: '2026-11-01', untilDay: '2026-12-31' } as const;

await runConformance('usage', {
  'add sums a row over calls and nodes; lastAt is the latest': async (store) => {
    await store.usage.add('node-a', [count({ requests: 2, lastAt: '2026-12-01T10:00:00.000Z' })]);
    await store.usage.add('node-a', [count({ requests: 3, lastAt: '2026-12-01T09:00:00.000Z' })]);
    await store.usage.add('node-b', [count({ requests: 4, lastAt: '2026-12-01T11:00:00.000Z' })]);
    const rows = await store.usage.counts(window);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.requests, 9);
    assert.equal(rows[0]?.lastAt, '2026-12-01T11:00:00.000Z');
  },

  'equal keys within one call are merged, not refused': async (store) => {
    await store.usage.add('node-a', [count({ requests: 1 }), count({ requests: 5, lastAt: '2026-12-01T12:00:00.000Z' })]);
    const rows = await store.usage.counts(window);
    assert.deepEqual(
      rows.map((r) => [r.requests, r.lastAt]),
      [[6, '2026-12-01T12:00:00.000Z']],
    );
  },

  'concurrent adds from many nodes and callers lose nothing': async (store) => {
    await together(RACERS, (i) => store.usage.add(`node-${i % 3}`, [count({ requests: i + 1 }), count({ outcome: 'REFUSED', via: 'none', requests: 1 })]));
    const rows = await store.usage.counts(window);
    const byOutcome = Object.fromEntries(rows.map((r) => [r.outcome, r.requests]));
    assert.deepEqual(byOutcome, { SUCCESS: (RACERS * (RACERS + 1)) / 2, REFUSED: RACERS });
  },

  'counts keep days, endpoints, via and outcome apart and honour the window and the credential': async (store) => {
    await store.usage.add('node-a', [
      count({ day: '2026-11-30' }),
      count({ day: '2026-12-01', route: '/api/v1/groups', permission: 'okta.groups.read', scope: 'okta.groups.read' }),
      count({ day: '2026-12-02', via: 'self' }),
      count({ credentialId: '00Tother0000000000001' }),
      count({ credentialType: 'APP', credentialId: '00Ttoken0000000000001' }),
    ]);
    const rows = await store.usage.counts({ ...window, sinceDay: '2026-12-01', untilDay: '2026-12-02' });
    assert.deepEqual(
      rows.map((r) => [r.day, r.route, r.via, r.permission]),
      [
        ['2026-12-01', '/api/v1/groups', 'permission', 'okta.groups.read'],
        ['2026-12-02', '/api/v1/users/:userId', 'self', 'okta.users.read'],
      ],
    );
    assert.deepEqual(await store.usage.counts({ ...window, credentialIds: [] }), []);
  },

  'a last use is replaced only by a later one': async (store) => {
    const use = { credentialType: 'API_TOKEN', credentialId: '00Ttoken0000000000001', ipAddress: '10.0.0.1', userAgent: 'a' } as const;
    await store.usage.recordLastUses([{ ...use, at: '2026-12-01T10:00:00.000Z' }]);
    await store.usage.recordLastUses([{ ...use, at: '2026-12-01T09:00:00.000Z', ipAddress: '10.0.0.2' }]);
    await store.usage.recordLastUses([
      { ...use, at: '2026-12-01T11:00:00.000Z', userAgent: 'b' },
      { ...use, at: '2026-12-01T10:30:00.000Z', userAgent: 'c' },
    ]);
    const found = await store.usage.lastUses('API_TOKEN', ['00Ttoken0000000000001', '00Tnever0000000000001']);
    assert.deepEqual([...found.keys()], ['00Ttoken0000000000001']);
    assert.deepEqual(found.get('00Ttoken0000000000001'), { ...use, at: '2026-12-01T11:00:00.000Z', userAgent: 'b' });
    assert.equal((await store.usage.lastUses('APP', ['00Ttoken0000000000001'])).size, 0);
  },

  'purgeBefore deletes the days before the cutoff and nothing after': async (store) => {
    await store.usage.add('node-a', [count({ day: '2026-09-01' }), count({ day: '2026-09-02' }), count({ day: '2026-12-01' })]);
    assert.equal(await store.usage.purgeBefore('2026-09-02'), 1);
    const rows = await store.usage.counts({ ...window, sinceDay: '2026-01-01' });
    assert.deepEqual(
      rows.map((r) => r.day),
      ['2026-09-02', '2026-12-01'],
    );
  },
});
