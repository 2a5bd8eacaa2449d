/**
 * OrgRepository: the single org row, created once. Nodes starting together on an empty database
 * each offer an org of their own (a fresh random id, bootstrap.ts): whoever calls `ensure`,
 * later or at the same time, gets the one org that exists, and no second row is made.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { OrgRecord } from '../../src/store/records.js';
import type { TestDatabase } from '../helpers/databases.js';
import { RACERS, runConformance, together } from './conformance.js';
import { at } from './records.js';

const orgAt = (minute: number): OrgRecord => ({ id: `00o${String(minute).padStart(17, '0')}`, created: at(minute), tokenWindow: 'P30D' });

/**
 * Rows in the org table. White-box on purpose: `get` reads one row, so through the interface a
 * second org would only show as an org id that changes with the plan the database picks.
 */
async function orgRows(database: TestDatabase): Promise<number> {
  const result = await sql<{ n: number | string }>`SELECT count(*) AS n FROM org`.execute(database.db);
  return Number(result.rows[0]?.n ?? 0);
}

await runConformance('org', {
  'no org at first; ensure creates it and returns it': async (store) => {
    assert.equal(await store.org.get(), undefined);
    const org = orgAt(0);
    assert.deepEqual(await store.org.ensure(org), org);
    assert.deepEqual(await store.org.get(), org);
  },

  'a later ensure, with an org of its own, returns the org that exists and adds none': async (store, { database }) => {
    const first = orgAt(0);
    await store.org.ensure(first);
    assert.deepEqual(await store.org.ensure({ ...orgAt(9), tokenWindow: 'PT1H' }), first);
    assert.deepEqual(await store.org.get(), first);
    assert.equal(await orgRows(database), 1);
  },

  [`${RACERS} nodes ensuring their own org together agree on one, and one row is made`]: async (store, { database }) => {
    const orgs = await together(RACERS, (i) => store.org.ensure(orgAt(i)));
    const stored = await store.org.get();
    assert.ok(stored !== undefined);
    for (const org of orgs) assert.deepEqual(org, stored);
    assert.equal(await orgRows(database), 1);
  },
});
