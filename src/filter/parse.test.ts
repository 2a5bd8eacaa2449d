import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterNode, FilterValue } from './ast.js';
import { FilterError } from './errors.js';
import { parseFilter } from './parse.js';
import { type AttributeRule, type FilterPolicy, attributeTable } from './policy.js';

const STRING_OPS: AttributeRule = { operators: ['eq', 'ne', 'sw', 'co', 'ew', 'pr'], type: 'string' };

const ATTRIBUTES = attributeTable({
  a: STRING_OPS,
  b: STRING_OPS,
  c: STRING_OPS,
  id: { operators: ['eq'], type: 'string' },
  status: { operators: ['eq', 'ne'], type: 'string' },
  lastUpdated: { operators: ['eq', 'gt', 'ge', 'lt', 'le'], type: 'datetime' },
  'profile.login': STRING_OPS,
  'profile.age': { operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr'], type: 'number' },
  'profile.admin': { operators: ['eq', 'ne'], type: 'boolean' },
  'profile.extra': { operators: ['eq', 'ne', 'gt', 'sw'], type: 'any' },
  'type.id': { operators: ['eq'], type: 'string' },
  'transaction.detail.requestApiTokenId': { operators: ['eq'], type: 'string' },
  'profile.x-custom_1': STRING_OPS,
});

const POLICY: FilterPolicy = { attributes: ATTRIBUTES, allowNot: true };

function parse(input: string, policy: FilterPolicy = POLICY): FilterNode {
  return parseFilter(input, policy);
}

function eq(attribute: string, value: FilterValue): FilterNode {
  return { kind: 'compare', attribute, operator: 'eq', value };
}

function rejects(input: string, message: string, position?: number, policy: FilterPolicy = POLICY): void {
  assert.throws(
    () => parseFilter(input, policy),
    (error: unknown) => {
      assert.ok(error instanceof FilterError, `expected FilterError, got ${String(error)}`);
      assert.equal(error.message, message);
      assert.equal(error.code, 'invalid_filter');
      if (position !== undefined) assert.equal(error.position, position);
      return true;
    },
  );
}

describe('parseFilter: terms and values', () => {
  it('parses a comparison', () => {
    assert.deepEqual(parse('status eq "ACTIVE"'), eq('status', 'ACTIVE'));
  });

  it('parses every operator', () => {
    for (const operator of ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const) {
      assert.deepEqual(parse(`profile.age ${operator} 3`), { kind: 'compare', attribute: 'profile.age', operator, value: 3 });
    }
    for (const operator of ['sw', 'co', 'ew'] as const) {
      assert.deepEqual(parse(`a ${operator} "x"`), { kind: 'compare', attribute: 'a', operator, value: 'x' });
    }
    assert.deepEqual(parse('profile.login pr'), { kind: 'present', attribute: 'profile.login' });
  });

  it('parses dotted attribute paths', () => {
    assert.deepEqual(parse('type.id eq "T1"'), eq('type.id', 'T1'));
    assert.deepEqual(parse('transaction.detail.requestApiTokenId eq "00T1"'), eq('transaction.detail.requestApiTokenId', '00T1'));
    assert.deepEqual(parse('profile.x-custom_1 eq "v"'), eq('profile.x-custom_1', 'v'));
  });

  it('parses JSON literals', () => {
    assert.deepEqual(parse('profile.admin eq true'), eq('profile.admin', true));
    assert.deepEqual(parse('profile.admin eq false'), eq('profile.admin', false));
    assert.deepEqual(parse('profile.extra eq null'), eq('profile.extra', null));
    assert.deepEqual(parse('status eq null'), eq('status', null));
    assert.deepEqual(parse('status ne null'), { kind: 'compare', attribute: 'status', operator: 'ne', value: null });
    assert.deepEqual(parse('profile.age eq 0'), eq('profile.age', 0));
    assert.deepEqual(parse('profile.age eq -12'), eq('profile.age', -12));
    assert.deepEqual(parse('profile.age eq 1.5e2'), eq('profile.age', 150));
    assert.deepEqual(parse('profile.age eq 2.25E-1'), eq('profile.age', 0.225));
    assert.deepEqual(parse('profile.extra eq 7'), eq('profile.extra', 7));
  });

  it('decodes JSON string escapes', () => {
    assert.deepEqual(parse(String.raw`a eq "q\"b\\c\/d\u00e9\u00C9\n\t\b\f\r"`), eq('a', 'q"b\\c/d\u00e9\u00c9\n\t\b\f\r'));
    assert.deepEqual(parse(String.raw`a eq "\ud83d\ude00"`), eq('a', '\u{1f600}'));
    assert.deepEqual(parse('a eq ""'), eq('a', ''));
    assert.deepEqual(parse('a eq "it\'s (not) a and b"'), eq('a', "it's (not) a and b"));
    assert.deepEqual(parse('a eq "日本"'), eq('a', '日本'));
  });

  it('accepts any run of whitespace, and none next to parentheses and quotes', () => {
    assert.deepEqual(parse('   status    eq\t"A"  '), eq('status', 'A'));
    assert.deepEqual(parse('(a eq"1")and(b eq "2")'), { kind: 'and', left: eq('a', '1'), right: eq('b', '2') });
  });

  it('folds the case of operators and logical keywords, not of attributes', () => {
    assert.deepEqual(parse('status EQ "A"'), eq('status', 'A'));
    assert.deepEqual(parse('a Eq "1" And b eQ "2" OR NoT c eq "3"'), {
      kind: 'or',
      left: { kind: 'and', left: eq('a', '1'), right: eq('b', '2') },
      right: { kind: 'not', operand: eq('c', '3') },
    });
    assert.deepEqual(parse('profile.login PR'), { kind: 'present', attribute: 'profile.login' });
    rejects('Status eq "A"', 'Unknown attribute "Status"', 0);
  });
});

describe('parseFilter: precedence and grouping', () => {
  it('binds and tighter than or', () => {
    assert.deepEqual(parse('a eq "1" or b eq "2" and c eq "3"'), {
      kind: 'or',
      left: eq('a', '1'),
      right: { kind: 'and', left: eq('b', '2'), right: eq('c', '3') },
    });
    assert.deepEqual(parse('a eq "1" and b eq "2" or c eq "3"'), {
      kind: 'or',
      left: { kind: 'and', left: eq('a', '1'), right: eq('b', '2') },
      right: eq('c', '3'),
    });
  });

  it('associates to the left', () => {
    assert.deepEqual(parse('a eq "1" or b eq "2" or c eq "3"'), {
      kind: 'or',
      left: { kind: 'or', left: eq('a', '1'), right: eq('b', '2') },
      right: eq('c', '3'),
    });
  });

  it('lets parentheses override precedence', () => {
    assert.deepEqual(parse('(a eq "1" or b eq "2") and c eq "3"'), {
      kind: 'and',
      left: { kind: 'or', left: eq('a', '1'), right: eq('b', '2') },
      right: eq('c', '3'),
    });
    assert.deepEqual(parse('((a eq "1"))'), eq('a', '1'));
  });

  it('parses not with and without parentheses', () => {
    assert.deepEqual(parse('not (a eq "1" or b eq "2")'), {
      kind: 'not',
      operand: { kind: 'or', left: eq('a', '1'), right: eq('b', '2') },
    });
    // `not` applies to one term: it binds tighter than `and`.
    assert.deepEqual(parse('not a eq "1" and b eq "2"'), {
      kind: 'and',
      left: { kind: 'not', operand: eq('a', '1') },
      right: eq('b', '2'),
    });
    assert.deepEqual(parse('not not a eq "1"'), { kind: 'not', operand: { kind: 'not', operand: eq('a', '1') } });
  });

  it('rejects not unless the policy allows it', () => {
    rejects('not (a eq "1")', 'Operator "not" is not supported at position 0', 0, { attributes: ATTRIBUTES });
    rejects('a eq "1" and NOT b eq "2"', 'Operator "not" is not supported at position 13', 13, { attributes: ATTRIBUTES });
  });
});

describe('parseFilter: date-time values', () => {
  it('normalises to YYYY-MM-DDTHH:mm:ss.sssZ', () => {
    const cases: Array<[string, string]> = [
      ['2013-06-01T00:00:00.000Z', '2013-06-01T00:00:00.000Z'],
      ['2013-06-01T00:00:00Z', '2013-06-01T00:00:00.000Z'],
      ['2013-06-01T10:20:30.5Z', '2013-06-01T10:20:30.500Z'],
      ['2013-06-01T10:20:30.05Z', '2013-06-01T10:20:30.050Z'],
      ['2013-01-01T12:00:00.000-07:00', '2013-01-01T19:00:00.000Z'],
      ['2013-01-01T01:00:00+02:00', '2012-12-31T23:00:00.000Z'],
      ['2020-02-29T23:59:59Z', '2020-02-29T23:59:59.000Z'],
      ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
    ];
    for (const [input, expected] of cases) {
      assert.deepEqual(parse(`lastUpdated gt "${input}"`), {
        kind: 'compare',
        attribute: 'lastUpdated',
        operator: 'gt',
        value: expected,
      });
    }
  });

  it('rejects what is not an ISO-8601 date-time', () => {
    for (const input of [
      '2020-13-01',
      '2020-13-01T00:00:00Z',
      '2021-02-29T00:00:00Z',
      '2013-04-31T00:00:00Z',
      '2013-06-01T24:00:00Z',
      '2013-06-01T00:60:00Z',
      '2013-06-01T00:00:60Z',
      '2013-06-01 00:00:00Z',
      '2013-06-01T00:00:00',
      '2013-06-01T00:00:00z',
      '2013-06-01T00:00:00.Z',
      '2013-06-01T00:00:00.0000Z',
      '2013-06-01T00:00:00+0700',
      '2013-06-01T00:00:00+24:00',
      '2013-6-01T00:00:00Z',
      '+2013-06-01T00:00:00Z',
      '0000-01-01T00:00:00+00:01',
      '',
    ]) {
      rejects(`lastUpdated gt "${input}"`, `Invalid date-time ${JSON.stringify(input)} for attribute "lastUpdated"`, 15);
    }
  });
});

describe('parseFilter: errors', () => {
  it('names an unknown attribute', () => {
    rejects('profile.foo eq "x"', 'Unknown attribute "profile.foo"', 0);
    rejects('status eq "A" and profile.foo eq "x"', 'Unknown attribute "profile.foo"', 18);
  });

  it('looks attributes up only through the policy, so prototype keys are unknown', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'prototype']) {
      rejects(`${name} eq "x"`, `Unknown attribute "${name}"`, 0);
      rejects(`${name} pr`, `Unknown attribute "${name}"`, 0);
    }
    const withProto: FilterPolicy = { attributes: attributeTable({ ['__proto__']: STRING_OPS }) };
    assert.deepEqual(parseFilter('__proto__ eq "x"', withProto), eq('__proto__', 'x'));
  });

  it('survives a policy that indexes a plain object with user text', () => {
    const rules: Record<string, AttributeRule> = { status: STRING_OPS };
    const careless: FilterPolicy = { attributes: (name) => rules[name] };
    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf']) {
      rejects(`${name} eq "x"`, `Unknown attribute "${name}"`, 0, careless);
    }
    assert.deepEqual(parseFilter('status eq "x"', careless), eq('status', 'x'));
  });

  it('names an operator the attribute does not support', () => {
    rejects('status gt "A"', 'Operator "gt" is not supported for attribute "status"', 7);
    rejects('status SW "A"', 'Operator "sw" is not supported for attribute "status"', 7);
    rejects('id pr', 'Operator "pr" is not supported for attribute "id"', 3);
  });

  it('names an unknown or missing operator', () => {
    rejects('status = "A"', 'Unknown operator "=" at position 7', 7);
    rejects('status equals "A"', 'Unknown operator "equals" at position 7', 7);
    rejects('status', 'Expected an operator after "status" at position 6', 6);
    rejects('status "A"', 'Expected an operator after "status" at position 7', 7);
  });

  it('names a missing value', () => {
    rejects('lastUpdated eq', 'Expected a value after "eq" at position 14', 14);
    rejects('status eq )', 'Expected a value after "eq" at position 10', 10);
    rejects('(status EQ)', 'Expected a value after "eq" at position 10', 10);
  });

  it('asks for quotes around bare words', () => {
    rejects('status eq ACTIVE', 'Invalid value "ACTIVE" at position 10; strings must be in double quotes', 10);
    rejects('profile.admin eq True', 'Invalid value "True" at position 17; strings must be in double quotes', 17);
    rejects("status eq 'ACTIVE'", `Invalid value "'ACTIVE'" at position 10; strings must be in double quotes`, 10);
  });

  it('rejects malformed and out-of-range numbers', () => {
    for (const word of ['01', '1.', '.5', '+1', '1e', '1e+', '--1', '0x10', '1_000', 'NaN', 'Infinity']) {
      rejects(`profile.age eq ${word}`, `Invalid value "${word}" at position 15; strings must be in double quotes`, 15);
    }
    rejects('profile.age eq 1e999', 'Number "1e999" at position 15 is out of range', 15);
    rejects('profile.age eq 12345678901234567890', 'Number "12345678901234567890" at position 15 is out of range', 15);
  });

  it('checks value types', () => {
    rejects('status eq 1', 'Expected a string value for attribute "status" at position 10', 10);
    rejects('status eq true', 'Expected a string value for attribute "status" at position 10', 10);
    rejects('profile.age gt "30"', 'Expected a number for attribute "profile.age" at position 15', 15);
    rejects('profile.age eq null', 'Expected a number for attribute "profile.age" at position 15', 15);
    rejects('profile.admin eq "true"', 'Expected true or false for attribute "profile.admin" at position 17', 17);
    rejects('profile.admin eq 1', 'Expected true or false for attribute "profile.admin" at position 17', 17);
    rejects('profile.admin eq null', 'Expected true or false for attribute "profile.admin" at position 17', 17);
    rejects('lastUpdated gt 1370044800', 'Expected a date-time string such as "2013-06-01T00:00:00.000Z" for attribute "lastUpdated" at position 15', 15);
    rejects('profile.extra gt null', 'Operator "gt" cannot compare with null for attribute "profile.extra" at position 17', 17);
    rejects('a sw null', 'Operator "sw" cannot compare with null for attribute "a" at position 5', 5);
    rejects('profile.extra sw 5', 'Operator "sw" needs a string value for attribute "profile.extra" at position 17', 17);
  });

  it('names string syntax problems', () => {
    rejects('a eq "abc', 'Unterminated string starting at position 5', 5);
    rejects('a eq "abc\\"', 'Unterminated string starting at position 5', 5);
    rejects('a eq "abc\\', 'Unterminated string starting at position 5', 5);
    rejects(String.raw`a eq "a\x"`, String.raw`Invalid escape "\x" at position 7`, 7);
    rejects(String.raw`a eq "a\u12"`, String.raw`Invalid escape "\u12" at position 7`, 7);
    rejects(String.raw`a eq "a\u12`, String.raw`Invalid escape "\u12" at position 7`, 7);
    rejects(String.raw`a eq "a\uZZZZ"`, String.raw`Invalid escape "\u" at position 7`, 7);
    rejects(String.raw`a eq "a\U00e9"`, String.raw`Invalid escape "\U" at position 7`, 7);
    rejects('a eq "a\\\tb"', 'Invalid escape at position 7', 7);
    rejects('a eq "a\tb"', 'Unescaped control character in string at position 7', 7);
    rejects('a eq "\\u0000"', 'String starting at position 5 contains U+0000', 5);
    rejects('a eq "\\ud83d"', 'String starting at position 5 contains an unpaired surrogate', 5);
    rejects('a eq "\\ude00\\ud83d"', 'String starting at position 5 contains an unpaired surrogate', 5);
  });

  it('names stray and missing parentheses', () => {
    rejects('a eq "1")', 'Unexpected ")" at position 8', 8);
    rejects(')', 'Unexpected ")" at position 0', 0);
    rejects('a eq "1" and )', 'Unexpected ")" at position 13', 13);
    rejects('()', 'Unexpected ")" at position 1', 1);
    rejects('(a eq "1"', 'Missing ")" for "(" at position 0', 0);
    rejects('(a eq "1" b eq "2")', 'Unexpected "b" at position 10', 10);
  });

  it('rejects trailing garbage', () => {
    rejects('a eq "1" foo', 'Unexpected "foo" at position 9', 9);
    rejects('a eq "1" "2"', 'Unexpected string "2" at position 9', 9);
    rejects('a eq "1" (b eq "2")', 'Unexpected "(" at position 9', 9);
    rejects('a eq "1" and', 'Expected an attribute name at position 12', 12);
    rejects('a eq "1" or or b eq "2"', 'Expected an attribute name at position 12', 12);
  });

  it('names a bad attribute name', () => {
    rejects('and a eq "1"', 'Expected an attribute name at position 0', 0);
    rejects('"a" eq "1"', 'Expected an attribute name at position 0', 0);
    rejects('1a eq "1"', 'Invalid attribute name "1a" at position 0', 0);
    rejects('profile..login eq "1"', 'Invalid attribute name "profile..login" at position 0', 0);
    rejects('profile.login. eq "1"', 'Invalid attribute name "profile.login." at position 0', 0);
    rejects('profile[0] eq "1"', 'Invalid attribute name "profile[0]" at position 0', 0);
  });

  it('rejects an empty filter', () => {
    rejects('', 'Filter is empty', 0);
    rejects('   \t ', 'Filter is empty', 0);
  });

  it('is a typed error with a stable code', () => {
    try {
      parse('status eq');
      assert.fail('expected a FilterError');
    } catch (error) {
      assert.ok(error instanceof FilterError);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'FilterError');
      assert.equal(error.code, 'invalid_filter');
      assert.equal(error.position, 9);
    }
  });
});

describe('parseFilter: limits', () => {
  const terms = (count: number): string => Array.from({ length: count }, () => 'a eq "1"').join(' or ');
  const nested = (depth: number): string => `${'('.repeat(depth)}a eq "1"${')'.repeat(depth)}`;

  it('rejects a filter longer than maxLength before reading it', () => {
    rejects('a'.repeat(100_000), 'Filter is too long');
    rejects(`a eq "${'x'.repeat(2100)}"`, 'Filter is too long');
    const exactly = `a eq "${'x'.repeat(2048 - 7)}"`;
    assert.equal(exactly.length, 2048);
    assert.equal(parse(exactly).kind, 'compare');
    rejects('a eq "1"', 'Filter is too long', undefined, { ...POLICY, maxLength: 7 });
  });

  it('rejects more than maxTerms terms', () => {
    assert.equal(parse(terms(50)).kind, 'or');
    rejects(terms(51), 'Filter has too many terms', 600);
    rejects(terms(60), 'Filter has too many terms');
    rejects(terms(3), 'Filter has too many terms', 24, { ...POLICY, maxTerms: 2 });
  });

  it('rejects nesting deeper than maxDepth', () => {
    assert.deepEqual(parse(nested(10)), eq('a', '1'));
    rejects(nested(11), 'Filter is nested too deeply', 10);
    assert.equal(parse(`${'not '.repeat(10)}a eq "1"`).kind, 'not');
    rejects(`${'not '.repeat(11)}a eq "1"`, 'Filter is nested too deeply', 40);
    rejects(`${'not ('.repeat(6)}a eq "1"${')'.repeat(6)}`, 'Filter is nested too deeply', 25);
    rejects(nested(3), 'Filter is nested too deeply', 2, { ...POLICY, maxDepth: 2 });
  });

  it('rejects pathological inputs with the right error (not a timing test)', () => {
    rejects('('.repeat(2048), 'Filter is nested too deeply', 10);
    rejects(`a eq "${'\\"'.repeat(1000)}`, 'Unterminated string starting at position 5', 5);
    rejects(`a eq "${'\\u'.repeat(1000)}"`, String.raw`Invalid escape "\u" at position 6`, 6);
    rejects('a'.repeat(2048), `Unknown attribute "${'a'.repeat(64)}…"`, 0);
    rejects(`${'a.'.repeat(1024)}a`, 'Filter is too long');
    rejects(`${'a.'.repeat(1023)}a`, `Unknown attribute "${'a.'.repeat(32)}…"`, 0);
    rejects(`a eq ${'9'.repeat(2000)}`, `Number "${'9'.repeat(64)}…" at position 5 is out of range`, 5);
    rejects('not '.repeat(512), 'Filter is nested too deeply', 40);
    rejects(`${'a eq "1" and '.repeat(146)}`, 'Filter has too many terms', 650);
    rejects(`lastUpdated gt "${'9'.repeat(2000)}"`, `Invalid date-time "${'9'.repeat(64)}…" for attribute "lastUpdated"`, 15);
  });
});
