/**
 * /oauth2/v1/clients/{clientId}/roles (Okta Management API, `RoleAssignmentClient`): list, assign (200, as the
 * spec says), get, unassign (204). Okta error bodies, as every Management API route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventContextOf } from '../../http/request-context.js';
import type { RoleAssignmentRecord } from '../../store/records.js';
import type { ManagementDeps } from '../deps.js';
import { presentRoleAssignment } from '../roles/presenter.js';
import { AssignRoleInput, RoleAssignment, RoleQuery } from '../roles/schemas.js';
import type { ClientRoleService } from './client-role-service.js';

const Id = Type.String({ minLength: 1, maxLength: 200 });
const ClientParams = Type.Object({ clientId: Id });
const ClientRoleParams = Type.Object({ clientId: Id, roleAssignmentId: Id });

/** Okta's `StandardRoleResponseClient`: the assignee link is the client's role collection. */
function presentClientRole(assignment: RoleAssignmentRecord, orgUrl: string): RoleAssignment {
  const presented = presentRoleAssignment(assignment, orgUrl);
  return { ...presented, _links: { ...presented._links, assignee: { href: `${orgUrl}/oauth2/v1/clients/${assignment.principalId}/roles` } } };
}

export function clientRoleRoutes(roles: ClientRoleService): FastifyPluginAsyncTypebox<ManagementDeps> {
  return async (app, deps) => {
    const { orgUrl } = deps.config;
    const base = '/oauth2/v1/clients/:clientId/roles';

    app.get(base, { schema: { params: ClientParams, querystring: RoleQuery, response: { 200: Type.Array(RoleAssignment) } } }, async (request) => {
      return (await roles.list(request.params.clientId)).map((a) => presentClientRole(a, orgUrl));
    });

    app.post(
      base,
      { schema: { params: ClientParams, querystring: RoleQuery, body: Type.Optional(AssignRoleInput), response: { 200: RoleAssignment } } },
      async (request) => {
        return presentClientRole(await roles.assign(eventContextOf(request), request.principal, request.params.clientId, request.body), orgUrl);
      },
    );

    app.get(
      `${base}/:roleAssignmentId`,
      { schema: { params: ClientRoleParams, querystring: RoleQuery, response: { 200: RoleAssignment } } },
      async (request) => {
        return presentClientRole(await roles.get(request.params.clientId, request.params.roleAssignmentId), orgUrl);
      },
    );

    app.delete(`${base}/:roleAssignmentId`, { schema: { params: ClientRoleParams, response: { 204: Type.Null() } } }, async (request, reply) => {
      await roles.unassign(eventContextOf(request), request.principal, request.params.clientId, request.params.roleAssignmentId);
      return reply.code(204).send(null);
    });
  };
}
