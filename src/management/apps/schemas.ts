/**
 * Wire schemas of /api/v1/apps for OIDC apps (Okta Management API, `OpenIdConnectApplication`,
 * `OAuthApplicationCredentials`, `OpenIdConnectApplicationSettingsClient`). Request schemas
 * check types only: the rules between fields live in `client-settings.ts`, which reports one
 * cause per field. Read-only fields a client echoes back (`id`, `status`, `_links`,
 * `credentials.oauthClient.client_id`, …) are accepted and ignored.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Links, ListQuery } from '../../http/schemas.js';
import { Jwk } from './key-schemas.js';

/** A single `type` keyword (one cause when wrong, where a union would report every branch). */
export const NullableString = (maxLength: number) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });

const UriList = Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 100 });

export const OAuthClientSettingsInput = Type.Object(
  {
    application_type: Type.Optional(Type.String({ maxLength: 50 })),
    grant_types: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    response_types: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 })),
    redirect_uris: Type.Optional(UriList),
    post_logout_redirect_uris: Type.Optional(UriList),
    // Keys are checked one by one (jwk.ts) so that each bad key gets a cause naming it.
    jwks: Type.Optional(Type.Object({ keys: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100 })) }, { additionalProperties: true })),
    // Nullable strings are declared loosely and checked by the mapping (app-input.ts), which names the field.
    jwks_uri: Type.Optional(Type.Unknown()),
    dpop_bound_access_tokens: Type.Optional(Type.Boolean()),
    refresh_token: Type.Optional(
      Type.Object(
        {
          rotation_type: Type.Optional(Type.Unknown()),
          leeway: Type.Optional(Type.Unknown()),
          lifetime_minutes: Type.Optional(Type.Unknown()),
          idle_minutes: Type.Optional(Type.Unknown()),
        },
        { additionalProperties: true },
      ),
    ),
    client_uri: Type.Optional(Type.Unknown()),
    logo_uri: Type.Optional(Type.Unknown()),
    // Okta `OpenIdConnectApplicationNetwork`: where the client may request tokens from.
    network: Type.Optional(
      Type.Object(
        {
          connection: Type.String({ maxLength: 50 }),
          include: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
          exclude: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const AppInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    label: Type.Optional(Type.String({ maxLength: 1000 })),
    signOnMode: Type.Optional(Type.String({ maxLength: 50 })),
    credentials: Type.Optional(
      Type.Object(
        {
          oauthClient: Type.Optional(
            Type.Object(
              {
                token_endpoint_auth_method: Type.Optional(Type.String({ maxLength: 50 })),
                client_secret: Type.Optional(Type.String({ maxLength: 1000 })),
                autoKeyRotation: Type.Optional(Type.Boolean()),
                pkce_required: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: true },
            ),
          ),
        },
        { additionalProperties: true },
      ),
    ),
    settings: Type.Optional(Type.Object({ oauthClient: Type.Optional(OAuthClientSettingsInput) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
export type AppInput = Static<typeof AppInput>;

const Bool = Type.Unsafe<'true' | 'false'>({ type: 'string', enum: ['true', 'false'] });

export const CreateAppQuery = Type.Object({ activate: Type.Optional(Bool) });

export const ListAppsQuery = Type.Object({
  ...ListQuery,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  filter: Type.Optional(Type.String({ maxLength: 2048 })),
  expand: Type.Optional(Type.String({ maxLength: 200 })),
  includeNonDeleted: Type.Optional(Type.String({ maxLength: 10 })),
  useOptimization: Type.Optional(Type.String({ maxLength: 10 })),
});
export type ListAppsQuery = Static<typeof ListAppsQuery>;

export const AppParams = Type.Object({ appId: Type.String({ minLength: 1, maxLength: 200 }) });

/** Lifecycle answers: Okta sends an empty object. */
export const LifecycleResult = Type.Object({});

export const App = Type.Object({
  id: Type.String(),
  name: Type.String(),
  label: Type.String(),
  status: Type.String(),
  created: Type.String(),
  lastUpdated: Type.String(),
  accessibility: Type.Object({ selfService: Type.Boolean(), errorRedirectUrl: NullableString(4096), loginRedirectUrl: NullableString(4096) }),
  visibility: Type.Object({
    autoLaunch: Type.Boolean(),
    autoSubmitToolbar: Type.Boolean(),
    hide: Type.Object({ iOS: Type.Boolean(), web: Type.Boolean() }),
    appLinks: Type.Record(Type.String(), Type.Boolean()),
  }),
  features: Type.Array(Type.String()),
  signOnMode: Type.String(),
  credentials: Type.Object({
    userNameTemplate: Type.Object({ template: Type.String(), type: Type.String() }),
    oauthClient: Type.Object({
      client_id: Type.String(),
      /** Only in the answer that creates it (or rotates it); never stored, never shown again. */
      client_secret: Type.Optional(Type.String()),
      token_endpoint_auth_method: Type.String(),
      autoKeyRotation: Type.Boolean(),
      pkce_required: Type.Boolean(),
    }),
  }),
  settings: Type.Object({
    app: Type.Object({}),
    oauthClient: Type.Object({
      client_uri: NullableString(4096),
      logo_uri: NullableString(4096),
      redirect_uris: Type.Array(Type.String()),
      post_logout_redirect_uris: Type.Array(Type.String()),
      response_types: Type.Array(Type.String()),
      grant_types: Type.Array(Type.String()),
      application_type: Type.String(),
      issuer_mode: Type.String(),
      wildcard_redirect: Type.String(),
      dpop_bound_access_tokens: Type.Boolean(),
      refresh_token: Type.Optional(
        Type.Object({
          rotation_type: Type.String(),
          leeway: Type.Number(),
          lifetime_minutes: Type.Optional(Type.Integer()),
          idle_minutes: Type.Optional(Type.Integer()),
        }),
      ),
      jwks: Type.Optional(Type.Object({ keys: Type.Array(Jwk) })),
      network: Type.Optional(
        Type.Object({ connection: Type.String(), include: Type.Optional(Type.Array(Type.String())), exclude: Type.Optional(Type.Array(Type.String())) }),
      ),
    }),
  }),
  _links: Links,
});
export type App = Static<typeof App>;
