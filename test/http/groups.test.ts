/**
 * /api/v1/groups, group membership and /api/v1/users/{id}/groups, on SQLite and PostgreSQL:
 * Okta's Group shape, validation, q/filter/search, cursor paging, events, access by role.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';

interface GroupJson {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: string;
  profile: Record<string, unknown>;
  _links: Record<string, { href: string } | { href: string; name: string; type: string }[]>;
  _embedded?: { stats?: { usersCount: number; hasAdminPrivilege: boolean } };
}

interface ErrorJson {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** The `rel="next"` URL of a Link header, if any. */
function nextLink(header: string | string[] | number | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(', ') : String(header ?? '');
  return /<([^>]+)>;\s*rel="next"/.exec(text)?.[1];
}

async function logEvents(t: TestApp, type: string): Promise<LogEventRecord[]> {
  const rows = await t.store.logs.query({ since: '2000-01-01T00:00:00.000Z', until: '2100-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 10_000 });
  return rows.map((r) => r.event).filter((e) => e.eventType === type);
}

async function createGroup(t: TestApp, name: string, description?: string): Promise<GroupJson> {
  const res = await t.request('POST', '/api/v1/groups', { body: { profile: { name, ...(description === undefined ? {} : { description }) } } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<GroupJson>();
}

/** Follows `next` links from `url` and returns every page's ids. */
async function allPages(t: TestApp, url: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const res = await t.request('GET', next.startsWith('http') ? next.slice(t.config.orgUrl.length) : next);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<{ id: string }[]>();
    next = nextLink(res.headers['link']);
    if (next !== undefined) assert.ok(page.length > 0, 'a page with a next link is never empty');
    pages.push(page.map((g) => g.id));
    assert.ok(pages.length < 100, 'paging terminates');
  }
  return pages;
}

for (const kind of await storeKinds()) {
  describe(`groups (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it("creates an OKTA_GROUP in Okta's shape, with absolute links and a create event", async () => {
      const group = await createGroup(t, 'Engineering', 'Builds things');
      assert.match(group.id, /^00g[0-9A-Za-z]{17}$/);
      assert.equal(group.type, 'OKTA_GROUP');
      assert.deepEqual(group.objectClass, ['okta:user_group']);
      assert.deepEqual(group.profile, { name: 'Engineering', description: 'Builds things' });
      assert.equal(group.created, isoAt(t.clock.now()));
      assert.equal(group.lastUpdated, group.created);
      assert.equal(group.lastMembershipUpdated, group.created);
      assert.deepEqual(group._links['users'], { href: `${t.config.orgUrl}/api/v1/groups/${group.id}/users` });
      assert.deepEqual(group._links['apps'], { href: `${t.config.orgUrl}/api/v1/groups/${group.id}/apps` });
      const logos = group._links['logo'];
      assert.ok(Array.isArray(logos) && logos.length === 2 && logos.every((l) => l.href.startsWith(`${t.config.orgUrl}/`)));
      const got = await t.request('GET', `/api/v1/groups/${group.id}`);
      assert.equal(got.statusCode, 200);
      assert.match(String(got.headers['content-type']), /application\/json/);
      assert.deepEqual(got.json(), group);
      const created = await logEvents(t, 'group.lifecycle.create');
      assert.ok(created.some((e) => e.target.some((target) => target.id === group.id && target.type === 'UserGroup')));
    });

    it("refuses a taken name (case-insensitively) with Okta's cause, and writes nothing", async () => {
      await createGroup(t, 'Finance');
      const before = (await logEvents(t, 'group.lifecycle.create')).length;
      const res = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'FINANCE' } } });
      assert.equal(res.statusCode, 400);
      const body = res.json<ErrorJson>();
      assert.equal(body.errorCode, 'E0000001');
      assert.equal(body.errorSummary, 'Api validation failed: name');
      assert.deepEqual(body.errorCauses, [{ errorSummary: 'name: An object with this field already exists in the current organization' }]);
      assert.equal((await logEvents(t, 'group.lifecycle.create')).length, before);
      const listed = await t.request('GET', '/api/v1/groups?q=finance');
      assert.equal(listed.json<GroupJson[]>().length, 1);
    });

    it('names every bad field in a 400 and creates nothing', async () => {
      const cases: [unknown, (causes: string[]) => boolean][] = [
        [undefined, (c) => c.join() === 'name: The field cannot be left blank'],
        [{ profile: {} }, (c) => c.join() === 'name: The field cannot be left blank'],
        [{ profile: { name: '   ' } }, (c) => c.join() === 'name: The field cannot be left blank'],
        [{ profile: { name: 'x'.repeat(256), description: 7 } }, (c) => c.join('|') === 'name: The field is too long|description: The field must be a string'],
        [{ profile: { name: 'Nested', extra: { a: 1 } } }, (c) => c.length > 0 && c.every((cause) => cause.startsWith('profile.extra: '))],
        [{ profile: 'Sales' }, (c) => c.length > 0 && c.every((cause) => cause.startsWith('profile: '))],
      ];
      const before = (await t.request('GET', '/api/v1/groups')).json<GroupJson[]>().length;
      for (const [body, check] of cases) {
        const res = await t.request('POST', '/api/v1/groups', body === undefined ? {} : { body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        const error = res.json<ErrorJson>();
        assert.equal(error.errorCode, 'E0000001');
        const causes = error.errorCauses.map((c) => c.errorSummary);
        assert.ok(check(causes), `${JSON.stringify(body)} → ${JSON.stringify(causes)}`);
      }
      const malformed = await t.request('POST', '/api/v1/groups', { body: '{"profile":' });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json<ErrorJson>().errorCode, 'E0000003');
      assert.equal((await t.request('GET', '/api/v1/groups')).json<GroupJson[]>().length, before);
    });

    it('replaces the profile with PUT, ignoring read-only fields echoed back from a GET', async () => {
      const group = await createGroup(t, 'Support', 'Helps people');
      t.clock.advance(60_000);
      const echoed = { ...group, id: '00gSomethingElse0000', created: '2000-01-01T00:00:00.000Z', type: 'APP_GROUP', profile: { name: 'Customer Support' } };
      const res = await t.request('PUT', `/api/v1/groups/${group.id}`, { body: echoed });
      assert.equal(res.statusCode, 200, res.body);
      const updated = res.json<GroupJson>();
      assert.equal(updated.id, group.id);
      assert.equal(updated.type, 'OKTA_GROUP');
      assert.equal(updated.created, group.created);
      assert.deepEqual(updated.profile, { name: 'Customer Support' }, 'PUT replaces the whole profile');
      assert.equal(updated.lastUpdated, isoAt(t.clock.now()));
      assert.equal(updated.lastMembershipUpdated, group.lastMembershipUpdated);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}`)).json(), updated);
      assert.ok((await logEvents(t, 'group.profile.update')).some((e) => e.target.some((target) => target.id === group.id)));

      const taken = await t.request('PUT', `/api/v1/groups/${group.id}`, { body: { profile: { name: 'engineering' } } });
      assert.equal(taken.statusCode, 400);
      assert.equal(taken.json<ErrorJson>().errorCauses[0]?.errorSummary, 'name: An object with this field already exists in the current organization');
      const blank = await t.request('PUT', `/api/v1/groups/${group.id}`, { body: { profile: { description: 'no name' } } });
      assert.equal(blank.statusCode, 400);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}`)).json(), updated, 'refused PUTs change nothing');
    });

    it('answers 404 E0000007 for unknown groups and users', async () => {
      const group = await createGroup(t, 'Lonely');
      const missing = newId('group');
      for (const [method, url] of [
        ['GET', `/api/v1/groups/${missing}`],
        ['GET', '/api/v1/groups/not-an-id'],
        ['PUT', `/api/v1/groups/${missing}`],
        ['DELETE', `/api/v1/groups/${missing}`],
        ['GET', `/api/v1/groups/${missing}/users`],
        ['PUT', `/api/v1/groups/${missing}/users/${t.admin.user.id}`],
        ['PUT', `/api/v1/groups/${group.id}/users/${newId('user')}`],
        ['DELETE', `/api/v1/groups/${group.id}/users/${newId('user')}`],
        ['GET', `/api/v1/users/${newId('user')}/groups`],
        ['GET', '/api/v1/users/nobody@example.com/groups'],
      ] as const) {
        const res = await t.request(method, url, method === 'PUT' && url.split('/').length === 5 ? { body: { profile: { name: 'x' } } } : {});
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000007');
      }
      const res = await t.request('GET', `/api/v1/groups/${missing}`);
      assert.equal(res.json<ErrorJson>().errorSummary, `Not found: Resource not found: ${missing} (UserGroup)`);
    });

    it('pages through all groups with limit/after, each group seen once, links absolute and complete', async () => {
      for (let i = 0; i < 7; i++) await createGroup(t, `Paging ${i}`);
      const everything = (await t.request('GET', '/api/v1/groups')).json<GroupJson[]>().map((g) => g.id);
      assert.ok(everything.length >= 7);
      const first = await t.request('GET', '/api/v1/groups?limit=3');
      const links = String(first.headers['link']);
      assert.ok(links.includes(`<${t.config.orgUrl}/api/v1/groups?limit=3>; rel="self"`), links);
      const next = nextLink(first.headers['link']);
      assert.ok(next?.startsWith(`${t.config.orgUrl}/api/v1/groups?limit=3&after=00g`), next);
      const pages = await allPages(t, '/api/v1/groups?limit=3');
      assert.ok(pages.length >= 3);
      assert.ok(pages.slice(0, -1).every((p) => p.length === 3));
      const seen = pages.flat();
      assert.equal(new Set(seen).size, seen.length, 'no group is seen twice');
      assert.deepEqual([...seen].sort(), [...everything].sort(), 'every group is seen');
    });

    it('finds groups by `q` (name prefix, exact match first, not paged)', async () => {
      await createGroup(t, 'Ops Night');
      await createGroup(t, 'Ops');
      await createGroup(t, 'Opsec');
      const res = await t.request('GET', '/api/v1/groups?q=OPS');
      assert.equal(res.statusCode, 200);
      const names = res.json<GroupJson[]>().map((g) => g.profile['name']);
      assert.equal(names[0], 'Ops');
      assert.deepEqual([...names].sort(), ['Ops', 'Ops Night', 'Opsec']);
      const limited = await t.request('GET', '/api/v1/groups?q=ops&limit=2');
      assert.equal(limited.json<GroupJson[]>().length, 2);
      assert.equal(nextLink(limited.headers['link']), undefined, 'q results are not paged');
      assert.deepEqual((await t.request('GET', '/api/v1/groups?q=100%25')).json(), [], 'LIKE wildcards are literal');
      const both = await t.request('GET', `/api/v1/groups?q=ops&filter=${encodeURIComponent('type eq "OKTA_GROUP"')}`);
      assert.equal(both.statusCode, 400);
      assert.equal(both.json<ErrorJson>().errorCode, 'E0000033');
    });

    it('filters on id, type, lastUpdated and lastMembershipUpdated, and refuses other filters', async () => {
      const old = await createGroup(t, 'Filter Old');
      t.clock.advance(1000);
      const mark = isoAt(t.clock.now());
      t.clock.advance(1000);
      const recent = await createGroup(t, 'Filter Recent');
      const get = async (filter: string) => {
        const res = await t.request('GET', `/api/v1/groups?filter=${encodeURIComponent(filter)}`);
        assert.equal(res.statusCode, 200, `${filter}: ${res.body}`);
        return res.json<GroupJson[]>().map((g) => g.id);
      };
      assert.deepEqual(await get(`id eq "${old.id}"`), [old.id]);
      assert.deepEqual(await get(`lastUpdated gt "${mark}"`), [recent.id]);
      assert.ok((await get(`lastUpdated lt "${mark}"`)).includes(old.id));
      assert.ok(!(await get(`lastMembershipUpdated ge "${mark}"`)).includes(old.id));
      assert.ok((await get('type eq "OKTA_GROUP"')).includes(old.id));
      assert.deepEqual(await get('type eq "APP_GROUP"'), []);
      assert.deepEqual([...(await get(`id eq "${old.id}" or id eq "${recent.id}"`))].sort(), [old.id, recent.id].sort());
      for (const bad of ['profile.name eq "Filter Old"', 'lastUpdated gt "yesterday"', 'type eq', 'id sw "00g"']) {
        const res = await t.request('GET', `/api/v1/groups?filter=${encodeURIComponent(bad)}`);
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000031');
      }
    });

    it('searches on profile attributes and dates, and pages a search with the expression repeated', async () => {
      await createGroup(t, 'Search Alpha', 'first of the search tests');
      await createGroup(t, 'Search Beta', 'second');
      await createGroup(t, 'search gamma');
      const names = async (search: string, extra = '') => {
        const res = await t.request('GET', `/api/v1/groups?search=${encodeURIComponent(search)}${extra}`);
        assert.equal(res.statusCode, 200, `${search}: ${res.body}`);
        return res
          .json<GroupJson[]>()
          .map((g) => String(g.profile['name']))
          .sort();
      };
      assert.deepEqual(await names('profile.name sw "search"'), ['Search Alpha', 'Search Beta', 'search gamma']);
      assert.deepEqual(await names('profile.name eq "search beta"'), ['Search Beta']);
      assert.deepEqual(await names('profile.description co "search tests"'), ['Search Alpha']);
      assert.deepEqual(await names('profile.name sw "Search" and type eq "OKTA_GROUP" and profile.description pr'), ['Search Alpha', 'Search Beta']);
      const pages = await allPages(t, `/api/v1/groups?search=${encodeURIComponent('profile.name sw "search"')}&limit=2`);
      assert.deepEqual(
        pages.map((p) => p.length),
        [2, 1],
      );
      const first = await t.request('GET', `/api/v1/groups?search=${encodeURIComponent('profile.name sw "search"')}&limit=2`);
      assert.ok(nextLink(first.headers['link'])?.includes('search=profile.name%20sw%20%22search%22'));
      const bad = await t.request('GET', `/api/v1/groups?search=${encodeURIComponent('objectClass eq "x"')}`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<ErrorJson>().errorCode, 'E0000031');
    });

    it('refuses a bad limit or cursor with a 400', async () => {
      const group = await createGroup(t, 'Cursor Checks');
      for (const url of [
        '/api/v1/groups?limit=abc',
        '/api/v1/groups?limit=0',
        '/api/v1/groups?after=zzz',
        `/api/v1/groups?after=${newId('user')}`,
        `/api/v1/groups/${group.id}/users?after=bad`,
        `/api/v1/groups/${group.id}/users?limit=1.5`,
        `/api/v1/users/${t.admin.user.id}/groups?after=${newId('user')}`,
      ]) {
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.json<ErrorJson>().errorCode, /^E00000(01|31)$/, url);
      }
      assert.equal((await t.request('GET', '/api/v1/groups?after=zzz')).json<ErrorJson>().errorCode, 'E0000031');
      assert.equal((await t.request('GET', '/api/v1/groups?limit=-1')).json<ErrorJson>().errorCode, 'E0000001');
      const clamped = await t.request('GET', '/api/v1/groups?limit=99999');
      assert.equal(clamped.statusCode, 200, 'an oversized limit is clamped, as Okta does');
    });

    it('adds and removes members idempotently (204), reflected in /users/{id}/groups and in lastMembershipUpdated', async () => {
      const group = await createGroup(t, 'Members');
      const ada = await userWithRoles(t, 'ada@example.com', []);
      t.clock.advance(5000);
      const addedAt = isoAt(t.clock.now());
      const add = await t.request('PUT', `/api/v1/groups/${group.id}/users/${ada.user.id}`);
      assert.equal(add.statusCode, 204);
      assert.equal(add.body, '');
      assert.equal((await t.request('PUT', `/api/v1/groups/${group.id}/users/${ada.user.id}`)).statusCode, 204, 'adding twice is fine');
      const adds = (await logEvents(t, 'group.user_membership.add')).filter((e) => e.target.some((target) => target.id === group.id));
      assert.equal(adds.length, 1, 'one event for one change');
      assert.deepEqual(
        adds[0]?.target.map((target) => target.type),
        ['User', 'UserGroup'],
      );
      const after = (await t.request('GET', `/api/v1/groups/${group.id}`)).json<GroupJson>();
      assert.equal(after.lastMembershipUpdated, addedAt);
      assert.equal(after.lastUpdated, group.lastUpdated, 'membership is not a profile change');

      const members = await t.request('GET', `/api/v1/groups/${group.id}/users`);
      assert.equal(members.statusCode, 200);
      const users = members.json<{ id: string; profile: { login: string }; _links: { self: { href: string } } }[]>();
      assert.deepEqual(
        users.map((u) => u.id),
        [ada.user.id],
      );
      assert.equal(users[0]?.profile.login, 'ada@example.com');
      assert.equal(users[0]?._links.self.href, `${t.config.orgUrl}/api/v1/users/${ada.user.id}`);

      for (const who of [ada.user.id, 'ada@example.com']) {
        const groups = await t.request('GET', `/api/v1/users/${encodeURIComponent(who)}/groups`);
        assert.equal(groups.statusCode, 200);
        assert.deepEqual(
          groups.json<GroupJson[]>().map((g) => g.id),
          [group.id],
        );
      }
      const mine = await t.request('GET', '/api/v1/users/me/groups', { token: ada.token });
      assert.equal(mine.statusCode, 200, 'a user may always read its own groups');
      assert.deepEqual(
        mine.json<GroupJson[]>().map((g) => g.id),
        [group.id],
      );

      t.clock.advance(5000);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${group.id}/users/${ada.user.id}`)).statusCode, 204);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${group.id}/users/${ada.user.id}`)).statusCode, 204, 'removing twice is fine');
      assert.deepEqual((await t.request('GET', `/api/v1/users/${ada.user.id}/groups`)).json(), []);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}/users`)).json(), []);
      assert.equal((await t.request('GET', `/api/v1/groups/${group.id}`)).json<GroupJson>().lastMembershipUpdated, isoAt(t.clock.now()));
      assert.equal((await logEvents(t, 'group.user_membership.remove')).filter((e) => e.target.some((target) => target.id === group.id)).length, 1);
    });

    it("pages through members and through a user's groups", async () => {
      const group = await createGroup(t, 'Big Team');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const member = await userWithRoles(t, `member${i}@example.com`, []);
        ids.push(member.user.id);
        assert.equal((await t.request('PUT', `/api/v1/groups/${group.id}/users/${member.user.id}`)).statusCode, 204);
      }
      const pages = await allPages(t, `/api/v1/groups/${group.id}/users?limit=2`);
      assert.deepEqual(
        pages.map((p) => p.length),
        [2, 2, 1],
      );
      assert.deepEqual(pages.flat().sort(), [...ids].sort());

      const joined: string[] = [];
      for (let i = 0; i < 3; i++) {
        const extra = await createGroup(t, `Joined ${i}`);
        joined.push(extra.id);
        await t.request('PUT', `/api/v1/groups/${extra.id}/users/${ids[0]}`);
      }
      const groupPages = await allPages(t, `/api/v1/users/${ids[0]}/groups?limit=2`);
      assert.deepEqual(
        groupPages.map((p) => p.length),
        [2, 2],
      );
      assert.deepEqual(groupPages.flat().sort(), [group.id, ...joined].sort());

      const stats = await t.request('GET', `/api/v1/groups?search=${encodeURIComponent('profile.name eq "Big Team"')}&expand=stats`);
      assert.equal(stats.json<GroupJson[]>()[0]?._embedded?.stats?.usersCount, 5);
    });

    it('deletes a group with its memberships and role assignments, and logs it', async () => {
      const group = await createGroup(t, 'Doomed');
      const bob = await userWithRoles(t, 'bob@example.com', []);
      await t.request('PUT', `/api/v1/groups/${group.id}/users/${bob.user.id}`);
      const now = isoAt(t.clock.now());
      await t.store.roles.insert({
        id: newId('roleAssignment'),
        principalType: 'GROUP',
        principalId: group.id,
        roleType: 'READ_ONLY_ADMIN',
        created: now,
        lastUpdated: now,
      });
      assert.ok((await t.store.roles.roleTypesOfUser(bob.user.id)).includes('READ_ONLY_ADMIN'));
      const res = await t.request('DELETE', `/api/v1/groups/${group.id}`);
      assert.equal(res.statusCode, 204);
      assert.equal((await t.request('GET', `/api/v1/groups/${group.id}`)).statusCode, 404);
      assert.deepEqual((await t.request('GET', `/api/v1/users/${bob.user.id}/groups`)).json(), []);
      assert.deepEqual(await t.store.roles.listFor('GROUP', group.id), []);
      assert.deepEqual(await t.store.roles.roleTypesOfUser(bob.user.id), []);
      assert.equal((await t.request('GET', '/api/v1/groups', { token: bob.token })).statusCode, 403, 'the role went with the group');
      assert.ok((await logEvents(t, 'group.lifecycle.delete')).some((e) => e.target.some((target) => target.id === group.id)));
    });

    it('lets a GROUP_MEMBERSHIP_ADMIN manage members but not groups (403 E0000006)', async () => {
      const gma = await userWithRoles(t, 'gma@example.com', ['GROUP_MEMBERSHIP_ADMIN']);
      const group = await createGroup(t, 'Managed');
      const before = (await t.request('GET', '/api/v1/groups')).json<GroupJson[]>().length;
      for (const [method, url, body] of [
        ['POST', '/api/v1/groups', { profile: { name: 'Not Allowed' } }],
        ['PUT', `/api/v1/groups/${group.id}`, { profile: { name: 'Renamed' } }],
        ['DELETE', `/api/v1/groups/${group.id}`, undefined],
      ] as const) {
        const res = await t.request(method, url, { token: gma.token, ...(body === undefined ? {} : { body }) });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000006');
      }
      assert.equal((await t.request('GET', '/api/v1/groups')).json<GroupJson[]>().length, before, 'refused requests write nothing');
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}`)).json(), group);
      assert.equal((await t.request('PUT', `/api/v1/groups/${group.id}/users/${gma.user.id}`, { token: gma.token })).statusCode, 204);
      assert.equal((await t.request('GET', `/api/v1/groups/${group.id}/users`, { token: gma.token })).json<unknown[]>().length, 1);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${group.id}/users/${gma.user.id}`, { token: gma.token })).statusCode, 204);
    });

    it('lets a READ_ONLY_ADMIN read groups and members but change nothing', async () => {
      const reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
      const group = await createGroup(t, 'Read Only Target');
      for (const url of ['/api/v1/groups', `/api/v1/groups/${group.id}`, `/api/v1/groups/${group.id}/users`, `/api/v1/users/${t.admin.user.id}/groups`]) {
        assert.equal((await t.request('GET', url, { token: reader.token })).statusCode, 200, url);
      }
      for (const [method, url] of [
        ['POST', '/api/v1/groups'],
        ['PUT', `/api/v1/groups/${group.id}`],
        ['DELETE', `/api/v1/groups/${group.id}`],
        ['PUT', `/api/v1/groups/${group.id}/users/${reader.user.id}`],
        ['DELETE', `/api/v1/groups/${group.id}/users/${reader.user.id}`],
      ] as const) {
        const res = await t.request(method, url, {
          token: reader.token,
          ...(method === 'PUT' || method === 'POST' ? { body: { profile: { name: 'Nope' } } } : {}),
        });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000006');
      }
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}/users`)).json(), []);
    });

    it('refuses membership changes of an admin group to a caller without that role (no escalation)', async () => {
      const gma = await userWithRoles(t, 'climber@example.com', ['GROUP_MEMBERSHIP_ADMIN']);
      const admins = await createGroup(t, 'Super Admins');
      const now = isoAt(t.clock.now());
      await t.store.roles.insert({
        id: newId('roleAssignment'),
        principalType: 'GROUP',
        principalId: admins.id,
        roleType: 'SUPER_ADMIN',
        created: now,
        lastUpdated: now,
      });
      const res = await t.request('PUT', `/api/v1/groups/${admins.id}/users/${gma.user.id}`, { token: gma.token });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json<ErrorJson>().errorCode, 'E0000006');
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${admins.id}/users`)).json(), []);
      assert.ok(!(await t.store.roles.roleTypesOfUser(gma.user.id)).includes('SUPER_ADMIN'));
      const denied = await logEvents(t, 'core.api.access.denied');
      assert.ok(
        denied.some((e) => e.actor.id === gma.user.id && e.outcome.result === 'DENY'),
        'the refusal is logged',
      );
      assert.equal((await t.request('PUT', `/api/v1/groups/${admins.id}/users/${gma.user.id}`)).statusCode, 204, 'a SUPER_ADMIN may');
      const stats = await t.request('GET', `/api/v1/groups?q=Super%20Admins&expand=stats`);
      assert.equal(stats.json<GroupJson[]>()[0]?._embedded?.stats?.hasAdminPrivilege, true);
    });

    it('never removes the last active SUPER_ADMIN through a group', async () => {
      const keepers = await createGroup(t, 'Keepers');
      const now = isoAt(t.clock.now());
      const groupRole = {
        id: newId('roleAssignment'),
        principalType: 'GROUP' as const,
        principalId: keepers.id,
        roleType: 'SUPER_ADMIN',
        created: now,
        lastUpdated: now,
      };
      await t.store.roles.insert(groupRole);
      assert.equal((await t.request('PUT', `/api/v1/groups/${keepers.id}/users/${t.admin.user.id}`)).statusCode, 204);
      // Leave the admin a SUPER_ADMIN only through this group, and take every other holder away.
      const direct = (await t.store.roles.listFor('USER', t.admin.user.id)).filter((a) => a.roleType === 'SUPER_ADMIN');
      for (const assignment of direct) await t.store.roles.delete(assignment.id);
      const others = (await t.request('GET', '/api/v1/groups?q=Super%20Admins')).json<GroupJson[]>();
      for (const other of others) {
        for (const member of (await t.request('GET', `/api/v1/groups/${other.id}/users`)).json<{ id: string }[]>()) {
          await t.request('DELETE', `/api/v1/groups/${other.id}/users/${member.id}`);
        }
      }
      try {
        assert.equal(await t.store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 1);
        const leave = await t.request('DELETE', `/api/v1/groups/${keepers.id}/users/${t.admin.user.id}`);
        assert.equal(leave.statusCode, 400, leave.body);
        assert.equal(leave.json<ErrorJson>().errorCode, 'E0000001');
        const drop = await t.request('DELETE', `/api/v1/groups/${keepers.id}`);
        assert.equal(drop.statusCode, 400, drop.body);
        assert.equal((await t.request('GET', `/api/v1/groups/${keepers.id}/users`)).json<unknown[]>().length, 1, 'still a member');
        assert.equal((await t.store.roles.listFor('GROUP', keepers.id)).length, 1, 'the role is still assigned');
      } finally {
        for (const assignment of direct) await t.store.roles.insert(assignment);
      }
    });
  });
}
