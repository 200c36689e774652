import { ExpressionError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'backtick' | 'name' | 'punct' | 'operator' | 'close';

export interface Token {
  readonly kind: TokenKind;
  /** For number, string and backtick: the value; otherwise the characters. */
  readonly text: string;
  readonly position: number;
  /** True when whitespace precedes the token (a reference's steps must touch: `1.email`, not `1 .email`). */
  readonly spaced: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPERATORS = new Set(['!=', '<=', '>=']);
const ONE_CHAR_OPERATORS = new Set(['=', '<', '>', '+', '-', '*', '/', '%', '&', '|']);
const PUNCTUATION = new Set(['.', '[', ']', '(', ')', ';']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t', r: '\r' };

/**
 * Reads the tokens of one `{{…}}`, starting just after its `{{`, up to and including the `}}` that
 * closes it (a `}}` inside quotes or backticks does not close it).
 */
export function tokenizeExpression(source: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let at = start;
  let spaced = false;
  while (at < source.length) {
    const char = source[at]!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      at += 1;
      spaced = true;
      continue;
    }
    const position = at;
    if (char === '}' && source[at + 1] === '}') {
      tokens.push({ kind: 'close', text: '}}', position, spaced });
      return { tokens, end: at + 2 };
    }
    if (DIGIT.test(char)) {
      let end = at;
      while (end < source.length && DIGIT.test(source[end]!)) end += 1;
      // `1.5` is a number; `1.email` is module 1's field (the parser sees `1`, `.`, `email`).
      if (source[end] === '.' && DIGIT.test(source[end + 1] ?? '')) {
        end += 1;
        while (end < source.length && DIGIT.test(source[end]!)) end += 1;
      }
      tokens.push({ kind: 'number', text: source.slice(at, end), position, spaced });
      at = end;
    } else if (NAME_START.test(char)) {
      let end = at + 1;
      while (end < source.length && NAME_PART.test(source[end]!)) end += 1;
      tokens.push({ kind: 'name', text: source.slice(at, end), position, spaced });
      at = end;
    } else if (char === '"' || char === "'") {
      const { value, end } = readQuoted(source, at, char);
      tokens.push({ kind: 'string', text: value, position, spaced });
      at = end;
    } else if (char === '`') {
      const close = source.indexOf('`', at + 1);
      if (close < 0) throw new ExpressionError('a backticked name is not closed: add the closing `', position);
      const name = source.slice(at + 1, close);
      if (name === '') throw new ExpressionError('an empty backticked name (``) names nothing', position);
      tokens.push({ kind: 'backtick', text: name, position, spaced });
      at = close + 1;
    } else if (TWO_CHAR_OPERATORS.has(source.slice(at, at + 2))) {
      tokens.push({ kind: 'operator', text: source.slice(at, at + 2), position, spaced });
      at += 2;
    } else if (ONE_CHAR_OPERATORS.has(char)) {
      tokens.push({ kind: 'operator', text: char, position, spaced });
      at += 1;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punct', text: char, position, spaced });
      at += 1;
    } else if (char === ',') {
      throw new ExpressionError('function arguments are separated by ";", not ","', position);
    } else if (char === '{') {
      throw new ExpressionError('"{" cannot start anything inside {{…}} (a {{ cannot be nested)', position);
    } else {
      throw new ExpressionError(`unexpected character "${char}"`, position);
    }
    spaced = false;
  }
  throw new ExpressionError('"{{" is not closed: add "}}"', start - 2);
}

function readQuoted(source: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let at = start + 1;
  while (at < source.length) {
    const char = source[at]!;
    if (char === quote) return { value, end: at + 1 };
    if (char === '\\') {
      const escaped = ESCAPES[source[at + 1] ?? ''];
      if (escaped === undefined)
        throw new ExpressionError('unknown escape in text: use \\" \\\' \\\\ \\n \\t or \\r', at);
      value += escaped;
      at += 2;
    } else {
      value += char;
      at += 1;
    }
  }
  throw new ExpressionError(`text is not closed: add the closing ${quote}`, start);
}
