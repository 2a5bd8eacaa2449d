/** Opens the store named by DATABASE_URL for one CLI command, and closes it after. */
import { systemClock } from '../clock.js';
import type { Config } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import { SystemLogWriter } from '../events/system-log-writer.js';
import { ensureOrg } from '../bootstrap.js';
import { openDatabase } from '../store/database.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../clock.js';

export interface CliContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly config: Config;
}

export async function withStore<T>(config: Config, work: (context: CliContext) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.databaseUrl);
  try {
    const store = createStore(database);
    const events = new EventBus();
    events.subscribe(new SystemLogWriter(systemClock));
    await ensureOrg(store, systemClock, config.tokenWindow);
    return await work({ store, clock: systemClock, events, config });
  } finally {
    await database.close();
  }
}
