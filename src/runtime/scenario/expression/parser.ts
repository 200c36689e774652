import type { BinaryOperator, Node, PathStep, Template, TemplatePart } from './ast.js';
import { ExpressionError } from './errors.js';
import { functionArity, suggestFunction } from './functions/index.js';
import { tokenizeExpression, type Token } from './lexer.js';
import { LIMITS } from './limits.js';
import { FORBIDDEN_KEYS } from './values.js';

const KEYWORDS: Record<string, string | number | boolean | null | readonly never[]> = {
  null: null,
  true: true,
  false: false,
  emptystring: '',
  emptyarray: [],
  space: ' ',
  newline: '\n',
  tab: '\t',
};

/** Lowest precedence first; every level is left-associative. */
const PRECEDENCE: readonly (readonly BinaryOperator[])[] = [
  ['|'],
  ['&'],
  ['=', '!=', '<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Parses a field's text into a template: literal text and `{{…}}` expressions. Throws ExpressionError. */
export function parseTemplate(text: string): Template {
  if (typeof text !== 'string') throw new ExpressionError('a template must be text', 0);
  if (text.length > LIMITS.maxTemplateLength)
    throw new ExpressionError(
      `the field is ${text.length} characters long; a template may have at most ${LIMITS.maxTemplateLength}`,
      LIMITS.maxTemplateLength,
    );
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) {
      parts.push({ kind: 'text', text: text.slice(at) });
      break;
    }
    if (open > at) parts.push({ kind: 'text', text: text.slice(at, open) });
    const { tokens, end } = tokenizeExpression(text, open + 2);
    const node = new ExpressionParser(tokens, text, open).parse();
    parts.push({ kind: 'expression', node, position: open });
    at = end;
  }
  return { source: text, parts };
}

class ExpressionParser {
  private index = 0;
  private nesting = 0;
  private readonly depths = new Map<Node, number>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
    private readonly openPosition: number,
  ) {}

  parse(): Node {
    if (this.peek().kind === 'close')
      throw new ExpressionError('"{{}}" is empty: put a reference or a value inside', this.openPosition);
    const node = this.parseLevel(0);
    const next = this.peek();
    if (next.kind !== 'close') throw new ExpressionError(`unexpected ${describe(next)}; expected "}}"`, next.position);
    return node;
  }

  private peek(offset = 0): Token {
    // The lexer always ends the list with the closing `}}`.
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'close') this.index += 1;
    return token;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, what: string): Token {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text)
      throw new ExpressionError(`expected "${text}" ${what}, found ${describe(token)}`, token.position);
    return this.take();
  }

  private enter(position: number): void {
    this.nesting += 1;
    if (this.nesting > LIMITS.maxDepth)
      throw new ExpressionError(`the expression nests deeper than ${LIMITS.maxDepth} levels`, position);
  }

  private depthOf(node: Node): number {
    return this.depths.get(node) ?? 1;
  }

  private record(node: Node, ...children: Node[]): Node {
    const depth = 1 + Math.max(0, ...children.map((child) => this.depthOf(child)));
    if (depth > LIMITS.maxDepth)
      throw new ExpressionError(`the expression nests deeper than ${LIMITS.maxDepth} levels`, node.position);
    this.depths.set(node, depth);
    return node;
  }

  private parseLevel(level: number): Node {
    const operators = PRECEDENCE[level];
    if (!operators) return this.parseUnary();
    let left = this.parseLevel(level + 1);
    for (;;) {
      const token = this.peek();
      const operator = operators.find((candidate) => token.kind === 'operator' && token.text === candidate);
      if (!operator) return left;
      this.take();
      const right = this.parseLevel(level + 1);
      left = this.record({ type: 'binary', operator, left, right, position: token.position }, left, right);
      // Comparisons do not chain: `a < b < c` would compare a boolean with c.
      if (level === 2 && PRECEDENCE[2]!.some((other) => this.peek().kind === 'operator' && this.peek().text === other))
        throw new ExpressionError('comparisons cannot be chained; combine them with & or |', this.peek().position);
    }
  }

  private parseUnary(): Node {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '-') {
      this.take();
      this.enter(token.position);
      const operand = this.parseUnary();
      this.nesting -= 1;
      return this.record({ type: 'negate', operand, position: token.position }, operand);
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    const token = this.take();
    switch (token.kind) {
      case 'number':
        if (this.isPunct('.') && !this.peek().spaced && /^\d+$/.test(token.text)) return this.parseReference(token);
        return { type: 'literal', value: Number(token.text), position: token.position };
      case 'string':
        return { type: 'literal', value: token.text, position: token.position };
      case 'backtick':
        if (/^\d+$/.test(token.text)) return this.parseReference(token);
        throw new ExpressionError(
          `a reference starts with a module id: write 1.\`${token.text}\` for module 1's field "${token.text}"`,
          token.position,
        );
      case 'name':
        return this.parseName(token);
      case 'punct':
        if (token.text === '(') {
          this.enter(token.position);
          const inner = this.parseLevel(0);
          this.expectPunct(')', 'to close "("');
          this.nesting -= 1;
          return inner;
        }
        break;
      case 'close':
        throw new ExpressionError('the expression ends too early: a value is missing before "}}"', token.position);
      default:
        break;
    }
    throw new ExpressionError(
      `unexpected ${describe(token)}; expected a value, a reference or a function`,
      token.position,
    );
  }

  private parseName(token: Token): Node {
    if (this.isPunct('(')) return this.parseCall(token);
    if (token.text === 'now') return { type: 'now', position: token.position };
    if (Object.hasOwn(KEYWORDS, token.text))
      return { type: 'literal', value: KEYWORDS[token.text]!, position: token.position };
    const suggestion = suggestFunction(token.text);
    throw new ExpressionError(
      suggestion
        ? `unknown name "${token.text}"; did you mean the function ${suggestion}(…)?`
        : `unknown name "${token.text}"; a reference starts with a module id (e.g. 1.${token.text}), ` +
            'text goes in quotes',
      token.position,
    );
  }

  private parseCall(nameToken: Token): Node {
    const name = nameToken.text;
    const arity = functionArity(name);
    if (!arity) {
      const suggestion = suggestFunction(name);
      throw new ExpressionError(
        `unknown function "${name}"${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        nameToken.position,
      );
    }
    this.take(); // (
    this.enter(nameToken.position);
    const args: Node[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.parseLevel(0));
        if (!this.isPunct(';')) break;
        this.take();
      }
    }
    this.expectPunct(')', `to close ${name}(…) (arguments are separated by ";")`);
    this.nesting -= 1;
    if (args.length < arity.min || args.length > arity.max) {
      const expected =
        arity.min === arity.max
          ? `${arity.min}`
          : arity.max === Infinity
            ? `at least ${arity.min}`
            : `${arity.min} to ${arity.max}`;
      throw new ExpressionError(
        `${name}(…) takes ${expected} argument${arity.max === 1 ? '' : 's'}, not ${args.length}`,
        nameToken.position,
      );
    }
    return this.record({ type: 'call', name, args, position: nameToken.position }, ...args);
  }

  private parseReference(start: Token): Node {
    const moduleId = Number(start.text);
    if (!Number.isSafeInteger(moduleId) || moduleId < 1)
      throw new ExpressionError(`module ids are whole numbers from 1; "${start.text}" is not one`, start.position);
    const path: PathStep[] = [];
    let end = start.position + (start.kind === 'backtick' ? start.text.length + 2 : start.text.length);
    for (;;) {
      const next = this.peek();
      if (next.spaced || next.kind !== 'punct' || (next.text !== '.' && next.text !== '[')) break;
      this.take();
      if (next.text === '.') {
        const key = this.take();
        if (key.spaced) throw new ExpressionError('nothing may stand between "." and the field name', key.position);
        if (key.kind === 'name' || key.kind === 'backtick' || (key.kind === 'number' && /^\d+$/.test(key.text))) {
          if (FORBIDDEN_KEYS.has(key.text))
            throw new ExpressionError(`"${key.text}" cannot be read: it is not a data field`, key.position);
          path.push({ kind: 'key', name: key.text });
          end = key.position + (key.kind === 'backtick' ? key.text.length + 2 : key.text.length);
        } else if (key.kind === 'number') {
          throw new ExpressionError(
            `put a field name made of digits and dots in backticks: \`${key.text}\``,
            key.position,
          );
        } else {
          throw new ExpressionError(`expected a field name after ".", found ${describe(key)}`, key.position);
        }
      } else {
        const inside = this.take();
        if (inside.kind === 'punct' && inside.text === ']') {
          path.push({ kind: 'each' });
          end = inside.position + 1;
          continue;
        }
        if (inside.kind !== 'number' || !/^\d+$/.test(inside.text))
          throw new ExpressionError(
            'inside [ ] put an element number (from 1) or nothing (every element); use get(…) for a computed index',
            inside.position,
          );
        const index = Number(inside.text);
        if (index < 1)
          throw new ExpressionError('arrays are numbered from 1: [1] is the first element', inside.position);
        path.push({ kind: 'index', index });
        end = this.expectPunct(']', 'after the element number').position + 1;
      }
    }
    const text = this.sourceText(start.position, end);
    return { type: 'reference', moduleId, path, text, position: start.position };
  }

  private sourceText(from: number, to: number): string {
    return this.source.slice(from, to);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'close':
      return '"}}"';
    case 'string':
      return `the text "${token.text}"`;
    case 'backtick':
      return `\`${token.text}\``;
    default:
      return `"${token.text}"`;
  }
}
