/**
 * What identifiers and display names may contain: one rule for every field that names a
 * principal or an object, so that no value can hide characters from a human reading it in an
 * admin screen, a log or a terminal.
 *
 * - Identifiers (user `login`, `email`, `secondEmail`, group `name`): no control characters
 *   (general category Cc: C0, DEL, C1, so NUL, ESC, CR, LF, TAB), no format characters (Cf:
 *   zero-width space, joiners, bidi embeddings, overrides and isolates, BOM, soft hyphen, tags),
 *   no line or paragraph separators (Zl, Zp), no unpaired surrogates (Cs), no other default
 *   ignorable code point (variation selectors, combining grapheme joiner, Hangul fillers: drawn
 *   as nothing, UTS #39 §3.1 "General Security Profile") and no noncharacters; and no whitespace
 *   at either end. Two identifiers that differ only by such characters would look identical to
 *   the person comparing them (UTR #36 §2 "Visual Security Issues"); uniqueness is decided on
 *   the NFKC + case-folded key on top of this (store/keys.ts, UAX #15).
 * - Display names (app labels and DCR `client_name`, API token names, people's names): the same,
 *   except that ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER (U+200C, U+200D) and the default
 *   ignorables outside Cf (variation selectors, combining grapheme joiner) are allowed: Persian
 *   and Indic scripts need the joiners to spell words correctly (UAX #31 §2.3), and emoji
 *   sequences need them and the variation selectors. None of them moves a cursor or reorders
 *   text. Names are not unique keys, so they need not be free of every invisible difference.
 *
 * Each check is one scan with a single character class: linear, nothing to backtrack.
 */

/** Everything an identifier may not contain anywhere. */
const NOT_IN_IDENTIFIER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;
/** Everything a display name may not contain (the joiners are let through after the match). */
const NOT_IN_NAME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/gu;
const JOINERS = new Set(['\u200C', '\u200D']);
const EDGE_SPACE = /^\p{White_Space}|\p{White_Space}$/u;

/** `U+200B`; the whole code point when astral (`U+E0041`), not its surrogate halves. */
function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The sentence for one refused character, by what kind of character it is. */
function refusal(character: string): string {
  const at = codePoint(character);
  if (/\p{Cc}/u.test(character)) return `must not contain control characters (${at})`;
  if (/[\p{Zl}\p{Zp}]/u.test(character)) return `must not contain line or paragraph separators (${at})`;
  if (/\p{Cs}/u.test(character)) return `must not contain unpaired surrogates (${at})`;
  return `must not contain invisible or formatting characters (${at})`;
}

const EDGE_SPACE_REFUSAL = 'must not begin or end with whitespace';

/** Why `value` cannot be an identifier (login, email, group name), or undefined when it can. */
export function identifierProblem(value: string): string | undefined {
  const found = NOT_IN_IDENTIFIER.exec(value);
  if (found !== null) return refusal(found[0]);
  return EDGE_SPACE.test(value) ? EDGE_SPACE_REFUSAL : undefined;
}

/** Why `value` cannot be a display name (label, token name, person's name), or undefined. */
export function displayNameProblem(value: string): string | undefined {
  for (const found of value.matchAll(NOT_IN_NAME)) {
    if (!JOINERS.has(found[0])) return refusal(found[0]);
  }
  return EDGE_SPACE.test(value) ? EDGE_SPACE_REFUSAL : undefined;
}
