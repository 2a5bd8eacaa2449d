/**
 * The endpoint table is complete by construction: registering a route that has no entry in
 * ENDPOINT_ACCESS makes the app refuse to start (http/plugins/authorize.ts), so no endpoint can
 * be served without an access rule. Pure: the store is never reached at registration time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { EventBus } from '../events/event-bus.js';
import { registerAuthorization } from '../http/plugins/authorize.js';
import type { Store } from '../store/store.js';

/** An app built as buildApp builds /api/v1: authorization first, then the route plugins. */
async function start(routes: (api: ReturnType<typeof Fastify>) => void): Promise<void> {
  const app = Fastify();
  // Never called: the onRoute check needs no store, and no request is made.
  const store = {} as Store;
  await app.register(async (api) => {
    registerAuthorization(api, { store, events: new EventBus(), insufficientScope: () => '' });
    await api.register(async (plugin) => routes(plugin));
  });
  try {
    await app.ready();
  } finally {
    await app.close();
  }
}

describe('routes without an access rule', () => {
  it('the app refuses to start with an /api/v1 route missing from the table, naming it', async () => {
    await assert.rejects(
      start((api) => {
        api.get('/api/v1/users', async () => []);
        api.get('/api/v1/stray', async () => ({}));
      }),
      { message: 'route GET /api/v1/stray has no entry in ENDPOINT_ACCESS' },
    );
  });

  it('a method missing from the table is caught even when the path has other methods', async () => {
    await assert.rejects(
      start((api) => {
        api.patch('/api/v1/users/:userId', async () => ({}));
      }),
      { message: 'route PATCH /api/v1/users/:userId has no entry in ENDPOINT_ACCESS' },
    );
  });

  it('starts when every route has its entry, or is explicitly outside the table', async () => {
    await start((api) => {
      api.get('/api/v1/users/:userId/roles', async () => []);
      api.post('/api/v1/users/:userId/roles', async () => ({}));
      api.get('/api/v1/fallback', { config: { access: 'none' } }, async () => ({}));
    });
  });
});
