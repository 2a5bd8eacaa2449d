/**
 * What the CLI prints of stored or given values goes through `printable` first: a terminal acts
 * on control characters instead of showing them (ESC starts an ECMA-48 control sequence that
 * moves the cursor, clears the screen, recolours text or sets the window title; C1 CSI U+009B
 * does the same on its own), and bidi controls reorder what is shown (UTR #36 §2). Those values
 * come from the database, where an API caller may have put them before names were checked.
 *
 * Control (Cc), format (Cf), line and paragraph separator (Zl, Zp) and unpaired surrogate (Cs)
 * code points are written as `\uXXXX` escapes, one per UTF-16 code unit: JavaScript and JSON
 * notation alike, so the escaped text of a JSON document is still the same JSON document.
 * Everything else, backslashes included, is printed as it is.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

function escape(character: string): string {
  let out = '';
  for (let i = 0; i < character.length; i += 1) out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** `text` with every character a terminal would act on, or hide, escaped. */
export function printable(text: string): string {
  return text.replace(NOT_PRINTABLE, escape);
}

/** JSON for stdout: `JSON.stringify` escapes C0 controls only; C1, format characters and U+2028/9 are escaped here. */
export function printableJson(value: unknown): string {
  return printable(JSON.stringify(value));
}
