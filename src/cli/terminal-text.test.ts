import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printable, printableJson } from './terminal-text.js';

describe('printable', () => {
  it('leaves ordinary text alone, in any script, with emoji and backslashes', () => {
    for (const text of ['deploy key', 'Zürich – nightly', '山田太郎', 'C:\\tokens', '❤ team', '']) assert.equal(printable(text), text);
  });

  it('escapes C0 controls: ESC sequences, NUL, BEL, backspace, CR, LF, TAB, DEL', () => {
    assert.equal(printable('a\u001b[2J\u001b[Hb'), 'a\\u001b[2J\\u001b[Hb');
    assert.equal(printable('\u001b]0;owned\u0007'), '\\u001b]0;owned\\u0007');
    assert.equal(printable('x\u0000y\u0008z'), 'x\\u0000y\\u0008z');
    assert.equal(printable('line\r\nforged\tcell\u007f'), 'line\\u000d\\u000aforged\\u0009cell\\u007f');
  });

  it('escapes C1 controls (CSI, OSC, NEL), which some terminals obey like ESC [', () => {
    assert.equal(printable('\u009b31mred'), '\\u009b31mred');
    assert.equal(printable('\u009d0;t\u009c\u0085'), '\\u009d0;t\\u009c\\u0085');
  });

  it('escapes bidi controls and other format characters, and line/paragraph separators', () => {
    assert.equal(printable('evil\u202etxt.exe'), 'evil\\u202etxt.exe');
    assert.equal(printable('\u2066a\u2069\u200e\u200f\u061c'), '\\u2066a\\u2069\\u200e\\u200f\\u061c');
    assert.equal(printable('a\u200bb\u200dc\ufeffd\u00ade'), 'a\\u200bb\\u200dc\\ufeffd\\u00ade');
    assert.equal(printable('a\u2028b\u2029'), 'a\\u2028b\\u2029');
  });

  it('escapes astral format characters as their two UTF-16 units, and unpaired surrogates', () => {
    assert.equal(printable('tag\u{E0041}'), 'tag\\udb40\\udc41');
    assert.equal(printable('x\ud800y\udc00'), 'x\\ud800y\\udc00');
  });
});

describe('printableJson', () => {
  it('is JSON that parses back to the same value, with nothing left for a terminal to act on', () => {
    const value = { name: 'a\u001b[31m\u009b\u202e\u2028\u{E0041}\\"b', n: 1 };
    const text = printableJson(value);
    assert.doesNotMatch(text, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    assert.deepEqual(JSON.parse(text), value);
  });
});
