/**
 * The store conformance harness, after dex `storage/conformance`: `runConformance(group, tests)`
 * runs every named test of a group on each store kind of the matrix (SQLite in memory, a
 * PostgreSQL schema), each test against an empty store built as the server builds it
 * (`createStore`: the Kysely store with its kept reads, so that every contract holds through
 * them). One database per group and kind, emptied before each test: migrating a fresh PostgreSQL
 * schema costs most of a second, emptying its tables a few milliseconds.
 *
 * The assertions here are the suite's vocabulary: a write refused with `UniqueViolation` naming
 * its key, callers started together before any is awaited, pages read through to the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { FilterNode, FilterValue } from '../../src/filter/ast.js';
import { createStore } from '../../src/store/create-store.js';
import { UniqueViolation, type Store } from '../../src/store/store.js';
import { openTestDatabase, storeKinds, type StoreKind, type TestDatabase } from '../helpers/databases.js';

export interface ConformanceContext {
  readonly kind: StoreKind;
  readonly database: TestDatabase;
}

export type ConformanceTest = (store: Store, context: ConformanceContext) => Promise<void>;

/** Concurrent callers in the racing tests: enough to interleave on a pool of 5, cheap on 2 cores. */
export const RACERS = 12;

export async function runConformance(group: string, tests: Readonly<Record<string, ConformanceTest>>): Promise<void> {
  for (const kind of await storeKinds()) {
    describe(`store conformance: ${group} (${kind})`, () => {
      let database: TestDatabase | undefined;
      before(async () => {
        database = await openTestDatabase(kind);
      });
      after(async () => {
        await database?.dispose();
      });
      for (const [name, test] of Object.entries(tests)) {
        it(name, async () => {
          if (database === undefined) throw new Error('the database did not open');
          await emptyTables(database);
          await test(createStore(database), { kind, database });
        });
      }
    });
  }
}

/** Deletes every row of every table but the migrator's, so that each test starts from an empty store. */
async function emptyTables(database: TestDatabase): Promise<void> {
  const listed =
    database.dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(database.db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`.execute(database.db);
  const tables = listed.rows.map((row) => row.name).filter((name) => !name.startsWith('tessera_migrations'));
  // Every foreign key cascades on delete, so the order of the deletes does not matter.
  await database.db.transaction().execute(async (trx) => {
    for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
  });
}

/** Asserts that `write` is refused with `UniqueViolation` naming `what` (dex `mustBeErrAlreadyExists`). */
export async function rejectsAsTaken(write: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(write, (error: unknown) => {
    assert.ok(error instanceof UniqueViolation, `expected UniqueViolation(${what}), got ${String(error)}`);
    assert.equal(error.what, what);
    return true;
  });
}

/** Starts `n` calls before awaiting any of them, so that they run into each other. */
export function together<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** How many of `results` are true. */
export const winners = (results: readonly boolean[]): number => results.filter((won) => won).length;

/**
 * Reads a list page by page, each page's last key the next page's `after`, until a short page;
 * returns the pages. Fails if a page comes back longer than asked for or if paging does not end.
 */
export async function pagesOf<T>(limit: number, read: (after: string | undefined) => Promise<readonly T[]>, keyOf: (item: T) => string): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = [...(await read(after))];
    assert.ok(page.length <= limit, `a page of ${page.length} for a limit of ${limit}`);
    pages.push(page);
    const last = page[page.length - 1];
    if (page.length < limit || last === undefined) return pages;
    after = keyOf(last);
    assert.ok(pages.length < 1000, 'paging ends');
  }
}

/**
 * Ids in byte order: how SQLite (BINARY) lists text keys, and PostgreSQL in a database with the C
 * collation, as the test database has. Under another collation PostgreSQL orders mixed-case ids
 * differently; paging stays consistent there because the cursor compares in the same collation.
 */
export const byId = <T extends { readonly id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The filter `attribute eq value`, as the parser hands it to the store. */
export const eq = (attribute: string, value: FilterValue): FilterNode => ({ kind: 'compare', attribute, operator: 'eq', value });
