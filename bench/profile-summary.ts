/**
 * Summarises a V8 `.cpuprofile` (from `--cpu-prof`): where the samples fall, by package or
 * source file (self time, and inclusive time: any frame of it on the stack) and by function.
 *
 *   node --import tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [top]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A package name, a source file of ours, or a V8 pseudo-frame. */
function area(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node core';
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByArea = new Map<string, number>();
  const inclusiveByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (node === undefined) return;
    total += delta;
    const { url, functionName, lineNumber } = node.callFrame;
    const own = area(url, functionName);
    selfByArea.set(own, (selfByArea.get(own) ?? 0) + delta);
    const fn = `${functionName || '(anonymous)'} ${own}:${lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined && frame.url !== '') seen.add(area(frame.url, frame.functionName));
    }
    seen.add(own);
    for (const a of seen) inclusiveByArea.set(a, (inclusiveByArea.get(a) ?? 0) + delta);
  });

  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled\n\nself time by area`);
  for (const [name, t] of sorted(selfByArea)) console.log(`${percent(t, total)}  ${name}`);
  console.log('\ninclusive time by area (on the stack; async continuations count from where they resume)');
  for (const [name, t] of sorted(inclusiveByArea)) console.log(`${percent(t, total)}  ${name}`);
  console.log('\nself time by function');
  for (const [name, t] of sorted(selfByFunction)) console.log(`${percent(t, total)}  ${name}`);
}

// `… | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
