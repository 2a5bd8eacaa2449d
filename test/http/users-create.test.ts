/**
 * POST /api/v1/users: profiles with custom attributes, Okta's creation outcomes (`activate`,
 * password, `nextLogin`), group ids, login uniqueness after case and NFKC folding, the password
 * policy, and every kind of bad input (each refused with a 400 that names it and writes nothing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, PASSWORD, causes, createUser, oktaError, profile, writesNothing, type UserJson } from './users-fixtures.js';

for (const kind of await storeKinds()) {
  describe(`users: create (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
    });
    after(() => t.close());

    it('creates a user with custom attributes of every JSON type, in Okta’s shape', async () => {
      const extra = { age: 33, score: 4.5, vip: true, tags: ['blue', 'green'], lucky: [7, 11], nickName: null, department: 'R&D' };
      const res = await t.request('POST', '/api/v1/users', {
        body: { profile: profile('ada@example.com', extra), credentials: { password: { value: PASSWORD } } },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const user = res.json<UserJson>();
      assert.match(user.id, /^00u[0-9A-Za-z]{17}$/);
      assert.equal(user.status, 'ACTIVE');
      assert.deepEqual(user.profile, profile('ada@example.com', extra));
      const now = isoAt(t.clock.now());
      assert.equal(user.created, now);
      assert.equal(user.activated, now);
      assert.equal(user.statusChanged, now);
      assert.equal(user.lastUpdated, now);
      assert.equal(user.passwordChanged, now);
      assert.equal(user.lastLogin, null);
      assert.deepEqual(user.credentials, { password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
      const stored = (await t.store.users.get(user.id))?.passwordHash ?? '';
      assert.match(stored, /^\$argon2id\$/);
      assert.ok(![PASSWORD, stored, '$argon2id$', 'scrypt'].some((s) => res.body.includes(s)), 'the password and its hash never leave');
      assert.equal(user._links['self']?.href, `${t.config.orgUrl}/api/v1/users/${user.id}`);
      assert.equal(user._links['deactivate']?.href, `${t.config.orgUrl}/api/v1/users/${user.id}/lifecycle/deactivate`);
      assert.equal(user._links['deactivate']?.method, 'POST');
      const got = await t.request('GET', `/api/v1/users/${user.id}`);
      assert.deepEqual(got.json(), user);
    });

    it('follows Okta’s creation outcomes for activate and the password', async () => {
      const cases = [
        { password: false, query: '?activate=false', status: 'STAGED', activated: false },
        { password: true, query: '?activate=false', status: 'STAGED', activated: false },
        { password: false, query: '', status: 'PROVISIONED', activated: true },
        { password: false, query: '?activate=true', status: 'PROVISIONED', activated: true },
        { password: true, query: '', status: 'ACTIVE', activated: true },
        { password: true, query: '?activate=true', status: 'ACTIVE', activated: true },
      ];
      for (const [index, c] of cases.entries()) {
        const body = { profile: profile(`outcome${index}@example.com`), ...(c.password ? { credentials: { password: { value: PASSWORD } } } : {}) };
        const res = await t.request('POST', `/api/v1/users${c.query}`, { body });
        assert.equal(res.statusCode, 200, res.body);
        const user = res.json<UserJson>();
        assert.equal(user.status, c.status, JSON.stringify(c));
        assert.equal(user.activated !== null, c.activated, JSON.stringify(c));
        assert.equal(user.statusChanged !== null, c.activated, JSON.stringify(c));
        assert.equal(user.credentials.password !== undefined, c.password, JSON.stringify(c));
        assert.equal(user.passwordChanged !== null, c.password, JSON.stringify(c));
        if (c.status === 'STAGED') assert.ok(user._links['activate'], 'a STAGED user links to activate');
      }
    });

    it('expires the password at once with nextLogin=changePassword, which needs a password and activation', async () => {
      const created = await t.request('POST', '/api/v1/users?activate=true&nextLogin=changePassword', {
        body: { profile: profile('expired@example.com'), credentials: { password: { value: PASSWORD } } },
      });
      assert.equal(created.statusCode, 200, created.body);
      assert.equal(created.json<UserJson>().status, 'PASSWORD_EXPIRED');
      const noPassword = await writesNothing(t, () =>
        t.request('POST', '/api/v1/users?nextLogin=changePassword', { body: { profile: profile('expired2@example.com') } }),
      );
      oktaError(noPassword, 400, 'E0000124');
      const notActivated = await writesNothing(t, () =>
        t.request('POST', '/api/v1/users?activate=false&nextLogin=changePassword', {
          body: { profile: profile('expired3@example.com'), credentials: { password: { value: PASSWORD } } },
        }),
      );
      oktaError(notActivated, 400, 'E0000125');
      const badValue = await writesNothing(t, () => t.request('POST', '/api/v1/users?nextLogin=later', { body: { profile: profile('expired4@example.com') } }));
      assert.deepEqual(causes(oktaError(badValue, 400, 'E0000001')).length, 1);
    });

    it('adds the new user to the groups named in groupIds, and refuses unknown groups', async () => {
      const now = isoAt(t.clock.now());
      const groupIds = [newId('group'), newId('group')];
      for (const [index, id] of groupIds.entries()) {
        await t.store.groups.insert({
          id,
          type: 'OKTA_GROUP',
          profile: { name: `Group ${index}`, description: null },
          created: now,
          lastUpdated: now,
          lastMembershipUpdated: now,
        });
      }
      const user = await createUser(t, 'grouped@example.com', { groupIds });
      const groups = await t.store.groups.listGroupsOfUser(user.id, { limit: 10 });
      assert.deepEqual(groups.map((g) => g.id).sort(), [...groupIds].sort());

      const unknown = newId('group');
      const refused = await writesNothing(t, () =>
        t.request('POST', '/api/v1/users', { body: { profile: profile('ungrouped@example.com'), groupIds: [groupIds[0], unknown, 'not-an-id'] } }),
      );
      const body = oktaError(refused, 400, 'E0000001');
      assert.match(body.errorSummary, /groupIds/);
      assert.deepEqual(causes(body), [`groupIds: Group ${unknown} not found`, 'groupIds: Group not-an-id not found']);
      const tooMany = await writesNothing(t, () =>
        t.request('POST', '/api/v1/users', { body: { profile: profile('ungrouped@example.com'), groupIds: Array.from({ length: 21 }, () => newId('group')) } }),
      );
      assert.match(causes(oktaError(tooMany, 400, 'E0000001')).join(), /groupIds/);
    });

    it('keeps logins unique regardless of case and of Unicode compatibility forms', async () => {
      await createUser(t, 'grace@example.com', { password: null });
      for (const lookAlike of ['GRACE@example.com', 'Grace@Example.COM', 'ｇｒａｃｅ@example.com', 'ＧＲＡＣＥ＠ｅｘａｍｐｌｅ．ｃｏｍ']) {
        const res = await writesNothing(t, () =>
          t.request('POST', '/api/v1/users', { body: { profile: { ...profile('other@example.com'), login: lookAlike } } }),
        );
        const body = oktaError(res, 400, 'E0000001');
        assert.deepEqual(causes(body), ['login: An object with this field already exists in the current organization'], lookAlike);
        assert.equal(body.errorSummary, 'Api validation failed: login');
      }
    });

    it('applies the password policy (Okta’s default) and names what is missing', async () => {
      const weak = [
        ['Sh0rt!', /at least 8 characters/],
        ['alllowercase1', /an uppercase letter/],
        ['ALLUPPERCASE1', /a lowercase letter/],
        ['NoDigitsHere!', /a number/],
        ['Policy1@Example.com', /cannot be your username/],
      ] as const;
      for (const [password, reason] of weak) {
        const res = await writesNothing(t, () =>
          t.request('POST', '/api/v1/users', { body: { profile: profile('policy1@example.com'), credentials: { password: { value: password } } } }),
        );
        const body = oktaError(res, 400, 'E0000001');
        assert.equal(body.errorSummary, 'Api validation failed: password');
        assert.equal(body.errorCauses.length, 1);
        assert.match(causes(body)[0] ?? '', /^password: Password requirements were not met\./);
        assert.match(causes(body)[0] ?? '', reason, password);
      }
    });

    it('names every missing required attribute, one cause each', async () => {
      const empty = oktaError(await writesNothing(t, () => t.request('POST', '/api/v1/users', { body: { profile: {} } })), 400, 'E0000001');
      assert.deepEqual(causes(empty), [
        'login: The field cannot be left blank',
        'email: The field cannot be left blank',
        'firstName: The field cannot be left blank',
        'lastName: The field cannot be left blank',
      ]);
      assert.equal(empty.errorSummary, 'Api validation failed: login, email, firstName, lastName');
      const some = oktaError(
        await writesNothing(t, () =>
          t.request('POST', '/api/v1/users', { body: { profile: { login: 'x@example.com', email: 'x@example.com', firstName: '  ' } } }),
        ),
        400,
        'E0000001',
      );
      assert.deepEqual(causes(some), ['firstName: The field cannot be left blank', 'lastName: The field cannot be left blank']);
      const noProfile = oktaError(await writesNothing(t, () => t.request('POST', '/api/v1/users', { body: { credentials: {} } })), 400, 'E0000001');
      assert.equal(noProfile.errorCauses.length, 4);
      const noBody = oktaError(await writesNothing(t, () => t.request('POST', '/api/v1/users')), 400, 'E0000001');
      assert.ok(noBody.errorCauses.length >= 1);
    });

    it('refuses values of the wrong type, one cause per attribute, naming it', async () => {
      const bad: [unknown, string[]][] = [
        [{ profile: { ...profile('t1@example.com'), login: 5 } }, ['login: must be a string']],
        [{ profile: { ...profile('t2@example.com'), login: 5, email: ['a@b.c'] } }, ['login: must be a string', 'email: must be a string']],
        [{ profile: { ...profile('t3@example.com'), email: 'not-an-email' } }, ['email: Does not match required pattern']],
        [{ profile: { ...profile('t4@example.com'), address: { city: 'Paris' } } }, ['address: must be a string, number, boolean, null or an array of them']],
        [{ profile: { ...profile('t5@example.com'), matrix: [[1, 2]] } }, ['matrix: must be a string, number, boolean, null or an array of them']],
        [{ profile: { ...profile('t6@example.com'), 'bad-name': 'x' } }, ['bad-name: is not a valid attribute name']],
        [{ profile: { ...profile('t7@example.com'), login: 'x'.repeat(101) } }, ['login: must be at most 100 characters']],
        [{ profile: 'ada' }, ['profile: must be object']],
        [{ profile: profile('t8@example.com'), credentials: { password: { value: 5 } } }, ['credentials.password.value: must be string']],
        [{ profile: profile('t9@example.com'), groupIds: 'all' }, ['groupIds: must be array']],
        ['"just a string"', ['body: must be object']],
        ['[1, 2]', ['body: must be object']],
      ];
      for (const [body, expected] of bad) {
        const res = await writesNothing(t, () => t.request('POST', '/api/v1/users', { body }));
        assert.deepEqual(causes(oktaError(res, 400, 'E0000001')), expected, JSON.stringify(body));
      }
      const activate = await writesNothing(t, () => t.request('POST', '/api/v1/users?activate=yes', { body: { profile: profile('t10@example.com') } }));
      const activateCauses = causes(oktaError(activate, 400, 'E0000001'));
      assert.equal(activateCauses.length, 1);
      assert.match(activateCauses[0] ?? '', /^activate: /);
    });

    it('refuses malformed JSON with 400 E0000003', async () => {
      for (const text of ['{"profile": ', '{profile: {}}', "{'a': 1}", '{"a": 1}}']) {
        const res = await writesNothing(t, () => t.request('POST', '/api/v1/users', { body: text }));
        const body = oktaError(res, 400, 'E0000003');
        assert.equal(body.errorSummary, 'The request body was not well-formed.');
      }
    });

    it('refuses a body over the 1 MiB default with a 400 that says so', async () => {
      const body = JSON.stringify({ profile: { ...profile('big@example.com'), bio: 'x'.repeat(1_100_000) } });
      assert.ok(body.length > 1_048_576);
      const res = await writesNothing(t, () => t.request('POST', '/api/v1/users', { body }));
      assert.equal(res.statusCode, 400, res.body);
      assert.match(causes(res.json()).join(), /too large/i);
    });

    it('lets __proto__ and constructor in a body change nothing', async () => {
      const raw =
        '{"__proto__": {"status": "SUSPENDED", "polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},' +
        ' "profile": {"login": "proto@example.com", "email": "proto@example.com", "firstName": "Pro", "lastName": "To",' +
        ' "__proto__": {"polluted": "yes", "isAdmin": true}, "constructor": {"prototype": {"polluted": "yes"}}}}';
      const res = await t.request('POST', '/api/v1/users?activate=false', { body: raw });
      assert.equal(res.statusCode, 200, res.body);
      const user = res.json<UserJson>();
      assert.equal(user.status, 'STAGED');
      assert.deepEqual(user.profile, { login: 'proto@example.com', email: 'proto@example.com', firstName: 'Pro', lastName: 'To' });
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
      const stored = await t.store.users.get(user.id);
      assert.ok(stored !== undefined && !JSON.stringify(stored.profile).includes('polluted'));
    });

    it('ignores read-only fields sent at creation', async () => {
      const res = await t.request('POST', '/api/v1/users', {
        body: {
          id: '00uSomeoneElse000000',
          status: 'SUSPENDED',
          created: '2000-01-01T00:00:00.000Z',
          lastLogin: '2000-01-01T00:00:00.000Z',
          type: { id: 'otyOther' },
          _links: { self: { href: 'https://evil.example/' } },
          _embedded: { x: 1 },
          profile: profile('readonly@example.com'),
          credentials: { password: { value: PASSWORD }, provider: { type: 'FEDERATION', name: 'FEDERATION' } },
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const user = res.json<UserJson>();
      assert.notEqual(user.id, '00uSomeoneElse000000');
      assert.equal(user.status, 'ACTIVE');
      assert.equal(user.created, isoAt(t.clock.now()));
      assert.equal(user.lastLogin, null);
      assert.deepEqual(user.credentials.provider, { type: 'OKTA', name: 'OKTA' });
      assert.equal(user._links['self']?.href, `${t.config.orgUrl}/api/v1/users/${user.id}`);
    });
  });
}
