/**
 * The records the core reads and writes through the store. They are domain shapes
 * (camelCase, parsed JSON), not rows: the Kysely repositories convert.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * A stored value as text: a string as it is, a number or boolean printed; anything else (absent,
 * null, an array or object) is `fallback`. For profile attributes and other JSON read back.
 */
export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

export const USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * Which statuses keep a user's credentials working: the API tokens the user owns (SSWS), the
 * access and refresh tokens and the codes issued to the user. The one table for the Management
 * API and the authorization server alike; a status added to USER_STATUSES must take a side here.
 * Sessions and sign-ins are another rule (only an ACTIVE user signs in or keeps using a session).
 */
export const KEEPS_CREDENTIALS: Readonly<Record<UserStatus, boolean>> = {
  // Not yet activated: nothing of theirs may act yet.
  STAGED: false,
  PROVISIONED: false,
  ACTIVE: true,
  // A reset, an expired password or a lockout stops the next sign-in, not what was issued before.
  RECOVERY: true,
  PASSWORD_EXPIRED: true,
  LOCKED_OUT: true,
  // A suspension only pauses them (unsuspending brings them back).
  SUSPENDED: false,
  // A deactivation ends them for good (Okta: "any API token created by that user account is
  // deprovisioned at the same time").
  DEPROVISIONED: false,
};

const KEEPING: ReadonlySet<string> = new Set(USER_STATUSES.filter((status) => KEEPS_CREDENTIALS[status]));

/** Whether a user in `status` keeps using their credentials (KEEPS_CREDENTIALS); an unknown status does not. */
export function keepsCredentials(status: string): boolean {
  return KEEPING.has(status);
}

export interface UserRecord {
  readonly id: string;
  readonly status: UserStatus;
  /** login, email, firstName, lastName and any custom attribute. */
  readonly profile: JsonObject;
  readonly passwordHash: string | null;
  readonly created: string;
  readonly activated: string | null;
  readonly statusChanged: string | null;
  readonly lastLogin: string | null;
  readonly lastUpdated: string;
  readonly passwordChanged: string | null;
  readonly version: number;
}

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupRecord {
  readonly id: string;
  readonly type: GroupType;
  /** name, description and custom attributes. */
  readonly profile: JsonObject;
  readonly created: string;
  readonly lastUpdated: string;
  readonly lastMembershipUpdated: string;
}

export type PrincipalType = 'USER' | 'GROUP' | 'CLIENT';

export interface RoleAssignmentRecord {
  readonly id: string;
  readonly principalType: PrincipalType;
  readonly principalId: string;
  readonly roleType: string;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly tokenDigest: string;
  readonly clientName: string;
  readonly tokenWindow: string;
  readonly network: JsonObject;
  readonly created: string;
  readonly lastUpdated: string;
  readonly lastUsed: string;
  readonly revoked: string | null;
  readonly revokedReason: string | null;
  /** Set when the token was rotated: its secret works until then (the grace period), then never again. */
  readonly retiresAt: string | null;
}

export type NetworkZoneStatus = 'ACTIVE' | 'INACTIVE';
export type NetworkZoneUsage = 'POLICY' | 'BLOCKLIST';

/** One entry of a zone's `gateways` or `proxies` (Okta `NetworkZoneAddress`): a CIDR block or a range, as written. */
export interface NetworkZoneAddress {
  readonly type: 'CIDR' | 'RANGE';
  readonly value: string;
}

/** An IP network zone (Okta `IPNetworkZone`); Tessera keeps only admin-created IP zones (`system: false`). */
export interface NetworkZoneRecord {
  readonly id: string;
  readonly type: 'IP';
  readonly name: string;
  readonly status: NetworkZoneStatus;
  readonly usage: NetworkZoneUsage;
  readonly gateways: readonly NetworkZoneAddress[];
  readonly proxies: readonly NetworkZoneAddress[];
  readonly system: boolean;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface OrgRecord {
  readonly id: string;
  readonly created: string;
  readonly tokenWindow: string;
}

/** A System Log event, in Okta's LogEvent shape (Okta Management API, `LogEvent`). */
export interface LogEventRecord {
  readonly uuid: string;
  readonly published: string;
  readonly eventType: string;
  readonly version: '0';
  readonly severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly displayMessage: string;
  readonly legacyEventType: string | null;
  readonly actor: LogActor;
  readonly client: {
    readonly userAgent: { readonly rawUserAgent: string | null; readonly os: string | null; readonly browser: string | null };
    readonly zone: string | null;
    readonly device: string | null;
    readonly id: string | null;
    readonly ipAddress: string | null;
    readonly geographicalContext: null;
  };
  readonly outcome: { readonly result: string; readonly reason: string | null };
  readonly target: readonly LogTarget[];
  readonly transaction: { readonly type: 'WEB' | 'JOB'; readonly id: string | null; readonly detail: { readonly [key: string]: JsonValue } };
  readonly debugContext: { readonly debugData: { readonly [key: string]: JsonValue } };
  readonly authenticationContext: { readonly authenticationStep: number; readonly externalSessionId: string | null };
  readonly securityContext: { readonly asNumber: null; readonly asOrg: null; readonly isp: null; readonly domain: null; readonly isProxy: null };
  readonly request: { readonly ipChain: readonly { readonly ip: string; readonly version: string }[] };
}

export interface LogActor {
  readonly id: string;
  readonly type: string;
  readonly alternateId: string;
  readonly displayName: string;
  readonly detailEntry: null;
}

export interface LogTarget {
  readonly id: string;
  readonly type: string;
  readonly alternateId: string;
  readonly displayName: string;
  readonly detailEntry: null;
}
