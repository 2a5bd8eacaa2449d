/**
 * Wire shapes the console reads. The insights' come from the server's own schemas (type-only:
 * nothing of the server is bundled); Okta's objects are written out as the API sends them.
 */
import type { Static } from '@sinclair/typebox';
import type {
  CredentialInsight as CredentialInsightSchema,
  SuggestionReport as SuggestionSchema,
  UsageReport as UsageSchema,
} from '../../../src/management/insights/schemas';

export type UsageReport = Static<typeof UsageSchema>;
export type SuggestionReport = Static<typeof SuggestionSchema>;
export type CredentialInsight = Static<typeof CredentialInsightSchema>;

export interface OktaUser {
  readonly id: string;
  readonly status: string;
  readonly created: string;
  readonly activated: string | null;
  readonly statusChanged: string | null;
  readonly lastLogin: string | null;
  readonly lastUpdated: string;
  readonly passwordChanged: string | null;
  readonly type?: { readonly id: string };
  readonly profile: { readonly login: string; readonly email: string; readonly firstName?: string | null; readonly lastName?: string | null } & Readonly<
    Record<string, unknown>
  >;
}

export interface OktaGroup {
  readonly id: string;
  readonly created: string;
  readonly lastUpdated: string;
  readonly lastMembershipUpdated: string;
  readonly type: string;
  readonly profile: { readonly name: string; readonly description?: string | null };
}

export interface RoleAssignment {
  readonly id: string;
  readonly type: string;
  readonly label: string;
  readonly status: string;
  readonly assignmentType: string;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly clientName: string;
  readonly tokenWindow: string;
  readonly created: string;
  readonly lastUpdated: string;
  readonly expiresAt: string;
  readonly network?: { readonly connection: string; readonly include?: readonly string[] | null; readonly exclude?: readonly string[] | null };
  readonly lastUsed?: { readonly at: string; readonly ipAddress: string | null; readonly userAgent: string | null } | null;
  readonly retiresAt?: string | null;
}

export interface OktaApp {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly status: string;
  readonly created: string;
  readonly lastUpdated: string;
  readonly signOnMode: string;
  readonly credentials?: {
    readonly oauthClient?: {
      readonly client_id?: string;
      readonly token_endpoint_auth_method?: string;
      readonly autoKeyRotation?: boolean;
      readonly pkce_required?: boolean;
    };
  };
  readonly settings?: {
    readonly oauthClient?: Readonly<Record<string, unknown>> & {
      readonly application_type?: string;
      readonly grant_types?: readonly string[];
      readonly redirect_uris?: readonly string[];
    };
  };
}

export interface LogEvent {
  readonly uuid: string;
  readonly published: string;
  readonly eventType: string;
  readonly displayMessage: string | null;
  readonly severity: string;
  readonly actor: { readonly id: string; readonly type: string; readonly alternateId: string | null; readonly displayName: string | null };
  readonly outcome: { readonly result: string; readonly reason: string | null } | null;
  readonly target: readonly { readonly id: string; readonly type: string; readonly alternateId: string | null; readonly displayName: string | null }[] | null;
  readonly client?: { readonly ipAddress?: string | null; readonly userAgent?: { readonly rawUserAgent?: string | null } | null } | null;
}
