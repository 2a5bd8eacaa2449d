/**
 * The console as a public OpenID Connect client of Tessera's own org authorization server:
 * authorization code with PKCE (RFC 7636), refresh tokens, RP-initiated logout. Tokens live in
 * memory only; what survives the redirect to the sign-in page (the PKCE verifier, state, nonce
 * and where to return) is kept in sessionStorage, which holds no credential.
 */
import * as oauth from 'oauth4webapi';

export interface ConsoleConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly idToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const PENDING = 'tessera.console.pending';
const SIGNED_OUT = 'tessera.console.signedOut';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
}

export const CALLBACK_PATH = '/admin/callback';

function tokensOf(response: oauth.TokenEndpointResponse, previous?: Tokens): Tokens {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken ?? '',
    expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
  };
}

export class Oidc {
  private constructor(
    readonly config: ConsoleConfig,
    private readonly as: oauth.AuthorizationServer,
    private readonly client: oauth.Client,
    private readonly options: { [oauth.allowInsecureRequests]?: boolean },
  ) {}

  static async load(): Promise<Oidc> {
    const response = await fetch('/admin/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`The console's configuration could not be read (HTTP ${response.status}).`);
    const config = (await response.json()) as ConsoleConfig;
    const issuer = new URL(config.issuer);
    // Plain http only where the server itself runs on it (a local install); oauth4webapi refuses it otherwise.
    const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
    return new Oidc(config, as, { client_id: config.clientId }, options);
  }

  private redirectUri(): string {
    return new URL(CALLBACK_PATH, location.origin).href;
  }

  /** Leaves the page for the authorization endpoint; the hosted sign-in page asks only when there is no session. */
  async signIn(returnTo: string): Promise<void> {
    const pending: Pending = {
      verifier: oauth.generateRandomCodeVerifier(),
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      returnTo,
    };
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    sessionStorage.removeItem(SIGNED_OUT);
    const url = new URL(this.as.authorization_endpoint ?? `${this.config.issuer}/oauth2/v1/authorize`);
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri());
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', this.config.scopes.join(' '));
    url.searchParams.set('state', pending.state);
    url.searchParams.set('nonce', pending.nonce);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    location.assign(url.href);
  }

  /** Redeems the code the authorization server sent to the callback. */
  async finish(callback: URL): Promise<{ tokens: Tokens; returnTo: string }> {
    const raw = sessionStorage.getItem(PENDING);
    sessionStorage.removeItem(PENDING);
    if (raw === null) throw new Error('This sign-in was not started here, or was already finished. Start again.');
    const pending = JSON.parse(raw) as Pending;
    const params = oauth.validateAuthResponse(this.as, this.client, callback, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(this.as, this.client, oauth.None(), params, this.redirectUri(), pending.verifier, this.options);
    const result = await oauth.processAuthorizationCodeResponse(this.as, this.client, response, { expectedNonce: pending.nonce, requireIdToken: true });
    return { tokens: tokensOf(result), returnTo: pending.returnTo };
  }

  async refresh(tokens: Tokens): Promise<Tokens> {
    if (tokens.refreshToken === undefined) throw new Error('No refresh token');
    const response = await oauth.refreshTokenGrantRequest(this.as, this.client, oauth.None(), tokens.refreshToken, this.options);
    return tokensOf(await oauth.processRefreshTokenResponse(this.as, this.client, response), tokens);
  }

  /** RP-initiated logout: the browser session at Tessera ends too. */
  signOut(tokens: Tokens): void {
    const state = oauth.generateRandomState();
    sessionStorage.setItem(SIGNED_OUT, state);
    const url = new URL(this.as.end_session_endpoint ?? `${this.config.issuer}/oauth2/v1/logout`);
    url.searchParams.set('id_token_hint', tokens.idToken);
    url.searchParams.set('post_logout_redirect_uri', new URL('/admin/', location.origin).href);
    url.searchParams.set('state', state);
    location.assign(url.href);
  }

  /** True on the page the logout redirected back to (its `state` is the one we sent). */
  static justSignedOut(url: URL): boolean {
    const expected = sessionStorage.getItem(SIGNED_OUT);
    return expected !== null && url.searchParams.get('state') === expected;
  }
}

/** The claims of our own access token, for what the console shows (the API decides, not this). */
export function accessTokenClaims(token: string): { sub: string; uid?: string; scp: readonly string[]; exp: number } {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(json) as { sub?: unknown; uid?: unknown; scp?: unknown; exp?: unknown };
  return {
    sub: typeof claims.sub === 'string' ? claims.sub : '',
    ...(typeof claims.uid === 'string' ? { uid: claims.uid } : {}),
    scp: Array.isArray(claims.scp) ? claims.scp.filter((s): s is string => typeof s === 'string') : [],
    exp: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}
