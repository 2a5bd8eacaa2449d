/**
 * Profile and password rules for users, after Okta's default user schema and password policy.
 *
 * - `login`, `email`, `firstName` and `lastName` are required strings; custom attributes are
 *   JSON scalars or arrays of scalars (Okta's schema types: string, number, integer, boolean,
 *   array), which is what the SDK's own tests send (`age: 33`).
 * - Causes name the attribute bare, as Okta does (`login: The field cannot be left blank`), and
 *   there is one cause per attribute, whatever is wrong with it.
 * - `login`, `email` and `secondEmail` are identifiers, and the names of the person
 *   (`firstName`, `lastName`, `middleName`, `nickName`, `displayName`) display names: neither
 *   may contain control or invisible characters nor begin or end with whitespace
 *   (identifiers.ts). They reach admin screens, the System Log and terminals.
 * - The password policy is Okta's default one: at least 8 characters with a lowercase letter,
 *   an uppercase letter and a number, and not the login itself.
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import type { JsonObject, JsonValue } from '../../store/records.js';
import { displayNameProblem, identifierProblem } from '../identifiers.js';

const REQUIRED = ['login', 'email', 'firstName', 'lastName'] as const;
const IDENTIFIERS: ReadonlySet<string> = new Set(['login', 'email', 'secondEmail']);
const PERSON_NAMES: ReadonlySet<string> = new Set(['firstName', 'lastName', 'middleName', 'nickName', 'displayName']);
/** Okta caps `login` at 100 characters and names at 50 per attribute (default schema). */
const MAX_LENGTH: Readonly<Record<string, number>> = { login: 100, email: 100, firstName: 50, lastName: 50 };
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const MAX_STRING = 10_000;
const MAX_ITEMS = 1000;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** What an identifier or a person's name may contain; undefined for other attributes. */
function characterProblem(key: string, value: string): string | undefined {
  if (IDENTIFIERS.has(key)) return identifierProblem(value);
  if (PERSON_NAMES.has(key)) return displayNameProblem(value);
  return undefined;
}

/** The first problem of one attribute's value, if any. */
function valueProblem(key: string, value: JsonValue | undefined): string | undefined {
  if (!ATTRIBUTE_NAME.test(key)) return 'is not a valid attribute name';
  if ((REQUIRED as readonly string[]).includes(key)) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return 'The field cannot be left blank';
    if (typeof value !== 'string') return 'must be a string';
    const max = MAX_LENGTH[key] ?? MAX_STRING;
    if (value.length > max) return `must be at most ${max} characters`;
    const characters = characterProblem(key, value);
    if (characters !== undefined) return characters;
    if (key === 'email' && !EMAIL.test(value)) return 'Does not match required pattern';
    return undefined;
  }
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length <= MAX_STRING) {
    const characters = characterProblem(key, value);
    if (characters !== undefined) return characters;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) return `must have at most ${MAX_ITEMS} items`;
    return value.every(isScalar) ? undefined : 'must be a string, number, boolean, null or an array of them';
  }
  if (!isScalar(value)) return 'must be a string, number, boolean, null or an array of them';
  return undefined;
}

function isScalar(value: JsonValue): boolean {
  if (typeof value === 'string') return value.length <= MAX_STRING;
  return value === null || typeof value === 'number' || typeof value === 'boolean';
}

/** Problems of a complete profile (after a partial update is merged in), one per attribute. */
export function profileProblems(profile: JsonObject): ErrorCause[] {
  const causes: ErrorCause[] = [];
  const seen = new Set<string>();
  for (const field of REQUIRED) {
    seen.add(field);
    const problem = valueProblem(field, profile[field]);
    if (problem !== undefined) causes.push({ field, message: problem });
  }
  for (const [key, value] of Object.entries(profile)) {
    if (seen.has(key)) continue;
    const problem = valueProblem(key, value);
    if (problem !== undefined) causes.push({ field: key, message: problem });
  }
  return causes;
}

/** Okta's default password policy; one cause naming every requirement, as Okta words it. */
export function passwordProblems(password: string, login: string | undefined): ErrorCause[] {
  const unmet: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) unmet.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) unmet.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/\p{Ll}/u.test(password)) unmet.push('a lowercase letter');
  if (!/\p{Lu}/u.test(password)) unmet.push('an uppercase letter');
  if (!/\p{Nd}/u.test(password)) unmet.push('a number');
  const isLogin = login !== undefined && password.normalize('NFKC').toLowerCase() === login.normalize('NFKC').toLowerCase();
  if (unmet.length === 0 && !isLogin) return [];
  const parts = ['Password requirements were not met.'];
  if (unmet.length > 0) parts.push(`Password requirements: ${unmet.join(', ')}.`);
  if (isLogin) parts.push('Your password cannot be your username.');
  return [{ field: 'password', message: parts.join(' ') }];
}

/**
 * Copies a profile input into a plain object with own properties only. JSON.parse never sets a
 * prototype through `__proto__` (it defines an own property), and the body parser drops such
 * keys anyway; this copy guarantees that nothing inherited is ever read or stored.
 */
export function cleanProfile(input: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(input)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    Object.defineProperty(out, key, { value: input[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
