/**
 * The mapping language: `{{…}}` templates in mapper fields, interpreted by our own tokenizer, parser
 * and evaluator over plain JSON (README.md has the grammar and the choices). Pure: no I/O.
 */
export type { Node, PathStep, Template, TemplatePart } from './ast.js';
export { ExpressionError, type ExpressionWarning } from './errors.js';
export { evaluateTemplate, compareValues } from './evaluate.js';
export { FUNCTION_NAMES } from './functions/index.js';
export { LIMITS } from './limits.js';
export {
  evaluateMapper,
  isTemplate,
  parseTemplateCached,
  templateReferences,
  type TemplateReference,
} from './mapper.js';
export { parseTemplate } from './parser.js';
export type { ExpressionScope } from './scope.js';
export { isTimeZone } from './time-zone.js';
