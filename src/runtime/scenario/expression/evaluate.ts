import type { BinaryOperator, Node, Template } from './ast.js';
import { parseIsoDate } from './date-format.js';
import { ExpressionError, type ExpressionWarning } from './errors.js';
import { FUNCTIONS } from './functions/index.js';
import type { CallContext } from './functions/types.js';
import { describePath, walkPath } from './lookup.js';
import type { ExpressionScope } from './scope.js';
import {
  asNumber,
  checkArrayLength,
  checkText,
  checkTextLength,
  describeValue,
  isEmpty,
  isTruthy,
  normalize,
  renderText,
  valuesEqual,
} from './values.js';

/**
 * Evaluates a parsed template. A template that is exactly one `{{…}}` gives the value with its type
 * (a number stays a number, an array an array); any surrounding text makes the result text.
 */
export function evaluateTemplate(template: Template, scope: ExpressionScope): unknown {
  return new Evaluator(scope).template(template);
}

class Evaluator {
  /** Above 0 inside ifempty's first argument: the user has said what an empty value becomes. */
  private quiet = 0;

  constructor(private readonly scope: ExpressionScope) {}

  template(template: Template): unknown {
    const [only] = template.parts;
    if (template.parts.length === 1 && only?.kind === 'expression') return normalize(this.evaluate(only.node));
    let text = '';
    for (const part of template.parts) {
      const piece = part.kind === 'text' ? part.text : renderText(this.evaluate(part.node), part.position);
      checkTextLength(text.length + piece.length, part.kind === 'text' ? 0 : part.position);
      text += piece;
    }
    return text;
  }

  private warn(warning: ExpressionWarning): void {
    if (this.quiet === 0) this.scope.warn(warning);
  }

  private evaluate(node: Node): unknown {
    switch (node.type) {
      case 'literal':
        return Array.isArray(node.value) ? [] : node.value;
      case 'now': {
        const ms = this.scope.now.getTime();
        if (Number.isNaN(ms)) throw new ExpressionError('the run has no valid current time', node.position);
        return this.scope.now.toISOString();
      }
      case 'reference':
        return this.reference(node);
      case 'call':
        return this.call(node);
      case 'negate': {
        const value = asNumber(this.evaluate(node.operand));
        if (value === undefined) throw new ExpressionError('"-" needs a number after it', node.position);
        return -value;
      }
      case 'binary':
        return this.binary(node.operator, node.left, node.right, node.position);
    }
  }

  private reference(node: Extract<Node, { type: 'reference' }>): unknown {
    if (!this.scope.outputs.has(node.moduleId)) {
      this.warn({
        message:
          `{{${node.text}}} found nothing: module ${node.moduleId} has no output for this bundle, ` +
          'so the value is null',
        position: node.position,
        reference: node.text,
      });
      return null;
    }
    const walked = walkPath(this.scope.outputs.get(node.moduleId), node.path, node.position);
    if (walked.missing) {
      const resolved = node.path.slice(0, walked.missing.resolvedSteps);
      const where =
        resolved.length === 0 ? `module ${node.moduleId}'s output` : `${node.moduleId}.${describePath(resolved)}`;
      this.warn({
        message: `{{${node.text}}} found nothing: ${where} ${walked.missing.why}, so the value is null`,
        position: node.position,
        reference: node.text,
      });
    }
    return walked.value;
  }

  private call(node: Extract<Node, { type: 'call' }>): unknown {
    if (node.name === 'if') {
      const [condition, then, otherwise] = node.args;
      if (isTruthy(this.evaluate(condition!))) return this.evaluate(then!);
      return otherwise ? this.evaluate(otherwise) : null;
    }
    if (node.name === 'ifempty') {
      this.quiet += 1;
      let value: unknown;
      try {
        value = this.evaluate(node.args[0]!);
      } finally {
        this.quiet -= 1;
      }
      return isEmpty(value) ? this.evaluate(node.args[1]!) : value;
    }
    const spec = FUNCTIONS[node.name]!;
    const args = node.args.map((arg) => this.evaluate(arg));
    const context: CallContext = { name: node.name, position: node.position, scope: this.warningScope() };
    let result: unknown;
    try {
      result = spec.call(args, context);
    } catch (error) {
      if (error instanceof ExpressionError) throw error;
      // A safety net: a function must fail with a message, never with a stray TypeError.
      throw new ExpressionError(`${node.name}(…) failed: ${(error as Error).message}`, node.position);
    }
    if (typeof result === 'string') checkText(result, node.position);
    else if (Array.isArray(result)) checkArrayLength(result.length, node.position);
    return normalize(result);
  }

  private warningScope(): ExpressionScope {
    if (this.quiet === 0) return this.scope;
    return { ...this.scope, outputs: this.scope.outputs, warn: () => undefined };
  }

  private binary(operator: BinaryOperator, leftNode: Node, rightNode: Node, position: number): unknown {
    if (operator === '&') return isTruthy(this.evaluate(leftNode)) && isTruthy(this.evaluate(rightNode));
    if (operator === '|') return isTruthy(this.evaluate(leftNode)) || isTruthy(this.evaluate(rightNode));
    const left = this.evaluate(leftNode);
    const right = this.evaluate(rightNode);
    switch (operator) {
      case '=':
        return valuesEqual(left, right);
      case '!=':
        return !valuesEqual(left, right);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const order = compareValues(left, right, operator, position);
        if (order === undefined) return false;
        return operator === '<'
          ? order < 0
          : operator === '>'
            ? order > 0
            : operator === '<='
              ? order <= 0
              : order >= 0;
      }
      default:
        return arithmetic(operator, left, right, position);
    }
  }
}

/**
 * Order of two values for < > <= >=: numbers (and numeric text) by value, ISO dates by instant,
 * other text by character codes. Undefined (so false) when either side is null.
 */
export function compareValues(left: unknown, right: unknown, operator: string, position: number): number | undefined {
  if (left === null || left === undefined || right === null || right === undefined) return undefined;
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) return a - b;
  if (typeof left === 'string' && typeof right === 'string') {
    const first = parseIsoDate(left, 'UTC');
    const second = parseIsoDate(right, 'UTC');
    if (typeof first === 'number' && typeof second === 'number') return first - second;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  throw new ExpressionError(
    `"${operator}" cannot order ${describeValue(left)} and ${describeValue(right)}; compare numbers, dates or text`,
    position,
  );
}

function arithmetic(operator: BinaryOperator, left: unknown, right: unknown, position: number): number {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a === undefined || b === undefined) {
    const hint = operator === '+' ? ' (to join text, write the pieces side by side: {{1.first}} {{1.last}})' : '';
    throw new ExpressionError(
      `"${operator}" needs two numbers, not ${describeValue(left)} and ${describeValue(right)}${hint}`,
      position,
    );
  }
  if ((operator === '/' || operator === '%') && b === 0) throw new ExpressionError(`"${operator}" by zero`, position);
  const result =
    operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : operator === '/' ? a / b : a % b;
  if (!Number.isFinite(result))
    throw new ExpressionError(`the result of "${operator}" is too large to be a number`, position);
  return result;
}
