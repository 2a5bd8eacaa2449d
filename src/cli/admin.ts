/** `tessera admin create --email E --password P`. */
import { parseArgs } from 'node:util';
import { createSuperAdmin } from '../bootstrap.js';
import { createPasswordHasher } from '../crypto/password-hash.js';
import { createUserService } from '../management/users/service.js';
import { DomainError } from '../errors/domain-error.js';
import { CliError, type CliCommand } from './cli-error.js';
import { withStore } from './context.js';
import { printable } from './terminal-text.js';

const create: CliCommand = async (args, config) => {
  const { values } = parseArgs({
    args: [...args],
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.email === undefined || values.password === undefined) throw new CliError('admin create needs --email and --password');
  const { email, password } = values;
  return withStore(config, async ({ store, clock, events }) => {
    try {
      const users = createUserService({ store, clock, events, passwordHasher: createPasswordHasher(config.passwordHash) });
      const user = await createSuperAdmin({ store, clock, events, users }, email, password);
      console.log(`created SUPER_ADMIN ${printable(email)} (${user.id})`);
      return 0;
    } catch (error) {
      if (error instanceof DomainError) {
        const causes = error.causes.map((c) => (c.field !== undefined ? `${c.field}: ${c.message}` : c.message)).join('; ');
        throw new CliError(causes === '' ? error.message : causes);
      }
      throw error;
    }
  });
};

export const adminCommands = { 'admin create': create };
