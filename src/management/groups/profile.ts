/**
 * Group profile rules (Okta's default group schema): `name` is required and at most 255
 * characters, `description` at most 1024; custom attributes are JSON scalars or arrays of them.
 * The name is the group's unique key, so it follows the identifier rules (identifiers.ts): no
 * control or invisible characters, no whitespace at either end, or two groups could look alike.
 * Causes name the field as Okta does (`name: The field cannot be left blank`).
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { JsonObject, JsonValue } from '../../store/records.js';
import { identifierProblem } from '../identifiers.js';

export const NAME_MAX_LENGTH = 255;
export const DESCRIPTION_MAX_LENGTH = 1024;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

function isScalar(value: JsonValue): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Every problem of a complete group profile, one cause per field. */
export function groupProfileProblems(profile: JsonObject): ErrorCause[] {
  const causes: ErrorCause[] = [];
  const name = profile['name'];
  if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) {
    causes.push({ field: 'name', message: 'The field cannot be left blank' });
  } else if (typeof name !== 'string') {
    causes.push({ field: 'name', message: 'The field must be a string' });
  } else if (name.length > NAME_MAX_LENGTH) {
    causes.push({ field: 'name', message: 'The field is too long' });
  } else {
    const problem = identifierProblem(name);
    if (problem !== undefined) causes.push({ field: 'name', message: problem });
  }
  const description = profile['description'];
  if (description !== undefined && description !== null && typeof description !== 'string') {
    causes.push({ field: 'description', message: 'The field must be a string' });
  } else if (typeof description === 'string' && description.length > DESCRIPTION_MAX_LENGTH) {
    causes.push({ field: 'description', message: 'The field is too long' });
  }
  for (const [key, value] of Object.entries(profile)) {
    if (key === 'name' || key === 'description') continue;
    if (!ATTRIBUTE_NAME.test(key)) causes.push({ field: key, message: 'is not a valid attribute name' });
    else if (!(Array.isArray(value) ? value.every(isScalar) : isScalar(value))) {
      causes.push({ field: key, message: 'must be a string, number, boolean, null or an array of them' });
    }
  }
  return causes;
}

/** Copies a profile input into a plain object (no prototype tricks; explicit nulls kept). */
export function cleanGroupProfile(input: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
