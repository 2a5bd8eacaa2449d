/** Process entry for `npm start`: load the configuration and serve. */
import { ConfigError, loadConfig } from './config/config.js';
import { serve } from './server.js';

try {
  await serve(loadConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
}
