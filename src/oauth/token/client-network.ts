/**
 * The network condition of a client at the token endpoint (Okta `settings.oauthClient.network`,
 * `OpenIdConnectApplicationNetwork`): a token request from an address the condition does not
 * admit is refused with Okta's answer, 403 `{"error": "access_denied", "error_description": "The
 * request is made from outside the client's permitted network zones."}` (Okta OAuth 2.0 API,
 * `/oauth2/v1/token`, example `OAuthError403AccessDenied_InvalidNetworkZone`). The address is
 * the request's (`request.ip`: X-Forwarded-For only through TESSERA_TRUST_PROXY). The zones are a
 * kept read (store/kept-reads.ts); an app without a condition reads nothing.
 */
import type { AppRecord } from '../../store/oauth-records.js';
import type { JsonObject } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { storedCondition, zoneIdsOf } from '../../management/zones/network-condition.js';
import { networkCheck } from '../../management/zones/zone-match.js';
import { OAuthError } from '../errors.js';

export const OUTSIDE_NETWORK = "The request is made from outside the client's permitted network zones.";

function conditionOf(app: AppRecord): JsonObject | undefined {
  const value = app.oauthClient['network'];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** Throws `access_denied` when the client's network condition does not admit `address`. */
export async function checkClientNetwork(store: Store, app: AppRecord, address: string | null): Promise<void> {
  const condition = storedCondition(conditionOf(app));
  if (condition?.connection === 'ANYWHERE') return;
  const zones = condition === undefined ? [] : await store.networkZones.getMany(zoneIdsOf(condition));
  if (!networkCheck(condition, zones)(address)) throw new OAuthError('access_denied', OUTSIDE_NETWORK);
}
