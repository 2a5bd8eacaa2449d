/**
 * The token endpoint's System Log events (`app.oauth2.token.grant.access_token`) and who they
 * name: as Okta's `app.oauth2.token.grant` events name the app (actor.id = its client id,
 * actor.displayName = its name), the authenticated client, or for a request refused before
 * that, the client it claimed to be.
 */
import type { DomainEvent, EventContext } from '../../events/event-bus.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { LogActor } from '../../store/records.js';
import { claimedClientId } from '../client-auth.js';
import { OAuthError } from '../errors.js';

function clientActor(id: string, displayName: string): LogActor {
  return { id, type: 'PublicClientApp', alternateId: id, displayName, detailEntry: null };
}

/** The context of a request whose client is authenticated. */
export function clientContext(context: EventContext, app: AppRecord): EventContext {
  return { ...context, actor: clientActor(app.id, app.label), clientId: app.id };
}

/** The context of a request refused before its client was authenticated: the client it named, if any. */
export function claimedContext(context: EventContext, authorization: string | undefined, form: Readonly<Record<string, string>>): EventContext {
  const claimed = claimedClientId(authorization, form);
  return claimed === undefined ? context : { ...context, actor: clientActor(claimed, claimed) };
}

export function grantedEvent(clientId: string, jti: string): DomainEvent {
  return {
    type: 'app.oauth2.token.grant.access_token',
    displayMessage: 'OAuth2 access token is granted',
    targets: [{ id: jti, type: 'access_token', alternateId: clientId, displayName: 'Access Token', detailEntry: null }],
    outcome: { result: 'SUCCESS' },
  };
}

/** The System Log event of a refused request; none for the DPoP nonce handshake or an internal error. */
export function refusedEvent(error: unknown): DomainEvent | undefined {
  if (!(error instanceof OAuthError) || error.error === 'use_dpop_nonce') return undefined;
  return {
    type: 'app.oauth2.token.grant.access_token',
    displayMessage: 'OAuth2 access token request refused',
    targets: [],
    outcome: { result: 'FAILURE', reason: `${error.error}: ${error.description}` },
  };
}
