/**
 * Splits a filter expression into tokens in one left-to-right pass.
 *
 * Every character is looked at a bounded number of times and no regular expression
 * runs over the input, so the cost is linear in its length whatever the content.
 * Strings follow JSON (RFC 8259 §7), which RFC 7644 §3.4.2.2 names as the syntax of
 * `compValue`. Everything else between delimiters is a "word" (attribute path,
 * operator, keyword, number, `true`/`false`/`null`); the parser decides which.
 *
 * @module
 */

import { FilterError } from './errors.js';

/** One token; `position` is the 0-based offset of its first character. */
export type Token =
  | { readonly kind: 'open' | 'close' | 'end'; readonly position: number }
  | { readonly kind: 'word'; readonly text: string; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number };

const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;

/** RFC 8259 §7: the single-character escapes and what they stand for. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [QUOTE, '"'],
  [BACKSLASH, '\\'],
  [0x2f, '/'],
  [0x62, '\b'],
  [0x66, '\f'],
  [0x6e, '\n'],
  [0x72, '\r'],
  [0x74, '\t'],
]);

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;
}

function isDelimiter(code: number): boolean {
  return isSpace(code) || code === OPEN || code === CLOSE || code === QUOTE;
}

/** Tokenizes `input`; the last token is always `end`. Throws {@link FilterError}. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const code = input.charCodeAt(index);
    if (isSpace(code)) {
      index += 1;
    } else if (code === OPEN || code === CLOSE) {
      tokens.push({ kind: code === OPEN ? 'open' : 'close', position: index });
      index += 1;
    } else if (code === QUOTE) {
      const { value, next } = readString(input, index);
      tokens.push({ kind: 'string', value, position: index });
      index = next;
    } else {
      const start = index;
      while (index < input.length && !isDelimiter(input.charCodeAt(index))) index += 1;
      tokens.push({ kind: 'word', text: input.slice(start, index), position: start });
    }
  }
  tokens.push({ kind: 'end', position: input.length });
  return tokens;
}

/** Reads the JSON string whose opening quote is at `start`. */
function readString(input: string, start: number): { value: string; next: number } {
  const parts: string[] = [];
  let chunkStart = start + 1;
  let index = start + 1;
  while (index < input.length) {
    const code = input.charCodeAt(index);
    if (code === QUOTE) {
      parts.push(input.slice(chunkStart, index));
      const value = parts.join('');
      checkText(value, start);
      return { value, next: index + 1 };
    }
    if (code < SPACE) {
      // RFC 8259 §7: control characters must be escaped inside strings.
      throw new FilterError(`Unescaped control character in string at position ${index}`, index);
    }
    if (code === BACKSLASH) {
      parts.push(input.slice(chunkStart, index));
      const { text, length } = readEscape(input, index, start);
      parts.push(text);
      index += length;
      chunkStart = index;
    } else {
      index += 1;
    }
  }
  throw new FilterError(`Unterminated string starting at position ${start}`, start);
}

/** Decodes the escape sequence whose backslash is at `index`. */
function readEscape(input: string, index: number, stringStart: number): { text: string; length: number } {
  if (index + 1 >= input.length) {
    throw new FilterError(`Unterminated string starting at position ${stringStart}`, stringStart);
  }
  const marker = input.charCodeAt(index + 1);
  const simple = SIMPLE_ESCAPES.get(marker);
  if (simple !== undefined) return { text: simple, length: 2 };
  if (marker === 0x75 /* u */) {
    let unit = 0;
    for (let offset = 2; offset < 6; offset += 1) {
      const digit = hexValue(index + offset < input.length ? input.charCodeAt(index + offset) : -1);
      if (digit < 0) throw invalidEscape(input.slice(index, index + offset), index);
      unit = unit * 16 + digit;
    }
    return { text: String.fromCharCode(unit), length: 6 };
  }
  throw invalidEscape(input.slice(index, index + 2), index);
}

/** Shows the escape as typed (`\x`, `\u12`): JSON quoting would double the backslash. */
function invalidEscape(shown: string, index: number): FilterError {
  const marker = shown.charCodeAt(1);
  const printable = marker > SPACE && marker < 0x7f;
  const text = printable ? ` "${shown}"` : '';
  return new FilterError(`Invalid escape${text} at position ${index}`, index);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Rejects decoded text no database can store: U+0000 (PostgreSQL `text` refuses it) and
 * unpaired surrogates (not Unicode scalar values, so they have no UTF-8 encoding).
 */
function checkText(value: string, start: number): void {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0) {
      throw new FilterError(`String starting at position ${start} contains U+0000`, start);
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = index + 1 < value.length ? value.charCodeAt(index + 1) : 0;
      if (low < 0xdc00 || low > 0xdfff) throw unpaired(start);
      index += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      throw unpaired(start);
    }
  }
}

function unpaired(start: number): FilterError {
  return new FilterError(`String starting at position ${start} contains an unpaired surrogate`, start);
}
