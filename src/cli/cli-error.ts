import type { Config } from '../config/config.js';

/** A usage error: printed as one line, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** A subcommand: takes the remaining arguments, returns the exit code. */
export type CliCommand = (args: readonly string[], config: Config) => Promise<number>;
