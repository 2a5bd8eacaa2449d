/**
 * The admin console at /admin: the single-page app Vite builds into `TESSERA_CONSOLE_DIR`
 * (`index.html` and `assets/<name>-<hash>.js|.css`, each with `.br` and `.gz` siblings), served by
 * `@fastify/static`, which picks the precompressed sibling the browser accepts.
 *
 * - `/` and `/admin` redirect to `/admin/`.
 * - `/admin/assets/*`: the file, cached for a year (`immutable`: its name changes with its content);
 *   an unknown asset is a 404, never the page, so a stale script fails loudly.
 * - `/admin/`, and every other GET under it that is no file (the console's own routes, such as
 *   `/admin/tokens/abc` or `/admin/callback`): `index.html`, revalidated on every load (`no-cache`)
 *   so that a new build is picked up at once. Without one (not built), 503 saying so; the server
 *   runs regardless.
 * - `/admin/config.json`: the sign-in settings (console-config.ts), never cached.
 *
 * Every answer carries a strict Content-Security-Policy (no inline script or style, no framing),
 * `nosniff` and `no-referrer`. None of these routes takes an API credential or is under /api/v1:
 * the endpoint table does not apply, and the rate limit counts none of them (static files and the
 * id of a public client are no API budget; config.json reads the database at most every ten
 * seconds).
 */
import { stat } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { StoreUnavailable, type Store } from '../store/store.js';
import { ConsoleConfig, consoleClientLookup, consoleConfigOf } from './console-config.js';

export interface ConsoleRouteDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
}

/** The console's CSP: its own origin only (the API and the authorization server are on it), images also as data: URLs. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const TEXT = 'text/plain; charset=utf-8';
const NOT_BUILT = 'The admin console is not built. Run `npm run build` (it writes dist/web), or point TESSERA_CONSOLE_DIR at a build, then reload.\n';

const route = { config: { access: 'none' as const } };

/** The request's path as the router saw it: decoded, duplicate slashes folded. */
function routedPath(request: FastifyRequest): string {
  const raw = request.url.split('?')[0] ?? '';
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: it names no file either.
  }
  return path.replace(/\/{2,}/g, '/');
}

const isAssetPath = (path: string): boolean => path === '/admin/assets' || path.startsWith('/admin/assets/');

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export const consoleRoutes: FastifyPluginAsyncTypebox<ConsoleRouteDeps> = async (app, deps) => {
  const { consoleDir, orgUrl } = deps.config;
  const assetsDir = join(consoleDir, 'assets') + sep;
  const indexFile = join(consoleDir, 'index.html');
  const clientId = consoleClientLookup(deps.store, deps.clock);
  if (!(await isFile(indexFile))) app.log.warn(`the admin console is not built (no ${indexFile}): /admin answers 503 until it is`);

  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });

  app.get('/', route, async (_request, reply) => reply.redirect(`${orgUrl}/admin/`, 302));
  app.get('/admin', route, async (_request, reply) => reply.redirect(`${orgUrl}/admin/`, 301));

  await app.register(
    async (admin) => {
      await admin.register(fastifyStatic, {
        root: consoleDir,
        prefix: '/',
        wildcard: true,
        index: false,
        redirect: false,
        list: false,
        preCompressed: true,
        dotfiles: 'ignore',
        // Set below per file: send's own header would be the same for every file.
        cacheControl: false,
        // An absent directory is reported once, above, in our words.
        suppressWarning: true,
        setHeaders: (reply, path) => {
          reply.header('cache-control', path.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
        },
      });

      /** The page itself, whatever console route was asked for; 503 until it is built. */
      async function sendIndex(reply: FastifyReply): Promise<FastifyReply> {
        if (!(await isFile(indexFile))) return reply.code(503).header('cache-control', 'no-store').type(TEXT).send(NOT_BUILT);
        return reply.code(200).sendFile('index.html');
      }

      admin.get('/', { ...route, prefixTrailingSlash: 'slash' }, async (_request, reply) => sendIndex(reply));

      admin.get('/config.json', { ...route, schema: { response: { 200: ConsoleConfig, 503: Type.String() } } }, async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        const id = await clientId();
        if (id === undefined) return reply.code(503).type(TEXT).send('The admin console has no OIDC client yet: it is made when the server starts.\n');
        return consoleConfigOf(orgUrl, id);
      });

      // What is no file: under assets/ a 404, anywhere else a route of the console, so its page.
      admin.setNotFoundHandler(async (request, reply) => {
        if ((request.method === 'GET' || request.method === 'HEAD') && !isAssetPath(routedPath(request))) return sendIndex(reply);
        return reply.code(404).header('cache-control', 'no-store').type(TEXT).send('Not found\n');
      });

      admin.setErrorHandler((error, request, reply) => {
        const given = (error as { statusCode?: unknown }).statusCode;
        const status = error instanceof StoreUnavailable ? 503 : typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
        if (status >= 500) request.log.error({ err: error }, 'admin console error');
        return reply
          .code(status)
          .header('cache-control', 'no-store')
          .type(TEXT)
          .send(`${STATUS_CODES[status] ?? 'Error'}\n`);
      });
    },
    { prefix: '/admin' },
  );
};
