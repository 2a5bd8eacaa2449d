/**
 * The wire shapes of apps and their parts, from the server's own schemas (type-only: nothing of
 * the server is bundled), and the few rules the pages share: what kind an app is, the console's
 * own app, the body of a replace (`PUT`).
 */
import type { Static } from '@sinclair/typebox';
import type { Grant } from '../../../../src/management/apps/grant-schemas';
import type { Jwk } from '../../../../src/management/apps/key-schemas';
import type { App } from '../../../../src/management/apps/schemas';
import type { ClientSecret as ClientSecretSchema } from '../../../../src/management/apps/secret-schemas';
import type { RoleAssignment as RoleAssignmentSchema } from '../../../../src/management/roles/schemas';

export type AppBody = App;
export type AppKey = Jwk;
export type ClientSecret = Static<typeof ClientSecretSchema>;
export type ScopeGrant = Grant;
export type ClientRole = Static<typeof RoleAssignmentSchema>;

/** The console's own OIDC client, made by Tessera at every start (src/console/console-app.ts). */
export const CONSOLE_APP_NAME = 'tessera_admin_console';

export const isConsoleApp = (app: Pick<AppBody, 'name'>): boolean => app.name === CONSOLE_APP_NAME;

const KINDS: Readonly<Record<string, string>> = {
  service: 'Service app',
  web: 'Web app',
  browser: 'Single-page app',
  native: 'Native app',
};

/** `settings.oauthClient.application_type` in words. */
export function kindOf(applicationType: string | undefined): string {
  return applicationType === undefined ? 'Unknown' : (KINDS[applicationType] ?? applicationType);
}

/** What the console calls an app: its label, or the built-in name for the console's own. */
export function titleOf(app: Pick<AppBody, 'name' | 'label'>): string {
  return isConsoleApp(app) ? 'Tessera Admin Console (built in)' : app.label;
}

const AUTH_METHODS: Readonly<Record<string, string>> = {
  private_key_jwt: 'Signed JWT with a private key (private_key_jwt)',
  client_secret_basic: 'Client secret, HTTP Basic (client_secret_basic)',
  client_secret_post: 'Client secret in the body (client_secret_post)',
  none: 'None: a public client with PKCE (none)',
};

export function authMethodOf(method: string): string {
  return AUTH_METHODS[method] ?? method;
}

export const usesSecret = (method: string): boolean => method === 'client_secret_basic' || method === 'client_secret_post';

/** The lines of a text area, trimmed, without blank ones. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface AppChanges {
  readonly label: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly dpop: boolean;
}

/**
 * A replace as Okta wants it: the whole app, with the changes. Settings left out would be reset
 * (the server replaces them), so everything the app answered goes back, except `jwks` and
 * `network`: without them the server keeps the app's keys (key-plan.ts), which the keys section
 * manages, and its network condition (whose zones are checked again when it is sent).
 */
export function replaceBody(app: AppBody, changes: AppChanges): unknown {
  const { jwks: _keys, network: _network, ...oauthClient } = app.settings.oauthClient;
  return {
    name: app.name,
    label: changes.label,
    signOnMode: app.signOnMode,
    credentials: { oauthClient: app.credentials.oauthClient },
    settings: {
      ...app.settings,
      oauthClient: {
        ...oauthClient,
        redirect_uris: changes.redirectUris,
        post_logout_redirect_uris: changes.postLogoutRedirectUris,
        dpop_bound_access_tokens: changes.dpop,
      },
    },
  };
}

/** The grant types that send a user through a redirect (and so need redirect URIs). */
export const usesRedirects = (app: AppBody): boolean =>
  app.settings.oauthClient.grant_types.includes('authorization_code') || app.settings.oauthClient.grant_types.includes('implicit');

/** A service app, or any app acting on its own with client credentials: the holder of client roles. */
export const actsAsItself = (app: AppBody): boolean => app.settings.oauthClient.grant_types.includes('client_credentials');
