/**
 * AppRepository: apps (CRUD, paging, `q`/`status`/`filter`, delete taking keys, secrets and
 * grants with it), their public keys (the kid unique per app), client secrets and scope grants,
 * each listed oldest first; and the read-modify-writes (`update`, `updateKey`, `updateSecret`,
 * `getForUpdate` then `update`) under concurrency.
 */
import assert from 'node:assert/strict';
import type { AppRecord } from '../../src/store/oauth-records.js';
import type { Store } from '../../src/store/store.js';
import { byId, eq, pagesOf, RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newApp, newAppGrant, newAppKey, newAppSecret } from './records.js';

const counterOf = (json: { readonly [key: string]: unknown }): number => Number(json['counter'] ?? 0);
const increment = (app: AppRecord): AppRecord => ({ ...app, oauthClient: { ...app.oauthClient, counter: counterOf(app.oauthClient) + 1 } });

/**
 * Half the racers raise a counter in a key's JWK, half move a secret's lastUpdated on by a
 * minute (a secret has no free-form field), each through `run` (directly or in a transaction).
 */
async function keysAndSecretsRace(store: Store, run: (work: (store: Store) => Promise<unknown>) => Promise<unknown>): Promise<void> {
  const app = newApp();
  await store.apps.insert(app);
  const key = newAppKey(app.id, { jwk: { kty: 'EC', counter: 0 } });
  const secret = newAppSecret(app.id, { lastUpdated: at(0) });
  await store.apps.insertKey(key);
  await store.apps.insertSecret(secret);
  const later = (iso: string): string => new Date(Date.parse(iso) + 60_000).toISOString();
  await together(RACERS, (i) =>
    run((s) =>
      i % 2 === 0
        ? s.apps.updateKey(app.id, key.id, (k) => ({ ...k, jwk: { ...k.jwk, counter: counterOf(k.jwk) + 1 } }))
        : s.apps.updateSecret(app.id, secret.id, (c) => ({ ...c, lastUpdated: later(c.lastUpdated) })),
    ),
  );
  assert.equal(counterOf((await store.apps.getKey(app.id, key.id))?.jwk ?? {}), RACERS / 2);
  assert.equal((await store.apps.getSecret(app.id, secret.id))?.lastUpdated, at(RACERS / 2));
}

await runConformance('apps', {
  'insert, then get returns the record as written, credentials flags included; a missing app is undefined': async (store) => {
    const plain = newApp();
    const flagged = newApp({
      applicationType: 'browser',
      tokenEndpointAuthMethod: 'none',
      oauthClient: { grant_types: ['authorization_code'], redirect_uris: ['https://a.example/cb'], refresh_token: { rotation_type: 'ROTATE', leeway: 30 } },
      autoKeyRotation: false,
      pkceRequired: true,
    });
    await store.apps.insert(plain);
    await store.apps.insert(flagged);
    assert.deepEqual(await store.apps.get(plain.id), plain);
    assert.deepEqual(await store.apps.get(flagged.id), flagged);
    assert.equal(await store.apps.get(newApp().id), undefined);
  },

  'an app with a taken id is refused with UniqueViolation(app)': async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    await rejectsAsTaken(store.apps.insert(newApp({ id: app.id, label: 'other' })), 'app');
    assert.equal((await store.apps.get(app.id))?.label, app.label);
  },

  'update stores and returns the change; a missing app is undefined and the change is not called': async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    const updated = await store.apps.update(app.id, (a) => ({ ...a, status: 'INACTIVE', label: 'Renamed', pkceRequired: false, lastUpdated: at(4) }));
    assert.deepEqual(updated, { ...app, status: 'INACTIVE', label: 'Renamed', pkceRequired: false, lastUpdated: at(4) });
    assert.deepEqual(await store.apps.get(app.id), updated);
    let called = false;
    assert.equal(
      await store.apps.update(newApp().id, (a) => {
        called = true;
        return a;
      }),
      undefined,
    );
    assert.equal(called, false);
  },

  'getForUpdate reads the app inside a transaction; a missing app is undefined': async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    assert.deepEqual(await store.transaction((tx) => tx.apps.getForUpdate(app.id)), app);
    assert.equal(await store.transaction((tx) => tx.apps.getForUpdate(newApp().id)), undefined);
  },

  'delete removes the app with its keys, secrets and grants once: true, then false': async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    const key = newAppKey(app.id);
    const secret = newAppSecret(app.id);
    const grant = newAppGrant(app.id, 'okta.users.read');
    await store.apps.insertKey(key);
    await store.apps.insertSecret(secret);
    await store.apps.insertGrant(grant);
    assert.equal(await store.apps.delete(app.id), true);
    assert.equal(await store.apps.get(app.id), undefined);
    assert.deepEqual(await store.apps.listKeys(app.id), []);
    assert.deepEqual(await store.apps.listSecrets(app.id), []);
    assert.deepEqual(await store.apps.listGrants(app.id), []);
    assert.deepEqual(await store.apps.listGrantedScopes(app.id), []);
    assert.equal(await store.apps.delete(app.id), false);
  },

  'list pages in id order; q is a case-insensitive label prefix; status and filter select': async (store) => {
    const apps = [
      newApp({ label: 'Payroll' }),
      newApp({ label: 'payments', status: 'INACTIVE' }),
      newApp({ label: 'Pay_roll', name: 'other_client' }),
      newApp({ label: 'Reports' }),
      newApp({ label: 'Prepay' }),
    ];
    for (const app of apps) await store.apps.insert(app);
    const pages = await pagesOf(
      2,
      (after) => store.apps.list({ after, limit: 2 }),
      (a) => a.id,
    );
    assert.deepEqual(pages.flat(), byId(apps));
    const labels = async (query: Omit<Parameters<typeof store.apps.list>[0], 'limit'>) =>
      (await store.apps.list({ ...query, limit: 10 })).map((a) => a.label).sort();
    assert.deepEqual(await labels({ q: 'PAY' }), ['Pay_roll', 'Payroll', 'payments']);
    assert.deepEqual(await labels({ q: 'pay_' }), ['Pay_roll'], 'LIKE wildcards are literal');
    assert.deepEqual(await labels({ status: 'INACTIVE' }), ['payments']);
    assert.deepEqual(await labels({ filter: eq('name', 'other_client') }), ['Pay_roll']);
    assert.deepEqual(await labels({ q: 'pay', status: 'ACTIVE' }), ['Pay_roll', 'Payroll']);
  },

  'keys: listed oldest first per app; the kid is unique per app only (UniqueViolation(app_key.kid))': async (store) => {
    const [app, other] = [newApp(), newApp()];
    await store.apps.insert(app);
    await store.apps.insert(other);
    const late = newAppKey(app.id, { kid: 'b', created: at(9) });
    const early = newAppKey(app.id, { kid: 'a', created: at(1) });
    const noKid = newAppKey(app.id, { kid: '', created: at(5), status: 'INACTIVE' });
    for (const key of [late, early, noKid]) await store.apps.insertKey(key);
    await rejectsAsTaken(store.apps.insertKey(newAppKey(app.id, { kid: 'a' })), 'app_key.kid');
    const elsewhere = newAppKey(other.id, { kid: 'a', created: at(3) });
    await store.apps.insertKey(elsewhere);
    assert.deepEqual(await store.apps.listKeys(app.id), [early, noKid, late]);
    assert.deepEqual(await store.apps.listKeysOfApps([app.id, other.id]), [early, elsewhere, noKid, late]);
    assert.deepEqual(await store.apps.listKeysOfApps([]), []);
  },

  'keys: get, update and delete only under their own app': async (store) => {
    const [app, other] = [newApp(), newApp()];
    await store.apps.insert(app);
    await store.apps.insert(other);
    const key = newAppKey(app.id);
    await store.apps.insertKey(key);
    assert.deepEqual(await store.apps.getKey(app.id, key.id), key);
    assert.equal(await store.apps.getKey(other.id, key.id), undefined);
    assert.equal(await store.apps.updateKey(other.id, key.id, (k) => ({ ...k, status: 'INACTIVE' })), undefined);
    const updated = await store.apps.updateKey(app.id, key.id, (k) => ({ ...k, status: 'INACTIVE', lastUpdated: at(2) }));
    assert.deepEqual(updated, { ...key, status: 'INACTIVE', lastUpdated: at(2) });
    assert.deepEqual(await store.apps.getKey(app.id, key.id), updated);
    assert.equal(await store.apps.deleteKey(other.id, key.id), false);
    assert.equal(await store.apps.deleteKey(app.id, key.id), true);
    assert.equal(await store.apps.deleteKey(app.id, key.id), false);
  },

  'secrets: listed oldest first; get, update and delete under their own app; deleteSecretsOf returns what it deleted': async (store) => {
    const [app, other] = [newApp(), newApp()];
    await store.apps.insert(app);
    await store.apps.insert(other);
    const second = newAppSecret(app.id, { created: at(5) });
    const first = newAppSecret(app.id, { created: at(1) });
    const others = newAppSecret(other.id);
    for (const secret of [second, first, others]) await store.apps.insertSecret(secret);
    assert.deepEqual(await store.apps.listSecrets(app.id), [first, second]);
    assert.deepEqual(await store.apps.getSecret(app.id, first.id), first);
    assert.equal(await store.apps.getSecret(other.id, first.id), undefined);
    const updated = await store.apps.updateSecret(app.id, first.id, (s) => ({ ...s, status: 'INACTIVE', lastUpdated: at(6) }));
    assert.deepEqual(updated, { ...first, status: 'INACTIVE', lastUpdated: at(6) });
    assert.equal(await store.apps.updateSecret(other.id, first.id, (s) => s), undefined);
    assert.equal(await store.apps.deleteSecret(other.id, second.id), false);
    assert.equal(await store.apps.deleteSecret(app.id, second.id), true);
    assert.equal(await store.apps.deleteSecret(app.id, second.id), false);
    assert.deepEqual(await store.apps.deleteSecretsOf(app.id), [updated]);
    assert.deepEqual(await store.apps.listSecrets(app.id), []);
    assert.deepEqual(await store.apps.deleteSecretsOf(app.id), []);
    assert.deepEqual(await store.apps.listSecrets(other.id), [others], 'another app keeps its secrets');
  },

  'grants: one per scope (UniqueViolation(app_grant.scope)), listed oldest first, with the granted scopes': async (store) => {
    const [app, other] = [newApp(), newApp()];
    await store.apps.insert(app);
    await store.apps.insert(other);
    const late = newAppGrant(app.id, 'okta.users.manage', { created: at(8), source: 'END_USER' });
    const early = newAppGrant(app.id, 'okta.users.read', { created: at(2) });
    await store.apps.insertGrant(late);
    await store.apps.insertGrant(early);
    await rejectsAsTaken(store.apps.insertGrant(newAppGrant(app.id, 'okta.users.read')), 'app_grant.scope');
    await store.apps.insertGrant(newAppGrant(other.id, 'okta.users.read'));
    assert.deepEqual(await store.apps.listGrants(app.id), [early, late]);
    assert.deepEqual([...(await store.apps.listGrantedScopes(app.id))].sort(), ['okta.users.manage', 'okta.users.read']);
    assert.deepEqual(await store.apps.getGrant(app.id, early.id), early);
    assert.equal(await store.apps.getGrant(other.id, early.id), undefined);
    assert.equal(await store.apps.deleteGrant(other.id, early.id), false);
    assert.equal(await store.apps.deleteGrant(app.id, early.id), true);
    assert.equal(await store.apps.deleteGrant(app.id, early.id), false);
    assert.deepEqual(await store.apps.listGrantedScopes(app.id), ['okta.users.manage']);
  },

  [`${RACERS} concurrent updates (outside a transaction) lose none`]: async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    await together(RACERS, () => store.apps.update(app.id, increment));
    assert.equal(counterOf((await store.apps.get(app.id))?.oauthClient ?? {}), RACERS);
  },

  [`${RACERS} concurrent updates, each in its own transaction, lose none`]: async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    await together(RACERS, () => store.transaction((tx) => tx.apps.update(app.id, increment)));
    assert.equal(counterOf((await store.apps.get(app.id))?.oauthClient ?? {}), RACERS);
  },

  [`${RACERS} concurrent getForUpdate-then-update transactions lose none`]: async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    await together(RACERS, () =>
      store.transaction(async (tx) => {
        const current = await tx.apps.getForUpdate(app.id);
        if (current === undefined) throw new Error('the app vanished');
        return tx.apps.update(app.id, () => increment(current));
      }),
    );
    assert.equal(counterOf((await store.apps.get(app.id))?.oauthClient ?? {}), RACERS);
  },

  [`${RACERS} concurrent updateKey and updateSecret (outside a transaction) lose none`]: async (store) => {
    await keysAndSecretsRace(store, (work) => work(store));
  },

  [`${RACERS} concurrent updateKey and updateSecret, each in its own transaction, lose none`]: async (store) => {
    await keysAndSecretsRace(store, (work) => store.transaction(work));
  },

  'getByName finds the oldest app of a name; a name no app has is undefined': async (store) => {
    const older = newApp({ name: 'first_party', created: at(1) });
    const newer = newApp({ name: 'first_party', created: at(2) });
    await store.apps.insert(newer);
    await store.apps.insert(older);
    await store.apps.insert(newApp());
    assert.deepEqual(await store.apps.getByName('first_party'), older);
    assert.equal(await store.apps.getByName('no_such_app'), undefined);
  },

  [`${RACERS} transactions each locking a name, then inserting an app of it only if none exists, insert one`]: async (store) => {
    const inserted = await together(RACERS, () =>
      store.transaction(async (tx) => {
        await tx.apps.lockName('first_party');
        if ((await tx.apps.getByName('first_party')) !== undefined) return false;
        await tx.apps.insert(newApp({ name: 'first_party' }));
        return true;
      }),
    );
    assert.equal(winners(inserted), 1);
    assert.equal((await store.apps.list({ filter: eq('name', 'first_party'), limit: 100 })).length, 1);
  },
});
