/**
 * {@link prefixRange}: for every string the database can hold, `from <= s < to` in the byte order
 * of what the driver sends holds exactly when `s` starts with the prefix, wherever the prefix
 * ends (ASCII, U+FFFF, U+10FFFF, next to the surrogate block, lone surrogates).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixRange, type LoneSurrogates } from './prefix-range.js';

/** Code points at the edges of the encodings, plus lone surrogates. */
const UNITS: readonly string[] = [
  'a',
  'b',
  '%',
  '\\',
  '\u007f',
  '\u0080',
  '\u07ff',
  '\u0800',
  '\ud7ff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ue000',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\u{10000}',
  '\u{1f600}',
  '\u{10fffe}',
  '\u{10ffff}',
];

/** The bytes each driver sends: node-postgres replaces lone surrogates, better-sqlite3 keeps them (WTF-8). */
function encode(value: string, mode: LoneSurrogates): Buffer {
  if (mode === 'replaced') return Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    parts.push(
      code >= 0xd800 && code < 0xe000 ? Buffer.from([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]) : Buffer.from(character, 'utf8'),
    );
  }
  return Buffer.concat(parts);
}

function startsWith(value: Buffer, prefix: Buffer): boolean {
  return value.length >= prefix.length && value.subarray(0, prefix.length).equals(prefix);
}

/** Every string of up to `length` units from UNITS. */
function strings(length: number): string[] {
  let level = [''];
  const all = [''];
  for (let size = 1; size <= length; size += 1) {
    level = level.flatMap((head) => UNITS.map((unit) => head + unit));
    all.push(...level);
  }
  return all;
}

describe('prefixRange', () => {
  for (const mode of ['replaced', 'kept'] as const) {
    it(`bounds exactly the strings that start with the prefix (lone surrogates ${mode})`, () => {
      // Every string of two units, and each of them followed by a low, a high and a lone unit.
      const values = strings(2)
        .flatMap((value) => [value, `${value}a`, `${value}\u{10ffff}`, `${value}\udc00`])
        .map((value) => encode(value, mode));
      for (const prefix of strings(2).filter((p) => p !== '')) {
        const range = prefixRange(prefix, mode);
        const from = encode(range.from, mode);
        const to = range.to === undefined ? undefined : encode(range.to, mode);
        const wanted = encode(prefix, mode);
        for (const value of values) {
          const inRange = Buffer.compare(value, from) >= 0 && (to === undefined || Buffer.compare(value, to) < 0);
          assert.equal(inRange, startsWith(value, wanted), `prefix ${JSON.stringify(prefix)}, value ${value.toString('hex')}`);
        }
      }
    });
  }

  it('is unbounded above only for a prefix of U+10FFFF alone', () => {
    assert.equal(prefixRange('\u{10ffff}\u{10ffff}', 'kept').to, undefined);
    assert.equal(prefixRange('a\u{10ffff}', 'kept').to, 'b');
    assert.equal(prefixRange('\uffff', 'replaced').to, '\u{10000}');
    assert.equal(prefixRange('\ud7ff', 'replaced').to, '\ue000');
  });
});
