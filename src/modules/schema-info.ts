import { z } from 'zod';
import type { AnyInputSchema } from './define.js';
import type { FieldInfo } from './field-info.js';
import type { FieldMeta } from './fields.js';

export type { FieldInfo } from './field-info.js';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  title?: string;
  description?: string;
  options?: string;
  dependsOn?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const jsonSchemaCache = new WeakMap<AnyInputSchema, JsonSchema>();

/** The module input's JSON Schema (as the caller writes input: defaults make fields optional). */
export function inputJsonSchema(schema: AnyInputSchema): JsonSchema & Record<string, unknown> {
  let cached = jsonSchemaCache.get(schema);
  if (!cached) {
    cached = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    jsonSchemaCache.set(schema, cached);
  }
  return cached as JsonSchema & Record<string, unknown>;
}

function typeOf(node: JsonSchema): string {
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return node.type.filter((t) => t !== 'null')[0] ?? 'string';
  const alt = node.anyOf ?? node.oneOf;
  if (alt) return [...new Set(alt.map(typeOf))].join('|');
  if (node.enum) return typeof node.enum[0];
  return 'any';
}

function fieldsOf(node: JsonSchema): FieldInfo[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([key, prop]) => {
    const info: FieldInfo = {
      key,
      label: prop.title ?? key,
      help: prop.description ?? '',
      required: required.has(key) && prop.default === undefined,
      type: typeOf(prop),
    };
    // Allowed values: an enumeration, a single constant, or an array of enumerated values.
    const allowed = prop.enum ?? (prop.const !== undefined ? [prop.const] : prop.items?.enum);
    if (allowed) info.enum = allowed;
    if (prop.default !== undefined) info.default = prop.default;
    if (prop.options) info.options = prop.options;
    if (prop.dependsOn) info.dependsOn = prop.dependsOn;
    if (prop.items?.properties) info.items = fieldsOf(prop.items);
    else if (prop.properties) info.items = fieldsOf(prop);
    return info;
  });
}

/** Every top-level field of a module's input, in declaration order. */
export function describeFields(schema: AnyInputSchema): FieldInfo[] {
  return fieldsOf(inputJsonSchema(schema));
}

/**
 * A field by its path: a top-level key (`list_memberships`) or a sub-field of an object or an array
 * of objects, written as `ctct describe` shows it (`custom_fields[].custom_field_id`) or with dots
 * (`custom_fields.custom_field_id`).
 */
export function findField(schema: AnyInputSchema, path: string): FieldInfo | undefined {
  let level: FieldInfo[] | undefined = describeFields(schema);
  let found: FieldInfo | undefined;
  for (const part of path.split('.')) {
    const key = part.replace(/\[\]$/, '');
    found = level?.find((f) => f.key === key);
    if (!found) return undefined;
    level = found.items;
  }
  return found;
}

/** Every field path (sub-fields included, as `ctct describe` writes them), depth first. */
export function fieldPaths(fields: readonly FieldInfo[], prefix = ''): { path: string; field: FieldInfo }[] {
  return fields.flatMap((f) => {
    const path = `${prefix}${f.key}`;
    const sub = f.items ? fieldPaths(f.items, `${path}${f.type === 'array' ? '[]' : ''}.`) : [];
    return [{ path, field: f }, ...sub];
  });
}

/** The metadata attached to a field (unwrapping optional/default wrappers). */
export function fieldMeta(schema: AnyInputSchema, key: string): FieldMeta | undefined {
  let node: z.ZodType | undefined = schema.shape[key] as z.ZodType | undefined;
  while (node) {
    const m = z.globalRegistry.get(node) as FieldMeta | undefined;
    if (m?.title) return m;
    const def = (node as unknown as { def?: { innerType?: z.ZodType } }).def;
    node = def?.innerType;
  }
  return undefined;
}
