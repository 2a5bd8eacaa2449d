/**
 * Redirect URIs and informational URIs of an OIDC app. Redirect URIs must be absolute and carry
 * no fragment (RFC 6749 §3.1.2); custom schemes stay allowed for native apps (RFC 8252 §7.1),
 * but schemes that run or embed content in the browser are refused. Matching at /authorize is
 * exact, so what is stored here is what will be compared. A URI is an identifier too: control
 * and invisible characters are refused (identifiers.ts), so that a URI shown to an admin is the
 * one that will be compared.
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import { identifierProblem } from '../identifiers.js';

const MAX_URI_LENGTH = 2048;
const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_URI_LENGTH) return `is longer than ${MAX_URI_LENGTH} characters`;
  if (/\s/.test(uri)) return 'must not contain whitespace';
  const characters = identifierProblem(uri);
  if (characters !== undefined) return characters;
  if (uri.includes('#')) return 'must not contain a fragment (#), RFC 6749 §3.1.2';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URL';
  }
  if (DANGEROUS_SCHEMES.has(url.protocol)) return `the scheme '${url.protocol}' is not allowed for a redirect URI`;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return 'must be an absolute URL';
  return undefined;
}

/** One cause per bad URI, named by its index (`redirect_uris[1]`). */
export function redirectUriCauses(uris: readonly string[], field: string): ErrorCause[] {
  const causes: ErrorCause[] = [];
  uris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri);
    if (problem !== undefined) causes.push({ field: `${field}[${index}]`, message: `${JSON.stringify(uri.slice(0, 100))} ${problem}` });
  });
  if (new Set(uris).size !== uris.length) causes.push({ field, message: 'must not list the same URI twice' });
  return causes;
}

/** `client_uri`, `logo_uri`: an absolute http(s) URL, or null. */
export function webUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_URI_LENGTH) return `is longer than ${MAX_URI_LENGTH} characters`;
  const characters = identifierProblem(uri);
  if (characters !== undefined) return characters;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be an http or https URL';
  } catch {
    return 'must be an absolute URL';
  }
}
