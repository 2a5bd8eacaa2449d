/** `tessera token create|list|revoke` (to be completed). */
import type { CliCommand } from './cli-error.js';

export const tokenCommands: Readonly<Record<string, CliCommand>> = {};
