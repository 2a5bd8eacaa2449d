/**
 * Tessera's own apps: OIDC clients that Tessera creates itself, each under an app `name` of its
 * own (every app the Apps API or Dynamic Client Registration creates is named `oidc_client`, and
 * neither lets a caller choose another name). The admin console's client is the one there is: its
 * tokens carry every `okta.*` scope of whoever signs in, so the target rules let only a super
 * administrator change it at all (target-rules.ts).
 */

/** The app `name` of the admin console's OIDC client (console/console-app.ts creates it at every start). */
export const CONSOLE_APP_NAME = 'tessera_admin_console';

/** Its label, as the Apps API and the System Log show it. */
export const CONSOLE_APP_LABEL = 'Tessera Admin Console';

/** Whether an app of this `name` is one of Tessera's own. */
export function isFirstPartyAppName(name: string): boolean {
  return name === CONSOLE_APP_NAME;
}
