/**
 * The zones a network condition names, checked when the condition is written (an API token's
 * upsert, an app's create or replace): each must exist and be an active POLICY IP zone (Okta,
 * release notes 2024: zones used as API token restrictions "can't be deactivated, deleted,
 * blocklisted, or made anything other than an active IP zone"). The zones are locked until the
 * writer's transaction ends, so that none changes between this check and the write; the zone
 * service takes the same lock before it looks for conditions naming a zone (zones/service.ts).
 */
import { isId } from '../../crypto/random-id.js';
import type { ErrorCause } from '../../errors/domain-error.js';
import type { Store } from '../../store/store.js';
import { zoneIdsOf, type NetworkCondition } from './network-condition.js';
import { usableInCondition } from './zone-match.js';

/** One cause per zone the condition may not name; `field` is where the body holds the condition (`network`). */
export async function conditionZoneCauses(tx: Store, condition: NetworkCondition, field: string): Promise<ErrorCause[]> {
  if (condition.connection === 'ANYWHERE') return [];
  const at = `${field}.${'include' in condition ? 'include' : 'exclude'}`;
  const ids = zoneIdsOf(condition);
  const zones = new Map((await tx.networkZones.lock(ids.filter((id) => isId('networkZone', id)))).map((z) => [z.id, z]));
  const causes: ErrorCause[] = [];
  for (const id of ids) {
    const zone = zones.get(id);
    if (zone === undefined) causes.push({ field: at, message: `${id}: no network zone has this id` });
    else if (zone.status !== 'ACTIVE') causes.push({ field: at, message: `${id}: the network zone ${zone.name} is ${zone.status}` });
    else if (!usableInCondition(zone))
      causes.push({ field: at, message: `${id}: the network zone ${zone.name} is a ${zone.usage} zone; only POLICY IP zones can be used` });
  }
  return causes;
}
