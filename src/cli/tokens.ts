/**
 * `tessera token create|list|revoke`: API tokens from the command line. Okta has no endpoint to
 * create a token (it is made in the Admin Console), so creation lives here; list and revoke use
 * the same service as /api/v1/api-tokens. The secret is printed once, on stdout alone (so that
 * `TOKEN=$(tessera token create ...)` works), and never again: only its digest is stored.
 */
import { parseArgs } from 'node:util';
import { isId } from '../crypto/random-id.js';
import { DomainError } from '../errors/domain-error.js';
import { systemContext } from '../events/event-bus.js';
import { presentApiToken } from '../management/tokens/presenter.js';
import { createApiTokenService } from '../management/tokens/service.js';
import { createInsightsService } from '../management/insights/service.js';
import { CliError, type CliCommand } from './cli-error.js';
import { withStore, type CliContext } from './context.js';
import { printable, printableJson } from './terminal-text.js';

function serviceOf({ store, clock, events, config }: CliContext) {
  return createApiTokenService({ store, clock, events, tokenWindow: config.tokenWindow });
}

/** The insights as the server computes them, from what the nodes flushed (a CLI process counts nothing itself). */
export function insightsOf(context: CliContext) {
  return createInsightsService({ store: context.store, clock: context.clock, apiTokens: serviceOf(context), meter: undefined });
}

/** A refusal of the service (unknown user, not an admin, unknown token) as one line, exit 2. */
async function refusalsAsCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) {
      const causes = error.causes.map((c) => (c.field !== undefined && c.field !== 'user' ? `${c.field}: ${c.message}` : c.message)).join('; ');
      throw new CliError(causes === '' ? error.message : causes);
    }
    throw error;
  }
}

const create: CliCommand = async (args, config) => {
  const { values } = parseArgs({
    args: [...args],
    options: { user: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  if (values.user === undefined || values.user === '') throw new CliError('token create needs --user LOGIN');
  if (values.name === undefined) throw new CliError('token create needs --name NAME');
  const { user, name, json } = values;
  return withStore(config, (context) =>
    refusalsAsCliErrors(async () => {
      const { token, secret } = await serviceOf(context).create(systemContext(), { login: user, name });
      const expiresAt = serviceOf(context).expiresAt(token);
      if (json) {
        console.log(printableJson({ id: token.id, name: token.name, userId: token.userId, token: secret, expiresAt }));
      } else {
        console.log(secret);
        console.error(
          `created API token ${token.id} "${printable(token.name)}" for ${printable(user)}; it expires at ${expiresAt} unless used. It is not shown again.`,
        );
      }
      return 0;
    }),
  );
};

const list: CliCommand = async (args, config) => {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false });
  return withStore(config, async (context) => {
    const service = serviceOf(context);
    const tokens = await service.listAll();
    if (values.json) {
      const lastUses = await insightsOf(context).lastUsesOfTokens(tokens.map((t) => t.id));
      console.log(printableJson(tokens.map((t) => presentApiToken(t, service.expiresAt(t), config.orgUrl, lastUses.get(t.id) ?? null))));
      return 0;
    }
    if (tokens.length === 0) {
      console.log('no active API tokens');
      return 0;
    }
    const rows = [['ID', 'USER ID', 'CREATED', 'EXPIRES AT', 'NAME'], ...tokens.map((t) => [t.id, t.userId, t.created, service.expiresAt(t), t.name])];
    // Every column but the last (the name) has a fixed width: ids and timestamps. Every cell
    // comes from the database, so every cell is escaped.
    const widths = [20, 20, 24, 24];
    for (const row of rows) console.log(row.map((cell, i) => printable(cell).padEnd(widths[i] ?? 0)).join('  '));
    return 0;
  });
};

const revoke: CliCommand = async (args, config) => {
  const { positionals } = parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: true });
  const [id, ...extra] = positionals;
  if (id === undefined) throw new CliError('token revoke needs the token id (00T…); see "tessera token list"');
  if (extra.length > 0) throw new CliError(`token revoke takes one token id, got ${positionals.length}`);
  if (!isId('apiToken', id)) throw new CliError(`"${id}" is not an API token id (00T followed by 17 letters or digits)`);
  return withStore(config, (context) =>
    refusalsAsCliErrors(async () => {
      try {
        await serviceOf(context).revoke(systemContext(), { kind: 'all' }, id);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not_found') throw new CliError(`no active API token has the id ${id}`);
        throw error;
      }
      console.log(`revoked API token ${id}`);
      return 0;
    }),
  );
};

export const tokenCommands: Readonly<Record<string, CliCommand>> = {
  'token create': create,
  'token list': list,
  'token revoke': revoke,
};
