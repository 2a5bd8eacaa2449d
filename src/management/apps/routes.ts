/**
 * The apps module, registered inside the authenticated /api/v1 plugin: /api/v1/apps (apps,
 * their public keys and scope grants), /oauth2/v1/clients/{clientId}/roles (admin roles of
 * client apps, Okta error bodies) and Dynamic Client Registration at /oauth2/v1/clients (its own
 * RFC 7591 error handler, in an encapsulated child plugin).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';
import { appCrudRoutes } from './app-routes.js';
import { clientRoleRoutes } from './client-role-routes.js';
import { createClientRoleService } from './client-role-service.js';
import { grantRoutes } from './grant-routes.js';
import { createGrantService } from './grant-service.js';
import { keyRoutes } from './key-routes.js';
import { createKeyService } from './key-service.js';
import { secretRoutes } from './secret-routes.js';
import { createSecretService } from './secret-service.js';
import { registrationRoutes } from './registration-routes.js';
import { createAppService } from './service.js';

export const appRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const apps = createAppService(deps);
  await app.register(appCrudRoutes(apps), deps);
  await app.register(keyRoutes(createKeyService(deps, apps)), deps);
  await app.register(secretRoutes(createSecretService(deps, apps)), deps);
  await app.register(grantRoutes(createGrantService(deps, apps)), deps);
  await app.register(clientRoleRoutes(createClientRoleService(deps, apps)), deps);
  await app.register(registrationRoutes(apps), deps);
};
