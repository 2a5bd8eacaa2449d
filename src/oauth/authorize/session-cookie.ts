/**
 * The `sid` session cookie as the authorization and logout endpoints read and write it:
 * `HttpOnly`, `SameSite=Lax` (sent on the top-level redirect back to /authorize), `Path=/`,
 * and `Secure` when the org URL is https (session/contract.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../session/contract.js';

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function attributes(orgUrl: string): string {
  return `Path=/; HttpOnly; SameSite=Lax${orgUrl.startsWith('https:') ? '; Secure' : ''}`;
}

export function setSessionCookie(reply: FastifyReply, orgUrl: string, value: string): void {
  reply.header('Set-Cookie', `${SESSION_COOKIE}=${value}; ${attributes(orgUrl)}`);
}

export function clearSessionCookie(reply: FastifyReply, orgUrl: string): void {
  reply.header('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(orgUrl)}`);
}
