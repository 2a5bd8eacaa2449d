/**
 * The Store over an open database, as the server, the CLI, the tests and the benchmarks use it:
 * the Kysely store, with the reads every request makes kept while the database's change marker
 * stands still (kept-reads.ts). Every Store is built here, so that "reads are live" has one owner.
 */
import type { OpenDatabase } from './database.js';
import { keptReads } from './kept-reads.js';
import { createKyselyStore } from './kysely/kysely-store.js';
import type { Store } from './store.js';

export function createStore(database: Pick<OpenDatabase, 'db' | 'dialect' | 'changes'>): Store {
  return keptReads(createKyselyStore(database.db, database.dialect), database.changes);
}
