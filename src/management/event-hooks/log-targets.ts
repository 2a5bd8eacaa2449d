/** The System Log target of an event hook (its id and name; never its URI, headers or secret). */
import type { EventHookRecord } from '../../store/event-hook-store.js';
import type { LogTarget } from '../../store/records.js';

export function hookTarget(hook: Pick<EventHookRecord, 'id' | 'name'>): LogTarget {
  return { id: hook.id, type: 'EventHook', alternateId: hook.name, displayName: hook.name, detailEntry: null };
}
