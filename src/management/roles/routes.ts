/** Admin role assignments (to be completed). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';

export const roleRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async () => undefined;
