import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

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

/** The request's credential, read once: its scheme (case-folded), value and digest. */
export interface RequestCredential {
  readonly scheme: string;
  readonly value: string;
  /**
   * SHA-256 of the value, base64url: what an API token is stored under (secretDigest) and what
   * a verified access token is remembered by (accessTokenHash), and the rate limiter's key.
   */
  readonly digest: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Memo of `credentialOf` (null: read, and there is none). */
    credentialMemo: RequestCredential | null | undefined;
  }
}

/** The Authorization header's credential, parsed and digested once per request (rate limit, then authentication). */
export function credentialOf(request: FastifyRequest): RequestCredential | undefined {
  const memo = request.credentialMemo;
  if (memo !== undefined) return memo ?? undefined;
  const header = request.headers.authorization;
  const parsed = header === undefined ? undefined : parseAuthorization(header);
  const credential =
    parsed === undefined ? undefined : { scheme: parsed.scheme.toLowerCase(), value: parsed.value, digest: hash('sha256', parsed.value, 'base64url') };
  request.credentialMemo = credential ?? null;
  return credential;
}
