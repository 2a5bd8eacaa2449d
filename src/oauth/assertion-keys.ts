/**
 * Imported public keys of the apps' JWKS, kept between client assertions: `importJWK` costs more
 * than the signature check it prepares. Only the import is kept, never a decision: the token
 * endpoint reads the app and its ACTIVE keys on every request and asks this cache for a key it
 * has just read, so a key deactivated, deleted or replaced (or an app deactivated) is refused on
 * the next request on every node. An entry is found by the key's content (and the algorithm it
 * was imported for), so a key whose JWK changes is imported afresh; the map is bounded, the
 * least recently used entry goes first.
 */
import { importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';
import type { JsonObject } from '../store/records.js';

export const ASSERTION_KEY_CACHE_SIZE = 1024;

export type AssertionKey = CryptoKey | KeyObject | Uint8Array;

export class AssertionKeyCache {
  private readonly keys = new Map<string, AssertionKey>();

  constructor(private readonly capacity = ASSERTION_KEY_CACHE_SIZE) {}

  /** The key `jwk` imported for `alg` (import errors propagate and nothing is kept). */
  async import(jwk: JsonObject, alg: string): Promise<AssertionKey> {
    const id = `${alg}\n${JSON.stringify(jwk)}`;
    const known = this.keys.get(id);
    if (known !== undefined) {
      // Map order is insertion order: re-inserting marks the entry as the most recently used.
      this.keys.delete(id);
      this.keys.set(id, known);
      return known;
    }
    const imported = await importJWK(jwk as JWK, alg);
    this.keys.set(id, imported);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
    return imported;
  }

  get size(): number {
    return this.keys.size;
  }
}
