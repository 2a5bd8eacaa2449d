/**
 * Authenticated encryption of private keys at rest: AES-256-GCM under a key derived from the
 * master key with HKDF-SHA-256 (RFC 5869). The key id is bound as additional data, so a
 * ciphertext cannot be moved to another key's row. A wrong master key fails to decrypt.
 * Each use of it (signing keys, event hook secrets) derives its own key through the HKDF `info`
 * (`purpose`), so that a ciphertext of one use never decrypts as the other.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export class KeyDecryptionError extends Error {
  override readonly name = 'KeyDecryptionError';
}

export class KeyEncryption {
  private readonly key: Buffer;

  constructor(masterKey: string, purpose: 'private-key-encryption' | 'event-hook-secret' = 'private-key-encryption') {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), 'tessera/v1', purpose, 32));
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(sealed: string, boundTo: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) throw new KeyDecryptionError('unknown ciphertext format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyDecryptionError('the master key does not decrypt this key');
    }
  }
}
