/** Wire schemas of the usage insights (Tessera extensions; management/insights/routes.ts). */
import { Type } from '@sinclair/typebox';
import { LastUse } from '../tokens/schemas.js';

const Credential = Type.Object({ type: Type.Union([Type.Literal('API_TOKEN'), Type.Literal('APP')]), id: Type.String() });
const NullableLastUse = Type.Union([LastUse, Type.Null()]);
const Strings = Type.Array(Type.String());

export const UsageReport = Type.Object({
  credential: Credential,
  lastUsed: NullableLastUse,
  window: Type.Object({ since: Type.String(), until: Type.String() }),
  totals: Type.Object({ requests: Type.Integer(), refused: Type.Integer() }),
  byPermission: Type.Array(Type.Object({ permission: Type.String(), requests: Type.Integer(), lastAt: Type.String() })),
  byEndpoint: Type.Array(
    Type.Object({ method: Type.String(), route: Type.String(), requests: Type.Integer(), refused: Type.Integer(), lastAt: Type.String() }),
  ),
  daily: Type.Array(Type.Object({ date: Type.String(), requests: Type.Integer(), refused: Type.Integer() })),
});

export const SuggestionReport = Type.Object({
  credential: Credential,
  basedOn: Type.Object({ since: Type.String(), until: Type.String(), requests: Type.Integer() }),
  observedPermissions: Strings,
  holds: Type.Object({ roles: Strings, scopes: Type.Optional(Strings) }),
  suggested: Type.Object({ scopes: Strings, roles: Strings }),
  unusedPermissions: Strings,
  uncovered: Type.Array(Type.Object({ method: Type.String(), route: Type.String(), requests: Type.Integer(), reason: Type.String() })),
});

export const CredentialInsight = Type.Object({
  credential: Credential,
  name: Type.String(),
  kind: Type.String(),
  owner: Type.Object({ type: Type.String(), id: Type.String() }),
  lastUsed: NullableLastUse,
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  unusedPermissions: Strings,
  flags: Strings,
});
