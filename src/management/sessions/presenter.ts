/** SessionRecord → Okta `Session` (Okta's Management API reference): `amr` as Okta's ("pwd"), the identity provider is the org itself. */
import { textOf, type UserRecord } from '../../store/records.js';
import type { SessionRecord } from '../../store/session-store.js';
import type { Session } from './schemas.js';

export interface SessionView {
  /** `me` for /api/v1/sessions/me, whose links name it that way; else the id. */
  readonly selfId: string;
  readonly orgUrl: string;
  /** The org's id: Okta names the org's own identity provider with it (`idp.type` OKTA). */
  readonly orgId: string;
}

export function presentSession(session: SessionRecord, user: UserRecord, view: SessionView): Session {
  const self = `${view.orgUrl}/api/v1/sessions/${view.selfId}`;
  const login = textOf(user.profile['login']);
  const name = [user.profile['firstName'], user.profile['lastName']].filter((p) => typeof p === 'string').join(' ');
  return {
    id: session.id,
    login,
    userId: user.id,
    status: session.status,
    amr: [...session.amr],
    createdAt: session.created,
    expiresAt: session.expires,
    lastPasswordVerification: session.lastPasswordVerification,
    lastFactorVerification: null,
    idp: { id: view.orgId, type: 'OKTA' },
    mfaActive: false,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${self}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: name === '' ? login : name, href: `${view.orgUrl}/api/v1/users/${user.id}`, hints: { allow: ['GET'] } },
    },
  };
}
