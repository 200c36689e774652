import {
  ExpressionError,
  isTemplate,
  parseTemplate,
  templateReferences,
  type TemplateReference,
} from '../expression/index.js';
import { operandMismatch, type Filter } from './evaluate.js';
import { FILTER_OPERATORS, suggestOperator, type OperandKind } from './operators.js';

/** One thing wrong with a filter: where (a path from the filter, positions from 0) and what to fix. */
export interface FilterProblem {
  /** e.g. `['conditions', 0, 1, 'o']` */
  readonly path: (string | number)[];
  /** The same path as text: `conditions[0][1].o`. */
  readonly field: string;
  readonly message: string;
  /** For a template that does not parse: the character where the problem starts. */
  readonly position?: number;
}

function fieldOf(path: readonly (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function problem(path: (string | number)[], message: string, position?: number): FilterProblem {
  return position === undefined
    ? { path, field: fieldOf(path), message }
    : { path, field: fieldOf(path), message, position };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a filter without running it: its shape, every operator, every template in `a` and `b`, and
 * literal operands of the wrong kind (`number:greater` against "ten"). Empty when the filter is sound.
 */
export function validateFilter(filter: unknown): FilterProblem[] {
  if (!isRecord(filter)) return [problem([], 'a filter is an object with conditions: [[{ a, o, b }]]')];
  const problems: FilterProblem[] = [];
  for (const key of Object.keys(filter))
    if (key !== 'name' && key !== 'conditions')
      problems.push(problem([key], `unknown key "${key}" (use name, conditions)`));
  if (filter.name !== undefined && typeof filter.name !== 'string')
    problems.push(problem(['name'], 'the name must be text'));
  const groups = filter.conditions;
  if (!Array.isArray(groups) || groups.length === 0) {
    problems.push(problem(['conditions'], 'give at least one group of conditions: [[{ a, o, b }]] (groups are OR-ed)'));
    return problems;
  }
  groups.forEach((group: unknown, groupIndex) => {
    if (!Array.isArray(group) || group.length === 0) {
      problems.push(problem(['conditions', groupIndex], 'a group is a non-empty list of conditions (AND-ed)'));
      return;
    }
    group.forEach((condition: unknown, conditionIndex) =>
      problems.push(...validateCondition(condition, ['conditions', groupIndex, conditionIndex])),
    );
  });
  return problems;
}

function validateCondition(condition: unknown, at: (string | number)[]): FilterProblem[] {
  if (!isRecord(condition)) return [problem(at, 'a condition is an object { a, o, b }')];
  const problems: FilterProblem[] = [];
  for (const key of Object.keys(condition))
    if (key !== 'a' && key !== 'o' && key !== 'b')
      problems.push(problem([...at, key], `unknown key "${key}" (use a, o, b)`));
  const name = condition.o;
  if (typeof name !== 'string' || name === '') {
    problems.push(problem([...at, 'o'], 'give the operator, e.g. text:equal, number:greater, exist'));
    return problems;
  }
  const operator = FILTER_OPERATORS.get(name);
  if (!operator) {
    const suggestion = suggestOperator(name);
    const message = /pattern/i.test(name)
      ? `"${name}": patterns (regular expressions) are not supported; use text:contain, text:startwith or text:endwith`
      : `unknown operator "${name}"${suggestion ? `; did you mean ${suggestion}?` : ''} ` +
        '(the operators are listed in the filter README)';
    problems.push(problem([...at, 'o'], message));
    return problems;
  }
  if (!Object.hasOwn(condition, 'a')) problems.push(problem([...at, 'a'], `give a, the value ${name} tests`));
  else problems.push(...validateOperand(condition.a, operator.a, [...at, 'a'], name));
  if (operator.b === null) {
    if (condition.b !== undefined) problems.push(problem([...at, 'b'], `${name} compares nothing: remove b`));
  } else if (!Object.hasOwn(condition, 'b')) {
    problems.push(problem([...at, 'b'], `give b, the value ${name} compares a with`));
  } else problems.push(...validateOperand(condition.b, operator.b, [...at, 'b'], name));
  return problems;
}

function validateOperand(
  value: unknown,
  kind: OperandKind,
  at: (string | number)[],
  operator: string,
): FilterProblem[] {
  if (isTemplate(value)) {
    try {
      parseTemplate(value);
      return [];
    } catch (error) {
      if (error instanceof ExpressionError) return [problem(at, error.message, error.position)];
      throw error;
    }
  }
  // A literal can be checked now: a wrong one would make the condition fail on every bundle.
  const mismatch = operandMismatch(value, kind, 'UTC');
  return mismatch ? [problem(at, `${operator}: ${mismatch}`)] : [];
}

export interface FilterReference extends TemplateReference {
  /** The operand holding the reference, e.g. `['conditions', 0, 0, 'a']`. */
  readonly operand: (string | number)[];
}

/** The references of every operand that parses (for the engine's "runs before this module" checks). */
export function filterReferences(filter: Filter): FilterReference[] {
  const found: FilterReference[] = [];
  filter.conditions.forEach((group, groupIndex) =>
    group.forEach((condition, conditionIndex) => {
      for (const side of ['a', 'b'] as const) {
        const value = condition[side];
        if (!isTemplate(value)) continue;
        let references: TemplateReference[];
        try {
          references = templateReferences(parseTemplate(value));
        } catch {
          continue; // validateFilter reports it
        }
        for (const reference of references)
          found.push({ ...reference, operand: ['conditions', groupIndex, conditionIndex, side] });
      }
    }),
  );
  return found;
}
