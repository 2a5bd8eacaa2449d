import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayNameProblem, identifierProblem } from './identifiers.js';

/** One example of each class of character that no identifier and no name may contain. */
const REFUSED_EVERYWHERE: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['NUL', '\u0000', /control characters \(U\+0000\)/],
  ['ESC (C0)', '\u001b', /control characters \(U\+001B\)/],
  ['TAB', '\t', /control characters \(U\+0009\)/],
  ['LF', '\n', /control characters \(U\+000A\)/],
  ['CR', '\r', /control characters \(U\+000D\)/],
  ['DEL', '\u007f', /control characters \(U\+007F\)/],
  ['CSI (C1)', '\u009b', /control characters \(U\+009B\)/],
  ['NEL (C1)', '\u0085', /control characters \(U\+0085\)/],
  ['zero width space', '\u200b', /invisible or formatting characters \(U\+200B\)/],
  ['left-to-right mark', '\u200e', /invisible or formatting characters \(U\+200E\)/],
  ['right-to-left embedding', '\u202b', /U\+202B/],
  ['right-to-left override', '\u202e', /invisible or formatting characters \(U\+202E\)/],
  ['left-to-right isolate', '\u2066', /U\+2066/],
  ['pop directional isolate', '\u2069', /U\+2069/],
  ['word joiner', '\u2060', /U\+2060/],
  ['byte order mark', '\ufeff', /invisible or formatting characters \(U\+FEFF\)/],
  ['soft hyphen', '\u00ad', /invisible or formatting characters \(U\+00AD\)/],
  ['Arabic letter mark', '\u061c', /U\+061C/],
  ['tag letter (astral Cf)', '\u{E0041}', /invisible or formatting characters \(U\+E0041\)/],
  ['line separator', '\u2028', /line or paragraph separators \(U\+2028\)/],
  ['paragraph separator', '\u2029', /line or paragraph separators \(U\+2029\)/],
  ['unpaired high surrogate', '\ud800', /unpaired surrogates \(U\+D800\)/],
  ['unpaired low surrogate', '\udc00', /unpaired surrogates \(U\+DC00\)/],
  ['noncharacter', '\ufffe', /U\+FFFE/],
];

describe('identifierProblem', () => {
  it('accepts ordinary logins, email addresses and group names, in any script', () => {
    for (const value of [
      'ada@example.com',
      'Ada.Lovelace+test@example.co.uk',
      'ǅemal',
      'Ünïcödé',
      'пользователь',
      '山田太郎',
      'Engineering – Backend',
      'a b',
    ]) {
      assert.equal(identifierProblem(value), undefined, value);
    }
  });

  for (const [name, character, message] of REFUSED_EVERYWHERE) {
    it(`refuses ${name} at the start, in the middle and at the end`, () => {
      for (const value of [`${character}ada@example.com`, `ada${character}@example.com`, `ada@example.com${character}`]) {
        assert.match(identifierProblem(value) ?? '', message, JSON.stringify(value));
      }
    });
  }

  it('refuses the joiners and the other invisible default ignorables too', () => {
    for (const character of ['\u200c', '\u200d', '\ufe0f', '\u034f', '\u3164', '\u115f', '\uffa0', '\u180e', '\u{E0100}']) {
      assert.match(identifierProblem(`ad${character}a`) ?? '', /invisible or formatting characters/, JSON.stringify(character));
    }
  });

  it('refuses whitespace of any kind at either end, and allows it inside', () => {
    for (const space of [' ', '\u00a0', '\u2003', '\u3000', '\u202f']) {
      assert.equal(identifierProblem(`${space}ada`), 'must not begin or end with whitespace');
      assert.equal(identifierProblem(`ada${space}`), 'must not begin or end with whitespace');
    }
    assert.equal(identifierProblem('ada lovelace'), undefined);
  });

  it('answers in linear time on long hostile input', () => {
    const started = performance.now();
    assert.equal(identifierProblem(' '.repeat(50_000) + 'x'), 'must not begin or end with whitespace');
    assert.equal(identifierProblem('a'.repeat(200_000) + ' '), 'must not begin or end with whitespace');
    assert.equal(identifierProblem('a '.repeat(100_000) + 'a'), undefined);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('displayNameProblem', () => {
  it('accepts names with joiners, variation selectors and emoji sequences', () => {
    for (const value of ['deploy', 'CI – nightly', 'می\u200cخواهم', 'क्\u200dष', '\u2764\ufe0f team', '👩\u200d💻 devs', 'Ada Lovelace']) {
      assert.equal(displayNameProblem(value), undefined, JSON.stringify(value));
    }
  });

  for (const [name, character, message] of REFUSED_EVERYWHERE) {
    it(`refuses ${name}`, () => {
      assert.match(displayNameProblem(`deploy${character}key`) ?? '', message);
    });
  }

  it('reports a refused character that follows an allowed joiner', () => {
    assert.match(displayNameProblem('a\u200db\u202ec') ?? '', /U\+202E/);
  });

  it('refuses whitespace at either end', () => {
    assert.equal(displayNameProblem(' deploy'), 'must not begin or end with whitespace');
    assert.equal(displayNameProblem('deploy\u3000'), 'must not begin or end with whitespace');
  });
});
