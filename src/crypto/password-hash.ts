/**
 * Password hashing: argon2id (RFC 9106), the first choice of the OWASP Password Storage Cheat
 * Sheet, through @node-rs/argon2, whose `hash` and `verify` run in libuv's thread pool and so
 * never block the event loop. Stored form: the PHC string
 * `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>`, self-describing, so the parameters
 * (config `passwordHash`) can change without breaking stored hashes.
 *
 * `verify` also accepts the scrypt encoding written before (legacy-scrypt.ts) and says when a
 * stored hash is not of the current algorithm and parameters: the caller then stores a new hash
 * in the write of a successful sign-in (OWASP Password Storage Cheat Sheet, "Upgrading Legacy
 * Hashes"). A stored value that is no known encoding, or asks for more than the options may
 * (config `ARGON2_LIMITS`), simply does not match: it never throws.
 */
import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';
import { ARGON2_LIMITS, type PasswordHashConfig } from '../config/config.js';
import { isLegacyScrypt, parseLegacyScrypt, verifyLegacyScrypt } from './legacy-scrypt.js';

export interface PasswordCheck {
  /** The password is the one the stored hash was made from. */
  readonly matches: boolean;
  /** The hash matched but is of another algorithm or other parameters than the current ones: store a new one. */
  readonly needsRehash: boolean;
}

export interface PasswordHasher {
  /** A new hash of `password`, with the current parameters and a fresh 16-byte salt. */
  hash(password: string): Promise<string>;
  /**
   * Checks `password` against a stored hash. `null` (an unknown user, or one without a password)
   * is checked against a dummy hash of the current parameters, so that it costs what a real check
   * costs, and never matches.
   */
  verify(password: string, stored: string | null): Promise<PasswordCheck>;
}

const NO_MATCH: PasswordCheck = { matches: false, needsRehash: false };

/** Values of @node-rs/argon2's `Algorithm` and `Version` (ambient const enums, which isolated modules cannot read). */
const ARGON2ID = 2;
const VERSION_0X13 = 1;
const HASH_BYTES = 32;
const SALT_BYTES = 16;
/** Longer than any PHC string within the limits; longer stored values are not parsed. */
const MAX_ENCODED_LENGTH = 256;

/** NFC, as the scrypt hashes were made: one password, one byte form whatever the client's keyboard sent. */
const normalised = (password: string): string => password.normalize('NFC');

async function verifyArgon2id(password: string, stored: string, config: PasswordHashConfig): Promise<PasswordCheck> {
  if (!stored.startsWith('$argon2id$') || stored.length > MAX_ENCODED_LENGTH) return NO_MATCH;
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(stored);
  } catch {
    return NO_MATCH;
  }
  // Bounded before any work: a damaged or planted row must not make one sign-in take gigabytes or minutes.
  if (
    Number(parsed.algorithm) !== ARGON2ID ||
    parsed.memoryCost > ARGON2_LIMITS.memoryKiB ||
    parsed.timeCost > ARGON2_LIMITS.iterations ||
    parsed.parallelism > ARGON2_LIMITS.parallelism
  ) {
    return NO_MATCH;
  }
  let matches: boolean;
  try {
    matches = await verify(stored, normalised(password));
  } catch {
    // The library refuses what it cannot read; a refusal is a failed check, never a 500.
    return NO_MATCH;
  }
  if (!matches) return NO_MATCH;
  const current =
    Number(parsed.version) === VERSION_0X13 &&
    parsed.memoryCost === config.memoryKiB &&
    parsed.timeCost === config.iterations &&
    parsed.parallelism === config.parallelism &&
    parsed.outputLen === HASH_BYTES &&
    parsed.saltLen >= SALT_BYTES;
  return { matches: true, needsRehash: !current };
}

async function verifyScrypt(password: string, stored: string): Promise<PasswordCheck> {
  const parsed = parseLegacyScrypt(stored);
  if (parsed === undefined) return NO_MATCH;
  try {
    // Any match is of the old algorithm: always replaced.
    return (await verifyLegacyScrypt(password, parsed)) ? { matches: true, needsRehash: true } : NO_MATCH;
  } catch {
    return NO_MATCH;
  }
}

export function createPasswordHasher(config: PasswordHashConfig): PasswordHasher {
  const options: Options = {
    algorithm: ARGON2ID,
    version: VERSION_0X13,
    memoryCost: config.memoryKiB,
    timeCost: config.iterations,
    parallelism: config.parallelism,
    outputLen: HASH_BYTES,
  };
  const hashOf = (password: string): Promise<string> => hash(normalised(password), { ...options, salt: randomBytes(SALT_BYTES) });
  // Started now, so that no request waits for it; made by the same function, so of the same cost as real hashes.
  const dummy = hashOf(randomBytes(18).toString('base64url'));
  dummy.catch(() => undefined);

  return {
    hash: hashOf,
    async verify(password, stored) {
      if (stored === null) {
        await verify(await dummy, normalised(password));
        return NO_MATCH;
      }
      return isLegacyScrypt(stored) ? verifyScrypt(password, stored) : verifyArgon2id(password, stored, config);
    },
  };
}
