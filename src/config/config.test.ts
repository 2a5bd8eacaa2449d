import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_PASSWORD_HASH, loadConfig } from './config.js';

describe('config: password hashing (argon2id)', () => {
  it('defaults to the first argon2id configuration of OWASP: m = 19 MiB, t = 2, p = 1', () => {
    assert.deepEqual(loadConfig({}).passwordHash, { memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    assert.deepEqual(DEFAULT_PASSWORD_HASH, { memoryKiB: 19_456, iterations: 2, parallelism: 1 });
  });

  it('reads TESSERA_ARGON2_MEMORY_KIB, TESSERA_ARGON2_ITERATIONS and TESSERA_ARGON2_PARALLELISM', () => {
    const env = { TESSERA_ARGON2_MEMORY_KIB: '65536', TESSERA_ARGON2_ITERATIONS: '3', TESSERA_ARGON2_PARALLELISM: '2' };
    assert.deepEqual(loadConfig(env).passwordHash, { memoryKiB: 65_536, iterations: 3, parallelism: 2 });
    // The other configurations OWASP lists as equally strong.
    for (const [m, t] of [['47104', '1'], ['12288', '3'], ['9216', '4'], ['7168', '5']] as const) {
      assert.deepEqual(loadConfig({ TESSERA_ARGON2_MEMORY_KIB: m, TESSERA_ARGON2_ITERATIONS: t }).passwordHash, { memoryKiB: Number(m), iterations: Number(t), parallelism: 1 });
    }
  });

  it('fails fast on a bad value, naming the variable', () => {
    const bad: ReadonlyArray<readonly [Record<string, string>, RegExp]> = [
      [{ TESSERA_ARGON2_MEMORY_KIB: '19MiB' }, /TESSERA_ARGON2_MEMORY_KIB must be a whole number/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '1024' }, /TESSERA_ARGON2_MEMORY_KIB must be between 7168 and 1048576/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '2000000' }, /TESSERA_ARGON2_MEMORY_KIB must be between/],
      [{ TESSERA_ARGON2_ITERATIONS: '0' }, /TESSERA_ARGON2_ITERATIONS must be between 1 and 20/],
      [{ TESSERA_ARGON2_ITERATIONS: '2.5' }, /TESSERA_ARGON2_ITERATIONS must be a whole number/],
      [{ TESSERA_ARGON2_PARALLELISM: '0' }, /TESSERA_ARGON2_PARALLELISM must be between 1 and 16/],
      // Below OWASP's floor: 19 MiB needs 2 passes, 12 MiB needs 3…
      [{ TESSERA_ARGON2_ITERATIONS: '1' }, /below OWASP's argon2id minimum/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '12288', TESSERA_ARGON2_ITERATIONS: '2' }, /below OWASP's argon2id minimum/],
      [{ TESSERA_ARGON2_MEMORY_KIB: '7168', TESSERA_ARGON2_ITERATIONS: '4' }, /below OWASP's argon2id minimum/],
    ];
    for (const [env, message] of bad) {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(env));
    }
  });
});
