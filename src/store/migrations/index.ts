/** The ordered list of migrations; names sort chronologically and are frozen once landed. */
import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database.js';
import { coreMigration } from './2026-11-28T14-00_core.js';

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '2026-11-28T14-00_core': coreMigration(dialect),
      };
    },
  };
}
