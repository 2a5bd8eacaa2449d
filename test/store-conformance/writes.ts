/**
 * One call of every repository write that can change what a read returns, in an order in which
 * each succeeds on an empty store (the records it needs are made by the writes before it). The
 * change marker's suite and the kept reads' suite both walk this list, so that a write added to
 * the store and to this list is proven by both.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/store.js';
import {
  at,
  digest,
  newApiToken,
  newApp,
  newAppGrant,
  newAppKey,
  newAppSecret,
  newCode,
  newEventHook,
  newGroup,
  newNetworkZone,
  newRefreshToken,
  newRole,
  newSession,
  newSessionToken,
  newSigningKey,
  newUser,
} from './records.js';

export type NamedWrite = readonly [name: string, write: () => Promise<unknown>];

export function writesThatChangeReads(store: Store): readonly NamedWrite[] {
  const user = newUser();
  const group = newGroup();
  const role = newRole('USER', user.id, 'USER_ADMIN');
  const token = newApiToken(user.id);
  const zone = newNetworkZone();
  const app = newApp();
  const key = newAppKey(app.id);
  const secret = newAppSecret(app.id);
  const grant = newAppGrant(app.id, 'okta.users.read');
  const session = newSession(user.id);
  const sessionToken = newSessionToken(user.id);
  const code = newCode();
  const refresh = newRefreshToken();
  const hook = newEventHook();
  return [
    ['org.ensure', () => store.org.ensure({ id: '00o1', created: at(0), tokenWindow: 'P30D' })],
    ['users.insert', () => store.users.insert(user)],
    ['users.update', () => store.users.update(user.id, (u) => ({ ...u, status: 'SUSPENDED' }))],
    ['groups.insert', () => store.groups.insert(group)],
    ['groups.update', () => store.groups.update(group.id, (g) => ({ ...g, lastUpdated: at(1) }))],
    ['groups.addMember', () => store.groups.addMember(group.id, user.id, at(1))],
    ['groups.removeMember', () => store.groups.removeMember(group.id, user.id, at(2))],
    ['roles.insert', () => store.roles.insert(role)],
    ['roles.delete', () => store.roles.delete(role.id)],
    ['apiTokens.insert', () => store.apiTokens.insert(token)],
    ['apiTokens.update', () => store.apiTokens.update(token.id, (t) => ({ ...t, name: 'renamed' }))],
    ['apiTokens.revoke', () => store.apiTokens.revoke(token.id, at(3), 'test')],
    ['networkZones.insert', () => store.networkZones.insert(zone)],
    ['networkZones.update', () => store.networkZones.update(zone.id, (z) => ({ ...z, status: 'INACTIVE' }))],
    ['apps.insert', () => store.apps.insert(app)],
    ['apps.update', () => store.apps.update(app.id, (a) => ({ ...a, status: 'INACTIVE' }))],
    ['apps.insertKey', () => store.apps.insertKey(key)],
    ['apps.updateKey', () => store.apps.updateKey(app.id, key.id, (k) => ({ ...k, status: 'INACTIVE' }))],
    ['apps.deleteKey', () => store.apps.deleteKey(app.id, key.id)],
    ['apps.insertSecret', () => store.apps.insertSecret(secret)],
    ['apps.deleteSecretsOf', () => store.apps.deleteSecretsOf(app.id)],
    ['apps.insertGrant', () => store.apps.insertGrant(grant)],
    ['apps.deleteGrant', () => store.apps.deleteGrant(app.id, grant.id)],
    ['replay.revokeToken', () => store.replay.revokeToken(randomUUID(), at(9))],
    ['signingKeys.insert', () => store.signingKeys.insert(newSigningKey())],
    ['signingKeys.retireActive', () => store.signingKeys.retireActive(at(4))],
    ['sessions.insert', () => store.sessions.insert(session)],
    ['sessions.revoke', () => store.sessions.revoke(session.id, at(5))],
    ['sessions.insertToken', () => store.sessions.insertToken(sessionToken)],
    ['sessions.consumeToken', () => store.sessions.consumeToken(sessionToken.digest, at(1))],
    ['sessions.recordFailure', () => store.sessions.recordFailure(user.id, at(1))],
    ['authorization.insertCode', () => store.authorization.insertCode(code)],
    ['authorization.consumeCode', () => store.authorization.consumeCode(code.digest, at(0))],
    ['authorization.insertRefreshToken', () => store.authorization.insertRefreshToken(refresh)],
    ['authorization.rotateRefreshToken', () => store.authorization.rotateRefreshToken(refresh.digest, digest(), at(1))],
    ['authorization.revokeFamily', () => store.authorization.revokeFamily(refresh.familyId, at(2))],
    ['eventHooks.insert', () => store.eventHooks.insert(hook)],
    ['eventHooks.update', () => store.eventHooks.update(hook.id, (h) => ({ ...h, status: 'INACTIVE' }))],
    ['eventHooks.delete', () => store.eventHooks.delete(hook.id)],
    ['users.delete', () => store.users.delete(user.id)],
    ['groups.delete', () => store.groups.delete(group.id)],
    ['apps.delete', () => store.apps.delete(app.id)],
    ['networkZones.delete', () => store.networkZones.delete(zone.id)],
  ];
}
