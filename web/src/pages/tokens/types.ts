/** Wire shapes of the API-token pages that the shared types do not have (src/management/tokens/, zones/). */
import type { ApiToken, OktaApp, SuggestionReport } from '../../api/types';

export type Connection = 'ANYWHERE' | 'ZONE';

/** Okta's `network` of an API token: `ANYWHERE`, or `ZONE` with one list of zone ids. */
export interface TokenNetwork {
  readonly connection: string;
  readonly include?: readonly string[] | null;
  readonly exclude?: readonly string[] | null;
}

/** `POST /api/v1/api-tokens` (Tessera extension): the token and its secret, in this answer only. */
export interface CreatedApiToken extends ApiToken {
  readonly token: string;
}

/** `POST /api/v1/api-tokens/{id}/lifecycle/rotate`: the new token, its secret, and when the old one retires. */
export interface RotatedApiToken extends ApiToken {
  readonly token: string;
  readonly rotatedFrom: { readonly id: string; readonly retiresAt: string };
}

/** Okta `IPNetworkZone` (src/management/zones/schemas.ts). */
export interface NetworkZone {
  readonly type: string;
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly usage: string;
  readonly system: boolean;
  readonly gateways: readonly { readonly type: string; readonly value: string }[];
  readonly proxies: readonly { readonly type: string; readonly value: string }[] | null;
}

/** `POST /api/v1/api-tokens/{id}/migrate` body (src/management/tokens/migration-routes.ts). */
export interface MigrateInput {
  readonly dryRun?: boolean;
  readonly publicKey?: Readonly<Record<string, unknown>>;
  readonly label?: string;
  readonly revokeToken?: string;
}

export interface SdkConfig {
  readonly orgUrl: string;
  readonly authorizationMode: 'PrivateKey';
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly keyId: string;
  readonly privateKey: string;
}

/** Its answer: the plan (a dry run), or the app made with the SDK configuration. */
export interface MigrationAnswer {
  readonly dryRun: boolean;
  readonly token: { readonly id: string; readonly name: string };
  readonly plan: {
    readonly label: string;
    readonly scopes: readonly string[];
    readonly roles: readonly string[];
    readonly key: string;
    readonly revokeToken: { readonly mode: string; readonly at: string | null };
  };
  readonly suggestion: SuggestionReport;
  readonly app?: OktaApp;
  readonly keyId?: string;
  readonly privateKey?: { readonly jwk: unknown; readonly pem: string };
  readonly sdkConfig?: SdkConfig;
}
