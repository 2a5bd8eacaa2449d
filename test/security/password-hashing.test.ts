/**
 * Password storage (OWASP Password Storage Cheat Sheet): new passwords are stored as argon2id PHC
 * strings with the configured parameters; hashes of an older algorithm or older parameters (the
 * scrypt N = 2^15 hashes written before, an argon2id hash of other parameters) keep signing in and
 * are replaced by a current hash in the write of the first successful sign-in, through
 * `/api/v1/authn` and the hosted sign-in page alike; a failed or refused sign-in rewrites nothing.
 *
 * The old hashes are made here with node:crypto and @node-rs/argon2 directly, not with the code
 * under test, so these tests say what is stored whatever src/crypto does.
 */
import assert from 'node:assert/strict';
import { randomBytes, scrypt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hash as argon2Hash } from '@node-rs/argon2';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { PASSWORD, WRONG, authn, createUser, signInConfig } from '../http/sign-in.fixtures.js';

/** argon2id, version 0x13, OWASP's first configuration (m = 19 MiB, t = 2, p = 1), 16-byte salt, 32-byte hash. */
const CURRENT = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

/** The encoding Tessera wrote before argon2id: `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>`, N = 2^15. */
function legacyScrypt(password: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 }, (error, key) =>
      error ? reject(error) : resolve(['scrypt', 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')),
    );
  });
}

async function storedHash(t: TestApp, id: string): Promise<string | null> {
  const user = await t.store.users.get(id);
  assert.ok(user !== undefined);
  return user.passwordHash;
}

/** A user with PASSWORD whose stored hash is replaced by `encoded`; returns its id and row version. */
async function userWithHash(t: TestApp, login: string, encoded: string): Promise<{ id: string; version: number }> {
  const id = await createUser(t, login);
  const updated = await t.store.users.update(id, (user) => ({ ...user, passwordHash: encoded }));
  assert.ok(updated !== undefined);
  return { id, version: updated.version };
}

/** Signs in through the hosted sign-in page (`GET /login` for the CSRF token and its cookie, then `POST /login`). */
async function pageSignIn(t: TestApp, username: string, password: string): Promise<number> {
  const form = await t.app.fastify.inject({ method: 'GET', url: '/login' });
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1];
  const cookie = form.cookies.find((c) => c.name === 'tessera_login');
  assert.ok(csrf !== undefined && cookie !== undefined, 'the form carries a CSRF token and its cookie');
  const res = await t.app.fastify.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` },
    payload: new URLSearchParams({ csrf, username, password }).toString(),
  });
  return res.statusCode;
}

for (const kind of await storeKinds()) {
  describe(`password hashing (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: signInConfig({ maxAttempts: 0 }) });
    });
    after(() => t.close());

    it('a user created with a password is stored as an argon2id PHC string of the configured parameters', async () => {
      const id = await createUser(t, 'new@example.com');
      assert.match((await storedHash(t, id)) ?? '', CURRENT);
      assert.equal((await authn(t, 'new@example.com', PASSWORD)).statusCode, 200);
      assert.equal((await authn(t, 'new@example.com', WRONG)).statusCode, 401);
    });

    it('an old scrypt hash signs in through /api/v1/authn, is rehashed in the sign-in write, and the new hash signs in', async () => {
      const before = await userWithHash(t, 'legacy@example.com', await legacyScrypt(PASSWORD));
      const passwordChanged = (await t.store.users.get(before.id))?.passwordChanged;
      assert.equal((await authn(t, 'legacy@example.com', PASSWORD)).statusCode, 200);
      const user = await t.store.users.get(before.id);
      assert.ok(user !== undefined);
      assert.match(user.passwordHash ?? '', CURRENT);
      // One write: the sign-in's own (last login) carries the new hash; the password itself did not change.
      assert.equal(user.version, before.version + 1);
      assert.equal(user.passwordChanged, passwordChanged);
      assert.equal((await authn(t, 'legacy@example.com', PASSWORD)).statusCode, 200);
      assert.equal((await authn(t, 'legacy@example.com', WRONG)).statusCode, 401);
    });

    it('an old scrypt hash signs in through the hosted sign-in page and is rehashed there too', async () => {
      const { id } = await userWithHash(t, 'page@example.com', await legacyScrypt(PASSWORD));
      assert.equal(await pageSignIn(t, 'page@example.com', PASSWORD), 303);
      assert.match((await storedHash(t, id)) ?? '', CURRENT);
      assert.equal(await pageSignIn(t, 'page@example.com', PASSWORD), 303);
      assert.equal(await pageSignIn(t, 'page@example.com', WRONG), 401);
    });

    it('an argon2id hash of other parameters is rehashed to the configured ones', async () => {
      const older = await argon2Hash(PASSWORD.normalize('NFC'), { memoryCost: 12_288, timeCost: 3, parallelism: 1 });
      const { id } = await userWithHash(t, 'older@example.com', older);
      assert.equal((await authn(t, 'older@example.com', PASSWORD)).statusCode, 200);
      assert.match((await storedHash(t, id)) ?? '', CURRENT);
    });

    it('a failed sign-in does not rehash: wrong password, a PASSWORD_EXPIRED user, a SUSPENDED user', async () => {
      const wrong = await userWithHash(t, 'wrong@example.com', await legacyScrypt(PASSWORD));
      const wrongHash = await storedHash(t, wrong.id);
      assert.equal((await authn(t, 'wrong@example.com', WRONG)).statusCode, 401);
      assert.equal(await pageSignIn(t, 'wrong@example.com', WRONG), 401);
      assert.equal(await storedHash(t, wrong.id), wrongHash);

      const expired = await userWithHash(t, 'expired@example.com', await legacyScrypt(PASSWORD));
      assert.equal((await t.request('POST', `/api/v1/users/${expired.id}/lifecycle/expire_password`)).statusCode, 200);
      const expiredHash = await storedHash(t, expired.id);
      const answer = await authn(t, 'expired@example.com', PASSWORD);
      assert.equal(answer.statusCode, 200, answer.body);
      assert.equal(answer.json<{ status: string }>().status, 'PASSWORD_EXPIRED');
      assert.equal(await storedHash(t, expired.id), expiredHash);

      const suspended = await userWithHash(t, 'suspended@example.com', await legacyScrypt(PASSWORD));
      assert.equal((await t.request('POST', `/api/v1/users/${suspended.id}/lifecycle/suspend`)).statusCode, 200);
      const suspendedHash = await storedHash(t, suspended.id);
      assert.equal((await authn(t, 'suspended@example.com', PASSWORD)).statusCode, 401);
      assert.equal(await storedHash(t, suspended.id), suspendedHash);
    });

    it('change_password proves an old scrypt password and stores the new one as argon2id', async () => {
      const { id } = await userWithHash(t, 'change@example.com', await legacyScrypt(PASSWORD));
      const body = (oldPassword: string) => ({ oldPassword: { value: oldPassword }, newPassword: { value: 'N3w-Staple-Battery' } });
      assert.equal((await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, { body: body(WRONG) })).statusCode, 403);
      const res = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, { body: body(PASSWORD) });
      assert.equal(res.statusCode, 200, res.body);
      assert.match((await storedHash(t, id)) ?? '', CURRENT);
      assert.equal((await authn(t, 'change@example.com', 'N3w-Staple-Battery')).statusCode, 200);
    });

    it('a stored hash that is not a known encoding refuses the sign-in (401, not 500)', async () => {
      for (const [i, encoded] of [
        '',
        'plain-text',
        'scrypt$x$8$1$AA$AA',
        'scrypt$40$8$1$AA$AA',
        '$argon2id$v=19$m=abc$',
        '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
      ].entries()) {
        await userWithHash(t, `odd${i}@example.com`, encoded);
        assert.equal((await authn(t, `odd${i}@example.com`, PASSWORD)).statusCode, 401, encoded);
      }
    });
  });
}
