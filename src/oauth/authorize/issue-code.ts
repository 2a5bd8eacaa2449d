/**
 * Issues an authorization code (RFC 6749 §4.1.2): 256 random bits, shown once, stored as its
 * SHA-256 digest with what it grants, bound to the client and the redirect URI, valid for 60
 * seconds (RFC 6749 §4.1.2 recommends at most 10 minutes; Okta's codes live 60 s) and usable
 * once (token/grants/authorization-code.ts).
 */
import { randomBytes } from 'node:crypto';
import { isoAt } from '../../clock.js';
import { secretDigest } from '../../crypto/secret-digest.js';
import type { EventBus, EventContext } from '../../events/event-bus.js';
import { userTarget } from '../../events/event-bus.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';

export const CODE_LIFETIME_MS = 60_000;

export interface CodeGrant {
  readonly app: AppRecord;
  readonly user: UserRecord;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly nonce: string | null;
  readonly codeChallenge: string | null;
  readonly sessionId: string;
  readonly authTime: string;
  readonly amr: readonly string[];
}

export async function issueCode(store: Store, events: EventBus, context: EventContext, now: number, grant: CodeGrant): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await store.transaction(async (tx) => {
    await tx.authorization.insertCode({
      digest: secretDigest(code),
      clientId: grant.app.id,
      userId: grant.user.id,
      redirectUri: grant.redirectUri,
      scopes: grant.scopes,
      nonce: grant.nonce,
      codeChallenge: grant.codeChallenge,
      sessionId: grant.sessionId,
      authTime: grant.authTime,
      amr: grant.amr,
      expires: isoAt(now + CODE_LIFETIME_MS),
      used: null,
      issuedAccessToken: null,
      issuedFamily: null,
    });
    // The signed-in user is the actor (the request itself carries no credential).
    const user = userTarget(grant.user);
    const actor = { id: user.id, type: 'User', alternateId: user.alternateId, displayName: user.displayName, detailEntry: null };
    await events.emit(
      tx,
      { ...context, actor, clientId: grant.app.id },
      {
        type: 'app.oauth2.authorize.code',
        displayMessage: 'OAuth2 authorization code request',
        targets: [user, { id: grant.app.id, type: 'AppInstance', alternateId: grant.app.label, displayName: grant.app.label, detailEntry: null }],
        outcome: { result: 'SUCCESS' },
      },
    );
  });
  return code;
}
