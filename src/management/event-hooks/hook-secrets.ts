/**
 * The value of a hook's auth header, the secret its receiver checks: stored only encrypted, under
 * a key of its own derived from the master key (crypto/key-encryption.ts, purpose
 * `event-hook-secret`) and bound to the hook's id, so that a sealed value copied to another hook's
 * row does not open. It is sent with every call and never returned, logged or shown (Okta: "This
 * property is not returned in the response").
 */
import { KeyEncryption } from '../../crypto/key-encryption.js';

export class HookSecrets {
  private readonly encryption: KeyEncryption;

  constructor(masterKey: string) {
    this.encryption = new KeyEncryption(masterKey, 'event-hook-secret');
  }

  seal(hookId: string, value: string): string {
    return this.encryption.encrypt(value, `eventHook:${hookId}`);
  }

  /** The value, or undefined when this master key does not open it (a key changed without re-keying). */
  open(hookId: string, sealed: string): string | undefined {
    try {
      return this.encryption.decrypt(sealed, `eventHook:${hookId}`);
    } catch {
      return undefined;
    }
  }
}
