/**
 * The target rules, tested as tables (pure, no database): every standard role × every operation
 * on an existing user, group or app × the kinds of target (a plain one, one holding each
 * standard role, apps with and without Okta API grants or client roles), against expectations
 * written out by hand from Okta's "Standard administrator roles and permissions" page.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENDPOINT_ACCESS } from './endpoint-access.js';
import { permissionsOfRoles, ROLE_TYPES, type RoleType } from './permissions.js';
import { SCOPE_PERMISSIONS } from './scopes.js';
import { decideOnTarget, TARGET_OPERATIONS, TARGET_RULES, type CallerRights, type TargetFacts, type TargetOperation } from './target-rules.js';

/** Column order of every row below: the standard roles in ROLE_TYPES order (SA ORG APP USR GMA HDA RO API REP). */
const CALLERS: readonly RoleType[] = ROLE_TYPES;
type Cell = 'Y' | '-';
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/** Which operations look at what the target holds. Open ones are Okta's "° Admin can perform the action on super admins". */
// prettier-ignore
const GUARDED: Readonly<Record<TargetOperation, boolean>> = {
  'user.profile.update': true, 'user.password.set': true, 'user.password.change': true, 'user.password.expire': true,
  'user.lifecycle.deactivate': true, 'user.lifecycle.reactivate': true, 'user.lifecycle.unlock': true, 'user.delete': true,
  'user.lifecycle.activate': false, 'user.lifecycle.suspend': false, 'user.lifecycle.unsuspend': false, 'user.sessions.clear': false,
  'user.role.assign': false, 'user.role.unassign': false,
  'group.membership.add': true, 'group.membership.remove': true, 'group.delete': true, 'group.role.assign': true, 'group.role.unassign': true,
  'group.profile.update': false,
  'app.delivery.change': true, 'app.credentials.change': true, 'app.grant.add': true, 'app.grant.revoke': true, 'app.role.assign': true, 'app.role.unassign': true,
  'app.profile.update': false, 'app.lifecycle.activate': false, 'app.lifecycle.deactivate': false, 'app.delete': false,
};

/** Who may perform a guarded operation on a principal (user or group) holding this role. */
// prettier-ignore
const ON_PRINCIPAL_HOLDING: Readonly<Record<RoleType | 'nothing', Row>> = {
  //                               SA   ORG  APP  USR  GMA  HDA  RO   API  REP
  nothing:                        ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y'],
  SUPER_ADMIN:                    ['Y', '-', '-', '-', '-', '-', '-', '-', '-'],
  ORG_ADMIN:                      ['Y', 'Y', '-', '-', '-', '-', '-', '-', '-'],
  APP_ADMIN:                      ['Y', 'Y', 'Y', '-', '-', '-', '-', '-', '-'],
  USER_ADMIN:                     ['Y', 'Y', '-', 'Y', '-', '-', '-', '-', '-'],
  GROUP_MEMBERSHIP_ADMIN:         ['Y', 'Y', '-', 'Y', 'Y', '-', '-', '-', '-'],
  HELP_DESK_ADMIN:                ['Y', 'Y', '-', 'Y', '-', 'Y', '-', '-', '-'],
  READ_ONLY_ADMIN:                ['Y', 'Y', '-', '-', '-', '-', 'Y', '-', '-'],
  API_ACCESS_MANAGEMENT_ADMIN:    ['Y', '-', '-', '-', '-', '-', '-', 'Y', '-'],
  REPORT_ADMIN:                   ['Y', 'Y', '-', '-', '-', '-', 'Y', '-', 'Y'],
};

const app = (label: string, grantedScopes: readonly string[], clientRoles: readonly string[], firstParty = false): TargetFacts => ({
  kind: 'app',
  label,
  grantedScopes,
  clientRoles,
  firstParty,
});

/** Who may perform a guarded operation on these apps. */
// prettier-ignore
const ON_APP: readonly (readonly [TargetFacts, Row])[] = [
  //                                                                   SA   ORG  APP  USR  GMA  HDA  RO   API  REP
  [app('no grants, no roles', [], []),                                ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y']],
  [app('openid only', ['openid', 'profile'], []),                     ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y']],
  [app('reads users', ['okta.users.read'], []),                       ['Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', '-']],
  [app('manages users', ['okta.users.manage'], []),                   ['Y', 'Y', '-', 'Y', '-', '-', '-', '-', '-']],
  [app('grants scopes', ['okta.appGrants.manage'], []),               ['Y', '-', '-', '-', '-', '-', '-', '-', '-']],
  [app('super admin service app', [], ['SUPER_ADMIN']),               ['Y', '-', '-', '-', '-', '-', '-', '-', '-']],
  [app('app admin service app', ['okta.apps.manage'], ['APP_ADMIN']), ['Y', 'Y', 'Y', '-', '-', '-', '-', '-', '-']],
  [app('another version’s role', [], ['MOBILE_ADMIN']),               ['Y', '-', '-', '-', '-', '-', '-', '-', '-']],
];

/**
 * Who may perform an operation, guarded or open, on Tessera's own apps (the admin console's
 * client holds every okta.* scope; so would one whose grants were revoked): a super admin only.
 */
// prettier-ignore
const ON_FIRST_PARTY_APP: readonly (readonly [TargetFacts, Row])[] = [
  //                                                                        SA   ORG  APP  USR  GMA  HDA  RO   API  REP
  [app('Tessera Admin Console', Object.keys(SCOPE_PERMISSIONS), [], true), ['Y', '-', '-', '-', '-', '-', '-', '-', '-']],
  [app('Tessera Admin Console', [], [], true),                             ['Y', '-', '-', '-', '-', '-', '-', '-', '-']],
];

const callerHolding = (role: RoleType): CallerRights => ({ roles: [role], rolePermissions: permissionsOfRoles([role]) });
const allowed = (caller: CallerRights, op: TargetOperation, target: TargetFacts): Cell => (decideOnTarget(caller, op, target).allow ? 'Y' : '-');

describe('target rules, as tables', () => {
  it('says of every operation whether it is guarded, as Okta does', () => {
    assert.deepEqual([...TARGET_OPERATIONS].sort(), Object.keys(GUARDED).sort());
    for (const op of TARGET_OPERATIONS) assert.equal(TARGET_RULES[op].guarded, GUARDED[op], op);
  });

  it('users and groups: every standard role × every operation × a target holding each standard role, or none', () => {
    for (const op of TARGET_OPERATIONS) {
      const kind = TARGET_RULES[op].kind;
      if (kind === 'app') continue;
      for (const [held, row] of Object.entries(ON_PRINCIPAL_HOLDING)) {
        const target: TargetFacts = { kind, label: 'target', roles: held === 'nothing' ? [] : [held] };
        const got: Cell[] = CALLERS.map((caller) => allowed(callerHolding(caller), op, target));
        const expected = GUARDED[op] ? row : CALLERS.map(() => 'Y');
        assert.deepEqual(got, expected, `${op} on a ${kind} holding ${held}`);
      }
    }
  });

  it('apps: every standard role × every operation × apps with and without Okta API grants and client roles', () => {
    for (const op of TARGET_OPERATIONS) {
      if (TARGET_RULES[op].kind !== 'app') continue;
      for (const [target, row] of ON_APP) {
        const got: Cell[] = CALLERS.map((caller) => allowed(callerHolding(caller), op, target));
        assert.deepEqual(got, GUARDED[op] ? row : CALLERS.map(() => 'Y'), `${op} on ${target.label}`);
      }
    }
  });

  it("Tessera's own apps: every operation on them, the open ones included, needs a super admin; the refusal says why", () => {
    for (const op of TARGET_OPERATIONS) {
      if (TARGET_RULES[op].kind !== 'app') continue;
      for (const [target, row] of ON_FIRST_PARTY_APP) {
        const got: Cell[] = CALLERS.map((caller) => allowed(callerHolding(caller), op, target));
        assert.deepEqual(got, row, `${op} on ${target.label} holding ${target.kind === 'app' ? target.grantedScopes.length : 0} scopes`);
      }
    }
    const everything: CallerRights = { roles: ['ORG_ADMIN'], rolePermissions: permissionsOfRoles(['SUPER_ADMIN']) };
    const console = app('Tessera Admin Console', [], [], true);
    assert.deepEqual(decideOnTarget(everything, 'app.delete', console), {
      allow: false,
      reason: "The app Tessera Admin Console is Tessera's own admin console: only a super administrator may delete this app",
    });
    assert.deepEqual(decideOnTarget(callerHolding('APP_ADMIN'), 'app.delivery.change', console), {
      allow: false,
      reason:
        "The app Tessera Admin Console is Tessera's own admin console: only a super administrator may change where this app's tokens are delivered (redirect URIs, grant and response types, client type, authentication method, DPoP binding)",
    });
  });

  it('a principal holding several roles needs a caller covering all of them; a caller holding several covers their union', () => {
    const target: TargetFacts = { kind: 'user', label: 'two-hats@example.com', roles: ['APP_ADMIN', 'HELP_DESK_ADMIN'] };
    assert.equal(allowed(callerHolding('APP_ADMIN'), 'user.password.set', target), '-');
    assert.equal(allowed(callerHolding('HELP_DESK_ADMIN'), 'user.password.set', target), '-');
    assert.equal(allowed(callerHolding('ORG_ADMIN'), 'user.password.set', target), 'Y');
    const both: CallerRights = { roles: ['APP_ADMIN', 'HELP_DESK_ADMIN'], rolePermissions: permissionsOfRoles(['APP_ADMIN', 'HELP_DESK_ADMIN']) };
    assert.equal(allowed(both, 'user.password.set', target), 'Y');
  });

  it('holding every permission is not being a super admin; a refusal says why in words', () => {
    const everything: CallerRights = { roles: ['ORG_ADMIN'], rolePermissions: permissionsOfRoles(['SUPER_ADMIN']) };
    const superAdmin: TargetFacts = { kind: 'user', label: 'root@example.com', roles: ['SUPER_ADMIN'] };
    assert.deepEqual(decideOnTarget(everything, 'user.password.set', superAdmin), {
      allow: false,
      reason: "The user root@example.com holds SUPER_ADMIN: only a super administrator may set this user's password",
    });
    const helpDesk: TargetFacts = { kind: 'group', label: 'Help desk', roles: ['HELP_DESK_ADMIN'] };
    assert.deepEqual(decideOnTarget(callerHolding('GROUP_MEMBERSHIP_ADMIN'), 'group.membership.add', helpDesk), {
      allow: false,
      reason:
        'The group Help desk grants its members okta.users.lifecycle.unlock, okta.users.credentials.manage, okta.sessions.read, okta.sessions.manage, which your admin roles do not hold: you may not add members to this group',
    });
  });

  it('every write of the endpoint table declares the target rules it passes, and every rule is used by some endpoint', () => {
    const used = new Set<TargetOperation>();
    for (const [key, access] of Object.entries(ENDPOINT_ACCESS)) {
      if (key.startsWith('GET ')) {
        assert.equal(access.acts, undefined, `${key} reads; it acts on nothing`);
        continue;
      }
      assert.ok(access.acts !== undefined, `${key} must say which target rules it passes (acts)`);
      for (const op of access.acts) used.add(op);
    }
    assert.deepEqual(
      TARGET_OPERATIONS.filter((op) => !used.has(op)),
      [],
    );
  });

  it('covers every standard role', () => {
    assert.deepEqual(
      Object.keys(ON_PRINCIPAL_HOLDING)
        .filter((k) => k !== 'nothing')
        .sort(),
      [...ROLE_TYPES].sort(),
    );
  });
});
