/**
 * RSASSA-PKCS1-v1_5 with SHA-256 (RS256, RFC 7518 §3.3) of a JWS signing input, with node:crypto's
 * callback form: the signature is computed on libuv's pool, off the event loop (the brief allows
 * node:crypto on a hot signing path; jose still verifies every token we accept).
 */
import { sign, type KeyObject } from 'node:crypto';

export function rs256(input: string, privateKey: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), privateKey, (error, signature) => {
      if (error !== null) reject(error);
      else resolve(signature.toString('base64url'));
    });
  });
}
