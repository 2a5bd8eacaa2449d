/**
 * The ordered list of migrations; names sort chronologically (Kysely runs them by name) and are
 * frozen once landed. One rename was made after landing: the sign-in migration shared the 16-00
 * timestamp with the log-position one (and ran after it, by name); it is now 16-05, and
 * databases migrated before are renamed in place before migrating (RENAMED below).
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect.js';
import { coreMigration } from './2026-11-28T14-00_core.js';
import { oauthMigration } from './2026-11-28T15-00_oauth.js';
import { logPositionMigration } from './2026-11-28T16-00_log-position.js';
import { signInMigration } from './2026-11-28T16-05_sign-in.js';
import { refreshTokenUseMigration } from './2026-11-28T16-40_refresh-token-use.js';
import { userLookupsMigration } from './2026-11-28T17-00_user-lookups.js';
import { userProfileValuesMigration } from './2026-11-28T17-10_user-profile-values.js';
import { logAppendMigration } from './2026-11-28T17-50_log-append.js';
import { appSecretsMigration } from './2026-11-28T20-30_app-secrets.js';
import { eventHooksMigration } from './2026-12-01T09-00_event-hooks.js';
import { networkZonesMigration } from './2026-12-01T10-00_network-zones.js';
import { credentialUsageMigration } from './2026-12-07T23-00_credential-usage.js';
import { apiTokenRotationMigration } from './2026-12-07T23-30_api-token-rotation.js';

/** Names changed after they landed: [old, new], applied to the migration table before migrating. */
export const RENAMED: readonly (readonly [string, string])[] = [['2026-11-28T16-00_sign-in', '2026-11-28T16-05_sign-in']];

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '2026-11-28T14-00_core': coreMigration(dialect),
        '2026-11-28T15-00_oauth': oauthMigration(),
        '2026-11-28T16-00_log-position': logPositionMigration(dialect),
        '2026-11-28T16-05_sign-in': signInMigration(),
        '2026-11-28T16-40_refresh-token-use': refreshTokenUseMigration(),
        '2026-11-28T17-00_user-lookups': userLookupsMigration(dialect),
        '2026-11-28T17-10_user-profile-values': userProfileValuesMigration(),
        '2026-11-28T17-50_log-append': logAppendMigration(dialect),
        '2026-11-28T20-30_app-secrets': appSecretsMigration(),
        '2026-12-01T09-00_event-hooks': eventHooksMigration(dialect),
        '2026-12-01T10-00_network-zones': networkZonesMigration(),
        '2026-12-07T23-00_credential-usage': credentialUsageMigration(),
        '2026-12-07T23-30_api-token-rotation': apiTokenRotationMigration(),
      };
    },
  };
}
