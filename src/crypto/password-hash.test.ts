import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { hash as argon2Hash } from '@node-rs/argon2';
import { DEFAULT_PASSWORD_HASH } from '../config/config.js';
import { parseLegacyScrypt } from './legacy-scrypt.js';
import { createPasswordHasher } from './password-hash.js';

const PASSWORD = 'Corr3ct-Horse-Battery';
const hasher = createPasswordHasher(DEFAULT_PASSWORD_HASH);

/** The encoding written before argon2id (N = 2^15, r = 8, p = 1), made here with node:crypto. */
function legacyScrypt(password: string, log2N = 15): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** log2N, r: 8, p: 1, maxmem: 256 * 2 ** log2N * 8 });
  return ['scrypt', log2N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `promise` is still pending after the microtask queue has run dry, i.e. its work is off the JS thread. */
async function pendingAfterMicrotasks(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 100; i++) await Promise.resolve();
  const pending = !settled;
  await promise;
  return pending;
}

describe('password hashing (argon2id, PHC string)', () => {
  it('hashes to a PHC string of the configured parameters, salted afresh each time', async () => {
    const first = await hasher.hash(PASSWORD);
    assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.notEqual(await hasher.hash(PASSWORD), first);
    const custom = await createPasswordHasher({ memoryKiB: 12_288, iterations: 3, parallelism: 2 }).hash(PASSWORD);
    assert.match(custom, /^\$argon2id\$v=19\$m=12288,t=3,p=2\$/);
  });

  it('verifies the right password, refuses a wrong one, and asks for no rehash at the current parameters', async () => {
    const stored = await hasher.hash(PASSWORD);
    assert.deepEqual(await hasher.verify(PASSWORD, stored), { matches: true, needsRehash: false });
    assert.deepEqual(await hasher.verify('Wrong-Horse-Battery9', stored), { matches: false, needsRehash: false });
    assert.deepEqual(await hasher.verify('', stored), { matches: false, needsRehash: false });
  });

  it('asks for a rehash when the stored parameters differ from the configured ones, whichever way', async () => {
    for (const other of [
      { memoryKiB: 12_288, iterations: 3, parallelism: 1 },
      { memoryKiB: 65_536, iterations: 2, parallelism: 1 },
      { memoryKiB: 19_456, iterations: 2, parallelism: 2 },
    ]) {
      const stored = await createPasswordHasher(other).hash(PASSWORD);
      assert.deepEqual(await hasher.verify(PASSWORD, stored), { matches: true, needsRehash: true }, JSON.stringify(other));
      assert.deepEqual(await hasher.verify('Wrong-Horse-Battery9', stored), { matches: false, needsRehash: false });
    }
    // A 32-byte hash is what we write; another length is replaced too.
    const longer = await argon2Hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 64 });
    assert.deepEqual(await hasher.verify(PASSWORD, longer), { matches: true, needsRehash: true });
  });

  it('normalises to NFC, so one password in two Unicode forms is one password', async () => {
    const composed = 'Caf\u00e9-Cr\u00e8me-2024';
    const decomposed = composed.normalize('NFD');
    assert.notEqual(composed, decomposed);
    assert.equal((await hasher.verify(decomposed, await hasher.hash(composed))).matches, true);
    assert.equal((await hasher.verify(decomposed, legacyScrypt(composed))).matches, true);
  });

  it('checks an unknown user (null) against its dummy hash: never a match', async () => {
    assert.deepEqual(await hasher.verify(PASSWORD, null), { matches: false, needsRehash: false });
    assert.deepEqual(await hasher.verify('', null), { matches: false, needsRehash: false });
  });

  it('hashes and verifies off the event loop (libuv pool): nothing settles while only microtasks run', async () => {
    const stored = await hasher.hash(PASSWORD);
    assert.equal(await pendingAfterMicrotasks(hasher.hash(PASSWORD)), true, 'hash');
    assert.equal(await pendingAfterMicrotasks(hasher.verify(PASSWORD, stored)), true, 'verify');
    assert.equal(await pendingAfterMicrotasks(hasher.verify(PASSWORD, null)), true, 'unknown user');
    assert.equal(await pendingAfterMicrotasks(hasher.verify(PASSWORD, legacyScrypt(PASSWORD))), true, 'legacy scrypt');
  });
});

describe('legacy scrypt hashes', () => {
  it('verify and always ask for a rehash; a wrong password is refused', async () => {
    const stored = legacyScrypt(PASSWORD);
    assert.deepEqual(await hasher.verify(PASSWORD, stored), { matches: true, needsRehash: true });
    assert.deepEqual(await hasher.verify('Wrong-Horse-Battery9', stored), { matches: false, needsRehash: false });
  });

  it('parse into their parameters, salt and key', () => {
    const parsed = parseLegacyScrypt(legacyScrypt(PASSWORD));
    assert.ok(parsed !== undefined);
    assert.deepEqual(
      { log2N: parsed.log2N, r: parsed.r, p: parsed.p, salt: parsed.salt.length, key: parsed.key.length },
      { log2N: 15, r: 8, p: 1, salt: 16, key: 32 },
    );
  });
});

describe('stored values that are no known encoding, or ask for too much', () => {
  const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
  const key = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

  it('legacy scrypt: parse refuses them', () => {
    for (const encoded of [
      'scrypt',
      'scrypt$15$8$1$salt',
      `scrypt$x$8$1$${salt}$${key}`,
      `scrypt$015$8$1$${salt}$${key}`,
      `scrypt$-1$8$1$${salt}$${key}`,
      `scrypt$0$8$1$${salt}$${key}`,
      `scrypt$30$8$1$${salt}$${key}`, // 128 GiB
      `scrypt$20$16$1$${salt}$${key}`, // 2 GiB
      `scrypt$15$8$99$${salt}$${key}`,
      `scrypt$15$8$1$${salt}$short`,
      `scrypt$15$8$1$AAAA$${key}`,
      `scrypt$15$8$1$${salt}$${key}$extra`,
      `scrypt$15$8$1$${salt}$${key}!`,
      `scrypt$15$8$1$${salt}$${'A'.repeat(200)}`,
    ]) {
      assert.equal(parseLegacyScrypt(encoded), undefined, encoded);
    }
  });

  it('verify refuses every one of them without throwing', async () => {
    const argon2i = await argon2Hash(PASSWORD, { algorithm: 1 });
    const argon2d = await argon2Hash(PASSWORD, { algorithm: 0 });
    const current = await hasher.hash(PASSWORD);
    const bad = [
      '',
      'plain-text',
      PASSWORD,
      'scrypt$',
      `scrypt$x$8$1$${salt}$${key}`,
      `scrypt$30$8$1$${salt}$${key}`,
      '$argon2id$',
      '$argon2id$v=19$m=abc,t=2,p=1$salt$hash',
      '$argon2id$v=19$m=19456,t=2,p=1$!!!$!!!',
      current.slice(0, -10),
      current.replace('$v=19$', '$v=99$'),
      current + '$',
      current + 'A'.repeat(300),
      // Above the configured upper bounds (config ARGON2_LIMITS): refused before any work.
      current.replace('m=19456', 'm=4194304'),
      current.replace('t=2', 't=1000'),
      current.replace('p=1', 'p=64'),
      // Other argon2 variants: only argon2id is written, only argon2id is read.
      argon2i,
      argon2d,
      current.replace('$argon2id$', '$argon2i$'),
    ];
    for (const encoded of bad) {
      assert.deepEqual(await hasher.verify(PASSWORD, encoded), { matches: false, needsRehash: false }, encoded);
    }
  });
});
