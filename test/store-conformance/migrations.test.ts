/**
 * Migrations renamed after they landed: a database migrated under the old name opens, is renamed
 * in place, runs nothing twice, and records exactly the provider's names in their order.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { migrationProvider, RENAMED } from '../../src/store/migrations/index.js';
import { dropSchema, POSTGRES_URL, storeKinds } from '../helpers/databases.js';

async function names(open: OpenDatabase): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM tessera_migrations ORDER BY timestamp, name`.execute(open.db);
  return rows.rows.map((r) => r.name);
}

for (const kind of await storeKinds()) {
  describe(`migrations renamed after landing (${kind})`, () => {
    it('a database migrated under the old names opens, is renamed, and runs nothing twice', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-migrations-'));
      const schema = 't_' + randomBytes(6).toString('hex');
      const url = kind === 'sqlite' ? `sqlite:${join(dir, 'tessera.db')}` : POSTGRES_URL;
      const options = kind === 'sqlite' ? {} : { schema, poolSize: 2 };
      try {
        const first = await openDatabase(url, options);
        // As a database migrated before the rename records it.
        for (const [from, to] of RENAMED) await sql`UPDATE tessera_migrations SET name = ${from} WHERE name = ${to}`.execute(first.db);
        const before = await names(first);
        assert.ok(RENAMED.every(([from]) => before.includes(from)));
        await first.close();

        const again = await openDatabase(url, options);
        const after = await names(again);
        const expected = Object.keys(await migrationProvider(kind).getMigrations()).sort();
        assert.deepEqual([...after].sort(), expected);
        assert.equal(after.length, before.length, 'nothing ran twice');
        await again.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
        if (kind === 'postgres') await dropSchema(schema);
      }
    });
  });
}
