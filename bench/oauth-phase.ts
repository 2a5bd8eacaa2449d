/**
 * One OAuth or sign-in benchmark part in a process of its own (forked by bench/oauth-run.ts), so
 * that every part starts from a clean heap. Runnable by hand too, e.g. to profile the server:
 *
 *   BENCH_DURATION=5 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/oauth-phase.ts bearer
 *
 * (the load generator and the peer are forked with explicit execArgv, so only this process is
 * profiled). The report goes back over IPC, or to stdout as JSON when run by hand.
 */
import { runIssuance } from './oauth-issuance.js';
import { runBearer } from './oauth-bearer.js';
import { OAUTH_PARTS, oauthBenchOptions, type OAuthPart } from './oauth-options.js';
import type { PartReport } from './oauth-part.js';
import { runAuthn } from './signin-authn.js';
import { runRefresh } from './signin-refresh.js';

const PARTS: Record<OAuthPart, (options: ReturnType<typeof oauthBenchOptions>['round'], log: (line: string) => void) => Promise<PartReport>> = {
  issuance: runIssuance,
  bearer: runBearer,
  authn: runAuthn,
  refresh: runRefresh,
};

async function main(): Promise<void> {
  const part = process.argv[2];
  if (part === undefined || !(OAUTH_PARTS as readonly string[]).includes(part))
    throw new Error(`part must be one of ${OAUTH_PARTS.join(', ')}, got ${part ?? 'nothing'}`);
  const options = oauthBenchOptions(process.env);
  const report = await PARTS[part as OAuthPart](options.round, (line) => console.log(line));
  if (process.send !== undefined) process.send({ ok: true, report }, () => process.exit(0));
  else {
    console.log(JSON.stringify(report, null, 2));
    // Exit explicitly, as the forked phase does: pools and timers must not keep a profile from being written late.
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send !== undefined) process.send({ ok: false, error: message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
});
