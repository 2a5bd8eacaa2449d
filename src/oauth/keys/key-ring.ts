/**
 * The authorization server's signing keys. The first start generates an RSA-2048 key; private
 * parts are stored encrypted (crypto/key-encryption.ts) and decrypted into memory at start.
 * If the master key does not decrypt the stored keys the server refuses to start rather than
 * mint new ones. Rotation adds a new active key and keeps retired public keys in the JWKS until
 * every token they signed has expired. Other nodes learn of a rotation on their next refresh
 * (periodic, or when a token names a kid they do not know).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { isoAt, type Clock } from '../../clock.js';
import type { KeyEncryption } from '../../crypto/key-encryption.js';
import type { JsonObject } from '../../store/records.js';
import type { SigningKeyRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';

export class MasterKeyMismatch extends Error {
  override readonly name = 'MasterKeyMismatch';
}

interface LoadedKey {
  readonly kid: string;
  readonly status: 'ACTIVE' | 'RETIRED';
  readonly created: string;
  readonly retired: string | null;
  readonly publicJwk: JsonObject;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject | undefined;
}

export interface KeyRingOptions {
  /** Longest lifetime of anything we sign: retired keys stay published this long (plus `refreshMs`). */
  readonly retentionMs: number;
  /**
   * How often a node re-reads the keys (rotation on another node). A node may go on signing with
   * a key for up to this long after another node retired it, so retired keys are kept this much
   * longer than `retentionMs`.
   */
  readonly refreshMs: number;
}

async function generateKey(encryption: KeyEncryption, now: string): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const publicJwk: JsonObject = { kty: 'RSA', alg: 'RS256', kid, use: 'sig', e: String(jwk.e), n: String(jwk.n) };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { kid, alg: 'RS256', status: 'ACTIVE', publicJwk, privateEncrypted: encryption.encrypt(pem, kid), created: now, retired: null };
}

export class SigningKeyRing {
  private keys: LoadedKey[] = [];
  private loadedAt = 0;
  private lastMissRefresh = 0;

  private constructor(
    private readonly store: Store,
    private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
    private readonly options: KeyRingOptions,
  ) {}

  /** Loads (or on first start, creates) the keys; throws MasterKeyMismatch when they cannot be decrypted. */
  static async open(store: Store, encryption: KeyEncryption, clock: Clock, options: KeyRingOptions): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(store, encryption, clock, options);
    // The first start makes the first key; nodes starting together make one between them.
    const existing = await store.signingKeys.list();
    if (existing.length === 0) await store.signingKeys.insertFirst(await generateKey(encryption, isoAt(clock.now())));
    await ring.refresh();
    return ring;
  }

  async refresh(): Promise<void> {
    const records = await this.store.signingKeys.list();
    const keys: LoadedKey[] = [];
    for (const record of records) {
      let privateKey: KeyObject | undefined;
      if (record.status === 'ACTIVE') {
        try {
          privateKey = createPrivateKey(this.encryption.decrypt(record.privateEncrypted, record.kid));
        } catch {
          throw new MasterKeyMismatch(
            `the master key does not decrypt signing key ${record.kid}: refusing to start (set the TESSERA_MASTER_KEY these keys were created with)`,
          );
        }
      }
      keys.push({
        kid: record.kid,
        status: record.status,
        created: record.created,
        retired: record.retired,
        publicJwk: record.publicJwk,
        publicKey: createPublicKey({ key: record.publicJwk as JWK, format: 'jwk' }),
        privateKey,
      });
    }
    if (!keys.some((k) => k.privateKey !== undefined)) throw new MasterKeyMismatch('no active signing key');
    this.keys = keys;
    this.loadedAt = this.clock.now();
  }

  /**
   * Re-reads the keys when the last read is older than `refreshMs`. The token endpoint calls it
   * before signing, so a node that only mints tokens still moves to a key rotated elsewhere.
   */
  async refreshIfStale(): Promise<void> {
    if (this.clock.now() - this.loadedAt >= this.options.refreshMs) await this.refresh();
  }

  /** How long a retired key stays published and stored. */
  private keepRetiredMs(): number {
    return this.options.retentionMs + this.options.refreshMs;
  }

  /** The newest active key, for signing (call `refreshIfStale` first). */
  signingKey(): { readonly kid: string; readonly privateKey: KeyObject } {
    for (const key of this.keys) if (key.privateKey !== undefined) return { kid: key.kid, privateKey: key.privateKey };
    throw new MasterKeyMismatch('no active signing key');
  }

  /** Public keys for verification: active ones and retired ones still within retention. */
  private published(): LoadedKey[] {
    const cutoff = this.clock.now() - this.keepRetiredMs();
    return this.keys.filter((k) => k.retired === null || Date.parse(k.retired) >= cutoff);
  }

  async jwks(): Promise<{ keys: JsonObject[] }> {
    await this.refreshIfStale();
    return { keys: this.published().map((k) => k.publicJwk) };
  }

  /** The public key for `kid`; an unknown kid triggers one re-read (at most once a second). */
  async publicKey(kid: string): Promise<KeyObject | undefined> {
    await this.refreshIfStale();
    let key = this.published().find((k) => k.kid === kid);
    if (key === undefined && this.clock.now() - this.lastMissRefresh >= 1000) {
      this.lastMissRefresh = this.clock.now();
      await this.refresh();
      key = this.published().find((k) => k.kid === kid);
    }
    return key?.publicKey;
  }

  /** `tessera keys rotate`: a new active key; the old ones are retired but stay published. */
  async rotate(): Promise<string> {
    const now = isoAt(this.clock.now());
    const fresh = await generateKey(this.encryption, now);
    await this.store.transaction(async (tx) => {
      await tx.signingKeys.retireActive(now);
      await tx.signingKeys.insert(fresh);
      await tx.signingKeys.purgeRetired(isoAt(this.clock.now() - this.keepRetiredMs()));
    });
    await this.refresh();
    return fresh.kid;
  }
}
