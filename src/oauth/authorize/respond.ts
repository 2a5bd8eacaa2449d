/**
 * How the authorization endpoint answers:
 * - to the client's redirect URI, by `response_mode` `query` (302 with the parameters added to
 *   the URI's query, RFC 6749 §4.1.2) or `form_post` (an auto-submitting HTML form, OAuth 2.0
 *   Form Post Response Mode §2); `iss` is included (RFC 9207, mix-up defence);
 * - or on an error page when the client or its redirect URI is not valid (RFC 6749 §4.1.2.1:
 *   never redirect to an unverified URI). Every value in HTML is escaped.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../web/html.js';
import type { AuthorizeError } from './authorize-error.js';
import type { ResponseMode } from './check-response.js';

export interface RedirectTarget {
  readonly redirectUri: string;
  readonly mode: ResponseMode;
}

const SUBMIT_SCRIPT = 'document.forms[0].submit();';
const SUBMIT_SCRIPT_HASH = createHash('sha256').update(SUBMIT_SCRIPT).digest('base64');

function htmlHeaders(reply: FastifyReply, scriptHash?: string): FastifyReply {
  return reply
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .header('Content-Security-Policy', `default-src 'none'; ${scriptHash !== undefined ? `script-src 'sha256-${scriptHash}'; ` : ''}frame-ancestors 'none'`)
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'no-referrer')
    .type('text/html; charset=utf-8');
}

/** Sends `values` (code or error, state, iss) to the client, the way it asked. */
export function respondToClient(reply: FastifyReply, target: RedirectTarget, values: Readonly<Record<string, string | undefined>>): FastifyReply {
  const entries = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  if (target.mode === 'form_post') {
    const inputs = entries.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"/>`).join('');
    const page =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Submit This Form</title></head><body>' +
      `<form method="post" action="${escapeHtml(target.redirectUri)}">${inputs}` +
      '<noscript><p>JavaScript is disabled. Select Continue to go on.</p><button type="submit">Continue</button></noscript></form>' +
      `<script>${SUBMIT_SCRIPT}</script></body></html>`;
    return htmlHeaders(reply, SUBMIT_SCRIPT_HASH).code(200).send(page);
  }
  const url = new URL(target.redirectUri);
  for (const [name, value] of entries) url.searchParams.append(name, value);
  return reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').redirect(url.href, 302);
}

/** The page shown when the error cannot go back to the client. */
export function errorPage(reply: FastifyReply, error: AuthorizeError, status = 400): FastifyReply {
  const page =
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign-in error</title></head><body>' +
    '<h1>The sign-in request cannot be completed</h1>' +
    `<p id="error">${escapeHtml(error.error)}</p><p id="error_description">${escapeHtml(error.description)}</p>` +
    '</body></html>';
  return htmlHeaders(reply).code(status).send(page);
}

/** A 302 to another page of ours (the sign-in page). */
export function redirectTo(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('Cache-Control', 'no-store').redirect(location, 302);
}
