/**
 * The one check every grant makes first: the app lists this `grant_type` in
 * `settings.oauthClient.grant_types` (RFC 6749 §5.2 unauthorized_client; the text is Okta's).
 */
import { OAuthError } from '../../errors.js';
import { grantTypesOf, type AppRecord } from '../../../store/oauth-records.js';

export function requireGrantType(app: AppRecord, grantType: string): void {
  const configured = grantTypesOf(app);
  if (!configured.includes(grantType)) {
    throw new OAuthError(
      'unauthorized_client',
      `The client is not authorized to use the provided grant type. Configured grant types: [${configured.join(', ')}].`,
    );
  }
}
