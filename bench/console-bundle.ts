/**
 * The admin console's first load: the JavaScript and CSS that `dist/web/index.html` names, as
 * the browser receives them (Brotli, and gzip for clients without it). Budget: 250 KB compressed
 * (issue #11). Deterministic: a property of the build, measured by `npm run bench` and checked
 * by test/browser/bundle-size.test.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FIRST_LOAD_BUDGET_BYTES = 250 * 1024;

export interface BundleFile {
  readonly path: string;
  readonly bytes: number;
  readonly brotli: number;
  readonly gzip: number;
}

export interface BundleSize {
  readonly files: readonly BundleFile[];
  readonly bytes: number;
  readonly brotli: number;
  readonly gzip: number;
}

/** Every script and stylesheet `index.html` loads (module preloads included), with its compressed siblings. */
export function firstLoad(dir: string): BundleSize {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/admin\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  const files = [...new Set(refs)].map((path) => {
    const full = join(dir, path);
    return { path, bytes: statSync(full).size, brotli: statSync(`${full}.br`).size, gzip: statSync(`${full}.gz`).size };
  });
  const sum = (pick: (f: BundleFile) => number) => files.reduce((total, f) => total + pick(f), 0);
  return { files, bytes: sum((f) => f.bytes), brotli: sum((f) => f.brotli), gzip: sum((f) => f.gzip) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function renderBundleMarkdown(size: BundleSize): string {
  const rows = size.files.map((f) => `| \`${f.path}\` | ${kb(f.bytes)} | ${kb(f.brotli)} | ${kb(f.gzip)} |`);
  const met = size.gzip <= FIRST_LOAD_BUDGET_BYTES ? 'met' : 'MISSED';
  return [
    '### Admin console: first load',
    '',
    `What \`/admin\` loads before it can show a page (\`dist/web/index.html\`'s scripts and stylesheets). Budget ${kb(FIRST_LOAD_BUDGET_BYTES)} compressed: ${met} (gzip ${kb(size.gzip)}, Brotli ${kb(size.brotli)}).`,
    '',
    '| file | raw | Brotli | gzip |',
    '|---|---|---|---|',
    ...rows,
    `| **total** | ${kb(size.bytes)} | ${kb(size.brotli)} | ${kb(size.gzip)} |`,
  ].join('\n');
}
