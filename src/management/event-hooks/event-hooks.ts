/**
 * The event hooks module, composed once: the service behind /api/v1/eventHooks and the routes
 * plugin, with one `HookSecrets` under the master key. `buildApp` registers `routes`.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ManagementDeps } from '../deps.js';
import { HookSecrets } from './hook-secrets.js';
import { eventHookRoutes } from './routes.js';
import { createEventHookService, type EventHookService } from './service.js';

export interface EventHooksDeps extends Pick<ManagementDeps, 'store' | 'clock' | 'events' | 'config'> {
  /** The master key (crypto/master-key.ts) the hooks' secrets are encrypted under. */
  readonly masterKey: string;
  readonly log?: Pick<FastifyBaseLogger, 'error'>;
}

export interface EventHooks {
  readonly service: EventHookService;
  /** Registers the routes in the /api/v1 scope (inside the authentication and access decision). */
  readonly routes: (api: FastifyInstance) => Promise<void>;
}

export function createEventHooks(deps: EventHooksDeps): EventHooks {
  const { store, clock, events, config } = deps;
  const secrets = new HookSecrets(deps.masterKey);
  const service = createEventHookService({ store, clock, events, secrets, limits: config.eventHooks });
  return {
    service,
    routes: async (api) => {
      await api.register(eventHookRoutes, { hooks: service, store, orgUrl: config.orgUrl });
    },
  };
}
