/** Filters: OR-groups of AND-conditions `{ a, o, b }` before a module (README.md lists the operators). */
export { evaluateFilter, type Filter, type FilterCondition } from './evaluate.js';
export { FILTER_OPERATORS, type FilterOperator, type OperandKind } from './operators.js';
export { filterReferences, validateFilter, type FilterProblem, type FilterReference } from './validate.js';
