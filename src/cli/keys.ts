/** `tessera keys rotate`: a new active signing key; old public keys stay published until their tokens expire. */
import { parseArgs } from 'node:util';
import { openKeyRing } from '../compose.js';
import { resolveMasterKey } from '../crypto/master-key.js';
import type { CliCommand } from './cli-error.js';
import { withStore } from './context.js';
import { printable } from './terminal-text.js';

const rotate: CliCommand = async (args, config) => {
  parseArgs({ args: [...args], options: {}, strict: true, allowPositionals: false });
  return withStore(config, async ({ store, clock }) => {
    const ring = await openKeyRing(config, store, clock, resolveMasterKey(config.masterKey, config.databaseUrl));
    const kid = await ring.rotate();
    console.log(`new signing key ${printable(kid)} is active; previous keys stay in the JWKS until the tokens they signed expire`);
    return 0;
  });
};

export const keyCommands = { 'keys rotate': rotate };
