/**
 * EventHookRepository and EventHookDeliveryRepository: hooks kept whole with a unique folded
 * name; the scan cursor that moves only from where it stands (so that racing scans write their
 * deliveries once); the System Log read between two positions; deliveries leased to one caller
 * at a time, however many race for them, with every attempt recorded; lists newest first; purges.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery } from '../../src/store/event-hook-store.js';
import type { Store } from '../../src/store/store.js';
import { RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newDelivery, newEventHook, newLogEvent } from './records.js';

const claim = (store: Store, now: number, token: string = randomUUID(), limit = 100, leaseMinutes = 1) =>
  store.eventHookDeliveries.claimDue({ now: at(now), leaseUntil: at(now + leaseMinutes), token, limit });

const attempt = (c: ClaimedDelivery, started: number, fields: { statusCode?: number | null; error?: string | null; outcome?: 'SUCCESS' | 'FAILURE' } = {}) => ({
  deliveryId: c.id,
  attempt: c.attempts + 1,
  started: at(started),
  durationMs: 12,
  statusCode: fields.statusCode === undefined ? 200 : fields.statusCode,
  error: fields.error ?? null,
  outcome: fields.outcome ?? 'SUCCESS',
});

/** A hook with `n` deliveries created one minute apart, written by one scan. */
async function hookWithDeliveries(store: Store, n: number) {
  const hook = newEventHook();
  await store.eventHooks.insert(hook);
  const deliveries = Array.from({ length: n }, (_, i) => newDelivery(hook.id, { created: at(i), firstPosition: i + 1, lastPosition: i + 1 }));
  const from = await store.eventHookDeliveries.cursor();
  assert.equal(await store.eventHookDeliveries.recordScan(from, from + n, deliveries), true);
  return { hook, deliveries };
}

await runConformance('event hooks', {
  'a hook comes back whole; the list is oldest first; count and delete': async (store) => {
    const first = newEventHook({ created: at(1), description: 'first', authScheme: null, headers: [] });
    const second = newEventHook({
      created: at(2),
      events: ['user.lifecycle.create', 'application.lifecycle.delete'],
      status: 'INACTIVE',
      deliverAfter: 12_345,
    });
    await store.eventHooks.insert(second);
    await store.eventHooks.insert(first);
    assert.deepEqual(await store.eventHooks.get(first.id), first);
    assert.deepEqual(await store.eventHooks.get(second.id), second);
    assert.deepEqual(await store.eventHooks.list(), [first, second]);
    assert.equal(await store.eventHooks.count(), 2);
    assert.equal(await store.eventHooks.get(newEventHook().id), undefined);
    assert.equal(await store.eventHooks.delete(first.id), true);
    assert.equal(await store.eventHooks.delete(first.id), false);
    assert.deepEqual(await store.eventHooks.list(), [second]);
  },

  'names are unique after case and compatibility folding, on insert and on update': async (store) => {
    const audit = newEventHook({ name: 'Audit' });
    await store.eventHooks.insert(audit);
    await rejectsAsTaken(store.eventHooks.insert(newEventHook({ name: 'ＡＵＤＩＴ' })), 'eventHook.name');
    const other = newEventHook({ name: 'Other' });
    await store.eventHooks.insert(other);
    await rejectsAsTaken(
      store.eventHooks.update(other.id, (h) => ({ ...h, name: 'audit' })),
      'eventHook.name',
    );
    assert.equal((await store.eventHooks.update(audit.id, (h) => ({ ...h, name: 'AUDIT' })))?.name, 'AUDIT', 'a hook may change the case of its own name');
    assert.equal((await store.eventHooks.get(other.id))?.name, 'Other');
  },

  'update is read-modify-write: the id stays, an unknown id is undefined': async (store) => {
    const hook = newEventHook();
    await store.eventHooks.insert(hook);
    const updated = await store.eventHooks.update(hook.id, (h) => ({ ...h, id: 'whoSomethingElse0000', verificationStatus: 'UNVERIFIED', lastUpdated: at(9) }));
    assert.deepEqual(updated, { ...hook, verificationStatus: 'UNVERIFIED', lastUpdated: at(9) });
    assert.deepEqual(await store.eventHooks.get(hook.id), updated);
    assert.equal(await store.eventHooks.update(newEventHook().id, (h) => h), undefined);
  },

  [`${RACERS} concurrent updates of one hook: none is lost`]: async (store) => {
    const hook = newEventHook({ events: [] });
    await store.eventHooks.insert(hook);
    await together(RACERS, (i) => store.eventHooks.update(hook.id, (h) => ({ ...h, events: [...h.events, `type.${i}`] })));
    assert.equal((await store.eventHooks.get(hook.id))?.events.length, RACERS);
  },

  'listDeliverable: only ACTIVE and VERIFIED hooks': async (store) => {
    const deliverable = newEventHook({ created: at(1) });
    await store.eventHooks.insert(deliverable);
    await store.eventHooks.insert(newEventHook({ status: 'INACTIVE' }));
    await store.eventHooks.insert(newEventHook({ verificationStatus: 'UNVERIFIED' }));
    assert.deepEqual(
      (await store.eventHooks.listDeliverable()).map((h) => h.id),
      [deliverable.id],
    );
  },

  'the scan cursor starts at 0 and moves only from where it stands; a refused scan writes nothing': async (store) => {
    const hook = newEventHook();
    await store.eventHooks.insert(hook);
    assert.equal(await store.eventHookDeliveries.cursor(), 0);
    const first = newDelivery(hook.id);
    assert.equal(await store.eventHookDeliveries.recordScan(0, 5, [first]), true);
    assert.equal(await store.eventHookDeliveries.cursor(), 5);
    const stale = newDelivery(hook.id);
    assert.equal(await store.eventHookDeliveries.recordScan(0, 7, [stale]), false);
    assert.equal(await store.eventHookDeliveries.recordScan(4, 7, [stale]), false);
    assert.equal(await store.eventHookDeliveries.cursor(), 5);
    assert.equal(await store.eventHookDeliveries.recordScan(5, 9, []), true);
    assert.equal(await store.eventHookDeliveries.cursor(), 9);
    assert.deepEqual(
      (await store.eventHookDeliveries.listOfHook(hook.id, { limit: 10 })).map((d) => d.id),
      [first.id],
    );
  },

  [`${RACERS} racing scans from one cursor: one wins, and only its deliveries are written`]: async (store) => {
    const hook = newEventHook();
    await store.eventHooks.insert(hook);
    const mine = Array.from({ length: RACERS }, () => [newDelivery(hook.id), newDelivery(hook.id)]);
    const won = await together(RACERS, (i) => store.eventHookDeliveries.recordScan(0, 10, mine[i] ?? []));
    assert.equal(winners(won), 1);
    const winner = won.indexOf(true);
    const written = (await store.eventHookDeliveries.listOfHook(hook.id, { limit: 100 })).map((d) => d.id).sort();
    assert.deepEqual(written, (mine[winner] ?? []).map((d) => d.id).sort());
    assert.equal(await store.eventHookDeliveries.cursor(), 10);
  },

  'the log is read in commit order between two positions, of the listed types only, up to the limit': async (store) => {
    const types = ['user.lifecycle.create', 'group.lifecycle.create', 'user.lifecycle.create', 'user.session.start', 'user.lifecycle.create'];
    for (const eventType of types) await store.logs.append([newLogEvent({ eventType })]);
    const all = await store.logs.query({ since: at(-1), order: 'ASCENDING', limit: 100 });
    const positions = all.map((row) => row.position);
    const high = await store.logs.highWater();
    const read = (afterPosition: number, throughPosition: number, eventTypes: string[], limit = 100) =>
      store.logs.readAfter({ afterPosition, throughPosition, eventTypes, limit }).then((rows) => rows.map((row) => row.position));
    const users = all.filter((row) => row.event.eventType === 'user.lifecycle.create').map((row) => row.position);
    assert.deepEqual(await read(0, high, ['user.lifecycle.create']), users);
    assert.deepEqual(await read(positions[0] ?? 0, high, ['user.lifecycle.create']), users.slice(1), 'the lower bound is exclusive');
    assert.deepEqual(await read(0, positions[2] ?? 0, ['user.lifecycle.create']), users.slice(0, 2), 'the upper bound is inclusive');
    assert.deepEqual(await read(0, high, ['user.lifecycle.create', 'user.session.start'], 2), users.slice(0, 2));
    assert.deepEqual(await read(0, high, []), []);
    assert.deepEqual(await read(high, high, ['user.lifecycle.create']), []);
    const [row] = await store.logs.readAfter({ afterPosition: 0, throughPosition: high, eventTypes: ['group.lifecycle.create'], limit: 1 });
    assert.deepEqual(row?.event, all[1]?.event, 'events come back whole');
  },

  'claimDue leases what is due, oldest first, and nothing already leased until the lease expires': async (store) => {
    const { deliveries } = await hookWithDeliveries(store, 3);
    const first = await claim(store, 1, 'first', 100, 5);
    assert.deepEqual(
      first.map((c) => c.id),
      deliveries.slice(0, 2).map((d) => d.id),
      'created at minutes 0 and 1: due at minute 1; the third is not due yet',
    );
    assert.deepEqual(JSON.parse(first[0]?.eventsJson ?? ''), deliveries[0]?.events);
    assert.equal(first[0]?.attempts, 0);
    assert.equal(first[0]?.leaseToken, 'first');
    assert.deepEqual(
      (await claim(store, 3, randomUUID(), 100, 2)).map((c) => c.id),
      [deliveries[2]?.id],
      'the leased ones are not claimed again',
    );
    assert.deepEqual(await claim(store, 4), [], 'every lease is still held');
    const expired = await claim(store, 6, 'second');
    assert.deepEqual(
      expired.map((c) => c.id),
      [deliveries[0]?.id, deliveries[1]?.id, deliveries[2]?.id],
      'expired leases are claimed again',
    );
    assert.deepEqual(await claim(store, 6), []);
    assert.equal((await claim(store, 20, randomUUID(), 1)).length, 1, 'at most `limit`');
  },

  [`${RACERS} racing claims: each due delivery is leased to exactly one caller`]: async (store) => {
    const { deliveries } = await hookWithDeliveries(store, RACERS * 2);
    const claims = await together(RACERS, (i) => claim(store, RACERS * 3, `racer-${i}`, 3));
    const leased = claims.flat().map((c) => c.id);
    assert.equal(new Set(leased).size, leased.length, 'no delivery leased twice');
    assert.ok(leased.every((id) => deliveries.some((d) => d.id === id)));
    const rest = await claim(store, RACERS * 3, 'sweeper', 1000);
    assert.deepEqual([...leased, ...rest.map((c) => c.id)].sort(), deliveries.map((d) => d.id).sort(), 'together they are every delivery, once');
  },

  'finish records the attempt and moves the delivery on; a lost lease changes nothing but the attempt is kept': async (store) => {
    const { hook, deliveries } = await hookWithDeliveries(store, 2);
    const [failed, ok] = await claim(store, 2, 'lease');
    assert.ok(failed !== undefined && ok !== undefined);
    const retry = { status: 'PENDING', nextAttemptAt: at(4), lastError: 'HTTP 500', at: at(2) } as const;
    assert.equal(await store.eventHookDeliveries.finish(failed, attempt(failed, 2, { statusCode: 500, error: 'HTTP 500', outcome: 'FAILURE' }), retry), true);
    assert.equal(await store.eventHookDeliveries.finish(ok, attempt(ok, 2), { status: 'DELIVERED', nextAttemptAt: null, lastError: null, at: at(2) }), true);
    assert.deepEqual(await claim(store, 3), [], 'the failed one is not due before its next attempt');
    const [again] = await claim(store, 4, 'second lease', 100, 10);
    assert.equal(again?.id, failed.id);
    assert.equal(again?.attempts, 1);
    // The first lease is gone: finishing with it changes nothing, but what was tried is recorded.
    assert.equal(await store.eventHookDeliveries.finish(failed, attempt(failed, 5, { statusCode: null, error: 'timeout', outcome: 'FAILURE' }), retry), false);
    assert.ok(again !== undefined);
    assert.equal(
      await store.eventHookDeliveries.finish(again, attempt(again, 6, { statusCode: 404, error: 'HTTP 404', outcome: 'FAILURE' }), {
        status: 'FAILED',
        nextAttemptAt: null,
        lastError: 'HTTP 404',
        at: at(6),
      }),
      true,
    );
    const listed = await store.eventHookDeliveries.listOfHook(hook.id, { limit: 10 });
    const byId = new Map(listed.map((d) => [d.id, d]));
    assert.deepEqual(byId.get(failed.id), {
      seq: byId.get(failed.id)?.seq,
      id: failed.id,
      hookId: hook.id,
      status: 'FAILED',
      events: deliveries[0]?.events,
      attempts: 2,
      nextAttemptAt: null,
      created: at(0),
      lastAttemptAt: at(6),
      finished: at(6),
      lastError: 'HTTP 404',
    });
    assert.equal(byId.get(ok.id)?.status, 'DELIVERED');
    assert.equal(byId.get(ok.id)?.finished, at(2));
    const attempts = await store.eventHookDeliveries.attemptsOf([failed.id, ok.id]);
    assert.deepEqual(
      attempts.get(failed.id)?.map((a) => [a.attempt, a.started, a.statusCode, a.error, a.outcome]),
      [
        [1, at(2), 500, 'HTTP 500', 'FAILURE'],
        [1, at(5), null, 'timeout', 'FAILURE'],
        [2, at(6), 404, 'HTTP 404', 'FAILURE'],
      ],
    );
    assert.deepEqual(attempts.get(ok.id), [
      { deliveryId: ok.id, attempt: 1, started: at(2), durationMs: 12, statusCode: 200, error: null, outcome: 'SUCCESS' },
    ]);
    assert.deepEqual(await store.eventHookDeliveries.attemptsOf([]), new Map());
  },

  'finish without an attempt abandons a delivery': async (store) => {
    const { hook } = await hookWithDeliveries(store, 1);
    const [leased] = await claim(store, 1);
    assert.ok(leased !== undefined);
    assert.equal(
      await store.eventHookDeliveries.finish(leased, undefined, { status: 'ABANDONED', nextAttemptAt: null, lastError: 'the hook is INACTIVE', at: at(1) }),
      true,
    );
    const [listed] = await store.eventHookDeliveries.listOfHook(hook.id, { limit: 1 });
    assert.equal(listed?.status, 'ABANDONED');
    assert.equal(listed?.attempts, 0);
    assert.equal(listed?.lastAttemptAt, null);
    assert.deepEqual(await claim(store, 100), []);
  },

  "a hook's deliveries are listed newest first, a page at a time": async (store) => {
    const { hook, deliveries } = await hookWithDeliveries(store, 5);
    await hookWithDeliveries(store, 2);
    const page1 = await store.eventHookDeliveries.listOfHook(hook.id, { limit: 2 });
    const page2 = await store.eventHookDeliveries.listOfHook(hook.id, { limit: 2, afterSeq: page1.at(-1)?.seq });
    const page3 = await store.eventHookDeliveries.listOfHook(hook.id, { limit: 2, afterSeq: page2.at(-1)?.seq });
    assert.deepEqual(
      [...page1, ...page2, ...page3].map((d) => d.id),
      [...deliveries].reverse().map((d) => d.id),
    );
    assert.equal(page3.length, 1);
  },

  'purgeFinished deletes finished deliveries created before the time, with their attempts; pending ones stay': async (store) => {
    const { hook, deliveries } = await hookWithDeliveries(store, 3);
    const leased = await claim(store, 5);
    for (const c of leased.slice(0, 2))
      await store.eventHookDeliveries.finish(c, attempt(c, 5), { status: 'DELIVERED', nextAttemptAt: null, lastError: null, at: at(5) });
    assert.equal(await store.eventHookDeliveries.purgeFinished(at(1)), 1, 'only the finished one created before minute 1');
    assert.deepEqual(
      (await store.eventHookDeliveries.listOfHook(hook.id, { limit: 10 })).map((d) => d.id),
      [deliveries[2]?.id, deliveries[1]?.id],
    );
    assert.deepEqual(await store.eventHookDeliveries.attemptsOf([deliveries[0]?.id ?? '']), new Map(), 'its attempts went with it');
    assert.equal(await store.eventHookDeliveries.purgeFinished(at(100)), 1, 'the pending one stays');
  },

  'deleting a hook deletes its deliveries and their attempts': async (store) => {
    const { hook, deliveries } = await hookWithDeliveries(store, 1);
    const [leased] = await claim(store, 1);
    assert.ok(leased !== undefined);
    await store.eventHookDeliveries.finish(leased, attempt(leased, 1), { status: 'DELIVERED', nextAttemptAt: null, lastError: null, at: at(1) });
    assert.equal(await store.eventHooks.delete(hook.id), true);
    assert.deepEqual(await store.eventHookDeliveries.listOfHook(hook.id, { limit: 10 }), []);
    assert.deepEqual(await store.eventHookDeliveries.attemptsOf([deliveries[0]?.id ?? '']), new Map());
  },
});
