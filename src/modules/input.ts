import type { z } from 'zod';
import type { AnyInputSchema, ModuleDefinition } from './define.js';
import { describeFields, type FieldInfo } from './schema-info.js';
import { unknownInputKeys, type UnknownKey } from './unknown-keys.js';

/** Bad module input: names every field at fault and the rule it broke. */
export class ModuleInputError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly moduleName: string,
    readonly problems: { field: string; label: string; message: string }[],
  ) {
    super(
      `Invalid input for "${moduleName}":\n${problems.map((p) => `  - ${p.label} (${p.field}): ${p.message}`).join('\n')}`,
    );
    this.name = 'ModuleInputError';
  }
  get hint(): string {
    return (
      `Run \`ctct describe ${this.moduleName.includes(' ') ? JSON.stringify(this.moduleName) : this.moduleName}\` ` +
      `to see every field and its rules.`
    );
  }
  toJSON(): unknown {
    return {
      name: this.name,
      message: this.message,
      module: this.moduleName,
      problems: this.problems,
      hint: this.hint,
    };
  }
}

function labelFor(fields: FieldInfo[], path: readonly PropertyKey[]): string {
  const labels: string[] = [];
  let level: FieldInfo[] | undefined = fields;
  for (const part of path) {
    if (typeof part === 'number') {
      labels.push(`#${part + 1}`);
      continue;
    }
    const found: FieldInfo | undefined = level?.find((f) => f.key === part);
    labels.push(found?.label ?? String(part));
    level = found?.items;
  }
  return labels.join(' › ') || '(input)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  string: 'text',
};

/** "must be a number, not "abc"": zod's own "expected number, received string" hides the value at fault. */
function wrongType(expected: string, value: unknown): string | undefined {
  const want = EXPECTED_WORDS[expected];
  if (!want) return undefined;
  const shown = JSON.stringify(value) ?? String(value);
  return `must be ${want}, not ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
}

/** Validates raw input against a module's schema; returns the parsed input or throws ModuleInputError. */
export function parseModuleInput<S extends AnyInputSchema>(module: ModuleDefinition<S>, raw: unknown): z.output<S> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ModuleInputError(module.name, [
      { field: '(input)', label: '(input)', message: 'input must be a JSON object' },
    ]);
  }
  const unknownKeys = unknownInputKeys(module.input, raw);
  const result = module.input.safeParse(raw);
  if (result.success && unknownKeys.length === 0) return result.data;
  // The failure path only: describing the fields costs more than validating them.
  const fields = describeFields(module.input);
  const problems = unknownKeys.map((u) => ({
    field: u.segments.join('.'),
    label: labelFor(fields, u.segments),
    message: unknownKeyMessage(u),
  }));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path.map(String).join('.') || '(input)';
      const value = valueAt(raw, issue.path);
      const message =
        issue.code === 'invalid_type'
          ? value === undefined
            ? 'is required'
            : (wrongType(issue.expected, value) ?? issue.message)
          : issue.message;
      // a value past a length limit fails zod's own count and ours alike: say it once
      if (!problems.some((p) => p.field === field && p.message === message))
        problems.push({ field, label: labelFor(fields, issue.path), message });
    }
  }
  throw new ModuleInputError(module.name, problems);
}

function unknownKeyMessage(u: UnknownKey): string {
  const meant = u.suggestion ? `; did you mean ${u.suggestion}?` : '';
  return u.segments.length === 1
    ? `is not a field of this module${meant} (fields: ${u.known.join(', ')})`
    : `${u.path} is not a field here${meant} (fields: ${u.known.join(', ')})`;
}

/**
 * Turns CLI `key=value` pairs into typed input using each field's JSON Schema type: strings stay
 * strings, everything else is read as JSON (numbers, booleans, arrays, objects). A comma list is accepted
 * for arrays of strings.
 */
export function coerceFieldValues(module: ModuleDefinition, pairs: readonly string[]): Record<string, unknown> {
  const fields = new Map(describeFields(module.input).map((f) => [f.key, f]));
  // a null prototype keeps `__proto__=x` an ordinary key, so it is reported as unknown instead of lost
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new ModuleInputError(module.name, [{ field: pair, label: pair, message: 'use --field key=value' }]);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const field = fields.get(key);
    if (!field || field.type === 'string') {
      out[key] = value;
      continue;
    }
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      out[key] =
        field.type === 'array'
          ? value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : value;
    }
  }
  return out;
}
