import type { Node, Template } from './ast.js';
import { ExpressionError } from './errors.js';
import { evaluateTemplate } from './evaluate.js';
import { parseTemplate } from './parser.js';
import type { ExpressionScope } from './scope.js';
import { isPlainObject } from './values.js';

/** A mapper value is *mapped* when it is text containing `{{`; anything else is *selected* (literal). */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

export interface TemplateReference {
  readonly moduleId: number;
  /** Keys as text, elements as numbers from 1, and 0 for `[]` (every element). */
  readonly path: (string | number)[];
  readonly position: number;
}

/** Every `N.path` a template reads, in order of appearance (for validation and the mapping picker). */
export function templateReferences(template: Template): TemplateReference[] {
  const found: TemplateReference[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'reference') {
      found.push({
        moduleId: node.moduleId,
        path: node.path.map((step) => (step.kind === 'key' ? step.name : step.kind === 'index' ? step.index : 0)),
        position: node.position,
      });
    } else if (node.type === 'call') node.args.forEach(visit);
    else if (node.type === 'negate') visit(node.operand);
    else if (node.type === 'binary') {
      visit(node.left);
      visit(node.right);
    }
  };
  for (const part of template.parts) if (part.kind === 'expression') visit(part.node);
  return found;
}

const parsed = new Map<string, Template>();

/** Parses through a bounded cache: a mapper's fields are evaluated once per bundle. */
export function parseTemplateCached(text: string): Template {
  let template = parsed.get(text);
  if (!template) {
    template = parseTemplate(text);
    if (parsed.size >= 2_000) parsed.clear();
    parsed.set(text, template);
  }
  return template;
}

/** `contact.phones[0]`: written like the scenario's problem paths (array positions from 0, as in the file). */
function fieldName(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Evaluates a module's mapper: every text containing `{{…}}` is evaluated, everything else is kept.
 * Errors and warnings name the field they come from (`email_address.address`, `list_ids[0]`).
 */
export function evaluateMapper(value: unknown, scope: ExpressionScope): unknown {
  return walk(value, scope, '');
}

function walk(value: unknown, scope: ExpressionScope, field: string): unknown {
  if (isTemplate(value)) {
    const fieldScope: ExpressionScope =
      field === '' ? scope : { ...scope, warn: (warning) => scope.warn({ ...warning, field }) };
    try {
      return evaluateTemplate(parseTemplateCached(value), fieldScope);
    } catch (error) {
      if (error instanceof ExpressionError && error.field === undefined && field !== '')
        throw new ExpressionError(error.message, error.position, field);
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((element, index) => walk(element, scope, fieldName(field, index)));
  if (isPlainObject(value))
    // fromEntries defines own properties, so a field named __proto__ stays a plain field.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, walk(inner, scope, fieldName(field, key))]),
    );
  return value;
}
