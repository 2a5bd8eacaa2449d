#!/usr/bin/env node
// The `tessera` command (package bin). Runs the compiled CLI from dist/ (built by `npm ci` via `prepare`).
import { runCli } from '../dist/cli/main.js';

const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
