/**
 * `Authorization: <scheme> <credentials>` split without a regular expression over the credential,
 * which for an access token is most of a kilobyte and is read on every request (twice: by the
 * rate limiter and by authentication). Same reading as `^([A-Za-z]+)(?: +(.*))?$` with the
 * credential trimmed: undefined when the scheme is not letters or is not followed by a space.
 */
export interface AuthorizationHeader {
  readonly scheme: string;
  /** Trimmed; empty when the header is the scheme alone. */
  readonly value: string;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function parseAuthorization(header: string): AuthorizationHeader | undefined {
  let end = 0;
  while (end < header.length && isLetter(header.charCodeAt(end))) end++;
  if (end === 0) return undefined;
  if (end === header.length) return { scheme: header, value: '' };
  if (header.charCodeAt(end) !== 32) return undefined;
  return { scheme: header.slice(0, end), value: header.slice(end).trim() };
}
