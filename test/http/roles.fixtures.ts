/** Fixtures of the admin roles suite: groups in the store, log lookups, principals with scopes. */
import type { Principal } from '../../src/auth/principal.js';
import { permissionsOfRoles, type Permission } from '../../src/auth/permissions.js';
import { permissionsOfScopes } from '../../src/auth/scopes.js';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import type { GroupRecord, LogEventRecord } from '../../src/store/records.js';
import type { TestApp } from '../helpers/test-app.js';

export interface AssignmentJson {
  id: string;
  label: string;
  type: string;
  status: string;
  created: string;
  lastUpdated: string;
  assignmentType: string;
  _links: { assignee: { href: string } };
}

/** A group straight in the store (the groups API is another module's). */
export async function insertGroup(t: TestApp, name: string): Promise<GroupRecord> {
  const now = isoAt(t.clock.now());
  const group: GroupRecord = {
    id: newId('group'),
    type: 'OKTA_GROUP',
    profile: { name, description: null },
    created: now,
    lastUpdated: now,
    lastMembershipUpdated: now,
  };
  await t.store.groups.insert(group);
  return group;
}

/** The System Log events of one type, oldest first. */
export async function eventsOfType(t: TestApp, type: string): Promise<LogEventRecord[]> {
  const stored = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-12-31T00:00:00.000Z', order: 'ASCENDING', limit: 10_000 });
  return stored.map((s) => s.event).filter((e) => e.eventType === type);
}

/** A user principal as an access token would present it (issue #3): scopes ∩ roles. */
export function scopedPrincipal(userId: string, roles: readonly string[], scopes: readonly string[]): Principal {
  return {
    subject: { kind: 'user', userId, login: userId },
    credential: { kind: 'access_token', tokenId: 'at-test', clientId: '0oatestclient0000000', scopes: new Set(scopes), dpop: false },
    roles,
    rolePermissions: permissionsOfRoles(roles),
    scopePermissions: permissionsOfScopes(scopes),
  };
}

/** An API-token principal with an arbitrary permission set (what a custom role would give). */
export function customPrincipal(userId: string, roles: readonly string[], permissions: readonly Permission[]): Principal {
  return {
    subject: { kind: 'user', userId, login: userId },
    credential: { kind: 'ssws', tokenId: '00Ttest' },
    roles,
    rolePermissions: new Set(permissions),
    scopePermissions: undefined,
  };
}
