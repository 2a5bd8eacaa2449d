/**
 * Cookies of the sign-in side: the `sid` session cookie and the sign-in page's pre-session
 * (CSRF) cookie. Both are `HttpOnly`, `SameSite=Lax`, `Path=/`, and `Secure` when the org URL
 * is https (session/contract.ts). Values are base64url, so they need no quoting or escaping.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './contract.js';

/** The value of cookie `name` in the request's Cookie header (the first one, RFC 6265 §5.4 order). */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function attributes(orgUrl: string, path: string): string {
  return `Path=${path}; HttpOnly; SameSite=Lax${orgUrl.startsWith('https:') ? '; Secure' : ''}`;
}

/** Adds a Set-Cookie header (several may be sent in one response). */
export function setCookie(reply: FastifyReply, orgUrl: string, name: string, value: string, options: { path?: string; maxAgeSeconds?: number } = {}): void {
  const maxAge = options.maxAgeSeconds === undefined ? '' : `; Max-Age=${options.maxAgeSeconds}`;
  appendSetCookie(reply, `${name}=${value}${maxAge}; ${attributes(orgUrl, options.path ?? '/')}`);
}

export function clearCookie(reply: FastifyReply, orgUrl: string, name: string, path = '/'): void {
  appendSetCookie(reply, `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(orgUrl, path)}`);
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header('set-cookie', [...list, cookie]);
}

export const sessionCookieOf = (request: FastifyRequest): string | undefined => cookieOf(request, SESSION_COOKIE);
export const setSessionCookie = (reply: FastifyReply, orgUrl: string, value: string): void => setCookie(reply, orgUrl, SESSION_COOKIE, value);
export const clearSessionCookie = (reply: FastifyReply, orgUrl: string): void => clearCookie(reply, orgUrl, SESSION_COOKIE);
