import { z } from 'zod';
import type { ModuleDefinition } from './define.js';

/**
 * What a module's output bundle holds, for the faces that show or check it: the web app's mapping
 * picker, the scenario validator (is `{{2.email_address.address}}` a path of module 2's output?) and
 * the MCP server's output schemas. Both views are derived from the module's `outputSchema`.
 */

/** One field of an output bundle. */
export interface OutputField {
  /**
   * Keys from the bundle's root. The fields of an array's items follow the array's own path without
   * an index: `['phone_numbers', 'kind']` is the kind of every phone number.
   */
  path: string[];
  /** The name pickers show (the schema's `.describe()` label), else the key. */
  label: string;
  /**
   * JSON Schema type: string, number, integer, boolean, object, or `any` (free-form: any sub-path may
   * exist, as in Make an API Call's body). For an array, the type of its items. An object with no
   * fields listed beneath it (Make an API Call's headers) takes any key.
   */
  type: string;
  /** The value is a list; its item fields (for a list of objects) come right after it. */
  isArray: boolean;
  /** Present in every bundle (optional fields may be absent when the API has no value). */
  required: boolean;
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};

const cache = new WeakMap<z.ZodType, JsonSchema & Record<string, unknown>>();

/** The JSON Schema (draft 2020-12) of one output bundle of the module. */
export function outputJsonSchema(module: Pick<ModuleDefinition, 'outputSchema'>): Record<string, unknown> {
  let schema = cache.get(module.outputSchema);
  if (!schema) {
    schema = z.toJSONSchema(module.outputSchema, { io: 'output', unrepresentable: 'any' }) as JsonSchema &
      Record<string, unknown>;
    cache.set(module.outputSchema, schema);
  }
  return schema;
}

function typeOf(node: JsonSchema): string {
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return node.type.filter((t) => t !== 'null')[0] ?? 'any';
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) {
    const types = [...new Set(alternatives.map(typeOf).filter((t) => t !== 'null'))];
    return types.length === 1 ? (types[0] as string) : 'any';
  }
  if (node.const !== undefined) return typeof node.const;
  if (node.enum?.length) return typeof node.enum[0];
  return 'any';
}

/** A nullable field is `anyOf: [its schema, null]`: its schema, keeping the outer label. */
function withoutNull(node: JsonSchema): JsonSchema {
  const alternatives = node.anyOf?.filter((n) => n.type !== 'null');
  if (!alternatives || alternatives.length !== 1 || alternatives.length === node.anyOf?.length) return node;
  const only = alternatives[0] as JsonSchema;
  return node.description !== undefined ? { ...only, description: node.description } : only;
}

function fieldsOf(node: JsonSchema, prefix: string[]): OutputField[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).flatMap(([key, nullable]) => {
    const prop = withoutNull(nullable);
    const path = [...prefix, key];
    const isArray = typeOf(prop) === 'array';
    const value = isArray ? withoutNull(prop.items ?? {}) : prop;
    const field: OutputField = {
      path,
      label: prop.description ?? value.description ?? key,
      type: typeOf(value),
      isArray,
      required: required.has(key),
    };
    return [field, ...fieldsOf(value, path)];
  });
}

/** Every field of one output bundle, depth first, in declaration order. */
export function outputFields(module: Pick<ModuleDefinition, 'outputSchema'>): OutputField[] {
  return fieldsOf(outputJsonSchema(module) as JsonSchema, []);
}
