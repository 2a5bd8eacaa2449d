/**
 * The OAuth and sign-in benchmarks: client_credentials issuance against
 * oidc-provider and the raw signing rate, Bearer vs SSWS on the Management API, /api/v1/authn
 * sign-ins and refresh-token grants. Each part runs in a fresh process (bench/phase.ts).
 * `npm run bench` calls `runOAuthBenchmarks` after its own phases; alone:
 *
 *   node --import tsx bench/oauth-run.ts
 *
 * Settings: bench/options.ts. When every part ran, the generated part of their section in
 * BENCHMARKS.md (between the `bench:oauth` markers) is rewritten; nothing else in the file is.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { errorText, runPhase } from './child-process.js';
import { describeMachine } from './machine.js';
import { benchOptions, OAUTH_PARTS } from './options.js';
import type { PartReport } from './oauth-part.js';
import { renderOAuthConsole, renderOAuthMarkdown } from './oauth-report.js';
import { commandLine, loads, updateBenchmarksSection } from './report.js';

export async function runOAuthBenchmarks(standalone = false): Promise<void> {
  const options = benchOptions(process.env);
  if (options.oauthParts.length === 0) return;
  const machine = describeMachine();
  console.log(`\nOAuth and sign-in benchmarks (issues #3, #4): ${options.oauthParts.join(', ')}; load average ${loads(machine.loadAverage, ' ')}`);
  const parts: PartReport[] = [];
  for (const part of options.oauthParts) {
    console.log(`${part}…`);
    parts.push((await runPhase([part])) as PartReport);
  }
  console.log('\n' + renderOAuthConsole(parts));
  if (!options.write) return;
  if (parts.length !== OAUTH_PARTS.length) {
    console.log('\nBENCHMARKS.md (OAuth section) not updated: partial run (BENCH_OAUTH).');
    return;
  }
  const command = commandLine(standalone ? 'node --import tsx bench/oauth-run.ts' : 'npm run bench');
  await updateBenchmarksSection('oauth', renderOAuthMarkdown({ machine, loadAverageAfter: loadavg(), command, parts }));
  console.log('\nBENCHMARKS.md (OAuth section) updated.');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runOAuthBenchmarks(true).catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
}
