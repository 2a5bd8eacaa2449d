/**
 * The `tessera` command: `serve`, `admin create`, `token create|list|revoke|usage|suggest`, `insights`, `keys rotate`.
 * Arguments are parsed with node:util `parseArgs`; a bad argument exits 2 with one line.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { CliError, type CliCommand } from './cli-error.js';
import { adminCommands } from './admin.js';
import { tokenCommands } from './tokens.js';
import { keyCommands } from './keys.js';
import { insightCommands } from './insights.js';
import { printable } from './terminal-text.js';

const USAGE = `usage: tessera <command>
  serve                                         run the server
  admin create --email E --password P           create a SUPER_ADMIN user
  token create --user LOGIN --name NAME [--json] create an API token (shown once)
  token list [--json]                           list active API tokens
  token revoke ID                               revoke an API token
  token usage ID [--since T] [--until T] [--json]  what an API token did (default: the last 30 days)
  token suggest ID [--since T] [--until T] [--json] the narrowest roles and scopes that would have allowed it
  token rotate ID [--grace DURATION] [--json]   a new secret; the old one works for the grace (default PT24H, at most P7D)
  token migrate ID [--dry-run] [--public-key FILE] [--revoke-after DURATION] [--label L] [--json]
                                                move what the token does to a service app with the narrowest scopes and roles
  insights [--flag F] [--json]                  every credential with its risk flags (F: SUPER_ADMIN_TOKEN, NEVER_USED,
                                                UNUSED_30_DAYS, EXPIRES_WITHIN_7_DAYS, MIGRATION_CANDIDATE)
  keys rotate                                   add a new signing key (old ones stay published until their tokens expire)`;

const COMMANDS: Readonly<Record<string, CliCommand>> = {
  ...adminCommands,
  ...tokenCommands,
  ...keyCommands,
  ...insightCommands,
};

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help') {
    console.log(USAGE);
    return first === undefined ? 2 : 0;
  }
  try {
    if (first === 'serve') {
      parseArgs({ args: [...argv.slice(1)], options: {}, strict: true, allowPositionals: false });
      const { serve } = await import('../server.js');
      await serve(loadConfig(env));
      return -1; // keeps running
    }
    const single = COMMANDS[first];
    if (single !== undefined) return await single(argv.slice(1), loadConfig(env));
    const command = COMMANDS[`${first} ${second ?? ''}`];
    if (command === undefined) throw new CliError(`unknown command "${[first, second].filter(Boolean).join(' ')}"; run "tessera help"`);
    return await command(rest, loadConfig(env));
  } catch (error) {
    // Messages quote arguments and stored values (logins, names): escaped, and so on one line.
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(`tessera: ${printable(error.message)}`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`tessera: ${printable(error.message)}`);
      return 2;
    }
    console.error(`tessera: ${printable(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}
