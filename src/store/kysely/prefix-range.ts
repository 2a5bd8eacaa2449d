/**
 * A prefix test as a range, so that an ordinary B-tree index can answer it: `s` starts with `p`
 * exactly when `p <= s < successor(p)` in code-point order, which is the byte order of UTF-8 that
 * SQLite's BINARY collation and PostgreSQL's `text_pattern_ops` (`~>=~`, `~<~`) compare in.
 * Unlike `LIKE`, nothing in the prefix is a wildcard, so there is nothing to escape.
 *
 * A lone surrogate (possible in a JavaScript string) reaches the database differently per
 * driver: node-postgres encodes it as U+FFFD, better-sqlite3 as its own three bytes (WTF-8),
 * which still sort in code-point order. The range is built on what the database receives.
 */

const MAX_CODE_POINT = 0x10ffff;
const HIGH_SURROGATES = 0xd800;
const LOW_SURROGATES = 0xdc00;
const AFTER_SURROGATES = 0xe000;

/** How the driver sends a lone surrogate: as U+FFFD, or as itself. */
export type LoneSurrogates = 'replaced' | 'kept';

/** The bounds of the strings that start with `prefix`: `from` inclusive, `to` exclusive (none when unbounded). */
export interface PrefixRange {
  readonly from: string;
  readonly to: string | undefined;
}

export function prefixRange(prefix: string, loneSurrogates: LoneSurrogates): PrefixRange {
  const from = loneSurrogates === 'replaced' ? wellFormed(prefix) : prefix;
  // Lone surrogates come out of Array.from as one code point each.
  const codePoints = Array.from(from, (character) => character.codePointAt(0) ?? 0);
  // Drop trailing U+10FFFF (nothing sorts between it and the end), then bump the last code point.
  while (codePoints.length > 0 && codePoints[codePoints.length - 1] === MAX_CODE_POINT) codePoints.pop();
  const last = codePoints.pop();
  // A prefix of only U+10FFFF: every string at or above it starts with it.
  if (last === undefined) return { from, to: undefined };
  let next = last + 1;
  if (loneSurrogates === 'replaced' && next === HIGH_SURROGATES) {
    // No surrogate reaches the database: the next code point it can hold is U+E000.
    next = AFTER_SURROGATES;
  } else if (next === LOW_SURROGATES && isHighSurrogate(codePoints[codePoints.length - 1] ?? 0)) {
    // A low surrogate after a lone high one would pair up with it; no stored string holds that
    // lone pair either (it would have been one code point), so U+E000 bounds the same strings.
    next = AFTER_SURROGATES;
  }
  return { from, to: String.fromCodePoint(...codePoints, next) };
}

function isHighSurrogate(code: number): boolean {
  return code >= HIGH_SURROGATES && code < LOW_SURROGATES;
}

function isSurrogate(code: number): boolean {
  return code >= HIGH_SURROGATES && code < AFTER_SURROGATES;
}

/** Replaces lone surrogates with U+FFFD, as UTF-8 encoding does. */
function wellFormed(value: string): string {
  let out = '';
  for (const character of value) out += isSurrogate(character.codePointAt(0) ?? 0) ? '\ufffd' : character;
  return out;
}
