/**
 * The frame of every change to an app's credentials (its public keys, its client secrets): one
 * transaction on the app row locked for update, so that two concurrent changes cannot together
 * break a rule that each alone keeps, and the target rule checked first, so that a refused caller
 * learns nothing of the app's keys or secrets.
 */
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn } from '../../auth/target-guard.js';
import type { AppRecord } from '../../store/oauth-records.js';
import type { Store } from '../../store/store.js';
import { appRef } from './app-events.js';
import { appNotFound } from './service.js';

/** Runs `work` on the locked app `found` (as `apps.find(appId)` answered), once `principal` may change its credentials. */
export function changeCredentials<T>(
  store: Store,
  principal: Principal | undefined,
  appId: string,
  found: AppRecord,
  work: (tx: Store, app: AppRecord) => Promise<T>,
): Promise<T> {
  return store.transaction(async (tx) => {
    const app = await tx.apps.getForUpdate(found.id);
    if (app === undefined) throw appNotFound(appId);
    await assertMayActOn(tx, principal, 'app.credentials.change', appRef(app));
    return work(tx, app);
  });
}
