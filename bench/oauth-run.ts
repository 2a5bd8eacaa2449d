/**
 * The OAuth and sign-in benchmarks (issues #3 and #4): client_credentials issuance against
 * oidc-provider and the raw signing rate, Bearer vs SSWS on the Management API, /api/v1/authn
 * sign-ins and refresh-token grants. Each part runs in a fresh process (bench/phase.ts).
 * `npm run bench` calls `runOAuthBenchmarks` after its own phases; alone:
 *
 *   node --import tsx bench/oauth-run.ts
 *
 * Settings: bench/options.ts. When every part ran, the generated part of their section in
 * BENCHMARKS.md (between the `bench:oauth` markers) is rewritten; nothing else in the file is.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { errorText, runPhase } from './child-process.js';
import { describeMachine } from './machine.js';
import { benchOptions, OAUTH_PARTS } from './options.js';
import type { PartReport } from './oauth-part.js';
import { renderOAuthConsole, renderOAuthMarkdown } from './oauth-report.js';

const BENCHMARKS = new URL('../BENCHMARKS.md', import.meta.url);
const START = '<!-- bench:oauth:start -->';
const END = '<!-- bench:oauth:end -->';

function commandLine(standalone: boolean): string {
  const settings = Object.entries(process.env)
    .filter(([key, value]) => key.startsWith('BENCH_') && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value ?? ''}`);
  return [...settings, standalone ? 'node --import tsx bench/oauth-run.ts' : 'npm run bench'].join(' ');
}

/** Replaces what is between the markers (or appends the markers with it; the file too, if there is none). */
async function updateSection(markdown: string): Promise<void> {
  let current: string;
  try {
    current = await readFile(BENCHMARKS, 'utf8');
  } catch {
    current = '# Benchmarks\n';
  }
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const section = `${START}\n${markdown}\n${END}`;
  const next = from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(BENCHMARKS, next);
}

export async function runOAuthBenchmarks(standalone = false): Promise<void> {
  const options = benchOptions(process.env);
  if (options.oauthParts.length === 0) return;
  const machine = describeMachine();
  console.log(
    `\nOAuth and sign-in benchmarks (issues #3, #4): ${options.oauthParts.join(', ')}; load average ${machine.loadAverage.map((v) => v.toFixed(2)).join(' ')}`,
  );
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
  await updateSection(renderOAuthMarkdown({ machine, loadAverageAfter: loadavg(), command: commandLine(standalone), parts }));
  console.log('\nBENCHMARKS.md (OAuth section) updated.');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runOAuthBenchmarks(true).catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
}
