/** The console's first load (its scripts and stylesheets, compressed) stays within 250 KB. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../../bench/console-bundle.js';
import { DEFAULT_CONSOLE_DIR } from '../../src/config/config.js';
import { consoleBuilt } from './harness.js';

it('the admin console loads at most 250 KB compressed before it shows a page', () => {
  consoleBuilt(DEFAULT_CONSOLE_DIR);
  const size = firstLoad(DEFAULT_CONSOLE_DIR);
  assert.ok(
    size.files.some((f) => f.path.endsWith('.js')),
    'index.html names no script',
  );
  assert.ok(size.gzip <= FIRST_LOAD_BUDGET_BYTES, `gzip ${size.gzip} B > ${FIRST_LOAD_BUDGET_BYTES} B`);
  assert.ok(size.brotli <= size.gzip, 'Brotli siblings are missing or larger than gzip');
});
