/**
 * 405 E0000022 for a known path with a method it does not serve (Okta), instead of a 404.
 * `collectRoutes` watches routes as they are added; its `plugin`, registered after the route
 * plugins, adds the missing methods once all are known.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../errors/domain-error.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export function collectRoutes(app: FastifyInstance): { plugin: FastifyPluginAsync } {
  const served = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config?.['access'] === 'none') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const set = served.get(route.url) ?? new Set<string>();
    for (const m of methods) set.add(m);
    served.set(route.url, set);
  });
  const plugin: FastifyPluginAsync = async (late) => {
    for (const [url, methods] of served) {
      const missing = METHODS.filter((m) => !methods.has(m));
      if (missing.length === 0) continue;
      late.route({
        method: missing,
        url,
        config: { access: 'none' },
        handler: async () => {
          throw new DomainError('method_not_allowed', 'method_not_allowed', 'The endpoint does not support the provided HTTP method');
        },
      });
    }
  };
  return { plugin };
}
