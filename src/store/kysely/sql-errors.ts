/**
 * Driver-error translation, inside the store only: unique violations become `UniqueViolation`
 * (repositories, `uniquely`), and errors that mean the database cannot answer become
 * `StoreUnavailable` (fail-closed.ts, on every query and transaction step).
 */
import { StoreUnavailable, UniqueViolation } from '../store.js';

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
]);

/** True for errors that mean "the database cannot answer now" (fail closed, retry later). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  const code = codeOf(error);
  // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) share their primary code's meaning.
  if (code !== undefined && (UNAVAILABLE.has(code) || UNAVAILABLE.has(code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|driver has already been destroyed|Client has encountered a connection error/i.test(message);
}

/** Runs a write, turning a unique violation into UniqueViolation(what). */
export async function uniquely<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueViolation(what);
    throw error;
  }
}
