/**
 * The `tessera` process entry: runs the CLI with the process arguments and sets the exit code.
 * `bin/tessera.js` does the same from dist/; tests run this file from source through tsx, so
 * that they exercise the code as it is, not a stale build.
 */
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2));
// `serve` answers -1: the server keeps the process alive until a signal stops it.
if (code >= 0) process.exitCode = code;
