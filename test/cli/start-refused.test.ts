/**
 * A start the configuration refuses writes nothing: with PostgreSQL and no TESSERA_MASTER_KEY the
 * server stops with one line naming the variable, before the org or the first admin exist, so
 * that starting again with the key is a first start like any other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { openTarget, runToEnd, type Run, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';

function start(databaseUrl: string, extraEnv: Record<string, string>): Promise<Run> {
  return runToEnd('src/main.ts', databaseUrl, [], { PORT: '0', ...extraEnv });
}

const kinds = await storeKinds();

if (kinds.includes('postgres')) {
  describe('a start refused by its configuration (postgres)', () => {
    let target: Target;
    before(async () => {
      target = await openTarget('postgres');
    });
    after(() => target.dispose());

    it('stops with one line naming TESSERA_MASTER_KEY and creates neither the org nor the first admin', async () => {
      const run = await start(target.url, { TESSERA_ADMIN_EMAIL: 'first@example.com', TESSERA_ADMIN_PASSWORD: 'First-Passw0rd!' });
      assert.equal(run.code, 1);
      assert.match(run.stderr.trim(), /^configuration error: TESSERA_MASTER_KEY is required with PostgreSQL/);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      const store = createStore(target.database);
      assert.equal(await store.org.get(), undefined);
      assert.equal(await store.users.getByLogin('first@example.com'), undefined);
    });
  });
}
