/**
 * /api/v1/users/{userId}/roles and /api/v1/groups/{groupId}/roles (Okta RoleAssignment API,
 * Okta Management API tag `RoleAssignmentAUser` / `RoleAssignmentBGroup`): list, assign (201), get, unassign (204).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { invalidField } from '../../errors/domain-error.js';
import { nextPageUrl, pageLinks, parseLimit } from '../../http/pagination.js';
import { eventContextOf } from '../../http/request-context.js';
import type { ManagementDeps } from '../deps.js';
import { presentRoleAssignment } from './presenter.js';
import {
  AssigneesQuery,
  AssignRoleInput,
  GroupRoleParams,
  GroupRolesParams,
  RoleAssignedUsers,
  RoleAssignment,
  RoleQuery,
  UserRoleParams,
  UserRolesParams,
} from './schemas.js';
import { createRoleService } from './service.js';
import { ASSIGNEES_LIMIT, createAssigneeService } from './assignees.js';

const ASSIGNEES_PATH = '/api/v1/iam/assignees/users';

/** A body-less POST names the missing field rather than failing as "body: must be object". */
async function requireBody(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) throw invalidField('type', 'The field cannot be left blank');
}

export const roleRoutes: FastifyPluginAsyncTypebox<ManagementDeps> = async (app, deps) => {
  const roles = createRoleService(deps);
  const usersWithRoles = createAssigneeService(deps);
  const { orgUrl } = deps.config;
  const list = { 200: Type.Array(RoleAssignment) };
  const one = { 200: RoleAssignment };
  const created = { 201: RoleAssignment };
  const removed = { 204: Type.Null() };

  // Users
  app.get('/api/v1/users/:userId/roles', { schema: { params: UserRolesParams, querystring: RoleQuery, response: list } }, async (request) => {
    const assignee = await roles.user(request.params.userId, request.principal);
    return (await roles.list(assignee)).map((a) => presentRoleAssignment(a, orgUrl));
  });

  app.post(
    '/api/v1/users/:userId/roles',
    { schema: { params: UserRolesParams, querystring: RoleQuery, body: AssignRoleInput, response: created }, preValidation: requireBody },
    async (request, reply) => {
      const assignee = await roles.user(request.params.userId, request.principal);
      const assignment = await roles.assign(eventContextOf(request), request.principal, assignee, request.body);
      return reply.code(201).send(presentRoleAssignment(assignment, orgUrl));
    },
  );

  app.get('/api/v1/users/:userId/roles/:roleAssignmentId', { schema: { params: UserRoleParams, querystring: RoleQuery, response: one } }, async (request) => {
    const assignee = await roles.user(request.params.userId, request.principal);
    return presentRoleAssignment(await roles.get(assignee, request.params.roleAssignmentId), orgUrl);
  });

  app.delete('/api/v1/users/:userId/roles/:roleAssignmentId', { schema: { params: UserRoleParams, response: removed } }, async (request, reply) => {
    const assignee = await roles.user(request.params.userId, request.principal);
    await roles.unassign(eventContextOf(request), request.principal, assignee, request.params.roleAssignmentId);
    return reply.code(204).send(null);
  });

  // Groups: members inherit the group's roles.
  app.get('/api/v1/groups/:groupId/roles', { schema: { params: GroupRolesParams, querystring: RoleQuery, response: list } }, async (request) => {
    const assignee = await roles.group(request.params.groupId);
    return (await roles.list(assignee)).map((a) => presentRoleAssignment(a, orgUrl));
  });

  app.post(
    '/api/v1/groups/:groupId/roles',
    { schema: { params: GroupRolesParams, querystring: RoleQuery, body: AssignRoleInput, response: { 200: RoleAssignment } }, preValidation: requireBody },
    async (request, reply) => {
      const assignee = await roles.group(request.params.groupId);
      const assignment = await roles.assign(eventContextOf(request), request.principal, assignee, request.body);
      // Okta documents 200 or 201 here; the Okta Node SDK 8.x reads the body only on a 200.
      return reply.code(200).send(presentRoleAssignment(assignment, orgUrl));
    },
  );

  app.get(
    '/api/v1/groups/:groupId/roles/:roleAssignmentId',
    { schema: { params: GroupRoleParams, querystring: RoleQuery, response: one } },
    async (request) => {
      const assignee = await roles.group(request.params.groupId);
      return presentRoleAssignment(await roles.get(assignee, request.params.roleAssignmentId), orgUrl);
    },
  );

  app.delete('/api/v1/groups/:groupId/roles/:roleAssignmentId', { schema: { params: GroupRoleParams, response: removed } }, async (request, reply) => {
    const assignee = await roles.group(request.params.groupId);
    await roles.unassign(eventContextOf(request), request.principal, assignee, request.params.roleAssignmentId);
    return reply.code(204).send(null);
  });

  // Every user holding an admin role, directly or through a group (Okta Role Assignment API).
  app.get('/api/v1/iam/assignees/users', { schema: { querystring: AssigneesQuery, response: { 200: RoleAssignedUsers } } }, async (request, reply) => {
    const query = request.query;
    const page = await usersWithRoles({ after: query.after, limit: parseLimit(query.limit, ASSIGNEES_LIMIT) });
    const asked: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string') asked[key] = value;
    reply.header('Link', pageLinks(orgUrl, ASSIGNEES_PATH, asked, page.next));
    return {
      value: page.users.map((user) => ({
        id: user.id,
        orn: user.orn,
        _links: { self: { href: `${orgUrl}/api/v1/users/${user.id}` }, roles: { href: `${orgUrl}/api/v1/users/${user.id}/roles` } },
      })),
      _links: page.next === undefined ? {} : { next: { href: nextPageUrl(orgUrl, ASSIGNEES_PATH, asked, page.next) } },
    };
  });
};
