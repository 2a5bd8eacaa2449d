/** RoleAssignmentRecord → Okta's role assignment object, `_links.assignee` absolute from the org URL. */
import { isRoleType, ROLE_LABELS } from '../../auth/permissions.js';
import type { RoleAssignmentRecord } from '../../store/records.js';
import type { RoleAssignment } from './schemas.js';

const ASSIGNEE_PATH: Readonly<Record<RoleAssignmentRecord['principalType'], string>> = {
  USER: '/api/v1/users/',
  GROUP: '/api/v1/groups/',
  CLIENT: '/oauth2/v1/clients/',
};

/**
 * A user's list shows the roles it inherits from its groups too, with `assignmentType: GROUP`
 * and the group as assignee (what Okta answers; terraform-provider-okta filters them out with
 * `AssignmentType == "USER"`).
 */
export function presentRoleAssignment(assignment: RoleAssignmentRecord, orgUrl: string): RoleAssignment {
  const type = assignment.roleType;
  return {
    id: assignment.id,
    label: isRoleType(type) ? ROLE_LABELS[type] : type,
    type,
    status: 'ACTIVE',
    created: assignment.created,
    lastUpdated: assignment.lastUpdated,
    assignmentType: assignment.principalType,
    _links: { assignee: { href: `${orgUrl}${ASSIGNEE_PATH[assignment.principalType]}${assignment.principalId}` } },
  };
}
