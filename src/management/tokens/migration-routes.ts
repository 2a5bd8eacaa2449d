/**
 * `POST /api/v1/api-tokens/{id}/migrate` (a Tessera extension): the plan (`dryRun`) or the
 * result of moving an API token's integration to a service app (migration.ts), with a ready
 * configuration for `@okta/okta-sdk-nodejs` in PrivateKey mode. The private key, when Tessera
 * generated it, is in this answer only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import { presentApp } from '../apps/presenter.js';
import type { ManagementDeps } from '../deps.js';
import { windowOf } from '../insights/routes.js';
import { sdkConfigOf, type TokenMigration } from './migration.js';
import { ApiTokenParams } from './schemas.js';

export interface MigrationRouteDeps extends ManagementDeps {
  readonly migrateToken: TokenMigration;
}

const MigrateInput = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean()),
    publicKey: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.Unknown(), { maxProperties: 30 })),
    label: Type.Optional(Type.String({ maxLength: 1000 })),
    revokeToken: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

const Strings = Type.Array(Type.String());
const MigrationAnswer = Type.Object({
  dryRun: Type.Boolean(),
  token: Type.Object({ id: Type.String(), name: Type.String() }),
  plan: Type.Object({
    label: Type.String(),
    scopes: Strings,
    roles: Strings,
    key: Type.String(),
    revokeToken: Type.Object({ mode: Type.String(), at: Type.Union([Type.String(), Type.Null()]) }),
  }),
  suggestion: Type.Unknown(),
  app: Type.Optional(Type.Unknown()),
  keyId: Type.Optional(Type.String()),
  privateKey: Type.Optional(Type.Object({ jwk: Type.Unknown(), pem: Type.String() })),
  sdkConfig: Type.Optional(
    Type.Object({
      orgUrl: Type.String(),
      authorizationMode: Type.Literal('PrivateKey'),
      clientId: Type.String(),
      scopes: Strings,
      keyId: Type.String(),
      privateKey: Type.String(),
    }),
  ),
});

export const migrationRoutes: FastifyPluginAsyncTypebox<MigrationRouteDeps> = async (app, deps) => {
  const { orgUrl } = deps.config;
  app.post(
    '/api/v1/api-tokens/:apiTokenId/migrate',
    { schema: { params: ApiTokenParams, body: Type.Optional(Type.Union([MigrateInput, Type.Null()])), response: { 200: MigrationAnswer } } },
    async (request, reply) => {
      const input = request.body ?? {};
      const result = await deps.migrateToken(eventContextOf(request), request.principal, request.params.apiTokenId, input, windowOf({}, deps.clock.now()));
      if (result.app === undefined) return result;
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      const sdkConfig = sdkConfigOf(result, orgUrl);
      return { ...result, app: presentApp(result.app.record, result.app.keys, orgUrl), ...(sdkConfig === undefined ? {} : { sdkConfig }) };
    },
  );
};
