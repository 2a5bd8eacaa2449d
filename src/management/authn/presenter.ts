/** Authentication transactions in Okta's shape (authn reference: SUCCESS, PASSWORD_EXPIRED). */
import { isoAt } from '../../clock.js';
import { textOf, type UserRecord } from '../../store/records.js';
import { PASSWORD_MIN_LENGTH } from '../users/profile.js';
import type { AuthnTransaction } from './schemas.js';

/** Okta fills `locale` and `timeZone` from the profile, or from the org's defaults when unset. */
const DEFAULT_LOCALE = 'en_US';
const DEFAULT_TIME_ZONE = 'UTC';

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function authnUser(user: UserRecord) {
  return {
    id: user.id,
    passwordChanged: user.passwordChanged,
    profile: {
      login: textOf(user.profile['login']),
      firstName: text(user.profile['firstName']),
      lastName: text(user.profile['lastName']),
      locale: text(user.profile['locale']) ?? DEFAULT_LOCALE,
      timeZone: text(user.profile['timezone']) ?? DEFAULT_TIME_ZONE,
    },
  };
}

export function successTransaction(user: UserRecord, sessionToken: string, expiresAt: string, relayState: string | undefined): AuthnTransaction {
  return {
    expiresAt,
    status: 'SUCCESS',
    ...(relayState !== undefined ? { relayState } : {}),
    sessionToken,
    _embedded: { user: authnUser(user) },
  };
}

export function passwordExpiredTransaction(
  user: UserRecord,
  stateToken: string,
  expiresAt: number,
  orgUrl: string,
  relayState: string | undefined,
): AuthnTransaction {
  return {
    stateToken,
    expiresAt: isoAt(expiresAt),
    status: 'PASSWORD_EXPIRED',
    ...(relayState !== undefined ? { relayState } : {}),
    _embedded: {
      user: authnUser(user),
      policy: {
        complexity: { minLength: PASSWORD_MIN_LENGTH, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true },
        age: { minAgeMinutes: 0, historyCount: 0 },
      },
    },
    _links: {
      next: { name: 'changePassword', href: `${orgUrl}/api/v1/authn/credentials/change_password`, hints: { allow: ['POST'] } },
      cancel: { href: `${orgUrl}/api/v1/authn/cancel`, hints: { allow: ['POST'] } },
    },
  };
}
