import type { FieldView } from '../../api-types.js';

/** What the dialog keeps per field: text as typed, lists as arrays, nested rows as objects. */
export type FormValue = string | boolean | string[] | FormRow[] | FormRow | undefined;
export interface FormRow {
  [key: string]: FormValue;
}

const isNumeric = (type: string): boolean => type === 'number' || type === 'integer';

/**
 * The module input from the dialog's values: empty fields left out, numbers and booleans read from
 * their text, JSON fields parsed when they parse (otherwise sent as typed, so the module's own schema
 * says what is wrong). Nothing is validated here: the server applies the module's schema.
 */
export function toInput(fields: readonly FieldView[], values: FormRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const converted = convert(f, values[f.key]);
    if (converted !== undefined) out[f.key] = converted;
  }
  return out;
}

function convert(f: FieldView, value: FormValue): unknown {
  if (value === undefined || value === '') return undefined;
  if (f.type === 'array') {
    if (!Array.isArray(value)) return undefined;
    if (f.items) {
      const rows = (value as FormRow[]).map((row) => toInput(f.items ?? [], row));
      return rows.length ? rows : undefined;
    }
    const list = (value as string[]).map((v) => v.trim()).filter(Boolean);
    return list.length ? list : undefined;
  }
  if (f.items && typeof value === 'object' && !Array.isArray(value)) {
    const nested = toInput(f.items, value);
    return Object.keys(nested).length ? nested : undefined;
  }
  if (typeof value !== 'string') return value;
  if (isNumeric(f.type)) return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (f.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if (f.type !== 'string' && !f.enum) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** The dialog's starting values: each field's default, as text. */
export function initialValues(fields: readonly FieldView[]): FormRow {
  const row: FormRow = {};
  for (const f of fields) {
    if (f.default === undefined) continue;
    if (Array.isArray(f.default)) row[f.key] = f.default.map(String);
    else if (typeof f.default === 'object' && f.default !== null) row[f.key] = JSON.stringify(f.default);
    else row[f.key] = String(f.default);
  }
  return row;
}

/** Input field paths as the module's errors name them: `phone_numbers.0.kind`. */
export function joinPath(prefix: string, key: string | number): string {
  return prefix ? `${prefix}.${key}` : String(key);
}

/** A DOM id for a field path. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** A field's value from a module input (a scenario's mapper literal) back to what the dialog keeps. */
export function fromInput(f: FieldView, value: unknown): FormValue {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (f.items) return value.map((row) => rowFromInput(f.items ?? [], row));
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  }
  if (f.items && typeof value === 'object') return rowFromInput(f.items, value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function rowFromInput(fields: readonly FieldView[], value: unknown): FormRow {
  const row: FormRow = {};
  if (value === null || typeof value !== 'object') return row;
  for (const f of fields) {
    const v = fromInput(f, (value as Record<string, unknown>)[f.key]);
    if (v !== undefined) row[f.key] = v;
  }
  return row;
}

/** One field's value as module input (undefined when empty). */
export function fieldInput(f: FieldView, value: FormValue): unknown {
  return toInput([f], { [f.key]: value })[f.key];
}
