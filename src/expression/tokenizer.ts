/**
 * Splits the body of one `${...}` into tokens, one at a time on the parser's request. Being
 * lazy is what lets the parser stop at the closing `}` and hand the rest of the text back
 * as literal text, even when a string inside the expression holds a `}`.
 */
import { syntaxError } from './faults.ts';

type TokenKind = 'number' | 'string' | 'name' | 'punctuator' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** the punctuator or name as written; the decoded value of a string literal */
  readonly text: string;
  /** the value of a number literal; 0 for every other token */
  readonly number: number;
  /** 0-based offsets into the whole text */
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR_PUNCTUATORS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_PUNCTUATORS = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '?',
  ':',
  '!',
  '<',
  '>',
  '}',
]);

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

const isNameStart = (char: string): boolean => {
  const code = char.charCodeAt(0);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36) return true;
  return code > 127 && /\p{L}|\p{Nl}/u.test(char);
};

const isNamePart = (char: string): boolean => isNameStart(char) || isDigit(char.charCodeAt(0));

const isWhitespace = (char: string): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r';

/** Read the token that starts at or after `position` (whitespace skipped). */
export const readToken = (source: string, position: number): Token => {
  let start = position;
  while (start < source.length && isWhitespace(source[start])) start++;
  if (start >= source.length) return { kind: 'end', text: '', number: 0, start, end: start };

  const char = source[start];
  if (isDigit(char.charCodeAt(0)) || (char === '.' && isDigit(source.charCodeAt(start + 1)))) {
    return readNumber(source, start);
  }
  if (char === "'" || char === '"') return readString(source, start);
  if (isNameStart(char)) {
    let end = start + 1;
    while (end < source.length && isNamePart(source[end])) end++;
    return { kind: 'name', text: source.slice(start, end), number: 0, start, end };
  }
  const pair = source.slice(start, start + 2);
  if (TWO_CHAR_PUNCTUATORS.has(pair))
    return { kind: 'punctuator', text: pair, number: 0, start, end: start + 2 };
  if (ONE_CHAR_PUNCTUATORS.has(char))
    return { kind: 'punctuator', text: char, number: 0, start, end: start + 1 };
  if (char === '=') throw syntaxError(source, start, 'assignment is not supported');
  throw syntaxError(source, start, `unexpected character '${char}'`);
};

/** JUEL number literals: `12`, `1.5`, `1.`, `.5`, `1e3`, `2.5E-2`. */
const readNumber = (source: string, start: number): Token => {
  let end = start;
  while (isDigit(source.charCodeAt(end))) end++;
  if (source[end] === '.') {
    end++;
    while (isDigit(source.charCodeAt(end))) end++;
  }
  if (source[end] === 'e' || source[end] === 'E') {
    let exponent = end + 1;
    if (source[exponent] === '+' || source[exponent] === '-') exponent++;
    if (isDigit(source.charCodeAt(exponent))) {
      end = exponent;
      while (isDigit(source.charCodeAt(end))) end++;
    }
  }
  const text = source.slice(start, end);
  return { kind: 'number', text, number: Number(text), start, end };
};

/**
 * A quoted string. `\'`, `\"` and `\\` are escapes in either quoting; any other backslash
 * is kept as written, so a pattern like `'\d+'` means what its author typed.
 */
const readString = (source: string, start: number): Token => {
  const quote = source[start];
  let value = '';
  let chunkStart = start + 1;
  for (let index = start + 1; index < source.length; index++) {
    const char = source[index];
    if (char === quote) {
      value += source.slice(chunkStart, index);
      return { kind: 'string', text: value, number: 0, start, end: index + 1 };
    }
    if (char === '\\') {
      const next = source[index + 1];
      if (next === "'" || next === '"' || next === '\\') {
        value += source.slice(chunkStart, index) + next;
        index++;
        chunkStart = index + 1;
      }
    }
  }
  throw syntaxError(source, start, 'unterminated string');
};
