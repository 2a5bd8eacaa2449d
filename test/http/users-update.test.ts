/**
 * POST /api/v1/users/{id} (partial: profile attributes merge) and PUT (replace: attributes left
 * out are removed). Read-only fields echoed back from a GET are accepted and never applied, so
 * a fetched user can be changed and sent back whole, as the SDK does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, PASSWORD, causes, createUser, oktaError, profile, writesNothing, type UserJson } from './users-fixtures.js';

for (const kind of await storeKinds()) {
  describe(`users: update (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
    });
    after(() => t.close());

    it('merges the given profile attributes on POST and moves lastUpdated', async () => {
      const user = await createUser(t, 'merge@example.com', { password: null, extra: { nickName: 'Mer', age: 33, tags: ['a'] } });
      t.clock.advance(5_000);
      const res = await t.request('POST', `/api/v1/users/${user.id}`, { body: { profile: { age: 34, city: 'Lyon', nickName: null } } });
      assert.equal(res.statusCode, 200, res.body);
      const updated = res.json<UserJson>();
      assert.deepEqual(updated.profile, { ...profile('merge@example.com'), nickName: null, age: 34, tags: ['a'], city: 'Lyon' });
      assert.equal(updated.lastUpdated, isoAt(t.clock.now()));
      assert.equal(updated.created, user.created);
      assert.deepEqual((await t.request('GET', `/api/v1/users/${user.id}`)).json(), updated);
    });

    it('replaces the profile on PUT: attributes left out are removed', async () => {
      const user = await createUser(t, 'replace@example.com', { password: null, extra: { nickName: 'Rep', age: 33 } });
      const res = await t.request('PUT', `/api/v1/users/${user.id}`, { body: { profile: { ...profile('replace@example.com'), title: 'Dr' } } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json<UserJson>().profile, { ...profile('replace@example.com'), title: 'Dr' });
      const missing = await writesNothing(t, () => t.request('PUT', `/api/v1/users/${user.id}`, { body: { profile: { nickName: 'x' } } }));
      assert.deepEqual(causes(oktaError(missing, 400, 'E0000001')), [
        'login: The field cannot be left blank',
        'email: The field cannot be left blank',
        'firstName: The field cannot be left blank',
        'lastName: The field cannot be left blank',
      ]);
    });

    it('accepts a fetched user sent back whole, applying only the profile (PUT and POST)', async () => {
      const user = await createUser(t, 'echo@example.com', { extra: { nickName: 'Echo' } });
      for (const method of ['PUT', 'POST'] as const) {
        const fetched = (await t.request('GET', `/api/v1/users/${user.id}`)).json<UserJson>();
        t.clock.advance(1_000);
        const sent = {
          ...fetched,
          id: '00uSomeoneElse000000',
          status: 'SUSPENDED',
          created: '2000-01-01T00:00:00.000Z',
          activated: null,
          statusChanged: '2000-01-01T00:00:00.000Z',
          lastLogin: '2000-01-01T00:00:00.000Z',
          lastUpdated: '2000-01-01T00:00:00.000Z',
          passwordChanged: '2000-01-01T00:00:00.000Z',
          type: { id: 'otyOther' },
          _links: { self: { href: 'https://evil.example/' } },
          _embedded: { anything: true },
          credentials: { password: {}, provider: { type: 'FEDERATION', name: 'SAML' } },
          profile: { ...fetched.profile, nickName: `Echo ${method}` },
        };
        const res = await t.request(method, `/api/v1/users/${user.id}`, { body: sent });
        assert.equal(res.statusCode, 200, res.body);
        const after = (await t.request('GET', `/api/v1/users/${user.id}`)).json<UserJson>();
        assert.deepEqual(res.json(), after);
        assert.equal(after.profile['nickName'], `Echo ${method}`);
        assert.deepEqual(
          { ...after, profile: fetched.profile, lastUpdated: fetched.lastUpdated, _links: fetched._links },
          fetched,
          'nothing but the profile and lastUpdated changed',
        );
        assert.equal(after.lastUpdated, isoAt(t.clock.now()));
      }
      const stored = await t.store.users.get(user.id);
      assert.ok(
        stored?.passwordHash !== null && stored !== undefined && (await t.app.services.passwordHasher.verify(PASSWORD, stored.passwordHash)).matches,
        'password {} keeps the password',
      );
    });

    it('changes the password through credentials.password.value, under the policy', async () => {
      const user = await createUser(t, 'pass@example.com');
      t.clock.advance(1_000);
      const weak = await writesNothing(t, () => t.request('POST', `/api/v1/users/${user.id}`, { body: { credentials: { password: { value: 'weak' } } } }));
      assert.match(causes(oktaError(weak, 400, 'E0000001'))[0] ?? '', /^password: Password requirements were not met/);
      const res = await t.request('POST', `/api/v1/users/${user.id}`, { body: { credentials: { password: { value: 'N3w-Passphrase' } } } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<UserJson>().passwordChanged, isoAt(t.clock.now()));
      assert.ok(!res.body.includes('N3w-Passphrase'));
      const stored = await t.store.users.get(user.id);
      assert.equal((await t.app.services.passwordHasher.verify('N3w-Passphrase', stored?.passwordHash ?? null)).matches, true);
    });

    it('refuses a login taken by another user, in any case or form, and writes nothing', async () => {
      await createUser(t, 'taken@example.com', { password: null });
      const mover = await createUser(t, 'mover@example.com', { password: null });
      for (const login of ['taken@example.com', 'TAKEN@example.com', 'ｔａｋｅｎ@example.com']) {
        const res = await writesNothing(t, () => t.request('POST', `/api/v1/users/${mover.id}`, { body: { profile: { login } } }));
        assert.deepEqual(causes(oktaError(res, 400, 'E0000001')), ['login: An object with this field already exists in the current organization']);
      }
      const renamed = await t.request('POST', `/api/v1/users/${mover.id}`, { body: { profile: { login: 'MOVER@example.com' } } });
      assert.equal(renamed.statusCode, 200, 'a user may change the case of its own login');
    });

    it('refuses wrong types and malformed bodies, and writes nothing', async () => {
      const user = await createUser(t, 'typed@example.com', { password: null });
      const bad: [string, unknown, string][] = [
        ['POST', { profile: { login: 5 } }, 'E0000001'],
        ['PUT', { profile: { ...profile('typed@example.com'), age: { years: 3 } } }, 'E0000001'],
        ['POST', { profile: [] }, 'E0000001'],
        ['PUT', '{"profile": {', 'E0000003'],
        ['POST', 'null', 'E0000001'],
      ];
      for (const [method, body, code] of bad) {
        const res = await writesNothing(t, () => t.request(method === 'PUT' ? 'PUT' : 'POST', `/api/v1/users/${user.id}`, { body }));
        oktaError(res, 400, code);
      }
    });

    it('updates by login, refuses a deactivated user (403 E0000038) and an unknown one (404)', async () => {
      const user = await createUser(t, 'bylogin@example.com', { password: null });
      const res = await t.request('POST', '/api/v1/users/BYLOGIN%40example.com', { body: { profile: { title: 'Eng' } } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<UserJson>().id, user.id);
      assert.equal((await t.request('POST', `/api/v1/users/${user.id}/lifecycle/deactivate`)).statusCode, 200);
      const refused = await writesNothing(t, () => t.request('POST', `/api/v1/users/${user.id}`, { body: { profile: { title: 'CTO' } } }));
      assert.equal(oktaError(refused, 403, 'E0000038').errorSummary, "This operation is not allowed in the user's current status.");
      oktaError(await t.request('PUT', '/api/v1/users/00uAAAAAAAAAAAAAAAAA', { body: { profile: profile('z@example.com') } }), 404, 'E0000007');
    });
  });
}
