/**
 * Password operations of the Management API (authenticated /api/v1 plugin):
 * `POST /api/v1/users/{id}/credentials/change_password` (the user itself through `me` or its id,
 * or an admin with okta.users.credentials.manage; the current password is always required) and
 * `POST /api/v1/users/{id}/lifecycle/expire_password` (admin). See password-service.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { presentUser } from '../users/presenter.js';
import { LifecycleQuery, User, UserParams } from '../users/schemas.js';
import { ChangePasswordQuery, ChangePasswordRequest, UserCredentials } from './schemas.js';

export const passwordRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const users = deps.users;
  const passwords = deps.passwords;

  app.post(
    '/api/v1/users/:userId/credentials/change_password',
    { schema: { params: UserParams, querystring: ChangePasswordQuery, body: ChangePasswordRequest, response: { 200: UserCredentials } } },
    async (request) => {
      const user = await users.resolve(request.params.userId, request.principal);
      const { oldPassword, newPassword, revokeSessions } = request.body;
      await passwords.change(eventContextOf(request), request.principal, user, oldPassword.value, newPassword.value, {
        revokeSessions: revokeSessions === true,
      });
      return { password: {}, provider: { type: 'OKTA', name: 'OKTA' } };
    },
  );

  app.post(
    '/api/v1/users/:userId/lifecycle/expire_password',
    { schema: { params: UserParams, querystring: LifecycleQuery, response: { 200: User } } },
    async (request) => {
      const user = await users.resolve(request.params.userId, request.principal);
      return presentUser(await passwords.expire(eventContextOf(request), request.principal, user), deps.config.orgUrl);
    },
  );
};
