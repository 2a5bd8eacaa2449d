/**
 * ApiTokenRepository: CRUD keyed on the id and the secret's digest, the one-statement read for
 * authentication (owner status, login, roles direct and through groups), the list and its
 * filters, revocation as a one-winner state change, `recordUse` that never goes back, and
 * `update` under concurrency.
 */
import assert from 'node:assert/strict';
import type { ApiTokenRecord } from '../../src/store/records.js';
import { byId, pagesOf, RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newApiToken, newGroup, newRole, newUser } from './records.js';

const increment = (token: ApiTokenRecord): ApiTokenRecord => ({ ...token, network: { ...token.network, counter: Number(token.network['counter'] ?? 0) + 1 } });

await runConformance('api tokens', {
  'insert, then get returns the record as written; a missing token is undefined': async (store) => {
    const token = newApiToken(newUser().id, { network: { connection: 'ZONE', include: ['nzo1'] } });
    await store.apiTokens.insert(token);
    assert.deepEqual(await store.apiTokens.get(token.id), token);
    assert.equal(await store.apiTokens.get(newApiToken(token.userId).id), undefined);
  },

  'a token with a taken id or digest is refused with UniqueViolation(api_token)': async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    await rejectsAsTaken(store.apiTokens.insert(newApiToken(token.userId, { id: token.id })), 'api_token');
    const sameSecret = newApiToken(token.userId, { tokenDigest: token.tokenDigest });
    await rejectsAsTaken(store.apiTokens.insert(sameSecret), 'api_token');
    assert.equal(await store.apiTokens.get(sameSecret.id), undefined);
  },

  "findForAuthentication: the active token with its owner's status, login and roles (direct and through groups, each once)": async (store) => {
    const owner = newUser({ status: 'PASSWORD_EXPIRED', profile: { login: 'owner@example.com' } });
    const group = newGroup();
    await store.users.insert(owner);
    await store.groups.insert(group);
    await store.groups.addMember(group.id, owner.id, at(0));
    await store.roles.insert(newRole('USER', owner.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('GROUP', group.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('GROUP', group.id, 'READ_ONLY_ADMIN'));
    const token = newApiToken(owner.id);
    await store.apiTokens.insert(token);
    const found = await store.apiTokens.findForAuthentication(token.tokenDigest);
    assert.deepEqual(found?.token, token);
    assert.equal(found?.ownerStatus, 'PASSWORD_EXPIRED');
    assert.equal(found?.ownerLogin, 'owner@example.com');
    assert.deepEqual([...(found?.ownerRoles ?? [])].sort(), ['READ_ONLY_ADMIN', 'USER_ADMIN']);
  },

  'findForAuthentication: no roles is an empty list; an unknown or revoked token is undefined': async (store) => {
    const owner = newUser();
    await store.users.insert(owner);
    const token = newApiToken(owner.id);
    await store.apiTokens.insert(token);
    assert.deepEqual((await store.apiTokens.findForAuthentication(token.tokenDigest))?.ownerRoles, []);
    assert.equal(await store.apiTokens.findForAuthentication(newApiToken(owner.id).tokenDigest), undefined);
    await store.apiTokens.revoke(token.id, at(1), 'test');
    assert.equal(await store.apiTokens.findForAuthentication(token.tokenDigest), undefined);
  },

  'list: active tokens in id order, paged, by owner, and by q on name or clientName (any case, substring)': async (store) => {
    const [ada, bob] = [newUser().id, newUser().id];
    const tokens = [
      newApiToken(ada, { name: 'Deploy bot' }),
      newApiToken(ada, { name: 'CI', clientName: 'Jenkins Runner' }),
      newApiToken(bob, { name: 'backup_job' }),
      newApiToken(bob, { name: 'reports' }),
    ];
    for (const token of tokens) await store.apiTokens.insert(token);
    const revoked = newApiToken(ada, { name: 'deploy old' });
    await store.apiTokens.insert(revoked);
    await store.apiTokens.revoke(revoked.id, at(1), 'rotated');
    const pages = await pagesOf(
      3,
      (after) => store.apiTokens.list({ after, limit: 3 }),
      (t) => t.id,
    );
    assert.deepEqual(pages.flat(), byId(tokens), 'revoked tokens are not listed');
    assert.deepEqual(await store.apiTokens.list({ userId: bob, limit: 10 }), byId(tokens.filter((t) => t.userId === bob)));
    const ids = async (q: string) => (await store.apiTokens.list({ q, limit: 10 })).map((t) => t.name);
    assert.deepEqual(await ids('DEPLOY'), ['Deploy bot']);
    assert.deepEqual(await ids('runner'), ['CI'], 'clientName');
    assert.deepEqual(await ids('ck_p'), [], 'LIKE wildcards are literal (_)');
    assert.deepEqual(await ids('dep%bot'), [], 'LIKE wildcards are literal (%)');
    assert.deepEqual(await ids('up_j'), ['backup_job']);
  },

  'update stores and returns the change; a missing token is undefined': async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    const updated = await store.apiTokens.update(token.id, (t) => ({
      ...t,
      name: 'renamed',
      network: { connection: 'ZONE', exclude: ['z'] },
      lastUpdated: at(3),
    }));
    assert.deepEqual(updated, { ...token, name: 'renamed', network: { connection: 'ZONE', exclude: ['z'] }, lastUpdated: at(3) });
    assert.deepEqual(await store.apiTokens.get(token.id), updated);
    assert.equal(await store.apiTokens.update(newApiToken(token.userId).id, (t) => t), undefined);
  },

  'revoke is true once, then false; a missing token is false': async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    assert.equal(await store.apiTokens.revoke(token.id, at(2), 'user.session.end'), true);
    const revoked = await store.apiTokens.get(token.id);
    assert.equal(revoked?.revoked, at(2));
    assert.equal(revoked?.revokedReason, 'user.session.end');
    assert.equal(revoked?.lastUpdated, at(2));
    assert.equal(await store.apiTokens.revoke(token.id, at(3), 'again'), false);
    assert.equal((await store.apiTokens.get(token.id))?.revoked, at(2), 'the first revocation stands');
    assert.equal(await store.apiTokens.revoke(newApiToken(token.userId).id, at(3), 'missing'), false);
  },

  "revokeAllOfUser revokes that user's active tokens, returns their ids, and leaves others alone": async (store) => {
    const [ada, bob] = [newUser().id, newUser().id];
    const adas = [newApiToken(ada), newApiToken(ada), newApiToken(ada)];
    const already = newApiToken(ada);
    const bobs = newApiToken(bob);
    for (const token of [...adas, already, bobs]) await store.apiTokens.insert(token);
    await store.apiTokens.revoke(already.id, at(1), 'earlier');
    assert.deepEqual(await store.apiTokens.revokeAllOfUser(ada, at(2), 'deactivated'), adas.map((t) => t.id).sort());
    assert.deepEqual(await store.apiTokens.revokeAllOfUser(ada, at(3), 'again'), []);
    assert.equal((await store.apiTokens.get(already.id))?.revokedReason, 'earlier');
    assert.equal((await store.apiTokens.get(bobs.id))?.revoked, null);
  },

  'recordUse raises lastUsed and never lowers it': async (store) => {
    const token = newApiToken(newUser().id, { lastUsed: at(5) });
    await store.apiTokens.insert(token);
    await store.apiTokens.recordUse(token.id, at(9));
    assert.equal((await store.apiTokens.get(token.id))?.lastUsed, at(9));
    await store.apiTokens.recordUse(token.id, at(7));
    assert.equal((await store.apiTokens.get(token.id))?.lastUsed, at(9));
  },

  [`${RACERS} concurrent revocations of one token: exactly one revokes it`]: async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    const revoked = await together(RACERS, (i) => store.apiTokens.revoke(token.id, at(i), `racer ${i}`));
    assert.equal(winners(revoked), 1);
  },

  [`${RACERS} concurrent recordUse keep the latest time`]: async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    // Minutes 1…RACERS in a scrambled order: the latest is neither the first nor the last call.
    const minutes = Array.from({ length: RACERS }, (_, i) => ((i * 5) % RACERS) + 1);
    await together(RACERS, (i) => store.apiTokens.recordUse(token.id, at(minutes[i] ?? 0)));
    assert.equal((await store.apiTokens.get(token.id))?.lastUsed, at(Math.max(...minutes)));
  },

  [`${RACERS} concurrent updates (outside a transaction) lose none`]: async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    await together(RACERS, () => store.apiTokens.update(token.id, increment));
    assert.equal((await store.apiTokens.get(token.id))?.network['counter'], RACERS);
  },

  [`${RACERS} concurrent updates, each in its own transaction, lose none`]: async (store) => {
    const token = newApiToken(newUser().id);
    await store.apiTokens.insert(token);
    await together(RACERS, () => store.transaction((tx) => tx.apiTokens.update(token.id, increment)));
    assert.equal((await store.apiTokens.get(token.id))?.network['counter'], RACERS);
  },
});
