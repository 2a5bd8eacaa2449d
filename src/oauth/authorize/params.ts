/**
 * The parameters of an authorization request, from the query (GET) or the form body (POST,
 * OpenID Connect Core §3.1.2.1), as one flat record. RFC 6749 §3.1: "Request and response
 * parameters MUST NOT be included more than once"; every value is bounded.
 */
import { AuthorizeError } from './authorize-error.js';

export type AuthorizeParams = Readonly<Record<string, string>>;

const MAX_PARAMETERS = 40;
const MAX_VALUE_LENGTH = 4096;

function collect(entries: Iterable<[string, string]>): Record<string, string> {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [key, value] of entries) {
    count += 1;
    if (count > MAX_PARAMETERS) throw new AuthorizeError('invalid_request', 'The authorization request has too many parameters.', false);
    if (Object.hasOwn(params, key))
      throw new AuthorizeError('invalid_request', `Duplicate parameter provided in request. Duplicated parameters: [${key}].`, false);
    if (value.length > MAX_VALUE_LENGTH) throw new AuthorizeError('invalid_request', `The '${key}' parameter is too long.`, false);
    params[key] = value;
  }
  return params;
}

/** From the raw request URL, so that a repeated parameter is seen rather than merged. */
export function paramsFromUrl(url: string): AuthorizeParams {
  const question = url.indexOf('?');
  return collect(new URLSearchParams(question < 0 ? '' : url.slice(question + 1)));
}

/** From a parsed form body (the /oauth2 form parser already refuses repeated keys). */
export function paramsFromBody(body: unknown): AuthorizeParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return collect([]);
  return collect(Object.entries(body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A non-empty parameter value, or undefined. */
export function param(params: AuthorizeParams, name: string): string | undefined {
  const value = Object.hasOwn(params, name) ? params[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

/** The same request as a relative GET URL, minus `drop` (what the sign-in page returns to). */
export function relativeAuthorizeUrl(params: AuthorizeParams, drop: readonly string[]): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (!drop.includes(key)) query.append(key, value);
  return `/oauth2/v1/authorize?${query.toString()}`;
}
