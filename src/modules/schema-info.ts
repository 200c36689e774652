import { z } from 'zod';
import type { AnyInputSchema } from './define.js';
import type { FieldMeta } from './fields.js';

/** A field as `ctct describe` and the option/coercion code see it. */
export interface FieldInfo {
  key: string;
  label: string;
  help: string;
  required: boolean;
  /** JSON Schema type of the field (string, number, integer, boolean, array, object). */
  type: string;
  /** Allowed values for enumerations. */
  enum?: readonly unknown[];
  default?: unknown;
  options?: string;
  dependsOn?: readonly string[];
  /** Sub-fields of arrays of objects (phone numbers, addresses...). */
  items?: FieldInfo[];
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
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
    if (prop.enum) info.enum = prop.enum;
    if (prop.default !== undefined) info.default = prop.default;
    if (prop.options) info.options = prop.options;
    if (prop.dependsOn) info.dependsOn = prop.dependsOn;
    if (prop.items?.properties) info.items = fieldsOf(prop.items);
    return info;
  });
}

/** Every top-level field of a module's input, in declaration order. */
export function describeFields(schema: AnyInputSchema): FieldInfo[] {
  return fieldsOf(inputJsonSchema(schema));
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
