/** /api/v1/api-tokens (to be completed). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ManagementDeps } from '../deps.js';

export const apiTokenRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async () => undefined;
