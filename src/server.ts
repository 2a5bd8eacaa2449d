/**
 * Runs the server: open the database, bootstrap, build the app, listen, and drain on
 * SIGTERM/SIGINT (in-flight requests finish, buffered token uses are flushed, exit 0).
 */
import { buildApp, type App } from './app.js';
import { bootstrap } from './bootstrap.js';
import { systemClock } from './clock.js';
import type { Config } from './config/config.js';
import { openDatabase } from './store/database.js';
import { createStore } from './store/create-store.js';

export async function serve(config: Config): Promise<void> {
  const database = await openDatabase(config.databaseUrl);
  let app: App;
  let result: Awaited<ReturnType<typeof bootstrap>>;
  try {
    // The services first (a refused configuration stops here, before anything is written).
    app = await buildApp({ config, store: createStore(database), clock: systemClock });
  } catch (error) {
    await database.close();
    throw error;
  }
  try {
    result = await bootstrap(app.services, { tokenWindow: config.tokenWindow, orgUrl: config.orgUrl, admin: config.bootstrapAdmin });
  } catch (error) {
    await app.fastify.close();
    await database.close();
    throw error;
  }
  const log = app.fastify.log;
  if (result.adminCreated) log.info(`created the first SUPER_ADMIN ${config.bootstrapAdmin?.email ?? ''}`);
  const consoleApp = result.consoleApp;
  if (consoleApp.created) log.info(`created the admin console's app ${consoleApp.app.id}`);
  else if (consoleApp.updated || consoleApp.grantsAdded.length > 0) log.info(`brought the admin console's app ${consoleApp.app.id} up to date`);
  if (consoleApp.app.status !== 'ACTIVE') log.warn(`the admin console's app ${consoleApp.app.id} is ${consoleApp.app.status}: nobody can sign in to /admin`);
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
