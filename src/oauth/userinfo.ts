/**
 * GET and POST /oauth2/v1/userinfo (OpenID Connect Core §5.3): the claims of the user behind a
 * user-context access token with the `openid` scope. `sub` is the user id (as in the ID token);
 * `profile` adds name, given_name, family_name, preferred_username, locale, zoneinfo and
 * updated_at; `email` adds email and email_verified (§5.4). The token is checked as on the
 * Management API (signature, revocation, app and user state, DPoP binding). Failures carry
 * `WWW-Authenticate` (RFC 6750 §3): 401 invalid_token, 403 insufficient_scope, with Okta's texts;
 * a bad DPoP proof is a 401 invalid_dpop_proof with a DPoP challenge (RFC 9449 §7.1).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { UserRecord } from '../store/records.js';
import { endpoints, type OAuthDeps } from './deps.js';
import { invalidTokenChallenge } from './resource/challenges.js';
import { OAuthError } from './errors.js';
import { BearerRejected } from './resource/bearer-authenticator.js';

const Claims = Type.Object(
  {
    sub: Type.String(),
    name: Type.Optional(Type.String()),
    given_name: Type.Optional(Type.String()),
    family_name: Type.Optional(Type.String()),
    preferred_username: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String()),
    zoneinfo: Type.Optional(Type.String()),
    updated_at: Type.Optional(Type.Integer()),
    email: Type.Optional(Type.String()),
    email_verified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

type UserinfoClaims = Static<typeof Claims>;

const INVALID_TOKEN = 'The access token is invalid.';
/** Okta's 403 text (Okta's OpenID Connect API reference, /oauth2/v1/userinfo). */
const INSUFFICIENT_SCOPE = 'The access token must provide access to at least one of these scopes - profile, email, address or phone';

function text(user: UserRecord, key: string): string | undefined {
  const value = user.profile[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function userinfoClaims(user: UserRecord, scopes: ReadonlySet<string>): UserinfoClaims {
  const given = text(user, 'firstName');
  const family = text(user, 'lastName');
  const login = text(user, 'login');
  const locale = text(user, 'locale');
  const zoneinfo = text(user, 'timezone') ?? text(user, 'timeZone');
  const email = text(user, 'email');
  const name = [given, family].filter((p) => p !== undefined).join(' ');
  return {
    sub: user.id,
    ...(scopes.has('profile')
      ? {
          ...(name !== '' ? { name } : {}),
          ...(given !== undefined ? { given_name: given } : {}),
          ...(family !== undefined ? { family_name: family } : {}),
          ...(login !== undefined ? { preferred_username: login } : {}),
          ...(locale !== undefined ? { locale } : {}),
          ...(zoneinfo !== undefined ? { zoneinfo } : {}),
          updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
        }
      : {}),
    // An activated user has proven the address (Okta marks it verified on activation).
    ...(scopes.has('email') && email !== undefined ? { email, email_verified: user.activated !== null } : {}),
  };
}

export const userinfoRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  const { bearer } = deps;
  const e = endpoints(deps.config.orgUrl);
  const challenge = (error: string, description: string): Record<string, string> => ({
    'WWW-Authenticate': `Bearer authorization_uri="${e.authorization}", realm="${e.issuer}", scope="openid", error="${error}", error_description="${description}", resource="/oauth2/v1/userinfo"`,
  });

  async function handle(request: FastifyRequest): Promise<UserinfoClaims> {
    const match = /^(Bearer|DPoP) +(\S+)$/i.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined || match[2] === undefined) throw new OAuthError('invalid_token', INVALID_TOKEN, challenge('invalid_token', INVALID_TOKEN));
    const proof = request.headers['dpop'];
    let principal;
    try {
      principal = await bearer.authenticate({
        scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer',
        token: match[2],
        method: request.method,
        // Our userinfo endpoint as published (RFC 9449 §4.3), never a URL built from the Host header.
        urls: () => [e.userinfo],
        proof: typeof proof === 'string' ? proof : undefined,
      });
    } catch (error) {
      if (!(error instanceof BearerRejected)) throw error;
      // RFC 9449 §7.1: a bad proof is answered with the DPoP scheme's invalid_dpop_proof.
      if (error.reason === 'invalid_dpop_proof') {
        throw new OAuthError(
          'invalid_dpop_proof',
          error.description,
          { 'WWW-Authenticate': invalidTokenChallenge(deps.config.orgUrl, true, 'invalid_dpop_proof', error.description) },
          401,
        );
      }
      throw new OAuthError('invalid_token', INVALID_TOKEN, challenge('invalid_token', INVALID_TOKEN));
    }
    const scopes = principal.credential.kind === 'access_token' ? principal.credential.scopes : new Set<string>();
    if (principal.subject.kind !== 'user' || !scopes.has('openid'))
      throw new OAuthError('insufficient_scope', INSUFFICIENT_SCOPE, challenge('insufficient_scope', INSUFFICIENT_SCOPE));
    const user = await deps.store.users.get(principal.subject.userId);
    if (user === undefined) throw new OAuthError('invalid_token', INVALID_TOKEN, challenge('invalid_token', INVALID_TOKEN));
    return userinfoClaims(user, scopes);
  }

  const schema = { response: { 200: Claims } };
  app.get('/oauth2/v1/userinfo', { config: { access: 'none' }, schema }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return handle(request);
  });
  // POST carries its token in the header too; a body (form or none) is ignored, so it has no schema.
  app.post('/oauth2/v1/userinfo', { config: { access: 'none' }, schema }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return handle(request);
  });
};
