/**
 * Cookies of the sign-in side: the `sid` session cookie and the sign-in page's pre-session
 * (CSRF) cookie. Both are `HttpOnly`, `SameSite=Lax`, `Path=/` (or the path given), and `Secure`
 * when the org URL is https (session/contract.ts). Parsing and `Set-Cookie` serialisation are
 * @fastify/cookie's (registered in app.ts): it keeps one cookie per name, domain and path in a
 * reply, so setting or clearing a cookie twice sends one header, and a reply's other headers are
 * left alone. Values are base64url, so they need no quoting or escaping.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './contract.js';

/**
 * The value of cookie `name` in the request's Cookie header. With several of the same name the
 * first is taken: RFC 6265 §5.4 lists the most specific path first.
 */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  return request.cookies[name];
}

function attributes(orgUrl: string, path: string): CookieSerializeOptions {
  return { path, httpOnly: true, sameSite: 'lax', secure: orgUrl.startsWith('https:') };
}

/** Sets cookie `name` in the reply (replacing one set earlier in the same reply). */
export function setCookie(reply: FastifyReply, orgUrl: string, name: string, value: string, options: { path?: string; maxAgeSeconds?: number } = {}): void {
  const maxAge = options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds };
  reply.setCookie(name, value, { ...attributes(orgUrl, options.path ?? '/'), ...maxAge });
}

/** Tells the browser to drop cookie `name` (`Max-Age=0` and an `Expires` in 1970, RFC 6265 §5.3). */
export function clearCookie(reply: FastifyReply, orgUrl: string, name: string, path = '/'): void {
  reply.clearCookie(name, attributes(orgUrl, path));
}

export const sessionCookieOf = (request: FastifyRequest): string | undefined => cookieOf(request, SESSION_COOKIE);
export const setSessionCookie = (reply: FastifyReply, orgUrl: string, value: string): void => setCookie(reply, orgUrl, SESSION_COOKIE, value);
export const clearSessionCookie = (reply: FastifyReply, orgUrl: string): void => clearCookie(reply, orgUrl, SESSION_COOKIE);
