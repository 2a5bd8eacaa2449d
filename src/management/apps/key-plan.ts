/**
 * Key records from checked JWKs, and the plan that turns an app's stored keys into the key set
 * a replace (`PUT`) gives: a key given again (same `kid`, same RFC 7638 thumbprint) keeps its id,
 * status and dates; new keys are added ACTIVE; keys left out are removed.
 */
import { newId } from '../../crypto/random-id.js';
import type { AppKeyRecord, AppStatus } from '../../store/oauth-records.js';
import type { ValidatedKey } from './client-settings.js';
import { jwkThumbprint } from './jwk.js';

export function newKeyRecord(appId: string, key: ValidatedKey, status: AppStatus, now: string): AppKeyRecord {
  return { id: newId('appKey'), appId, kid: key.kid, status, jwk: key.jwk, created: now, lastUpdated: now };
}

export interface KeyPlan {
  readonly keep: readonly AppKeyRecord[];
  readonly add: readonly AppKeyRecord[];
  readonly remove: readonly AppKeyRecord[];
}

export async function planKeys(appId: string, current: readonly AppKeyRecord[], wanted: readonly ValidatedKey[] | undefined, now: string): Promise<KeyPlan> {
  if (wanted === undefined) return { keep: current, add: [], remove: [] };
  const stored = await Promise.all(current.map(async (key) => ({ key, thumbprint: await jwkThumbprint(key.jwk) })));
  const keep: AppKeyRecord[] = [];
  const add: AppKeyRecord[] = [];
  for (const key of wanted) {
    const same = stored.find((s) => s.key.kid === key.kid && s.thumbprint === key.thumbprint);
    if (same !== undefined) keep.push(same.key);
    else add.push(newKeyRecord(appId, key, 'ACTIVE', now));
  }
  return { keep, add, remove: current.filter((key) => !keep.includes(key)) };
}

export const activeCount = (keys: readonly AppKeyRecord[]): number => keys.filter((k) => k.status === 'ACTIVE').length;
