/**
 * The token endpoint's System Log events (`app.oauth2.token.grant.access_token`) and who they
 * name: as Okta's `app.oauth2.token.grant` events name the app (actor.id = its client id,
 * actor.displayName = its name), the authenticated client, or for a request refused before
 * that, the client it claimed to be.
 */
import type { DomainEvent, EventBus, EventContext } from '../../events/event-bus.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { LogActor, LogTarget } from '../../store/records.js';
import type { Store } from '../../store/store.js';
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

type TokenKind = 'access_token' | 'refresh_token';

const TOKEN_NAMES: Readonly<Record<TokenKind, string>> = { access_token: 'Access Token', refresh_token: 'Refresh Token' };

/** A token of `clientId` as a System Log target, by its id (never its value); a family is named `Refresh Token Family`. */
export function tokenTarget(type: TokenKind, id: string, clientId: string, displayName: string = TOKEN_NAMES[type]): LogTarget {
  return { id, type, alternateId: clientId, displayName, detailEntry: null };
}

/** Writes `event`, about tokens of `clientId`, in `tx`, with that client in the event's context. */
export function emitClientEvent(events: EventBus, tx: Store, context: EventContext, clientId: string, event: DomainEvent): Promise<void> {
  return events.emit(tx, { ...context, clientId }, event);
}

export function grantedEvent(clientId: string, jti: string): DomainEvent {
  return {
    type: 'app.oauth2.token.grant.access_token',
    displayMessage: 'OAuth2 access token is granted',
    targets: [tokenTarget('access_token', jti, clientId)],
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
