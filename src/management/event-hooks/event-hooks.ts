/**
 * The event hooks module, composed once: the service behind /api/v1/eventHooks, the delivery
 * worker, and the routes plugin, sharing one `HookSecrets` under the master key. `buildApp`
 * registers `routes` and runs `worker` while the server listens; tests build the same thing and
 * drive `worker.runOnce()` with a manual clock.
 */
import type { FastifyInstance } from 'fastify';
import type { ManagementDeps } from '../deps.js';
import { DeliveryWorker } from './delivery-worker.js';
import { HookSecrets } from './hook-secrets.js';
import { eventHookRoutes } from './routes.js';
import { createEventHookService, type EventHookService } from './service.js';

export interface EventHooksDeps extends Pick<ManagementDeps, 'store' | 'clock' | 'events' | 'config'> {
  /** The master key (crypto/master-key.ts) the hooks' secrets are encrypted under. */
  readonly masterKey: string;
  /** Where a failed delivery tick is reported. */
  readonly onError?: (error: unknown) => void;
}

export interface EventHooks {
  readonly service: EventHookService;
  readonly worker: DeliveryWorker;
  /** Registers the routes in the /api/v1 scope (inside the authentication and access decision). */
  readonly routes: (api: FastifyInstance) => Promise<void>;
}

export function createEventHooks(deps: EventHooksDeps): EventHooks {
  const { store, clock, events, config } = deps;
  const secrets = new HookSecrets(deps.masterKey);
  const service = createEventHookService({ store, clock, events, secrets, limits: config.eventHooks });
  const worker = new DeliveryWorker({
    store,
    clock,
    events,
    secrets,
    orgUrl: config.orgUrl,
    config: config.eventHooks,
    onError: (error) => deps.onError?.(error),
  });
  return {
    service,
    worker,
    routes: async (api) => {
      await api.register(eventHookRoutes, { hooks: service, store, orgUrl: config.orgUrl });
    },
  };
}
