/**
 * ReplayRepository: a single-use value (client assertion or DPoP proof `jti`) is accepted once,
 * by exactly one of many racing callers, until the janitor drops it after its expiry; revoked
 * access-token ids are kept until they expire.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { RACERS, runConformance, together, winners } from './conformance.js';
import { at } from './records.js';

await runConformance('replay', {
  'use accepts a value once: true, then false; other values are independent': async (store) => {
    const jti = `client:${randomUUID()}`;
    assert.equal(await store.replay.use(jti, at(5)), true);
    assert.equal(await store.replay.use(jti, at(5)), false);
    assert.equal(await store.replay.use(jti, at(50)), false, 'a later expiry does not make it new');
    assert.equal(await store.replay.use(`client:${randomUUID()}`, at(5)), true);
  },

  [`${RACERS} concurrent uses of one value: exactly one is accepted`]: async (store) => {
    const jti = `dpop:${randomUUID()}`;
    assert.equal(winners(await together(RACERS, () => store.replay.use(jti, at(5)))), 1);
  },

  'purge drops values that expired before the time, and then they are new again': async (store) => {
    const [expired, atTheTime, live] = [randomUUID(), randomUUID(), randomUUID()];
    await store.replay.use(expired, at(9));
    await store.replay.use(atTheTime, at(10));
    await store.replay.use(live, at(11));
    await store.replay.purge(at(10));
    assert.equal(await store.replay.use(expired, at(20)), true, 'forgotten after its expiry');
    assert.equal(await store.replay.use(atTheTime, at(20)), false, 'the bound is exclusive');
    assert.equal(await store.replay.use(live, at(20)), false);
  },

  'revokeToken: the id reads as revoked, twice is harmless, unknown ids are not revoked': async (store) => {
    const jti = randomUUID();
    assert.equal(await store.replay.isTokenRevoked(jti), false);
    await store.replay.revokeToken(jti, at(5));
    await store.replay.revokeToken(jti, at(6));
    assert.equal(await store.replay.isTokenRevoked(jti), true);
    assert.equal(await store.replay.isTokenRevoked(randomUUID()), false);
  },

  'purge drops revocations that expired before the time, and keeps used values and revocations apart': async (store) => {
    const [expired, live] = [randomUUID(), randomUUID()];
    await store.replay.revokeToken(expired, at(9));
    await store.replay.revokeToken(live, at(11));
    assert.equal(await store.replay.use(live, at(11)), true, 'a revoked id is not a used value');
    await store.replay.purge(at(10));
    assert.equal(await store.replay.isTokenRevoked(expired), false);
    assert.equal(await store.replay.isTokenRevoked(live), true);
  },
});
