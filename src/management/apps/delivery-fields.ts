/**
 * The settings of an app that decide where its tokens are delivered and who can redeem them:
 * redirect targets, grant and response types, client type, how the client authenticates,
 * PKCE, DPoP binding, refresh-token rotation and the network the client may ask from. Changing any of them on an app whose tokens
 * carry Okta API scopes or admin roles is guarded by the target rules (auth/target-rules.ts,
 * `app.delivery.change`): whoever can redirect a granted app's codes receives its users' rights.
 */
import type { AppRecord } from '../../store/oauth-records.js';

const OAUTH_CLIENT_FIELDS = [
  'redirect_uris',
  'post_logout_redirect_uris',
  'initiate_login_uri',
  'grant_types',
  'response_types',
  'application_type',
  'dpop_bound_access_tokens',
  'refresh_token',
  // Where the client may request tokens from (Okta `settings.oauthClient.network`).
  'network',
] as const;

/** The delivery settings that differ between `before` and `after`, by their Okta names. */
export function changedDeliveryFields(before: AppRecord, after: AppRecord): string[] {
  const changed: string[] = [];
  for (const field of OAUTH_CLIENT_FIELDS) {
    if (JSON.stringify(before.oauthClient[field] ?? null) !== JSON.stringify(after.oauthClient[field] ?? null)) changed.push(field);
  }
  if (before.applicationType !== after.applicationType && !changed.includes('application_type')) changed.push('application_type');
  if (before.tokenEndpointAuthMethod !== after.tokenEndpointAuthMethod) changed.push('token_endpoint_auth_method');
  if (before.pkceRequired !== after.pkceRequired) changed.push('pkce_required');
  return changed;
}
