/**
 * POST /oauth2/v1/token (RFC 6749 §3.2) as a list of named steps: authenticate the client →
 * check the network it asks from → refuse a known replay → check the grant type → bind DPoP →
 * spend what is consumed → refresh the signing keys → call the grant → commit what was issued.
 * A refused request spends what it verified and leaves its System Log event on the way out
 * (single-use.ts).
 */
import type { EventContext } from '../../events/event-bus.js';
import { grantTypesOf, type AppRecord } from '../../store/oauth-records.js';
import type { ClientAuthenticator, VerifiedClient } from '../client-auth.js';
import { endpoints, type OAuthDeps } from '../deps.js';
import type { DpopNonces } from '../dpop/nonce.js';
import { OAuthError } from '../errors.js';
import { checkClientNetwork } from './client-network.js';
import { dpopBinding } from './dpop-binding.js';
import { GRANTS, type Grant } from './grants/index.js';
import { UnspentUses, type SingleUse } from './single-use.js';
import { claimedContext, clientContext, grantedEvent, refusedEvent } from './token-events.js';
import type { TokenResponse } from './token-request.js';

/** What the endpoint reads of the HTTP request. */
export interface TokenHttpRequest {
  readonly form: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly authorization: string | undefined;
  /** The `DPoP` header. */
  readonly dpop: string | undefined;
  /** The request's event context, before its client is known. */
  readonly context: EventContext;
}

export class TokenEndpoint {
  private readonly urls: ReturnType<typeof endpoints>;

  constructor(
    private readonly deps: OAuthDeps,
    private readonly clients: ClientAuthenticator,
    private readonly nonces: DpopNonces,
    private readonly singleUse: SingleUse,
  ) {
    this.urls = endpoints(deps.config.orgUrl);
  }

  async handle(request: TokenHttpRequest): Promise<TokenResponse['body']> {
    const unspent = new UnspentUses();
    // The events name the authenticated client; until then (a refusal), the one claimed.
    let context: EventContext | undefined;
    try {
      const client = await this.authenticateClient(request, unspent);
      context = clientContext(request.context, client.app);
      await checkClientNetwork(this.deps.store, client.app, request.context.ipAddress);
      this.singleUse.refuseKnownReplay(unspent.assertion);
      const grant = checkGrantType(request.form, client.app);
      const dpopJkt = await this.bindDpop(request, client.app, unspent);
      await this.spendIfConsuming(grant, unspent, context);
      // A key rotated on another node (or by `tessera keys rotate`) is picked up before signing.
      await this.deps.keys.refreshIfStale();
      const response = await grant.handler(this.deps, { form: request.form, dpopJkt, context }, client);
      await this.singleUse.commitIssued(unspent.take(), context, grantedEvent(client.app.id, response.issued.jti));
      return response.body;
    } catch (caught) {
      context ??= claimedContext(request.context, request.authorization, request.form);
      throw await this.singleUse.commitRefused(unspent.take(), context, caught, refusedEvent);
    }
  }

  /** Verifies the client's credentials; its assertion's `jti` is left unspent, in `unspent`. */
  private async authenticateClient(request: TokenHttpRequest, unspent: UnspentUses): Promise<VerifiedClient> {
    const { authorization, form, query } = request;
    const client = await this.clients.verifyCredentials({ authorization, form, query, audiences: [this.urls.token, this.urls.issuer] });
    unspent.assertion = client.assertionUse;
    return client;
  }

  /**
   * The proof key's thumbprint for a DPoP-bound app (RFC 9449 §5), undefined for another app. The
   * proof's `jti` goes to `unspent` before a missing nonce is refused, so that the refusal spends it.
   */
  private async bindDpop(request: TokenHttpRequest, app: AppRecord, unspent: UnspentUses): Promise<string | undefined> {
    // The proof names our token endpoint as published (RFC 9449 §4.3), never a Host-built URL.
    const binding = await dpopBinding(this.deps, this.nonces, app, request.dpop, [this.urls.token]);
    unspent.proof = binding?.use;
    if (binding?.refusal !== undefined) throw binding.refusal;
    return binding?.jkt;
  }

  /**
   * A grant that consumes something runs only once its assertion and proof are spent: a replayed
   * request, here or on another node, must not redeem a code or rotate a refresh token again
   * (RFC 6749 §4.1.2, §10.4). client_credentials consumes nothing: its uses are committed with
   * its token's event.
   */
  private async spendIfConsuming(grant: Grant, unspent: UnspentUses, context: EventContext): Promise<void> {
    if (grant.consumes) await this.singleUse.spend(unspent.take(), context);
  }
}

/** The grant the request names, if this server has it (Okta's texts: token_request_missing_grant_type, unsupported_grant_type). */
function checkGrantType(form: Readonly<Record<string, string>>, app: AppRecord): Grant {
  const grantType = form['grant_type'];
  if (grantType === undefined || grantType === '') {
    throw new OAuthError('invalid_request', `The token request must specify a 'grant_type'. Valid values: [${[...GRANTS.keys()].join(', ')}]`);
  }
  const grant = GRANTS.get(grantType);
  if (grant === undefined) {
    throw new OAuthError(
      'unsupported_grant_type',
      `The authorization grant type is not supported by the authorization server. Configured grant types: [${grantTypesOf(app).join(', ')}].`,
    );
  }
  return grant;
}
