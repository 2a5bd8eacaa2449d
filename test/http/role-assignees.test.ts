/**
 * GET /api/v1/iam/assignees/users (Okta's "List all users with role assignments") on SQLite and
 * PostgreSQL: Okta's `RoleAssignedUsers` shape with ORNs and absolute links, users whose roles
 * come through a group included and each user once, `after`/`limit` paging through `_links.next`
 * (and the Link header), a cursor that is not one refused, and the permission of reading roles:
 * without okta.roles.read, 403 and the refusal logged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { eventsOfType, insertGroup } from './roles.fixtures.js';

const ORG_URL = 'https://tessera.example.com';
const PATH = '/api/v1/iam/assignees/users';

interface AssigneesJson {
  readonly value: { readonly id: string; readonly orn: string; readonly _links: Record<string, { href: string }> }[];
  readonly _links: { readonly next?: { readonly href: string } };
}

const byId = (ids: readonly string[]): string[] => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

for (const kind of await storeKinds()) {
  describe(`users with role assignments (${kind})`, () => {
    let t: TestApp;
    let orgId: string;
    let direct: TestPrincipal;
    let viaGroup: TestPrincipal;
    let both: TestPrincipal;
    let plain: TestPrincipal;
    let holders: string[];

    before(async () => {
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL } });
      orgId = (await t.store.org.get())?.id ?? '';
      direct = await userWithRoles(t, 'direct@example.com', ['USER_ADMIN', 'APP_ADMIN']);
      viaGroup = await userWithRoles(t, 'via.group@example.com', []);
      both = await userWithRoles(t, 'both@example.com', ['READ_ONLY_ADMIN']);
      plain = await userWithRoles(t, 'plain@example.com', []);
      const admins = await insertGroup(t, 'Help desk');
      const roleless = await insertGroup(t, 'Everyone');
      assert.equal((await t.request('POST', `/api/v1/groups/${admins.id}/roles`, { body: { type: 'HELP_DESK_ADMIN' } })).statusCode, 200);
      for (const member of [viaGroup, both]) assert.equal((await t.request('PUT', `/api/v1/groups/${admins.id}/users/${member.user.id}`)).statusCode, 204);
      assert.equal((await t.request('PUT', `/api/v1/groups/${roleless.id}/users/${plain.user.id}`)).statusCode, 204);
      holders = byId([t.admin.user.id, direct.user.id, viaGroup.user.id, both.user.id]);
    });
    after(() => t.close());

    it("lists every user holding a role, through a group too, each once, in Okta's shape", async () => {
      const res = await t.request('GET', PATH, { headers: { host: 'evil.example.net' } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<AssigneesJson>();
      assert.deepEqual(Object.keys(body), ['value', '_links']);
      assert.deepEqual(body._links, {});
      assert.deepEqual(
        body.value.map((u) => u.id),
        holders,
      );
      assert.deepEqual(
        body.value.find((u) => u.id === viaGroup.user.id),
        {
          id: viaGroup.user.id,
          orn: `orn:okta:directory:${orgId}:users:${viaGroup.user.id}`,
          _links: {
            self: { href: `${ORG_URL}/api/v1/users/${viaGroup.user.id}` },
            roles: { href: `${ORG_URL}/api/v1/users/${viaGroup.user.id}/roles` },
          },
        },
      );
      assert.deepEqual([res.headers['link']].flat(), [`<${ORG_URL}${PATH}>; rel="self"`]);
      // The roles link of a user listed through a group lists that group's role.
      const roles = await t.request('GET', `/api/v1/users/${viaGroup.user.id}/roles`);
      assert.deepEqual(
        roles.json<{ type: string; assignmentType: string }[]>().map((r) => [r.type, r.assignmentType]),
        [['HELP_DESK_ADMIN', 'GROUP']],
      );
    });

    it('pages by limit and after, following _links.next (also the Link header) to the end', async () => {
      const seen: string[] = [];
      let url: string | undefined = `${PATH}?limit=1`;
      let pages = 0;
      while (url !== undefined) {
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<AssigneesJson>();
        assert.equal(body.value.length, 1);
        seen.push(...body.value.map((u) => u.id));
        const next = body._links.next?.href;
        const links = [res.headers['link']].flat().map(String);
        if (next === undefined) {
          assert.equal(
            links.some((l) => l.endsWith('rel="next"')),
            false,
          );
          url = undefined;
        } else {
          assert.ok(next.startsWith(`${ORG_URL}${PATH}?limit=1&after=`), next);
          assert.ok(links.includes(`<${next}>; rel="next"`), links.join(', '));
          url = next.slice(ORG_URL.length);
        }
        pages += 1;
        assert.ok(pages <= holders.length, 'paging ends');
      }
      assert.deepEqual(seen, holders);
    });

    it('defaults to 100 a page and clamps a larger limit', async () => {
      const res = await t.request('GET', `${PATH}?limit=100000`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json<AssigneesJson>().value.length, holders.length);
    });

    it('refuses a cursor that is not one, and a limit that is no number', async () => {
      for (const query of ['after=x%27%20OR%201%3D1', `after=${encodeURIComponent('00g' + 'a'.repeat(17))}`, 'limit=0', 'limit=ten']) {
        const res = await t.request('GET', `${PATH}?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.json<{ errorCode: string }>().errorCode, /^E00000(01|31)$/, query);
      }
    });

    it('needs the permission that reads roles: an admin without it, or a user with no role, gets 403 and the refusal is logged', async () => {
      assert.equal((await t.request('GET', PATH, { token: both.token })).statusCode, 200, 'READ_ONLY_ADMIN reads roles');
      for (const caller of [direct, viaGroup, plain]) {
        const denied = (await eventsOfType(t, 'core.api.access.denied')).length;
        const res = await t.request('GET', PATH, { token: caller.token });
        assert.equal(res.statusCode, 403, caller.user.id);
        assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006');
        assert.doesNotMatch(res.body, new RegExp(t.admin.user.id), 'a refusal names nobody on the list');
        assert.equal((await eventsOfType(t, 'core.api.access.denied')).length, denied + 1);
      }
    });
  });
}
