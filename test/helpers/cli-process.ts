/**
 * Tessera as a real process (`node --import tsx src/…`, the source itself, so no stale build is
 * tested) against a SQLite file or a PostgreSQL schema of its own: the `tessera` command, the
 * server (`src/main.ts`), and the database they work on.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { freePort } from '../fixtures/free-port.js';
import { dropSchema, POSTGRES_URL, type StoreKind } from './databases.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment of a spawned Tessera: no TESSERA_* variable or DATABASE_URL of the developer leaks in. */
export function processEnv(databaseUrl: string | undefined, extraEnv: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TESSERA_') && key !== 'DATABASE_URL') env[key] = value;
  if (databaseUrl !== undefined) env['DATABASE_URL'] = databaseUrl;
  env['LOG_LEVEL'] = 'silent';
  return Object.assign(env, extraEnv);
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tessera <args>` with DATABASE_URL set; no TESSERA_* variable of the developer leaks in. */
export function tessera(databaseUrl: string | undefined, args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<Run> {
  return runToEnd('src/cli/entry.ts', databaseUrl, args, extraEnv);
}

/** Runs one of the source entry points (`src/main.ts`, `src/cli/entry.ts`) to its end. */
export function runToEnd(
  entry: string,
  databaseUrl: string | undefined,
  args: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<Run> {
  const env = processEnv(databaseUrl, extraEnv);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
}

/**
 * Starts `node src/main.ts` on a free port of 127.0.0.1 (its org URL that address), with
 * `extraEnv` on top, and resolves once it logs that it listens.
 */
export async function startServerProcess(databaseUrl: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = processEnv(databaseUrl, { PORT: String(port), HOST: '127.0.0.1', TESSERA_ORG_URL: baseUrl, LOG_LEVEL: 'info', ...extraEnv });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Server listening at')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the server exited (${String(code)}) before listening:\n${output}`)));
  });
  // Drain what it prints from now on, so that it never blocks on a full pipe.
  child.stdout?.resume();
  return { child, baseUrl };
}

/** Sends `signal` to the server and waits until it has exited (at once if it already has). */
export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill(signal);
  await exited;
}

/** A refusal: non-zero exit, and exactly one line on stderr. */
export function assertRefused(run: Run, pattern: RegExp): void {
  assert.notEqual(run.code, 0, run.stdout);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? '', /^tessera: /);
  assert.match(lines[0] ?? '', pattern);
  assert.equal(run.stdout, '', 'nothing on stdout');
}

export interface Target {
  readonly url: string;
  readonly database: OpenDatabase;
  dispose(): Promise<void>;
}

export async function openTarget(kind: StoreKind): Promise<Target> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
    const url = `sqlite:${join(dir, 'tessera.db')}`;
    const database = await openDatabase(url);
    return { url, database, dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = 'cli_' + randomBytes(6).toString('hex');
  const database = await openDatabase(POSTGRES_URL, { schema, poolSize: 2 });
  const separator = POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    url: `${POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    database,
    dispose: async () => {
      await database.close();
      await dropSchema(schema);
    },
  };
}
