/**
 * ApiTokenRecord → Okta `ApiToken` JSON (Okta Management API, ApiToken example): `_links.self` with
 * `hints.allow ["GET","DELETE"]` and `_links.user` with `["GET"]`, absolute from the org URL.
 * The secret is never stored and its digest is never presented.
 */
import type { ApiTokenRecord } from '../../store/records.js';
import type { PresentedLastUse } from '../insights/service.js';
import type { ApiToken } from './schemas.js';

/** Okta's `network`: the connection, and the zone list it has (`include` or `exclude`), only when set. */
function networkOf(token: ApiTokenRecord): ApiToken['network'] {
  const { connection, include, exclude } = token.network;
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.length > 0 ? value.filter((v): v is string => typeof v === 'string') : undefined;
  const included = list(include);
  const excluded = list(exclude);
  return {
    connection: typeof connection === 'string' ? connection : 'ANYWHERE',
    ...(included !== undefined ? { include: included } : {}),
    ...(excluded !== undefined ? { exclude: excluded } : {}),
  };
}

/**
 * `expiresAt` is the token's effective last use + its window, computed by the caller.
 * `lastUsed` (when, from where, with which client) is a Tessera extension, as Okta's console shows it.
 */
export function presentApiToken(token: ApiTokenRecord, expiresAt: string, orgUrl: string, lastUsed: PresentedLastUse | null): ApiToken {
  return {
    id: token.id,
    name: token.name,
    userId: token.userId,
    clientName: token.clientName,
    created: token.created,
    lastUpdated: token.lastUpdated,
    expiresAt,
    tokenWindow: token.tokenWindow,
    network: networkOf(token),
    lastUsed,
    _links: {
      self: { href: `${orgUrl}/api/v1/api-tokens/${token.id}`, hints: { allow: ['GET', 'DELETE'] } },
      user: { href: `${orgUrl}/api/v1/users/${token.userId}`, hints: { allow: ['GET'] } },
    },
  };
}
