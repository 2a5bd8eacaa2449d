/**
 * Where an event hook may send: an https URL (Okta: "Your external service must use a valid HTTPS
 * endpoint", at most 1024 characters), or plain http to this machine only (127.0.0.0/8, ::1,
 * `localhost`), for development and for a receiver beside the server. No credentials in the URL
 * (they would be shown in every response; the secret belongs in `authScheme`), no fragment, no
 * control or invisible characters (identifiers.ts).
 */
import { identifierProblem } from '../identifiers.js';

export const MAX_HOOK_URI_LENGTH = 1024;

/** True for the loopback hosts a plain http URI may name (the hostname as `URL` normalises it). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why `uri` cannot be a hook's URI, or undefined when it can. */
export function hookUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_HOOK_URI_LENGTH) return `must be at most ${MAX_HOOK_URI_LENGTH} characters`;
  if (/\s/.test(uri)) return 'must not contain whitespace';
  const characters = identifierProblem(uri);
  if (characters !== undefined) return characters;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute https URL';
  }
  const plainLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !plainLoopback) return 'must be an https URL (plain http only to a loopback address: 127.0.0.0/8, ::1 or localhost)';
  if (url.hostname === '') return 'must be an absolute https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials (user:password@): send a secret with channel.config.authScheme';
  if (uri.includes('#')) return 'must not contain a fragment (#)';
  return undefined;
}
