import { ExpressionError, evaluateTemplate, isTemplate, parseTemplateCached } from '../expression/index.js';
import type { ExpressionScope } from '../expression/index.js';
import { parseIsoDate } from '../expression/date-format.js';
import { asNumber } from '../expression/values.js';
import { describe, FILTER_OPERATORS, OperandMismatch, type OperandKind } from './operators.js';

export interface FilterCondition {
  readonly a?: unknown;
  readonly o: string;
  readonly b?: unknown;
}

/** `conditions` is an OR of AND groups: the bundle passes when every condition of some group holds. */
export interface Filter {
  readonly name?: string | undefined;
  readonly conditions: readonly (readonly FilterCondition[])[];
}

/** What is wrong with a literal operand for an operator kind, or undefined when it fits. */
export function operandMismatch(value: unknown, kind: OperandKind, timezone: string): string | undefined {
  switch (kind) {
    case 'number':
      return asNumber(value) === undefined ? `${describe(value)} is not a number` : undefined;
    case 'date':
      if (typeof value === 'number') return undefined;
      return typeof value === 'string' && typeof parseIsoDate(value, timezone) === 'number'
        ? undefined
        : `${describe(value)} is not an ISO 8601 date (e.g. 2026-03-01 or 2026-03-01T09:00:00Z)`;
    case 'boolean':
      return typeof value === 'boolean' ||
        value === 0 ||
        value === 1 ||
        (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        ? undefined
        : `${describe(value)} is not true or false`;
    case 'array':
      return Array.isArray(value) || value === null ? undefined : `${describe(value)} is not an array`;
    case 'text':
      return value !== null && typeof value === 'object' ? `${describe(value)} is not text` : undefined;
    case 'any':
      return undefined;
  }
}

function operand(value: unknown, scope: ExpressionScope, field: string): unknown {
  if (!isTemplate(value)) return value ?? null;
  try {
    return evaluateTemplate(parseTemplateCached(value), {
      ...scope,
      warn: (warning) => scope.warn({ ...warning, field }),
    });
  } catch (error) {
    if (error instanceof ExpressionError) throw new ExpressionError(error.message, error.position, field);
    throw error;
  }
}

const quiet = (scope: ExpressionScope): ExpressionScope => ({ ...scope, warn: () => undefined });

/**
 * Whether a bundle passes the filter. A condition whose values are not of its operator's kind (a
 * number test on "n/a") is false, with a warning that says which operand and why. Template errors
 * throw ExpressionError whose `field` is the operand (`conditions[0][1].a`).
 */
export function evaluateFilter(filter: Filter, scope: ExpressionScope): boolean {
  return filter.conditions.some((group, groupIndex) =>
    group.every((condition, conditionIndex) => {
      const at = `conditions[${groupIndex}][${conditionIndex}]`;
      const operator = FILTER_OPERATORS.get(condition.o);
      if (!operator) throw new ExpressionError(`unknown filter operator "${condition.o}"`, 0, `${at}.o`);
      // exist / notexist ask whether a value is there: its absence is the answer, not a warning.
      const a = operand(condition.a, operator.b === null ? quiet(scope) : scope, `${at}.a`);
      const b = operator.b === null ? null : operand(condition.b, scope, `${at}.b`);
      const verdict = operator.test(a, b, scope.timezone);
      if (verdict instanceof OperandMismatch) {
        const filterLabel = filter.name ? `filter "${filter.name}"` : 'filter';
        scope.warn({
          message: `${filterLabel}: ${condition.o}: ${verdict.message}, so the condition is false`,
          position: 0,
          field: at,
        });
        return false;
      }
      return verdict;
    }),
  );
}
