/**
 * POST /oauth2/v1/token, /introspect (RFC 7662) and /revoke (RFC 7009). The token endpoint is a
 * list of named steps: authenticate the client, check the grant type, bind DPoP, call the grant.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { assertionReplayed, claimedClientId, ClientAuthenticator, type AssertionUse } from '../client-auth.js';
import { endpoints, type OAuthDeps } from '../deps.js';
import { DpopNonces } from '../dpop/nonce.js';
import { OAuthError } from '../errors.js';
import { resolveMasterKey } from '../../crypto/master-key.js';
import type { DomainEvent, EventContext } from '../../events/event-bus.js';
import { eventContextOf } from '../../http/request-context.js';
import * as authorizationCode from './grants/authorization-code.js';
import * as clientCredentials from './grants/client-credentials.js';
import * as refreshToken from './grants/refresh-token.js';
import { dpopBinding, proofReplayed } from './dpop-binding.js';
import { GrantJournal, type Freshness } from './grant-journal.js';
import { SpentAssertions } from './spent-assertions.js';
import { introspect, revoke } from './token-lifecycle.js';
import { ExpiryJanitor } from '../expiry-janitor.js';
import type { TokenRequest } from './token-request.js';
import { grantTypesOf } from '../../store/oauth-records.js';
import type { LogActor } from '../../store/records.js';

const GRANTS = {
  [clientCredentials.grantType]: clientCredentials.handler,
  [authorizationCode.grantType]: authorizationCode.handler,
  [refreshToken.grantType]: refreshToken.handler,
} as const;

const Form = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 16_384 }), { maxProperties: 30 });

function formOf(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  // RFC 6749 §3.2: the token endpoint takes form-encoded parameters only (no JSON).
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' || typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
  }
  return body as Record<string, string>;
}

/**
 * The client as the actor of the token endpoint's events, as Okta's `app.oauth2.token.grant`
 * events name the app (actor.id = its client id, actor.displayName = its name): the
 * authenticated app, or for a request refused before that, the client it claimed to be.
 */
function clientActor(id: string, displayName: string): LogActor {
  return { id, type: 'PublicClientApp', alternateId: id, displayName, detailEntry: null };
}

/** The context of a request refused before its client was authenticated: the client it named, if any. */
function claimedContext(context: EventContext, authorization: string | undefined, form: Readonly<Record<string, string>>): EventContext {
  const claimed = claimedClientId(authorization, form);
  return claimed === undefined ? context : { ...context, actor: clientActor(claimed, claimed) };
}

function grantedEvent(clientId: string, jti: string): DomainEvent {
  return {
    type: 'app.oauth2.token.grant.access_token',
    displayMessage: 'OAuth2 access token is granted',
    targets: [{ id: jti, type: 'access_token', alternateId: clientId, displayName: 'Access Token', detailEntry: null }],
    outcome: { result: 'SUCCESS' },
  };
}

/** The System Log event of a refused request; none for the DPoP nonce handshake or an internal error. */
function refusedEvent(error: unknown): DomainEvent | undefined {
  if (!(error instanceof OAuthError) || error.error === 'use_dpop_nonce') return undefined;
  return {
    type: 'app.oauth2.token.grant.access_token',
    displayMessage: 'OAuth2 access token request refused',
    targets: [],
    outcome: { result: 'FAILURE', reason: `${error.error}: ${error.description}` },
  };
}

/** The answer to a request whose assertion (first) or DPoP proof (second) was already used. */
function replayAnswer([assertionFresh, proofFresh]: Freshness): OAuthError | undefined {
  if (assertionFresh === false) return assertionReplayed();
  if (proofFresh === false) return proofReplayed();
  return undefined;
}

export const tokenEndpointRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  const e = endpoints(deps.config.orgUrl);
  const clients = new ClientAuthenticator(deps.store, deps.clock);
  const nonces = new DpopNonces(resolveMasterKey(deps.config.masterKey, deps.config.databaseUrl));
  const janitor = new ExpiryJanitor(deps.store, deps.clock);
  const journal = new GrantJournal(deps.store, deps.events);
  const spent = new SpentAssertions();

  app.post('/oauth2/v1/token', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const form = formOf(request);
    const requestContext = eventContextOf(request);
    // The events name the authenticated client; until then (a refusal), the one claimed.
    let context: EventContext | undefined;
    await janitor.maybePurge();
    // The assertion's and the DPoP proof's `jti`s are recorded with the outcome's System Log
    // event (grant-journal.ts).
    let assertionUse: AssertionUse | undefined;
    let proofUse: AssertionUse | undefined;
    try {
      const client = await clients.authenticate({
        authorization: request.headers.authorization,
        form,
        query: request.query as Record<string, unknown>,
        audiences: [e.token, e.issuer],
        deferAssertionUse: true,
      });
      assertionUse = client.assertionUse;
      context = { ...requestContext, actor: clientActor(client.app.id, client.app.label), clientId: client.app.id };
      // A replay this node has already seen is refused before anything is signed for it.
      if (assertionUse !== undefined && spent.has(assertionUse, deps.clock.now())) throw assertionReplayed();
      // Okta's texts (oauth2-error-codes.json: token_request_missing_grant_type, unsupported_grant_type).
      const grantType = form['grant_type'];
      if (grantType === undefined || grantType === '') {
        throw new OAuthError('invalid_request', `The token request must specify a 'grant_type'. Valid values: [${Object.keys(GRANTS).join(', ')}]`);
      }
      const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType as keyof typeof GRANTS] : undefined;
      if (grant === undefined) {
        throw new OAuthError(
          'unsupported_grant_type',
          `The authorization grant type is not supported by the authorization server. Configured grant types: [${grantTypesOf(client.app).join(', ')}].`,
        );
      }
      // The proof names our token endpoint as published (RFC 9449 §4.3), never a Host-built URL.
      const proof = request.headers['dpop'];
      const binding = await dpopBinding(deps, nonces, client.app, typeof proof === 'string' ? proof : undefined, [e.token]);
      proofUse = binding?.use;
      if (binding?.refusal !== undefined) throw binding.refusal;
      const tokenRequest: TokenRequest = { form, dpopJkt: binding?.jkt, context };
      if (grantType !== clientCredentials.grantType && (assertionUse !== undefined || proofUse !== undefined)) {
        // A grant that consumes something (a code redeemed, a refresh token rotated) runs only
        // once its assertion and proof are spent: a replayed request must not consume what the
        // first one was given. (client_credentials consumes nothing: its uses are committed with
        // its event, below.) The refusal's event is written on the way out.
        const early = [assertionUse, proofUse];
        assertionUse = undefined;
        proofUse = undefined;
        const replayed = replayAnswer(await journal.commit(early, context, () => undefined));
        if (early[0] !== undefined) spent.add(early[0]);
        if (replayed !== undefined) throw replayed;
      }
      // A key rotated on another node (or by `tessera keys rotate`) is picked up before signing.
      await deps.keys.refreshIfStale();
      const response = await grant(deps, tokenRequest, client);
      // A replayed assertion or proof (here or on another node) is refused here: its token is
      // never sent.
      const uses = [assertionUse, proofUse];
      assertionUse = undefined;
      proofUse = undefined;
      const fresh = await journal.commit(uses, context, (f) => (f.every(Boolean) ? grantedEvent(client.app.id, response.issued.jti) : undefined));
      if (uses[0] !== undefined) spent.add(uses[0]);
      const replayed = replayAnswer(fresh);
      if (replayed !== undefined) throw replayed;
      return response.body;
    } catch (caught) {
      // A verified assertion or proof is spent even when the grant is refused (as when it was
      // recorded first); a replayed one is answered as such, whatever else was wrong.
      const uses = [assertionUse, proofUse];
      if (uses.every((use) => use === undefined) && refusedEvent(caught) === undefined) throw caught;
      const fresh = await journal.commit(uses, context ?? claimedContext(requestContext, request.headers.authorization, form), (f) =>
        refusedEvent(replayAnswer(f) ?? caught),
      );
      if (uses[0] !== undefined) spent.add(uses[0]);
      throw replayAnswer(fresh) ?? caught;
    }
  });

  app.post('/oauth2/v1/introspect', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const form = formOf(request);
    const client = await clients.authenticate({
      authorization: request.headers.authorization,
      form,
      query: request.query as Record<string, unknown>,
      audiences: [e.introspection, e.issuer],
    });
    return introspect(deps, client.app, form);
  });

  app.post('/oauth2/v1/revoke', { config: { access: 'none' }, schema: { body: Type.Optional(Form) } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const form = formOf(request);
    const client = await clients.authenticate({
      authorization: request.headers.authorization,
      form,
      query: request.query as Record<string, unknown>,
      audiences: [e.revocation, e.issuer],
    });
    await revoke(deps, eventContextOf(request), client.app, form);
    return reply.code(200).send();
  });
};
