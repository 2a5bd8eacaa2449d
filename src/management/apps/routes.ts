/**
 * The apps module, registered inside the authenticated /api/v1 plugin: /api/v1/apps (apps,
 * their public keys and scope grants), /oauth2/v1/clients/{clientId}/roles (admin roles of
 * client apps, Okta error bodies) and Dynamic Client Registration at /oauth2/v1/clients (its own
 * RFC 7591 error handler).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';
import { appCrudRoutes } from './app-routes.js';
import { createAppService } from './service.js';

export const appRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const apps = createAppService(deps);
  await app.register(appCrudRoutes(apps), deps);
};
