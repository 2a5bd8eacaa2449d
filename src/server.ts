/**
 * Runs the server: open the database, bootstrap, build the app, listen, and drain on
 * SIGTERM/SIGINT (in-flight requests finish, buffered token uses are flushed, exit 0).
 */
import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { systemClock } from './clock.js';
import type { Config } from './config/config.js';
import { createPasswordHasher } from './crypto/password-hash.js';
import { EventBus } from './events/event-bus.js';
import { SystemLogWriter } from './events/system-log-writer.js';
import { openDatabase } from './store/database.js';
import { createStore } from './store/create-store.js';

export async function serve(config: Config): Promise<void> {
  const database = await openDatabase(config.databaseUrl);
  const store = createStore(database);
  const events = new EventBus();
  events.subscribe(new SystemLogWriter(systemClock));
  const passwordHasher = createPasswordHasher(config.passwordHash);
  const result = await bootstrap({ store, clock: systemClock, events, passwordHasher }, { tokenWindow: config.tokenWindow, admin: config.bootstrapAdmin });
  const app = await buildApp({ config, store, clock: systemClock });
  const log = app.fastify.log;
  if (result.adminCreated) log.info(`created the first SUPER_ADMIN ${config.bootstrapAdmin?.email ?? ''}`);
  if (result.needsAdmin) {
    // One clear line telling the operator what to do.
    console.log(
      'No administrator yet: run `npx tessera admin create --email you@example.com --password <password>` (or set TESSERA_ADMIN_EMAIL and TESSERA_ADMIN_PASSWORD) and restart.',
    );
  }
  await app.fastify.listen({ port: config.port, host: config.host });
  console.log(`Tessera listening on ${config.orgUrl} (${database.dialect})`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining`);
    try {
      await app.fastify.close(); // waits for in-flight requests, then flushes token uses (onClose)
      await database.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
