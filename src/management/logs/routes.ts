/** /api/v1/logs (to be completed). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';

export const logRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async () => undefined;
