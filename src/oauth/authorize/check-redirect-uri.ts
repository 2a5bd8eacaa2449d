/**
 * The redirect URI must be one the app registered, compared as exact strings (RFC 9700 §4.1.3),
 * with one exception: for a registered loopback IP address over http, any port is accepted
 * (RFC 8252 §7.3: native apps bind an ephemeral port). A mismatch is never redirected to.
 */
import { redirectUrisOf, type AppRecord } from '../../store/oauth-records.js';
import { AuthorizeError } from './authorize-error.js';
import { param, type AuthorizeParams } from './params.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

function withoutPort(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    url.port = '';
    return url.href;
  } catch {
    return undefined;
  }
}

export function redirectUriMatches(registered: readonly string[], given: string): boolean {
  if (registered.includes(given)) return true;
  const loose = withoutPort(given);
  return loose !== undefined && registered.some((uri) => withoutPort(uri) === loose);
}

export function checkRedirectUri(app: AppRecord, params: AuthorizeParams): string {
  const given = param(params, 'redirect_uri');
  if (given === undefined) throw new AuthorizeError('invalid_request', "The 'redirect_uri' parameter is required.", false);
  if (!redirectUriMatches(redirectUrisOf(app), given)) {
    throw new AuthorizeError('invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.", false);
  }
  return given;
}
