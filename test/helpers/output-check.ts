import type { ModuleDefinition } from '../../src/modules/define.js';
import { outputJsonSchema } from '../../src/modules/output-info.js';

type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[] };

/** Keys of `value` that the schema node does not declare, as paths (`phone_numbers[0].extension`). */
function undeclared(value: unknown, nullable: Node, path: string): string[] {
  // a nullable field is anyOf [its schema, null]
  const node = nullable.anyOf?.find((n) => n.properties || n.items) ?? nullable;
  if (Array.isArray(value)) {
    if (!node.items) return [];
    return value.flatMap((item, i) => undeclared(item, node.items as Node, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  const properties = node.properties;
  // records and free-form values (a response body) declare no properties: any key may appear
  if (!properties) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    const declared = properties[key];
    return declared ? undeclared(child, declared, at) : [`${at}: returned but not declared`];
  });
}

/**
 * What is wrong with one output bundle against the module's declaration: zod's findings (a required
 * field absent, a field of another type) and every returned key the schema does not name.
 */
export function checkBundle(module: Pick<ModuleDefinition, 'outputSchema'>, bundle: unknown): string[] {
  const parsed = module.outputSchema.safeParse(bundle);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(bundle)'}: ${issue.message}`);
  return [...problems, ...undeclared(bundle, outputJsonSchema(module) as Node, '')];
}
