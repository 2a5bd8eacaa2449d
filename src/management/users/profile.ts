/**
 * Profile and password rules for users (Okta's default user schema: login, email, firstName
 * and lastName are required; custom attributes are JSON scalars or arrays of them).
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { JsonObject, JsonValue } from '../../store/records.js';

const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

export const PASSWORD_MIN_LENGTH = 8;

/** Problems of a complete profile (after a partial update is merged in). */
export function profileProblems(profile: JsonObject): ErrorCause[] {
  const causes: ErrorCause[] = [];
  for (const field of REQUIRED) {
    const value = profile[field];
    if (typeof value !== 'string' || value.trim() === '') {
      causes.push({ field: `profile.${field}`, message: `The field cannot be left blank` });
    }
  }
  const login = profile['login'];
  if (typeof login === 'string' && login.length > 100) causes.push({ field: 'profile.login', message: 'must be at most 100 characters' });
  const email = profile['email'];
  if (typeof email === 'string' && email !== '' && !EMAIL.test(email)) {
    causes.push({ field: 'profile.email', message: 'Does not match required pattern' });
  }
  for (const [key, value] of Object.entries(profile)) {
    if (!ATTRIBUTE_NAME.test(key)) causes.push({ field: `profile.${key}`, message: 'is not a valid attribute name' });
    else if (!isProfileValue(value)) causes.push({ field: `profile.${key}`, message: 'must be a string, number, boolean, null or an array of them' });
  }
  return causes;
}

function isScalar(value: JsonValue): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isProfileValue(value: JsonValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.every(isScalar);
  return isScalar(value);
}

/** Password policy: a minimum length, and not the login itself. */
export function passwordProblems(password: string, login: string | undefined): ErrorCause[] {
  const causes: ErrorCause[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    causes.push({ field: 'password', message: `Password requirements were not met. Password requirements: at least ${PASSWORD_MIN_LENGTH} characters.` });
  }
  if (login !== undefined && password.toLowerCase() === login.toLowerCase()) {
    causes.push({ field: 'password', message: 'Password requirements were not met. Password cannot be your username.' });
  }
  return causes;
}

/** Copies a profile input into a clean object (no prototype tricks, explicit nulls kept). */
export function cleanProfile(input: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const [key, value] of Object.entries(input)) out[key] = value as JsonValue;
  return { ...out };
}
