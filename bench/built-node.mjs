/**
 * A Tessera node from the built code (dist/, `npm run build`), as `npm start` runs it
 * (src/main.ts), with the rate limits raised out of reach as in every other part of the benchmark
 * (bench/servers.ts): at the defaults a single token gets 300 calls a minute. Plain JavaScript, so
 * that the process bench/insights-instructions.ts measures under valgrind is `node` with no
 * TypeScript loader in it. Configured by the environment, as `node dist/main.js`.
 */
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig } from '../dist/config/config.js';
import { serve } from '../dist/server.js';

try {
  const base = loadConfig();
  const perMinute = Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((family) => [family, 1_000_000_000]));
  await serve({ ...base, rateLimit: { ...base.rateLimit, perMinute } });
} catch (error) {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
}
