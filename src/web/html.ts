/**
 * Server-rendered HTML for the sign-in pages: no framework, no JavaScript. Every interpolated
 * value goes through `escapeHtml` (text and quoted attributes alike), and every page is sent
 * with a strict Content-Security-Policy that allows no script at all and only our one style
 * block (by its hash), cannot be framed (clickjacking), and is never cached.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:3rem 1rem;color:#1d1d21}',
  'main{max-width:22rem;margin:0 auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 4px rgba(0,0,0,.15)}',
  'h1{font-size:1.4rem;margin:0 0 1.5rem}label{display:block;margin:1rem 0 .3rem;font-weight:600}',
  'input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #8c8c96;border-radius:.25rem;font-size:1rem}',
  'button{margin-top:1.5rem;width:100%;padding:.7rem;border:0;border-radius:.25rem;background:#1662dd;color:#fff;font-size:1rem}',
  '.error{background:#fff0f0;border:1px solid #d93934;color:#a01f1b;padding:.6rem;border-radius:.25rem}',
].join('');

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'`,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
};

/** A whole page around `body` (already escaped HTML). `title` is escaped here. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
}
