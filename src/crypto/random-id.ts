/**
 * Okta-shaped identifiers: a three-character type prefix and 17 base-62 characters (20 in all),
 * e.g. `00ub0oNGTSWTBKOLGLNR`. Drawn from the CSPRNG with rejection sampling, so every
 * character is uniform.
 */
import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const ID_PREFIX = {
  user: '00u',
  group: '00g',
  apiToken: '00T',
  app: '0oa',
  roleAssignment: 'ra1',
  grant: 'oag',
  key: 'key',
  /** A public key registered on an OIDC app (Okta `pks…`). */
  appKey: 'pks',
  /** A client secret of an OIDC app (Okta `ocs…`). */
  appSecret: 'ocs',
  /** A network zone (Okta `nzo…`). */
  networkZone: 'nzo',
  /** An event hook (Okta `who…`, e.g. `who8vt36qfNpCGz9H1e6`). */
  eventHook: 'who',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/**
 * CSPRNG bytes drawn 4 KiB at a time (one call for about a hundred ids instead of one each, as
 * Node does for `randomUUID`); each byte is handed out once and then forgotten.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const byte = pool[used] ?? 0;
  pool[used++] = 0;
  return byte;
}

/** `length` uniform base-62 characters. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    // 248 = 62 * 4: bytes above it would bias the first characters.
    if (byte < 248) out += BASE62[byte % 62];
  }
  return out;
}

export function newId(kind: IdKind): string {
  return ID_PREFIX[kind] + randomBase62(17);
}

const ID_SHAPE = /^[0-9A-Za-z]{20}$/;

/** True when `value` has the shape of an id of this kind (a cheap guard before any lookup). */
export function isId(kind: IdKind, value: string): boolean {
  return value.startsWith(ID_PREFIX[kind]) && ID_SHAPE.test(value);
}

/** Okta-like request ids (`reqVy8wsvmBQN27h4soUE3ZEnA`) and error ids (`oaeHfmOAx1iRLa0H10DeMz5fQ`). */
export function newRequestId(): string {
  return 'req' + randomBase62(22);
}

export function newErrorId(): string {
  return 'oae' + randomBase62(22);
}
