/**
 * Parses an Okta `filter` / `search` expression into a {@link FilterNode}.
 *
 * Grammar (RFC 7644 §3.4.2.2, the subset Okta documents), lowest precedence first:
 *
 * ```
 * filter  = or
 * or      = and *( "or" and )
 * and     = unary *( "and" unary )
 * unary   = "not" unary / primary            ; only when the policy allows "not"
 * primary = "(" or ")" / attrPath "pr" / attrPath compareOp compValue
 * ```
 *
 * Operators and logical keywords are case-insensitive; attribute paths are not.
 * Limits (length, terms, depth) come from the {@link FilterPolicy}; the length limit is
 * checked before any scanning, and recursion never goes deeper than `maxDepth` levels.
 *
 * @module
 */

import { type FilterNode, type FilterOperator, type FilterValue, isFilterOperator } from './ast.js';
import { checkValue } from './check-value.js';
import { FilterError, quote } from './errors.js';
import { readLiteral } from './literal.js';
import { DEFAULT_FILTER_LIMITS, type AttributeRule, type FilterPolicy } from './policy.js';
import { type Token, tokenize } from './tokenize.js';

export type { AttributeRule, AttributeType, FilterPolicy } from './policy.js';

/** Parses and validates `input` against `policy`. Throws {@link FilterError}. */
export function parseFilter(input: string, policy: FilterPolicy): FilterNode {
  const maxLength = policy.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
  if (input.length > maxLength) throw new FilterError('Filter is too long');
  const tokens = tokenize(input);
  return new Parser(tokens, policy).parse();
}

type WordToken = Extract<Token, { kind: 'word' }>;

class Parser {
  private index = 0;
  private terms = 0;
  private readonly maxTerms: number;
  private readonly maxDepth: number;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly policy: FilterPolicy,
  ) {
    this.maxTerms = policy.maxTerms ?? DEFAULT_FILTER_LIMITS.maxTerms;
    this.maxDepth = policy.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
  }

  parse(): FilterNode {
    if (this.peek().kind === 'end') throw new FilterError('Filter is empty', 0);
    const node = this.parseOr(0);
    const rest = this.peek();
    if (rest.kind !== 'end') throw unexpected(rest);
    return node;
  }

  /** `and` binds tighter than `or` (RFC 7644 §3.4.2.2, table 5); both associate left. */
  private parseOr(depth: number): FilterNode {
    let node = this.parseAnd(depth);
    while (this.acceptKeyword('or')) node = { kind: 'or', left: node, right: this.parseAnd(depth) };
    return node;
  }

  private parseAnd(depth: number): FilterNode {
    let node = this.parseUnary(depth);
    while (this.acceptKeyword('and')) node = { kind: 'and', left: node, right: this.parseUnary(depth) };
    return node;
  }

  private parseUnary(depth: number): FilterNode {
    const token = this.peek();
    if (token.kind === 'word' && isKeyword(token, 'not')) {
      if (this.policy.allowNot !== true) {
        throw new FilterError(`Operator "not" is not supported at position ${token.position}`, token.position);
      }
      this.index += 1;
      return { kind: 'not', operand: this.parseUnary(this.deeper(depth, token)) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): FilterNode {
    const token = this.next();
    switch (token.kind) {
      case 'open': {
        const node = this.parseOr(this.deeper(depth, token));
        const close = this.next();
        if (close.kind === 'end') {
          throw new FilterError(`Missing ")" for "(" at position ${token.position}`, token.position);
        }
        if (close.kind !== 'close') throw unexpected(close);
        return node;
      }
      case 'word':
        return this.parseTerm(token);
      case 'close':
        throw unexpected(token);
      case 'string':
      case 'end':
        throw new FilterError(`Expected an attribute name at position ${token.position}`, token.position);
    }
  }

  /** `attrPath pr` or `attrPath op value`. */
  private parseTerm(token: WordToken): FilterNode {
    const attribute = token.text;
    if (isKeyword(token, 'and') || isKeyword(token, 'or') || isKeyword(token, 'not')) {
      throw new FilterError(`Expected an attribute name at position ${token.position}`, token.position);
    }
    if (!isAttributePath(attribute)) {
      throw new FilterError(`Invalid attribute name ${quote(attribute)} at position ${token.position}`, token.position);
    }
    this.terms += 1;
    if (this.terms > this.maxTerms) throw new FilterError('Filter has too many terms', token.position);
    // The policy function is the only lookup: user text never indexes an object here. The shape
    // check is a second guard for a policy that does (`rules[name]` yields Object.prototype
    // for "__proto__"): such names read as unknown rather than crash.
    const rule = this.policy.attributes(attribute);
    if (rule === undefined || !Array.isArray(rule.operators)) {
      throw new FilterError(`Unknown attribute ${quote(attribute)}`, token.position);
    }
    const operator = this.parseOperator(attribute, rule);
    if (operator === 'pr') return { kind: 'present', attribute };
    const valueToken = this.next();
    const value = checkValue(readValue(valueToken, operator), rule, attribute, operator, valueToken.position);
    return { kind: 'compare', attribute, operator, value };
  }

  private parseOperator(attribute: string, rule: AttributeRule): FilterOperator {
    const token = this.next();
    if (token.kind !== 'word') {
      throw new FilterError(`Expected an operator after ${quote(attribute)} at position ${token.position}`, token.position);
    }
    // RFC 7644 §3.4.2.2: "Attribute names and attribute operators used in filters are case insensitive."
    // Okta keeps attribute paths case-sensitive, so only the operator is folded.
    const operator = token.text.toLowerCase();
    if (!isFilterOperator(operator)) {
      throw new FilterError(`Unknown operator ${quote(token.text)} at position ${token.position}`, token.position);
    }
    if (!rule.operators.includes(operator)) {
      throw new FilterError(`Operator ${quote(operator)} is not supported for attribute ${quote(attribute)}`, token.position);
    }
    return operator;
  }

  /** Depth after entering `(` or `not` at `token`; throws past the policy's limit. */
  private deeper(depth: number, token: Token): number {
    if (depth + 1 > this.maxDepth) throw new FilterError('Filter is nested too deeply', token.position);
    return depth + 1;
  }

  private acceptKeyword(keyword: 'and' | 'or'): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || !isKeyword(token, keyword)) return false;
    this.index += 1;
    return true;
  }

  private peek(): Token {
    // The token list always ends with `end`, and `next` never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

/** Reads the token after an operator as a literal value. */
function readValue(token: Token, operator: FilterOperator): FilterValue {
  switch (token.kind) {
    case 'string':
      return token.value;
    case 'word': {
      const literal = readLiteral(token.text);
      if (literal.ok) return literal.value;
      const message =
        literal.reason === 'number_out_of_range'
          ? `Number ${quote(token.text)} at position ${token.position} is out of range`
          : `Invalid value ${quote(token.text)} at position ${token.position}; strings must be in double quotes`;
      throw new FilterError(message, token.position);
    }
    case 'open':
    case 'close':
    case 'end':
      throw new FilterError(`Expected a value after ${quote(operator)} at position ${token.position}`, token.position);
  }
}

function unexpected(token: Token): FilterError {
  const shown =
    token.kind === 'open'
      ? '"("'
      : token.kind === 'close'
        ? '")"'
        : token.kind === 'word'
          ? quote(token.text)
          : token.kind === 'string'
            ? `string ${quote(token.value)}`
            : 'end of filter';
  return new FilterError(`Unexpected ${shown} at position ${token.position}`, token.position);
}

function isKeyword(token: WordToken, keyword: 'and' | 'or' | 'not'): boolean {
  return token.text.length === keyword.length && token.text.toLowerCase() === keyword;
}

/**
 * Dotted names whose segments start with a letter or `_` and go on with letters, digits,
 * `_` or `-` (RFC 7644 §3.4.2.2 `ATTRNAME`/`nameChar`, plus `_` which Okta profiles use).
 */
function isAttributePath(text: string): boolean {
  let segmentStart = true;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
    if (segmentStart) {
      if (!letter) return false;
      segmentStart = false;
    } else if (code === 0x2e /* . */) {
      segmentStart = true;
    } else if (!letter && !(code >= 0x30 && code <= 0x39) && code !== 0x2d /* - */) {
      return false;
    }
  }
  return !segmentStart;
}
