/**
 * `GET /admin/config.json`: what the console needs to sign in, read at start instead of an inline
 * script (the console's CSP allows none): the issuer (the org URL, as discovery says), its client
 * id and the scopes to ask for.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { CONSOLE_SCOPES, findConsoleApp } from './console-app.js';

export const ConsoleConfig = Type.Object({
  /** The org authorization server's issuer: `TESSERA_ORG_URL`. */
  issuer: Type.String(),
  /** The console app's id, its OAuth `client_id`. */
  clientId: Type.String(),
  /** `openid profile email offline_access` and every `okta.*` scope. */
  scopes: Type.Array(Type.String()),
});
export type ConsoleConfig = Static<typeof ConsoleConfig>;

export function consoleConfigOf(orgUrl: string, clientId: string): ConsoleConfig {
  return { issuer: orgUrl, clientId, scopes: [...CONSOLE_SCOPES] };
}

/** How long a node answers config.json from what it last read: the page is public and rate-limited by nothing. */
export const CONSOLE_CLIENT_TTL_MS = 10_000;

/**
 * The console app's client id, read at most once per `ttlMs` (found or not), so that requests
 * for the public config cost the database at most one query in that time. The id changes only
 * when a super admin deletes the app and the next start makes it again.
 */
export function consoleClientLookup(store: Store, clock: Clock, ttlMs = CONSOLE_CLIENT_TTL_MS): () => Promise<string | undefined> {
  let kept: { readonly clientId: string | undefined; readonly until: number } | undefined;
  return async () => {
    const now = clock.now();
    if (kept !== undefined && now < kept.until) return kept.clientId;
    const app = await findConsoleApp(store);
    kept = { clientId: app?.id, until: now + ttlMs };
    return kept.clientId;
  };
}
