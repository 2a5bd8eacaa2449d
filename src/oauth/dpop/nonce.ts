/**
 * DPoP server nonces (RFC 9449 §8) without shared state: a nonce is a time-window number and
 * its HMAC under a key derived from the master key, so every node issues and accepts the same
 * nonces. A nonce is accepted in its own window and the next one.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const NONCE_WINDOW_MS = 3_600_000;

export class DpopNonces {
  private readonly key: Buffer;

  constructor(masterKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), 'tessera/v1', 'dpop-nonce', 32));
  }

  private mac(window: number): string {
    return createHmac('sha256', this.key).update(String(window)).digest('base64url').slice(0, 22);
  }

  issue(nowMs: number): string {
    const window = Math.floor(nowMs / NONCE_WINDOW_MS);
    return `${window.toString(36)}.${this.mac(window)}`;
  }

  isValid(nonce: string, nowMs: number): boolean {
    const [windowText, mac] = nonce.split('.');
    if (windowText === undefined || mac === undefined || !/^[0-9a-z]{1,12}$/.test(windowText)) return false;
    const window = parseInt(windowText, 36);
    const current = Math.floor(nowMs / NONCE_WINDOW_MS);
    if (window !== current && window !== current - 1) return false;
    const expected = Buffer.from(this.mac(window));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
