/** /api/v1/groups (to be completed). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';

export const groupRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async () => undefined;
