/** Wire schemas of /api/v1/logs (Okta `LogEvent` and the `listLogEvents` parameters). */
import { Type } from '@sinclair/typebox';
import { FreeForm, Nullable } from '../../http/schemas.js';

/** Every parameter arrives as text and is checked by query.ts, which names each bad one. */
export const ListLogsQuery = Type.Object(
  {
    since: Type.Optional(Type.String({ maxLength: 64 })),
    until: Type.Optional(Type.String({ maxLength: 64 })),
    after: Type.Optional(Type.String({ maxLength: 300 })),
    filter: Type.Optional(Type.String({ maxLength: 4096 })),
    q: Type.Optional(Type.String({ maxLength: 1024 })),
    limit: Type.Optional(Type.String({ maxLength: 16 })),
    sortOrder: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: true },
);

const Text = Nullable(Type.String());

const LogActor = Type.Object({
  id: Type.String(),
  type: Type.String(),
  alternateId: Text,
  displayName: Text,
  detailEntry: Nullable(FreeForm),
});

const LogTarget = Type.Object({
  id: Type.String(),
  type: Type.String(),
  alternateId: Text,
  displayName: Text,
  detailEntry: Nullable(FreeForm),
  changeDetails: Type.Optional(Nullable(FreeForm)),
});

const GeographicalContext = Nullable(
  Type.Object({
    city: Text,
    state: Text,
    country: Text,
    postalCode: Text,
    geolocation: Nullable(Type.Object({ lat: Nullable(Type.Number()), lon: Nullable(Type.Number()) })),
  }),
);

const LogClient = Type.Object({
  userAgent: Nullable(Type.Object({ rawUserAgent: Text, os: Text, browser: Text })),
  zone: Text,
  device: Text,
  id: Text,
  ipAddress: Text,
  geographicalContext: GeographicalContext,
});

const LogAuthenticationContext = Type.Object({
  authenticationProvider: Type.Optional(Text),
  credentialProvider: Type.Optional(Text),
  credentialType: Type.Optional(Text),
  issuer: Type.Optional(Nullable(Type.Object({ id: Text, type: Text }))),
  interface: Type.Optional(Text),
  authenticationStep: Nullable(Type.Integer()),
  rootSessionId: Type.Optional(Text),
  externalSessionId: Text,
});

const LogSecurityContext = Type.Object({
  asNumber: Nullable(Type.Integer()),
  asOrg: Text,
  isp: Text,
  domain: Text,
  isProxy: Nullable(Type.Boolean()),
});

const LogIpAddress = Type.Object({
  ip: Text,
  version: Text,
  source: Type.Optional(Text),
  geographicalContext: Type.Optional(GeographicalContext),
});

/** Okta `LogEvent`; undeclared fields are stripped on the way out. */
export const LogEvent = Type.Object({
  uuid: Type.String(),
  published: Type.String(),
  eventType: Type.String(),
  version: Type.String(),
  severity: Type.String(),
  displayMessage: Text,
  legacyEventType: Text,
  actor: LogActor,
  client: Nullable(LogClient),
  outcome: Type.Object({ result: Type.String(), reason: Text }),
  target: Type.Array(LogTarget),
  transaction: Type.Object({ type: Text, id: Text, detail: FreeForm }),
  debugContext: Type.Object({ debugData: FreeForm }),
  authenticationContext: LogAuthenticationContext,
  securityContext: LogSecurityContext,
  request: Type.Object({ ipChain: Type.Array(LogIpAddress) }),
});
