/**
 * The org keeps an active super administrator. Shared by every change that can take SUPER_ADMIN away from someone: removing a
 * user's or a group's SUPER_ADMIN assignment, removing a member from a group that holds it,
 * deleting such a group. The check is on the outcome, not on the kind of change: the change runs,
 * then the active super administrators are counted again, so a user who holds the role twice
 * (directly and through a group) may lose one of the two.
 */
import { DomainError } from '../../errors/domain-error.js';
import type { Store } from '../../store/store.js';

/**
 * Runs `change` inside `tx` (a transaction: call it from `store.transaction`), and refuses
 * with 400 E0000001 (rolling the transaction back) when it leaves no active SUPER_ADMIN where
 * there was one. `action` completes "Cannot …", e.g. `remove the SUPER_ADMIN role of admin@example.com`.
 */
export async function keepingASuperAdmin<T>(tx: Store, action: string, change: () => Promise<T>): Promise<T> {
  await tx.roles.lockSuperAdmins();
  const before = await tx.roles.countActiveUsersWithRole('SUPER_ADMIN');
  const result = await change();
  if (before > 0 && (await tx.roles.countActiveUsersWithRole('SUPER_ADMIN')) === 0) {
    const reason = `Cannot ${action}: it would leave the org without an active super administrator`;
    throw new DomainError('invalid_state', 'role.last_super_admin', reason, [{ message: 'Assign SUPER_ADMIN to another active user first' }]);
  }
  return result;
}
