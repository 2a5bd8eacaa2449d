// Unit tests of the console's own logic (the API client, the access rules it shows, the browser
// keys), run by Vitest in Node: Node 20 has fetch's Response, WebCrypto and atob, as browsers do.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
