/**
 * The scrypt encoding Tessera stored before argon2id: `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key
 * b64url>` (RFC 7914), written at N = 2^15, r = 8, p = 1 with a 16-byte salt and a 32-byte key.
 * Verify only: such a hash keeps signing its user in until the first successful sign-in replaces
 * it (password-hash.ts). Nothing new is written in this form.
 */
import { scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptHash {
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const SHAPE = /^scrypt\$([1-9]\d?)\$([1-9]\d?)\$([1-9]\d?)\$([A-Za-z0-9_-]{11,128})\$([A-Za-z0-9_-]{22,128})$/;

/**
 * Bounds on what a stored hash may ask for, so that a damaged or planted row cannot make one
 * sign-in allocate gigabytes or run for minutes: 128 · N · r bytes of memory (RFC 7914 §6) up
 * to 1 GiB, p up to 16, salts of 8 bytes or more, keys of 16 to 64 bytes.
 */
const MAX_MEMORY_BYTES = 2 ** 30;
const MAX_P = 16;

export function isLegacyScrypt(encoded: string): boolean {
  return encoded.startsWith('scrypt$');
}

/** The parts of a legacy scrypt hash, or undefined when it is not one within the bounds. */
export function parseLegacyScrypt(encoded: string): ScryptHash | undefined {
  const match = SHAPE.exec(encoded);
  if (match === null) return undefined;
  const [, log2N, r, p, salt, key] = match;
  if (log2N === undefined || r === undefined || p === undefined || salt === undefined || key === undefined) return undefined;
  const parsed = { log2N: Number(log2N), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
  if (parsed.log2N > 24 || 128 * 2 ** parsed.log2N * parsed.r > MAX_MEMORY_BYTES || parsed.p > MAX_P) return undefined;
  if (parsed.salt.length < 8 || parsed.key.length < 16 || parsed.key.length > 64) return undefined;
  return parsed;
}

/** True when `password` derives the stored key. Runs in libuv's thread pool (async scrypt). */
export function verifyLegacyScrypt(password: string, stored: ScryptHash): Promise<boolean> {
  const N = 2 ** stored.log2N;
  return new Promise((resolve, reject) => {
    // NFC, as these hashes were made: one password, one byte form.
    scrypt(password.normalize('NFC'), stored.salt, stored.key.length, { N, r: stored.r, p: stored.p, maxmem: 256 * N * stored.r }, (error, key) =>
      error ? reject(error) : resolve(timingSafeEqual(key, stored.key)),
    );
  });
}
