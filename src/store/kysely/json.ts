/** JSON text columns: parsed into plain objects with a null prototype guard. */
import type { JsonObject } from '../records.js';

export function parseObject(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return value as JsonObject;
}
