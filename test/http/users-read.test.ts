/**
 * GET /api/v1/users/{id|login|me} and GET /api/v1/users: limits, cursor paging with absolute
 * `Link` headers built from TESSERA_ORG_URL, `q`, `filter` and `search`, the default omission of
 * deactivated users, and the 400s for bad filters, cursors and limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, causes, createUser, insertUsers, links, oktaError, pathOf, type UserJson } from './users-fixtures.js';

const ORG_URL = 'https://id.example.test';

for (const kind of await storeKinds()) {
  describe(`users: get (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
    });
    after(() => t.close());

    it('finds a user by id, by login (any case or compatibility form) and as me', async () => {
      const user = await createUser(t, 'lin@example.com', { password: null });
      for (const key of [user.id, 'lin@example.com', 'LIN@Example.com', 'ｌｉｎ@example.com']) {
        const res = await t.request('GET', `/api/v1/users/${encodeURIComponent(key)}`);
        assert.equal(res.statusCode, 200, `${key}: ${res.body}`);
        assert.equal(res.json<UserJson>().id, user.id);
      }
      const me = await t.request('GET', '/api/v1/users/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<UserJson>().id, t.admin.user.id);
    });

    it('answers me with the token’s owner, even for a user without admin rights', async () => {
      const plain = await userWithRoles(t, 'plain@example.com', []);
      const me = await t.request('GET', '/api/v1/users/me', { token: plain.token });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json<UserJson>().profile['login'], 'plain@example.com');
      const self = await t.request('GET', `/api/v1/users/${plain.user.id}`, { token: plain.token });
      assert.equal(self.statusCode, 200);
      const other = await t.request('GET', `/api/v1/users/${t.admin.user.id}`, { token: plain.token });
      oktaError(other, 403, 'E0000006');
    });

    it('answers 404 E0000007 naming an unknown id or login', async () => {
      for (const key of ['00uAAAAAAAAAAAAAAAAA', 'nobody@example.com', 'x']) {
        const body = oktaError(await t.request('GET', `/api/v1/users/${encodeURIComponent(key)}`), 404, 'E0000007');
        assert.equal(body.errorSummary, `Not found: Resource not found: ${key} (User)`);
      }
    });
  });

  describe(`users: list (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { ...MANY_REQUESTS, config: { ...MANY_REQUESTS.config, orgUrl: ORG_URL } });
    });
    after(() => t.close());

    /** Follows `next` links from `first`, asserting the paging rules; returns every id seen. */
    async function walk(first: string): Promise<{ ids: string[]; pages: number }> {
      const ids: string[] = [];
      let url: string | undefined = first;
      let pages = 0;
      while (url !== undefined) {
        const res = await t.request('GET', url, { headers: { host: 'attacker.example' } });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json<UserJson[]>();
        const rel = links(res);
        assert.ok(rel['self']?.startsWith(`${ORG_URL}/api/v1/users`), `self link ${rel['self']}`);
        if (rel['next'] !== undefined) {
          assert.ok(page.length > 0, 'a page with a next link is never empty');
          assert.ok(rel['next'].startsWith(`${ORG_URL}/api/v1/users?`), `next link ${rel['next']}`);
        }
        ids.push(...page.map((u) => u.id));
        url = rel['next'] === undefined ? undefined : pathOf(rel['next']);
        pages += 1;
      }
      return { ids, pages };
    }

    it('pages 200 at most, and returns every user exactly once across pages', async () => {
      await insertUsers(t, 205, (i) => ({ login: `bulk${i}@example.com` }));
      const all = (await t.store.users.list({ limit: 10_000, excludeStatuses: ['DEPROVISIONED'] })).map((u) => u.id);
      assert.equal(all.length, 206);

      const first = await t.request('GET', '/api/v1/users');
      assert.equal(first.json<UserJson[]>().length, 200, 'default limit 200');
      assert.deepEqual(links(first), { self: `${ORG_URL}/api/v1/users`, next: `${ORG_URL}/api/v1/users?after=${first.json<UserJson[]>()[199]?.id}` });
      const clamped = await t.request('GET', '/api/v1/users?limit=1000');
      assert.equal(clamped.json<UserJson[]>().length, 200, 'limit is at most 200');

      const byDefault = await walk('/api/v1/users');
      assert.deepEqual(byDefault, { ids: [...all].sort(), pages: 2 });
      const bySeven = await walk('/api/v1/users?limit=7');
      assert.equal(bySeven.pages, Math.ceil(206 / 7));
      assert.equal(new Set(bySeven.ids).size, bySeven.ids.length, 'no user twice');
      assert.deepEqual([...bySeven.ids].sort(), [...all].sort(), 'every user once');
    });

    it('repeats every filter and the limit in the next link, and sends no empty page with a next link', async () => {
      await insertUsers(t, 6, (i) => ({ login: `pager${i}@example.com`, extra: { lastName: 'Pager' } }));
      const filter = 'profile.lastName eq "Pager"';
      const res = await t.request('GET', `/api/v1/users?filter=${encodeURIComponent(filter)}&limit=3&expand=none`);
      const page = res.json<UserJson[]>();
      assert.equal(page.length, 3);
      const next = new URL(links(res)['next'] ?? 'http://missing');
      assert.equal(next.origin + next.pathname, `${ORG_URL}/api/v1/users`);
      assert.equal(next.searchParams.get('filter'), filter);
      assert.equal(next.searchParams.get('limit'), '3');
      assert.equal(next.searchParams.get('expand'), 'none');
      assert.equal(next.searchParams.get('after'), page[2]?.id);
      assert.ok(!next.search.includes('+'), 'spaces are %20-encoded');
      const second = await t.request('GET', pathOf(next.href));
      assert.equal(second.json<UserJson[]>().length, 3);
      assert.equal(links(second)['next'], undefined, 'exactly 2 full pages: the second has no next link');
      assert.equal(links(second)['self'], next.href);
      const walked = await walk(`/api/v1/users?search=${encodeURIComponent('profile.lastName eq "Pager"')}&limit=2`);
      assert.deepEqual({ count: walked.ids.length, pages: walked.pages }, { count: 6, pages: 3 });
    });

    it('leaves deactivated users out by default and in with filter or search', async () => {
      const gone = await createUser(t, 'gone@example.com', { password: null });
      assert.equal((await t.request('POST', `/api/v1/users/${gone.id}/lifecycle/deactivate`)).statusCode, 200);
      const ids = async (url: string) => (await walk(url)).ids;
      assert.ok(!(await ids('/api/v1/users')).includes(gone.id));
      assert.ok(!(await ids('/api/v1/users?q=gone')).includes(gone.id));
      assert.ok((await ids(`/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`)).includes(gone.id));
      assert.ok((await ids(`/api/v1/users?filter=${encodeURIComponent('profile.login eq "gone@example.com"')}`)).includes(gone.id));
      assert.ok((await ids(`/api/v1/users?search=${encodeURIComponent('profile.login eq "gone@example.com"')}`)).includes(gone.id));
    });

    it('matches q on the start of firstName, lastName or email, 10 by default, without paging', async () => {
      await insertUsers(t, 12, (i) => ({ login: `q${i}@example.com`, extra: { firstName: `Quentin${i}`, lastName: 'Q' } }));
      await insertUsers(t, 1, () => ({ login: 'zed@example.com', extra: { firstName: 'Zed', lastName: 'Quirk' } }));
      await insertUsers(t, 1, () => ({ login: 'quiet@example.com', extra: { firstName: 'Mona', lastName: 'Lisa' } }));
      const tenth = await t.request('GET', '/api/v1/users?q=quent');
      assert.equal(tenth.json<UserJson[]>().length, 10);
      assert.equal(links(tenth)['next'], undefined, 'q is not paginated');
      const more = await t.request('GET', '/api/v1/users?q=QUENT&limit=50');
      assert.equal(more.json<UserJson[]>().length, 12);
      const logins = (await t.request('GET', '/api/v1/users?q=Qui&limit=50'))
        .json<UserJson[]>()
        .map((u) => u.profile['login'])
        .sort();
      assert.deepEqual(logins, ['quiet@example.com', 'zed@example.com'], 'lastName Quirk and email quiet@');
      assert.deepEqual((await t.request('GET', '/api/v1/users?q=uent')).json(), [], 'a prefix, not a substring');
      assert.deepEqual((await t.request('GET', `/api/v1/users?q=${encodeURIComponent('%')}`)).json(), [], 'wildcards are literal');
    });

    it('filters on status, lastUpdated ranges, profile.login and id, with and/or', async () => {
      const early = await createUser(t, 'early@example.com', { password: null, activate: false });
      t.clock.advance(60_000);
      const middle = isoNow(t);
      t.clock.advance(60_000);
      const late = await createUser(t, 'late@example.com', { password: null, activate: false });
      const found = async (filter: string) =>
        (await walk(`/api/v1/users?filter=${encodeURIComponent(filter)}`)).ids.filter((id) => id === early.id || id === late.id).sort();
      const both = [early.id, late.id].sort();
      assert.deepEqual(await found('status eq "STAGED"'), both);
      assert.deepEqual(await found(`lastUpdated gt "${middle}"`), [late.id]);
      assert.deepEqual(await found(`lastUpdated lt "${middle}"`), [early.id]);
      assert.deepEqual(await found(`status eq "STAGED" and lastUpdated gt "${middle}"`), [late.id]);
      assert.deepEqual(await found('profile.login eq "EARLY@example.com" or profile.login eq "late@example.com"'), both);
      assert.deepEqual(await found(`id eq "${early.id}"`), [early.id]);
      assert.deepEqual(await found('status eq "ACTIVE"'), []);
    });

    it('searches any profile attribute, scalars and arrays, with typed comparisons', async () => {
      const make = (login: string, extra: Record<string, unknown>) => createUser(t, login, { password: null, extra });
      const ann = await make('ann@example.com', { age: 33, city: 'Paris', vip: true, skills: ['go', 'rust'], employeeNumber: '0042' });
      const bob = await make('bob@example.com', { age: 9, city: 'Parma', vip: false, skills: ['ts'], employeeNumber: '42' });
      const cid = await make('cid@example.com', { age: '33', city: 'Oslo' });
      const search = async (expression: string) => {
        const res = await t.request('GET', `/api/v1/users?search=${encodeURIComponent(expression)}`);
        assert.equal(res.statusCode, 200, `${expression}: ${res.body}`);
        return res
          .json<UserJson[]>()
          .map((u) => u.id)
          .filter((id) => [ann.id, bob.id, cid.id].includes(id))
          .sort();
      };
      assert.deepEqual(await search('profile.age eq 33'), [ann.id], 'the number 33, not the string "33"');
      assert.deepEqual(await search('profile.age eq "33"'), [cid.id]);
      assert.deepEqual(await search('profile.age gt 10'), [ann.id], 'numbers compare as numbers');
      assert.deepEqual(await search('profile.city sw "Par"'), [ann.id, bob.id].sort());
      assert.deepEqual(await search('profile.vip eq true'), [ann.id]);
      assert.deepEqual(await search('profile.vip eq false'), [bob.id]);
      assert.deepEqual(await search('profile.skills eq "rust"'), [ann.id], 'an array matches on any element');
      assert.deepEqual(await search('profile.skills pr'), [ann.id, bob.id].sort());
      assert.deepEqual(await search('profile.employeeNumber eq "42"'), [bob.id]);
      assert.deepEqual(await search('profile.city eq "Paris" or profile.city eq "Oslo"'), [ann.id, cid.id].sort());
      assert.deepEqual(await search('not (profile.city sw "Par") and profile.age pr'), [cid.id]);
      assert.deepEqual(
        await search(`status eq "PROVISIONED" and created ge "${ann.created}" and profile.lastName eq "Tester"`),
        [ann.id, bob.id, cid.id].sort(),
      );
    });

    it('refuses bad filters, searches, cursors, limits and sorts with a 400 naming the problem', async () => {
      const cases: [string, number, string, RegExp][] = [
        ['filter=status%20eq', 400, 'E0000031', /^filter: /],
        ['filter=profile.age%20eq%2033', 400, 'E0000031', /^filter: .*profile\.age/],
        ['filter=status%20ne%20%22ACTIVE%22', 400, 'E0000031', /^filter: .*ne/],
        ['filter=lastUpdated%20gt%20%22yesterday%22', 400, 'E0000031', /^filter: .*date/i],
        ['filter=status%20eq%20%22A%22)%20or%20(1', 400, 'E0000031', /^filter: /],
        ['search=profile.city%20ne%20%22x%22', 400, 'E0000031', /^search: /],
        ['search=password%20eq%20%22x%22', 400, 'E0000031', /^search: .*password/],
        ['after=not-a-cursor', 400, 'E0000031', /^after: /],
        ['after=%27%20or%201%3D1', 400, 'E0000031', /^after: /],
        ['limit=abc', 400, 'E0000001', /^limit: /],
        ['limit=0', 400, 'E0000001', /^limit: /],
        ['limit=-5', 400, 'E0000001', /^limit: /],
        ['limit=2.5', 400, 'E0000001', /^limit: /],
        ['sortBy=profile.lastName', 400, 'E0000031', /^sortBy: /],
        ['q=a&filter=status%20eq%20%22ACTIVE%22', 400, 'E0000033', /.*/],
      ];
      for (const [query, status, code, cause] of cases) {
        const body = oktaError(await t.request('GET', `/api/v1/users?${query}`), status, code);
        if (code !== 'E0000033') assert.match(causes(body)[0] ?? '', cause, query);
      }
    });
  });
}

function isoNow(t: TestApp): string {
  return new Date(t.clock.now()).toISOString();
}
