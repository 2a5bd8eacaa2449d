/**
 * The client of an authorization request: an active OIDC app that is not a service app (a
 * service app has no user and no redirect URI). Failures here are never redirected
 * (RFC 6749 §4.1.2.1: the client cannot be trusted with the error).
 */
import type { AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import { AuthorizeError } from './authorize-error.js';
import { param, type AuthorizeParams } from './params.js';

export async function checkClient(store: Store, params: AuthorizeParams): Promise<AppRecord> {
  const clientId = param(params, 'client_id');
  if (clientId === undefined) throw new AuthorizeError('invalid_request', "The 'client_id' parameter is required.", false);
  const app = clientId.length <= 64 ? await store.apps.get(clientId) : undefined;
  if (app === undefined || app.status !== 'ACTIVE' || app.signOnMode !== 'OPENID_CONNECT') {
    throw new AuthorizeError('invalid_client', "Invalid value for 'client_id' parameter.", false);
  }
  if (app.applicationType === 'service') {
    throw new AuthorizeError('invalid_client', "Clients with 'application_type' of 'service' are not allowed to access the 'authorize' endpoint.", false);
  }
  return app;
}
