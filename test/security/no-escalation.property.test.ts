/**
 * Nobody yields more than they hold, as a property: a caller holding random lower admin roles
 * sends random sequences of Management API writes (set passwords, change logins, join and leave
 * groups, create users into groups, assign roles, change a granted app's redirect URIs, keys and
 * secrets, deactivate, unlock, expire passwords…) at a world with a super admin, admins of every
 * kind, admin groups and granted apps. Whatever it was allowed to do, at the end:
 * - every principal it controls (itself, every user whose password it set or created, every app
 *   whose delivery or credentials it changed) holds no permission it lacked at the start;
 * - the super admin's password, status and login are unchanged.
 * Seeded (PROPERTY_SEED overrides), bounded; fast-check prints the seed and the shrunk sequence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ROLE_TYPES, type RoleType } from '../../src/auth/permissions.js';
import { holdingsOf, holdingsOfRoles, type Holdings } from '../../src/auth/target-rules.js';
import { isoAt } from '../../src/clock.js';
import { newId, randomBase62 } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp } from '../helpers/oauth.js';
import { assignRoles } from '../fixtures/roles.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { rsaJwk } from '../http/apps.fixtures.js';
import { userRecord } from '../http/users-fixtures.js';
import { createWebApp, REDIRECT_URI } from '../oauth/user-context-fixtures.js';

const SEED = Number(process.env['PROPERTY_SEED'] ?? 20261207);
const LOWER_ROLES = ROLE_TYPES.filter((r): r is Exclude<RoleType, 'SUPER_ADMIN'> => r !== 'SUPER_ADMIN');
const PASSWORD = 'Passw0rd-Test!';
const NEW_PASSWORD = 'Ch0sen-by-the-caller!';

/** Indices into the world's users, groups and apps (resolved when the run's world exists). */
type Op =
  | { readonly op: 'setPassword' | 'changeLogin' | 'deactivate' | 'reactivate' | 'unlock' | 'expirePassword' | 'suspend' | 'delete'; readonly user: number }
  | { readonly op: 'addMember' | 'removeMember'; readonly group: number; readonly user: number }
  | { readonly op: 'createInGroup'; readonly group: number }
  | { readonly op: 'assignUserRole'; readonly user: number; readonly role: RoleType }
  | { readonly op: 'assignGroupRole'; readonly group: number; readonly role: RoleType }
  | { readonly op: 'redirectApp' | 'addAppKey' | 'addAppSecret'; readonly app: number };

const USERS = 5; // 0: the caller, 1: the super admin, 2: an admin of a random role, 3: a plain user, 4: another super admin's group member
const GROUPS = 3; // 0: grants SUPER_ADMIN, 1: grants a random role, 2: grants nothing
const APPS = 2; // 0: a web app with random okta.* grants, 1: a service app with a random client role

const user = fc.integer({ min: 0, max: USERS - 1 });
const group = fc.integer({ min: 0, max: GROUPS - 1 });
const app = fc.integer({ min: 0, max: APPS - 1 });
const role = fc.constantFrom(...ROLE_TYPES);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('setPassword', 'changeLogin', 'deactivate', 'reactivate', 'unlock', 'expirePassword', 'suspend', 'delete' as const), user }),
  fc.record({ op: fc.constantFrom('addMember', 'removeMember' as const), group, user }),
  fc.record({ op: fc.constant('createInGroup' as const), group }),
  fc.record({ op: fc.constant('assignUserRole' as const), user, role }),
  fc.record({ op: fc.constant('assignGroupRole' as const), group, role }),
  fc.record({ op: fc.constantFrom('redirectApp', 'addAppKey', 'addAppSecret' as const), app }),
);
const scenarioArb = fc.record({
  callerRoles: fc.uniqueArray(fc.constantFrom(...LOWER_ROLES), { minLength: 1, maxLength: 2 }),
  adminRole: fc.constantFrom(...ROLE_TYPES),
  groupRole: fc.constantFrom(...ROLE_TYPES),
  appScopes: fc.subarray(['okta.users.read', 'okta.users.manage', 'okta.groups.manage', 'okta.roles.manage', 'okta.logs.read', 'okta.apps.manage']),
  clientRole: fc.constantFrom(...ROLE_TYPES),
  ops: fc.array(opArb, { minLength: 1, maxLength: 10 }),
});

interface World {
  readonly callerToken: string;
  readonly users: readonly { readonly id: string; readonly login: string }[];
  readonly groups: readonly string[];
  readonly apps: readonly { readonly id: string; readonly label: string }[];
}

function covered(caller: Holdings, held: Holdings): boolean {
  if (held.superAdmin && !caller.superAdmin) return false;
  return [...held.permissions].every((p) => caller.permissions.has(p));
}

/** Straight into the store (the world is scenery; only the caller's requests are under test), with one precomputed hash. */
async function newUser(t: TestApp, login: string, roles: readonly string[], passwordHash: string): Promise<{ id: string; login: string }> {
  const now = isoAt(t.clock.now());
  const id = newId('user');
  await t.store.users.insert({ ...userRecord(id, { login, email: login, firstName: 'P', lastName: 'T' }, now), passwordHash, passwordChanged: now });
  await assignRoles(t, 'USER', id, roles);
  return { id, login };
}

async function newGroup(t: TestApp, name: string, roles: readonly string[], members: readonly string[]): Promise<string> {
  const res = await t.request('POST', '/api/v1/groups', { body: { profile: { name } } });
  const id = res.json<{ id: string }>().id;
  for (const r of roles) assert.equal((await t.request('POST', `/api/v1/groups/${id}/roles`, { body: { type: r } })).statusCode < 300, true);
  for (const m of members) await t.request('PUT', `/api/v1/groups/${id}/users/${m}`);
  return id;
}

for (const kind of await storeKinds()) {
  describe(`no escalation, as a property (${kind})`, () => {
    let t: TestApp;
    let passwordHash = '';
    before(async () => {
      t = await startTestApp(kind);
      passwordHash = await t.app.services.passwordHasher.hash(PASSWORD);
    });
    after(() => t.close());

    it('random sequences of allowed writes by a lower admin never yield a permission it lacked, nor touch a super admin', async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const run = randomBase62(6).toLowerCase();
          const caller = await newUser(t, `caller.${run}@example.com`, scenario.callerRoles, passwordHash);
          const superAdmin = await newUser(t, `root.${run}@example.com`, ['SUPER_ADMIN'], passwordHash);
          const admin = await newUser(t, `admin.${run}@example.com`, [scenario.adminRole], passwordHash);
          const plain = await newUser(t, `plain.${run}@example.com`, [], passwordHash);
          const member = await newUser(t, `member.${run}@example.com`, [], passwordHash);
          const groups = [
            await newGroup(t, `root admins ${run}`, ['SUPER_ADMIN'], [member.id]),
            await newGroup(t, `admins ${run}`, [scenario.groupRole], []),
            await newGroup(t, `plain ${run}`, [], []),
          ];
          const web = await createWebApp(t, { scopes: scenario.appScopes });
          const service = await createServiceApp(t, { roles: [scenario.clientRole], scopes: scenario.appScopes });
          const world: World = {
            callerToken: (await insertApiToken(t, caller.id)).token,
            users: [caller, superAdmin, admin, plain, member],
            groups,
            apps: [
              { id: web.clientId, label: web.app.label },
              { id: service.clientId, label: service.app.label },
            ],
          };
          const start = holdingsOfRoles(scenario.callerRoles);
          const rootBefore = await t.store.users.get(superAdmin.id);
          const controlledUsers = new Set<string>([caller.id]);
          const controlledApps = new Set<string>();

          for (const step of scenario.ops) {
            const as = { token: world.callerToken };
            switch (step.op) {
              case 'setPassword': {
                const target = world.users[step.user];
                if (target === undefined) break;
                const res = await t.request('POST', `/api/v1/users/${target.id}`, { ...as, body: { credentials: { password: { value: NEW_PASSWORD } } } });
                if (res.statusCode === 200) controlledUsers.add(target.id);
                break;
              }
              case 'changeLogin': {
                const target = world.users[step.user];
                if (target === undefined) break;
                const login = `taken.${randomBase62(5).toLowerCase()}@example.com`;
                await t.request('POST', `/api/v1/users/${target.id}`, { ...as, body: { profile: { login, email: login } } });
                break;
              }
              case 'deactivate':
              case 'reactivate':
              case 'unlock':
              case 'expirePassword':
              case 'suspend': {
                const target = world.users[step.user];
                if (target === undefined) break;
                const path = step.op === 'expirePassword' ? 'expire_password' : step.op;
                await t.request('POST', `/api/v1/users/${target.id}/lifecycle/${path}`, as);
                break;
              }
              case 'delete': {
                const target = world.users[step.user];
                if (target !== undefined) await t.request('DELETE', `/api/v1/users/${target.id}`, as);
                break;
              }
              case 'addMember':
              case 'removeMember': {
                const g = world.groups[step.group];
                const target = world.users[step.user];
                if (g === undefined || target === undefined) break;
                await t.request(step.op === 'addMember' ? 'PUT' : 'DELETE', `/api/v1/groups/${g}/users/${target.id}`, as);
                break;
              }
              case 'createInGroup': {
                const g = world.groups[step.group];
                if (g === undefined) break;
                const login = `made.${randomBase62(5).toLowerCase()}@example.com`;
                const res = await t.request('POST', '/api/v1/users?activate=true', {
                  ...as,
                  body: { profile: { login, email: login, firstName: 'M', lastName: 'M' }, credentials: { password: { value: NEW_PASSWORD } }, groupIds: [g] },
                });
                if (res.statusCode === 200) controlledUsers.add(res.json<{ id: string }>().id);
                break;
              }
              case 'assignUserRole': {
                const target = world.users[step.user];
                if (target !== undefined) await t.request('POST', `/api/v1/users/${target.id}/roles`, { ...as, body: { type: step.role } });
                break;
              }
              case 'assignGroupRole': {
                const g = world.groups[step.group];
                if (g !== undefined) await t.request('POST', `/api/v1/groups/${g}/roles`, { ...as, body: { type: step.role } });
                break;
              }
              case 'redirectApp': {
                const a = world.apps[step.app];
                if (a === undefined || a.id !== web.clientId) break;
                const res = await t.request('PUT', `/api/v1/apps/${a.id}`, {
                  ...as,
                  body: {
                    name: 'oidc_client',
                    label: a.label,
                    signOnMode: 'OPENID_CONNECT',
                    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
                    settings: {
                      oauthClient: {
                        application_type: 'web',
                        grant_types: ['authorization_code'],
                        response_types: ['code'],
                        redirect_uris: [REDIRECT_URI, 'https://caller.example/cb'],
                      },
                    },
                  },
                });
                if (res.statusCode === 200) controlledApps.add(a.id);
                break;
              }
              case 'addAppKey': {
                const a = world.apps[step.app];
                if (a === undefined) break;
                const res = await t.request('POST', `/api/v1/apps/${a.id}/credentials/jwks`, { ...as, body: rsaJwk(`k-${randomBase62(5)}`, 4) });
                if (res.statusCode === 201) controlledApps.add(a.id);
                break;
              }
              case 'addAppSecret': {
                const a = world.apps[step.app];
                if (a === undefined) break;
                const res = await t.request('POST', `/api/v1/apps/${a.id}/credentials/secrets`, { ...as, body: {} });
                if (res.statusCode === 201) controlledApps.add(a.id);
                break;
              }
            }
          }

          for (const id of controlledUsers) {
            const held = holdingsOfRoles(await t.store.roles.roleTypesOfUser(id));
            assert.ok(
              covered(start, held),
              `the caller (${scenario.callerRoles.join('+')}) controls user ${id}, which now holds ${[...held.permissions].join(', ')}`,
            );
          }
          for (const id of controlledApps) {
            const grants = (await t.store.apps.listGrants(id)).map((g) => g.scopeId);
            const roles = (await t.store.roles.listFor('CLIENT', id)).map((r) => r.roleType);
            const held = holdingsOf({ kind: 'app', label: id, grantedScopes: grants, clientRoles: roles, firstParty: false });
            assert.ok(
              covered(start, held),
              `the caller (${scenario.callerRoles.join('+')}) controls app ${id}, whose tokens carry ${[...held.permissions].join(', ')}`,
            );
          }
          const rootAfter = await t.store.users.get(superAdmin.id);
          assert.equal(rootAfter?.passwordHash, rootBefore?.passwordHash, 'the super admin’s password changed');
          assert.equal(rootAfter?.profile['login'], rootBefore?.profile['login'], 'the super admin’s login changed');
          // Okta lets lower admins suspend a super admin (and unsuspend it); nothing else moves its status.
          assert.ok(rootAfter?.status === 'ACTIVE' || rootAfter?.status === 'SUSPENDED', `the super admin is ${rootAfter?.status ?? 'gone'}`);
        }),
        { seed: SEED, numRuns: kind === 'sqlite' ? 30 : 12, endOnFailure: true },
      );
    });
  });
}
