/**
 * `tessera token usage ID`, `tessera token suggest ID` and `tessera insights`: the usage
 * insights of the Management API's credentials from the command line, read from what the nodes
 * flushed (at most a minute late). Tables for people, `--json` for scripts; every stored value is
 * printed escaped.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { permissionsOfRoles } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { systemContext } from '../events/event-bus.js';
import { createApiTokenService } from '../management/tokens/service.js';
import { createTokenMigration, sdkConfigOf } from '../management/tokens/migration.js';
import { isId } from '../crypto/random-id.js';
import { DomainError } from '../errors/domain-error.js';
import { windowOf } from '../management/insights/routes.js';
import { RISK_FLAGS, type RiskFlag } from '../management/insights/service.js';
import { CliError, type CliCommand } from './cli-error.js';
import { withStore } from './context.js';
import { printable, printableJson } from './terminal-text.js';
import { insightsOf } from './tokens.js';

function table(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => printable(row[i] ?? '').length))) ?? [];
  for (const row of rows) console.log(row.map((cell, i) => printable(cell).padEnd(i === row.length - 1 ? 0 : (widths[i] ?? 0))).join('  '));
}

function tokenIdOf(command: string, positionals: readonly string[]): string {
  const [id, ...extra] = positionals;
  if (id === undefined) throw new CliError(`${command} needs the token id (00T…); see "tessera token list"`);
  if (extra.length > 0) throw new CliError(`${command} takes one token id, got ${positionals.length}`);
  if (!isId('apiToken', id)) throw new CliError(`"${id}" is not an API token id (00T followed by 17 letters or digits)`);
  return id;
}

/** A refusal of the service (an unknown token, a bad window) as one line. */
async function asCliError<T>(work: () => Promise<T>, notFound: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not_found') throw new CliError(notFound);
    if (error instanceof DomainError) throw new CliError(error.causes.map((c) => c.message).join('; ') || error.message);
    throw error;
  }
}

const WINDOW_OPTIONS = { since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean', default: false } } as const;

const usage: CliCommand = async (args, config) => {
  const { values, positionals } = parseArgs({ args: [...args], options: WINDOW_OPTIONS, strict: true, allowPositionals: true });
  const id = tokenIdOf('token usage', positionals);
  return withStore(config, async (context) => {
    const report = await asCliError(
      () => insightsOf(context).tokenUsage({ kind: 'all' }, id, windowOf(values, context.clock.now())),
      `no active API token has the id ${id}`,
    );
    if (values.json) {
      console.log(printableJson(report));
      return 0;
    }
    const last =
      report.lastUsed === null ? 'never' : `${report.lastUsed.at} from ${report.lastUsed.ipAddress ?? '?'} (${report.lastUsed.userAgent ?? 'no user agent'})`;
    console.log(`API token ${id}: ${report.totals.requests} requests, ${report.totals.refused} refused, ${report.window.since} to ${report.window.until}`);
    console.log(`last used: ${printable(last)}`);
    if (report.byEndpoint.length === 0) return 0;
    table([
      ['REQUESTS', 'REFUSED', 'LAST', 'ENDPOINT'],
      ...report.byEndpoint.map((e) => [String(e.requests), String(e.refused), e.lastAt, `${e.method} ${e.route}`]),
    ]);
    return 0;
  });
};

const suggest: CliCommand = async (args, config) => {
  const { values, positionals } = parseArgs({ args: [...args], options: WINDOW_OPTIONS, strict: true, allowPositionals: true });
  const id = tokenIdOf('token suggest', positionals);
  return withStore(config, async (context) => {
    const s = await asCliError(
      () => insightsOf(context).tokenSuggestion({ kind: 'all' }, id, windowOf(values, context.clock.now())),
      `no active API token has the id ${id}`,
    );
    if (values.json) {
      console.log(printableJson(s));
      return 0;
    }
    const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.join(' '));
    console.log(`based on ${s.basedOn.requests} requests, ${s.basedOn.since} to ${s.basedOn.until}`);
    console.log(`holds roles:        ${list(s.holds.roles)}`);
    console.log(`suggested roles:    ${list(s.suggested.roles)}`);
    console.log(`suggested scopes:   ${list(s.suggested.scopes)}`);
    console.log(`never used:         ${list(s.unusedPermissions)}`);
    for (const u of s.uncovered) console.log(printable(`uncovered:          ${u.method} ${u.route} (${u.requests}): ${u.reason}`));
    return 0;
  });
};

const insights: CliCommand = async (args, config) => {
  const { values } = parseArgs({
    args: [...args],
    options: { flag: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const flag = values.flag;
  if (flag !== undefined && !(RISK_FLAGS as readonly string[]).includes(flag)) throw new CliError(`--flag must be one of ${RISK_FLAGS.join(', ')}`);
  return withStore(config, async (context) => {
    const service = insightsOf(context);
    const items = [];
    let after: string | undefined;
    for (;;) {
      const page = await service.credentials({ after, limit: 200, flag: flag as RiskFlag | undefined });
      items.push(...page.items);
      after = page.items.at(-1)?.credential.id;
      if (!page.more || after === undefined) break;
    }
    if (values.json) {
      console.log(printableJson(items));
      return 0;
    }
    if (items.length === 0) {
      console.log(flag === undefined ? 'no credentials' : `no credential is flagged ${flag}`);
      return 0;
    }
    table([
      ['ID', 'KIND', 'LAST USED', 'EXPIRES AT', 'FLAGS', 'NAME'],
      ...items.map((c) => [c.credential.id, c.kind, c.lastUsed?.at ?? 'never', c.expiresAt ?? '-', c.flags.join(',') || '-', c.name]),
    ]);
    return 0;
  });
};

/** The operator at the command line acts as the system: a super administrator over the database it was given. */
const OPERATOR: Principal = {
  subject: { kind: 'user', userId: 'system', login: 'tessera CLI' },
  credential: { kind: 'ssws', tokenId: 'cli' },
  roles: ['SUPER_ADMIN'],
  rolePermissions: permissionsOfRoles(['SUPER_ADMIN']),
  scopePermissions: undefined,
};

const rotate: CliCommand = async (args, config) => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { grace: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const id = tokenIdOf('token rotate', positionals);
  return withStore(config, async (context) => {
    const tokens = createApiTokenService({ store: context.store, clock: context.clock, events: context.events, tokenWindow: config.tokenWindow });
    const rotated = await asCliError(
      () => tokens.rotate(systemContext(), { kind: 'all' }, id, { gracePeriod: values.grace }),
      `no active API token has the id ${id}`,
    );
    const retiresAt = rotated.previous.retiresAt ?? '';
    if (values.json) {
      console.log(printableJson({ id: rotated.token.id, name: rotated.token.name, token: rotated.secret, rotatedFrom: { id, retiresAt } }));
      return 0;
    }
    console.log(rotated.secret);
    console.error(`rotated API token ${id} into ${rotated.token.id}; the old secret works until ${retiresAt}. The new one is not shown again.`);
    return 0;
  });
};

const migrate: CliCommand = async (args, config) => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      'dry-run': { type: 'boolean', default: false },
      'public-key': { type: 'string' },
      'revoke-after': { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const id = tokenIdOf('token migrate', positionals);
  let publicKey: Record<string, unknown> | undefined;
  if (values['public-key'] !== undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(values['public-key'], 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      publicKey = parsed as Record<string, unknown>;
    } catch (error) {
      throw new CliError(`--public-key: ${values['public-key']} is not a JWK file (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return withStore(config, async (context) => {
    // A CLI process has no memory of uses: the persisted last use is the one.
    const migrateToken = createTokenMigration({ ...context, insights: insightsOf(context), lastUse: (token) => Date.parse(token.lastUsed) });
    const input = { dryRun: values['dry-run'], publicKey, label: values.label, revokeToken: values['revoke-after'] };
    const result = await asCliError(
      () => migrateToken(systemContext(), OPERATOR, id, input, windowOf({}, context.clock.now())),
      `no active API token has the id ${id}`,
    );
    const sdkConfig = sdkConfigOf(result, config.orgUrl);
    if (values.json) {
      console.log(
        printableJson({ dryRun: result.dryRun, token: result.token, plan: result.plan, clientId: result.app?.record.id, keyId: result.keyId, sdkConfig }),
      );
      return 0;
    }
    const { plan } = result;
    console.log(
      `${result.dryRun ? 'plan' : 'migrated'}: API token ${id} → service app "${printable(plan.label)}"${result.app === undefined ? '' : ` (${result.app.record.id})`}`,
    );
    console.log(`scopes: ${plan.scopes.join(' ')}`);
    console.log(`roles:  ${plan.roles.join(' ') || '(none)'}`);
    console.log(
      `token:  ${plan.revokeToken.mode === 'NEVER' ? 'kept' : `revoked ${plan.revokeToken.mode === 'NOW' ? 'now' : `at ${plan.revokeToken.at ?? ''}`}`}`,
    );
    for (const u of result.suggestion.uncovered) console.log(printable(`not covered: ${u.method} ${u.route}: ${u.reason}`));
    if (sdkConfig !== undefined) console.log(printableJson(sdkConfig));
    return 0;
  });
};

export const insightCommands: Readonly<Record<string, CliCommand>> = {
  'token usage': usage,
  'token suggest': suggest,
  'token rotate': rotate,
  'token migrate': migrate,
  insights,
};
