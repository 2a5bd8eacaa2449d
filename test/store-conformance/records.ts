/**
 * Records for the store conformance suite: each builder returns a complete, valid record with
 * fresh ids and digests, and takes the fields a test cares about as overrides. Times are fixed
 * instants (`at(minutes)`), never the wall clock, so that expiry and ordering tests are exact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { newId } from '../../src/crypto/random-id.js';
import type { AuthorizationCodeRecord, RefreshTokenRecord } from '../../src/store/authorization-store.js';
import type { AppGrantRecord, AppKeyRecord, AppRecord, AppSecretRecord, SigningKeyRecord } from '../../src/store/oauth-records.js';
import type {
  ApiTokenRecord,
  GroupRecord,
  LogEventRecord,
  LogTarget,
  NetworkZoneRecord,
  PrincipalType,
  RoleAssignmentRecord,
  UserRecord,
} from '../../src/store/records.js';
import type { SessionRecord, SessionTokenRecord } from '../../src/store/session-store.js';
import type { EventHookRecord, NewDelivery } from '../../src/store/event-hook-store.js';

const EPOCH = Date.UTC(2026, 0, 1);

/** The instant `minutes` after 2026-01-01T00:00:00.000Z, as the store keeps times (ISO-8601 UTC, milliseconds). */
export function at(minutes: number): string {
  return new Date(EPOCH + minutes * 60_000).toISOString();
}

/** A stand-in for the SHA-256 digest of a secret (base64url, 43 characters). */
export function digest(): string {
  return randomBytes(32).toString('base64url');
}

export function newUser(fields: Partial<UserRecord> = {}): UserRecord {
  const id = fields.id ?? newId('user');
  const login = `${id.toLowerCase()}@example.com`;
  return {
    id,
    status: 'ACTIVE',
    profile: { login, email: login, firstName: 'Ada', lastName: 'Lovelace' },
    passwordHash: null,
    created: at(0),
    activated: at(0),
    statusChanged: at(0),
    lastLogin: null,
    lastUpdated: at(0),
    passwordChanged: null,
    version: 1,
    ...fields,
  };
}

export function newGroup(fields: Partial<GroupRecord> = {}): GroupRecord {
  const id = fields.id ?? newId('group');
  return { id, type: 'OKTA_GROUP', profile: { name: `group ${id}` }, created: at(0), lastUpdated: at(0), lastMembershipUpdated: at(0), ...fields };
}

export function newRole(principalType: PrincipalType, principalId: string, roleType: string, fields: Partial<RoleAssignmentRecord> = {}): RoleAssignmentRecord {
  return { id: newId('roleAssignment'), principalType, principalId, roleType, created: at(0), lastUpdated: at(0), ...fields };
}

export function newApiToken(userId: string, fields: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  return {
    id: newId('apiToken'),
    name: 'token',
    userId,
    tokenDigest: digest(),
    clientName: 'Okta API',
    tokenWindow: 'P30D',
    network: { connection: 'ANYWHERE' },
    created: at(0),
    lastUpdated: at(0),
    lastUsed: at(0),
    revoked: null,
    revokedReason: null,
    retiresAt: null,
    ...fields,
  };
}

export function newNetworkZone(fields: Partial<NetworkZoneRecord> = {}): NetworkZoneRecord {
  const id = fields.id ?? newId('networkZone');
  return {
    id,
    type: 'IP',
    name: `zone ${id}`,
    status: 'ACTIVE',
    usage: 'POLICY',
    gateways: [{ type: 'CIDR', value: '203.0.113.0/24' }],
    proxies: [],
    system: false,
    created: at(0),
    lastUpdated: at(0),
    ...fields,
  };
}

export function newApp(fields: Partial<AppRecord> = {}): AppRecord {
  const id = fields.id ?? newId('app');
  return {
    id,
    name: 'oidc_client',
    label: `app ${id}`,
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: 'private_key_jwt',
    applicationType: 'service',
    oauthClient: { grant_types: ['client_credentials'], response_types: ['token'] },
    created: at(0),
    lastUpdated: at(0),
    ...fields,
  };
}

export function newAppKey(appId: string, fields: Partial<AppKeyRecord> = {}): AppKeyRecord {
  const kid = fields.kid ?? `kid-${randomUUID()}`;
  return {
    id: newId('appKey'),
    appId,
    kid,
    status: 'ACTIVE',
    jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid },
    created: at(0),
    lastUpdated: at(0),
    ...fields,
  };
}

export function newAppSecret(appId: string, fields: Partial<AppSecretRecord> = {}): AppSecretRecord {
  return { id: newId('appSecret'), appId, digest: digest(), status: 'ACTIVE', created: at(0), lastUpdated: at(0), ...fields };
}

export function newAppGrant(appId: string, scopeId: string, fields: Partial<AppGrantRecord> = {}): AppGrantRecord {
  return {
    id: newId('grant'),
    appId,
    scopeId,
    issuer: 'https://tessera.example',
    source: 'ADMIN',
    createdBy: { id: newId('user'), type: 'User' },
    created: at(0),
    lastUpdated: at(0),
    ...fields,
  };
}

export function newSigningKey(fields: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  const kid = fields.kid ?? randomUUID();
  return {
    kid,
    alg: 'RS256',
    status: 'ACTIVE',
    publicJwk: { kty: 'RSA', n: 'n', e: 'AQAB', kid },
    privateEncrypted: digest(),
    created: at(0),
    retired: null,
    ...fields,
  };
}

export function newSession(userId: string, fields: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: `102${randomBytes(12).toString('base64url')}`,
    cookieDigest: digest(),
    userId,
    status: 'ACTIVE',
    amr: ['pwd'],
    created: at(0),
    expires: at(120),
    lastPasswordVerification: at(0),
    revoked: null,
    ...fields,
  };
}

export function newSessionToken(userId: string, fields: Partial<SessionTokenRecord> = {}): SessionTokenRecord {
  return { digest: digest(), userId, authTime: at(0), amr: ['pwd'], expires: at(5), used: null, ...fields };
}

export function newCode(fields: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord {
  return {
    digest: digest(),
    clientId: newId('app'),
    userId: newId('user'),
    redirectUri: 'https://client.example/callback',
    scopes: ['openid', 'profile'],
    nonce: 'n-0S6_WzA2Mj',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    sessionId: null,
    authTime: at(0),
    amr: ['pwd'],
    expires: at(1),
    used: null,
    issuedAccessToken: null,
    issuedFamily: null,
    ...fields,
  };
}

export function newRefreshToken(fields: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return {
    digest: digest(),
    id: `rt${randomBytes(12).toString('base64url')}`,
    familyId: randomUUID(),
    clientId: newId('app'),
    userId: newId('user'),
    scopes: ['openid', 'offline_access'],
    authTime: at(0),
    amr: ['pwd'],
    created: at(0),
    expires: at(60 * 24),
    rotated: null,
    successorDigest: null,
    revoked: null,
    dpopJkt: null,
    lastUsed: null,
    ...fields,
  };
}

export function logTarget(id: string, type = 'User'): LogTarget {
  return { id, type, alternateId: `${id}@example.com`, displayName: `Target ${id}`, detailEntry: null };
}

export function newLogEvent(fields: Partial<LogEventRecord> = {}): LogEventRecord {
  return {
    uuid: randomUUID(),
    published: at(0),
    eventType: 'user.lifecycle.create',
    version: '0',
    severity: 'INFO',
    displayMessage: 'Create okta user',
    legacyEventType: null,
    actor: { id: '00uadmin0000000000000', type: 'User', alternateId: 'admin@example.com', displayName: 'Admin', detailEntry: null },
    client: {
      userAgent: { rawUserAgent: 'conformance', os: null, browser: null },
      zone: null,
      device: null,
      id: null,
      ipAddress: '127.0.0.1',
      geographicalContext: null,
    },
    outcome: { result: 'SUCCESS', reason: null },
    target: [],
    transaction: { type: 'WEB', id: null, detail: {} },
    debugContext: { debugData: {} },
    authenticationContext: { authenticationStep: 0, externalSessionId: null },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    request: { ipChain: [{ ip: '127.0.0.1', version: 'V4' }] },
    ...fields,
  };
}

export function newEventHook(fields: Partial<EventHookRecord> = {}): EventHookRecord {
  const id = fields.id ?? newId('eventHook');
  return {
    id,
    name: `hook ${id}`,
    description: null,
    status: 'ACTIVE',
    verificationStatus: 'VERIFIED',
    events: ['user.lifecycle.create'],
    uri: 'https://hooks.example.com/okta',
    headers: [{ key: 'X-Other-Header', value: 'other' }],
    authScheme: { type: 'HEADER', key: 'Authorization', sealedValue: 'v1.sealed' },
    createdBy: newId('user'),
    deliverAfter: 0,
    created: at(0),
    lastUpdated: at(0),
    ...fields,
  };
}

/** A delivery of `events` (log positions `first` to `last`) to `hookId`, created at `created`. */
export function newDelivery(hookId: string, fields: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id: randomUUID(),
    hookId,
    events: [{ uuid: randomUUID(), eventType: 'user.lifecycle.create', published: at(0) }],
    firstPosition: 1,
    lastPosition: 1,
    created: at(0),
    ...fields,
  };
}
