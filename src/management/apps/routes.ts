/** /api/v1/apps, app keys and grants, DCR and client roles (to be completed). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';

export const appRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async () => undefined;
