/**
 * Reads an unquoted value word as a JSON literal: `true`, `false`, `null` or a number
 * (RFC 8259 §3 and §6, which RFC 7644 §3.4.2.2 uses for `compValue`).
 *
 * @module
 */

import type { FilterValue } from './ast.js';

/** The result of reading a word: a value, or the reason it is not one. */
export type LiteralResult =
  { readonly ok: true; readonly value: FilterValue } | { readonly ok: false; readonly reason: 'not_a_literal' | 'number_out_of_range' };

const NOT_A_LITERAL = { ok: false, reason: 'not_a_literal' } as const;

/** Literal names are lower-case only, as in JSON. */
export function readLiteral(word: string): LiteralResult {
  if (word === 'true') return { ok: true, value: true };
  if (word === 'false') return { ok: true, value: false };
  if (word === 'null') return { ok: true, value: null };
  const shape = numberShape(word);
  if (shape === undefined) return NOT_A_LITERAL;
  const value = Number(word);
  // Reject what a double cannot hold exactly enough to compare: overflow to Infinity,
  // and integers past 2^53 that would silently match a neighbouring value.
  if (!Number.isFinite(value) || (shape === 'integer' && !Number.isSafeInteger(value))) {
    return { ok: false, reason: 'number_out_of_range' };
  }
  return { ok: true, value };
}

/** RFC 8259 §6 `number`, checked by a single scan. */
function numberShape(word: string): 'integer' | 'decimal' | undefined {
  let index = 0;
  if (word.charCodeAt(index) === 0x2d /* - */) index += 1;
  const intStart = index;
  index = skipDigits(word, index);
  const intLength = index - intStart;
  if (intLength === 0 || (intLength > 1 && word.charCodeAt(intStart) === 0x30) /* 0 */) return undefined;
  let shape: 'integer' | 'decimal' = 'integer';
  if (word.charCodeAt(index) === 0x2e /* . */) {
    const fracStart = index + 1;
    index = skipDigits(word, fracStart);
    if (index === fracStart) return undefined;
    shape = 'decimal';
  }
  const marker = word.charCodeAt(index);
  if (marker === 0x65 /* e */ || marker === 0x45 /* E */) {
    index += 1;
    const sign = word.charCodeAt(index);
    if (sign === 0x2b /* + */ || sign === 0x2d /* - */) index += 1;
    const expStart = index;
    index = skipDigits(word, expStart);
    if (index === expStart) return undefined;
    shape = 'decimal';
  }
  return index === word.length ? shape : undefined;
}

function skipDigits(word: string, from: number): number {
  let index = from;
  while (index < word.length) {
    const code = word.charCodeAt(index);
    if (code < 0x30 || code > 0x39) break;
    index += 1;
  }
  return index;
}
