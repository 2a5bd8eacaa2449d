/**
 * Usage of the Management API's credentials (migration 2026-12-07T23-00_credential-usage): per UTC
 * day, the requests of one credential counted by endpoint, the permission the access decision
 * used, how it allowed them, and their outcome; and each credential's last use. A node adds its
 * own counts to rows of its own (`nodeId`), so nodes never contend on a row and the sums over
 * nodes are exact; last uses only move forward.
 */

/** API tokens (SSWS) and OAuth clients (service apps and user-context clients) by their app id. */
export type CredentialType = 'API_TOKEN' | 'APP';

/** How the access decision let the request through, or `none` when it refused it. */
export type UsageVia = 'permission' | 'self' | 'own_objects' | 'none';

/** SUCCESS: answered 2xx/3xx; REFUSED: refused by the access decision or a target rule; FAILED: every other error. */
export type UsageOutcome = 'SUCCESS' | 'REFUSED' | 'FAILED';

export interface UsageCount {
  readonly credentialType: CredentialType;
  readonly credentialId: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly method: string;
  /** The route pattern as registered (`/api/v1/users/:userId`), never the concrete path. */
  readonly route: string;
  /** The `okta.*` permission the endpoint asks for. */
  readonly permission: string;
  /** The `okta.*` scope the endpoint asks of an access token. */
  readonly scope: string;
  readonly via: UsageVia;
  readonly outcome: UsageOutcome;
  readonly requests: number;
  /** The latest of these requests (ISO-8601). */
  readonly lastAt: string;
}

export interface LastUse {
  readonly credentialType: CredentialType;
  readonly credentialId: string;
  readonly at: string;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
}

export interface UsageQuery {
  readonly credentialType: CredentialType;
  readonly credentialIds: readonly string[];
  /** Inclusive UTC days. */
  readonly sinceDay: string;
  readonly untilDay: string;
}

export interface UsageRepository {
  /** Adds these counts to this node's rows (a row's `requests` grows, its `lastAt` only moves forward). */
  add(nodeId: string, counts: readonly UsageCount[]): Promise<void>;
  /** Records last uses; a stored one is replaced only by a later one. */
  recordLastUses(uses: readonly LastUse[]): Promise<void>;
  /** The counts of these credentials in the window, summed over nodes, one row per credential, day, endpoint, via and outcome. */
  counts(query: UsageQuery): Promise<UsageCount[]>;
  /** The last use of each of these credentials that has one. */
  lastUses(credentialType: CredentialType, credentialIds: readonly string[]): Promise<Map<string, LastUse>>;
  /** Deletes the counts of days before `day`; returns how many rows went. */
  purgeBefore(day: string): Promise<number>;
}
