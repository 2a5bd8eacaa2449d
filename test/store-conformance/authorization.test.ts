/**
 * AuthorizationRepository: authorization codes (redeemed by exactly one of many racing callers,
 * what the redemption issued recorded for a replay) and refresh tokens (rotated out by exactly
 * one racing caller and never once revoked, the last use only moving forward, revocation by
 * family and by user), and the expiry janitor.
 */
import assert from 'node:assert/strict';
import { newId } from '../../src/crypto/random-id.js';
import { RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, digest, newCode, newRefreshToken } from './records.js';

await runConformance('authorization', {
  'insertCode, then getCode returns the record as written; a missing code is undefined': async (store) => {
    const code = newCode({ scopes: ['openid', 'email'], nonce: null, codeChallenge: null, sessionId: '102abc', amr: ['pwd', 'mfa'] });
    await store.authorization.insertCode(code);
    assert.deepEqual(await store.authorization.getCode(code.digest), code);
    assert.equal(await store.authorization.getCode(digest()), undefined);
  },

  'a code with a taken digest is refused with UniqueViolation(authorization_code)': async (store) => {
    const code = newCode();
    await store.authorization.insertCode(code);
    await rejectsAsTaken(store.authorization.insertCode(newCode({ digest: code.digest })), 'authorization_code');
  },

  'consumeCode hands the code out once, marked used; then and for an unknown digest it is undefined': async (store) => {
    const code = newCode();
    await store.authorization.insertCode(code);
    assert.deepEqual(await store.authorization.consumeCode(code.digest, at(0.5)), { ...code, used: at(0.5) });
    assert.equal(await store.authorization.consumeCode(code.digest, at(0.6)), undefined);
    assert.equal((await store.authorization.getCode(code.digest))?.used, at(0.5), 'the first redemption stands');
    assert.equal(await store.authorization.consumeCode(digest(), at(0.5)), undefined);
  },

  [`${RACERS} concurrent redemptions of one code: exactly one gets the record`]: async (store) => {
    const code = newCode();
    await store.authorization.insertCode(code);
    const results = await together(RACERS, (i) => store.authorization.consumeCode(code.digest, at(i / 100)));
    const got = results.filter((r) => r !== undefined);
    assert.equal(got.length, 1);
    assert.equal((await store.authorization.getCode(code.digest))?.used, got[0]?.used);
  },

  'recordCodeIssue keeps what the redemption issued': async (store) => {
    const [withFamily, withoutFamily] = [newCode(), newCode()];
    await store.authorization.insertCode(withFamily);
    await store.authorization.insertCode(withoutFamily);
    await store.authorization.recordCodeIssue(withFamily.digest, 'jti-1', 'family-1');
    await store.authorization.recordCodeIssue(withoutFamily.digest, 'jti-2', null);
    const one = await store.authorization.getCode(withFamily.digest);
    assert.equal(one?.issuedAccessToken, 'jti-1');
    assert.equal(one?.issuedFamily, 'family-1');
    const two = await store.authorization.getCode(withoutFamily.digest);
    assert.equal(two?.issuedAccessToken, 'jti-2');
    assert.equal(two?.issuedFamily, null);
  },

  'insertRefreshToken, then getRefreshToken returns the record as written; a taken digest or id is UniqueViolation(refresh_token)': async (store) => {
    const token = newRefreshToken({ dpopJkt: 'thumbprint', lastUsed: at(1) });
    await store.authorization.insertRefreshToken(token);
    assert.deepEqual(await store.authorization.getRefreshToken(token.digest), token);
    assert.equal(await store.authorization.getRefreshToken(digest()), undefined);
    await rejectsAsTaken(store.authorization.insertRefreshToken(newRefreshToken({ digest: token.digest })), 'refresh_token');
    await rejectsAsTaken(store.authorization.insertRefreshToken(newRefreshToken({ id: token.id })), 'refresh_token');
  },

  'rotateRefreshToken is true once and records the successor; a rotated, revoked or unknown token is false': async (store) => {
    const token = newRefreshToken();
    const successor = digest();
    await store.authorization.insertRefreshToken(token);
    assert.equal(await store.authorization.rotateRefreshToken(token.digest, successor, at(5)), true);
    const rotated = await store.authorization.getRefreshToken(token.digest);
    assert.equal(rotated?.rotated, at(5));
    assert.equal(rotated?.successorDigest, successor);
    assert.equal(rotated?.lastUsed, at(5));
    assert.equal(await store.authorization.rotateRefreshToken(token.digest, digest(), at(6)), false);
    assert.equal((await store.authorization.getRefreshToken(token.digest))?.successorDigest, successor, 'the first rotation stands');

    const revoked = newRefreshToken();
    await store.authorization.insertRefreshToken(revoked);
    await store.authorization.revokeFamily(revoked.familyId, at(2));
    assert.equal(await store.authorization.rotateRefreshToken(revoked.digest, digest(), at(3)), false);
    assert.equal(await store.authorization.rotateRefreshToken(digest(), digest(), at(3)), false);
  },

  [`${RACERS} concurrent rotations of one refresh token: exactly one rotates it, and its successor is kept`]: async (store) => {
    const token = newRefreshToken();
    await store.authorization.insertRefreshToken(token);
    const successors = Array.from({ length: RACERS }, () => digest());
    const rotated = await together(RACERS, (i) => store.authorization.rotateRefreshToken(token.digest, successors[i] ?? '', at(1)));
    assert.equal(winners(rotated), 1);
    const winner = successors[rotated.indexOf(true)];
    assert.equal((await store.authorization.getRefreshToken(token.digest))?.successorDigest, winner);
  },

  'a rotation racing the revocation of its family: never rotated once revoked': async (store) => {
    const token = newRefreshToken();
    await store.authorization.insertRefreshToken(token);
    const [rotated, revokedCount] = await Promise.all([
      store.authorization.rotateRefreshToken(token.digest, digest(), at(1)),
      store.authorization.revokeFamily(token.familyId, at(1)),
    ]);
    assert.equal(revokedCount, 1);
    const after = await store.authorization.getRefreshToken(token.digest);
    assert.equal(after?.revoked, at(1));
    assert.equal(after?.rotated !== null, rotated, 'rotated exactly when the rotation reported it');
  },

  'touchRefreshToken raises lastUsed and never lowers it': async (store) => {
    const token = newRefreshToken({ lastUsed: null });
    await store.authorization.insertRefreshToken(token);
    await store.authorization.touchRefreshToken(token.digest, at(5));
    assert.equal((await store.authorization.getRefreshToken(token.digest))?.lastUsed, at(5));
    await store.authorization.touchRefreshToken(token.digest, at(4));
    assert.equal((await store.authorization.getRefreshToken(token.digest))?.lastUsed, at(5));
    await store.authorization.touchRefreshToken(token.digest, at(8));
    assert.equal((await store.authorization.getRefreshToken(token.digest))?.lastUsed, at(8));
  },

  'revokeFamily revokes every unrevoked token of the family and counts them': async (store) => {
    const familyId = 'family-a';
    const tokens = [newRefreshToken({ familyId }), newRefreshToken({ familyId }), newRefreshToken({ familyId })];
    const other = newRefreshToken();
    for (const token of [...tokens, other]) await store.authorization.insertRefreshToken(token);
    assert.equal(await store.authorization.revokeFamily(familyId, at(1)), 3);
    assert.equal(await store.authorization.revokeFamily(familyId, at(2)), 0);
    for (const token of tokens) assert.equal((await store.authorization.getRefreshToken(token.digest))?.revoked, at(1));
    assert.equal((await store.authorization.getRefreshToken(other.digest))?.revoked, null);
  },

  "revokeRefreshTokensOfUser revokes the user's unrevoked tokens and returns their families, each once": async (store) => {
    const [ada, bob] = [newId('user'), newId('user')];
    const tokens = [
      newRefreshToken({ userId: ada, familyId: 'f2' }),
      newRefreshToken({ userId: ada, familyId: 'f1' }),
      newRefreshToken({ userId: ada, familyId: 'f2' }),
    ];
    const alreadyRevoked = newRefreshToken({ userId: ada, familyId: 'f3' });
    const bobs = newRefreshToken({ userId: bob });
    for (const token of [...tokens, alreadyRevoked, bobs]) await store.authorization.insertRefreshToken(token);
    await store.authorization.revokeFamily('f3', at(1));
    assert.deepEqual(await store.authorization.revokeRefreshTokensOfUser(ada, at(2)), ['f1', 'f2']);
    assert.deepEqual(await store.authorization.revokeRefreshTokensOfUser(ada, at(3)), []);
    assert.equal((await store.authorization.getRefreshToken(alreadyRevoked.digest))?.revoked, at(1));
    assert.equal((await store.authorization.getRefreshToken(bobs.digest))?.revoked, null);
  },

  'purgeExpired deletes codes and refresh tokens that expired before the time, and nothing else': async (store) => {
    const [oldCode, liveCode] = [newCode({ expires: at(9) }), newCode({ expires: at(10) })];
    const [oldToken, liveToken] = [newRefreshToken({ expires: at(9) }), newRefreshToken({ expires: at(10) })];
    await store.authorization.insertCode(oldCode);
    await store.authorization.insertCode(liveCode);
    await store.authorization.insertRefreshToken(oldToken);
    await store.authorization.insertRefreshToken(liveToken);
    await store.authorization.purgeExpired(at(10));
    assert.equal(await store.authorization.getCode(oldCode.digest), undefined);
    assert.notEqual(await store.authorization.getCode(liveCode.digest), undefined, 'the bound is exclusive');
    assert.equal(await store.authorization.getRefreshToken(oldToken.digest), undefined);
    assert.notEqual(await store.authorization.getRefreshToken(liveToken.digest), undefined);
  },
});
