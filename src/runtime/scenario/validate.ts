import type { z } from 'zod';
import type { ModuleDefinition } from '../../modules/define.js';
import { findModule } from '../../modules/registry.js';
import { ExpressionError, isTemplate, parseTemplate, templateReferences } from './expression/index.js';
import { validateFilter } from './filter/index.js';
import { parseSchedule } from './schedule/index.js';
import { BUILTIN_MODULES, type FlowModule, type Scenario, type ScenarioProblem } from './format.js';
import { builtinOutputFields, builtinOutputHasPath, outputHasPath } from './output-paths.js';
import { compilePlan, isBuiltin } from './plan.js';
import { ScenarioConfigError } from './errors.js';

/**
 * Everything that can be checked without running: modules, connections, fields (unknown, required
 * and left empty, a selected value that breaks the field's rule), references (to a module that runs
 * before this one, to a path its output has), expressions that do not parse, filter operators.
 */

export interface ValidateContext {
  /** Stored connection names; undefined = not checked (no store available). */
  connections?: readonly string[];
}

const BUILTIN_FIELDS: Record<string, { known: string[] | undefined; required: string[] }> = {
  [BUILTIN_MODULES.iterator]: { known: ['array'], required: ['array'] },
  [BUILTIN_MODULES.aggregator]: { known: ['value'], required: ['value'] },
  [BUILTIN_MODULES.readFile]: { known: ['path'], required: ['path'] },
  [BUILTIN_MODULES.compose]: { known: undefined, required: [] },
};

export function validateScenario(scenario: Scenario, context: ValidateContext = {}): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const modules = new Map<number, ModuleDefinition | undefined>();
  scenario.flow.forEach((m, i) => {
    const at = (field: string) => `flow[${i}]${field ? `.${field}` : ''}`;
    const add = (field: string, message: string) => problems.push({ moduleId: m.id, field: at(field), message });
    let module: ModuleDefinition | undefined;
    if (!isBuiltin(m.module)) {
      try {
        module = findModule(m.module);
      } catch (err) {
        add('module', (err as Error).message);
      }
    }
    modules.set(m.id, module);
    if (m.connection !== undefined && context.connections && !context.connections.includes(m.connection))
      add(
        'connection',
        `no stored connection "${m.connection}"` +
          (context.connections.length ? ` (there are: ${context.connections.join(', ')})` : '') +
          `; connect it with \`ctct connect --name ${m.connection}\``,
      );
    if (m.from !== undefined && i !== 0) add('from', 'only a trigger (module 1) has a start point');
    checkFields(m, module, add);
    if (module?.kind === 'trigger' && i === 0)
      for (const [key, value] of Object.entries(m.mapper))
        if (containsTemplate(value))
          add(`mapper.${key}`, 'a trigger runs first: its fields can only be selected, not mapped');
    if (m.filter) for (const p of validateFilter(m.filter)) add(`filter.${p.field}`, p.message);
  });
  try {
    compilePlan(scenario);
  } catch (err) {
    if (!(err instanceof ScenarioConfigError)) throw err;
    if (!problems.some((p) => p.field.endsWith('.module')))
      problems.push({
        ...(err.moduleId !== undefined ? { moduleId: err.moduleId } : {}),
        field: err.field ?? '(flow)',
        message: err.message,
      });
  }
  problems.push(...referenceProblems(scenario, modules));
  const schedule = parseSchedule(scenario.scheduling);
  if (!schedule.ok)
    for (const p of schedule.problems)
      problems.push({ field: `scheduling${p.field ? `.${p.field}` : ''}`, message: p.message });
  return problems;
}

function checkFields(
  m: FlowModule,
  module: ModuleDefinition | undefined,
  add: (field: string, message: string) => void,
) {
  const builtin = BUILTIN_FIELDS[m.module];
  if (builtin) {
    if (builtin.known)
      for (const key of Object.keys(m.mapper))
        if (!builtin.known.includes(key))
          add(`mapper.${key}`, `unknown field; ${m.module} takes ${builtin.known.join(', ')}`);
    for (const key of builtin.required) if (isEmpty(m.mapper[key])) add(`mapper.${key}`, 'is required and left empty');
    if (m.module !== BUILTIN_MODULES.aggregator && (m.source !== undefined || m.chunk !== undefined))
      add(m.source !== undefined ? 'source' : 'chunk', 'only an aggregator has source and chunk');
    return;
  }
  if (!module) return;
  if (m.source !== undefined || m.chunk !== undefined)
    add(m.source !== undefined ? 'source' : 'chunk', 'only an aggregator has source and chunk');
  const shape = module.input.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(m.mapper)) {
    const field = shape[key];
    if (!field) {
      add(`mapper.${key}`, `unknown field of ${module.name}; its fields: ${Object.keys(shape).join(', ')}`);
      continue;
    }
    if (containsTemplate(value)) continue;
    const result = field.safeParse(value);
    if (!result.success) add(`mapper.${key}`, result.error.issues[0]?.message ?? 'not a valid value');
  }
  for (const [key, field] of Object.entries(shape)) {
    if (field.safeParse(undefined).success) continue; // optional, or has a default
    if (isEmpty(m.mapper[key])) add(`mapper.${key}`, `is required and left empty (${module.name})`);
  }
}

function referenceProblems(scenario: Scenario, modules: Map<number, ModuleDefinition | undefined>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const order = new Map(scenario.flow.map((m, i) => [m.id, i]));
  // After an aggregator, the bundles between its source and itself are gone: only it and what ran before the source remain.
  const hiddenAfter = new Map<number, Set<number>>();
  scenario.flow.forEach((m, i) => {
    if (m.module !== BUILTIN_MODULES.aggregator || m.source === undefined) return;
    const from = order.get(m.source);
    if (from === undefined) return;
    const hidden = new Set(scenario.flow.slice(from, i).map((x) => x.id));
    for (const later of scenario.flow.slice(i + 1)) {
      const set = hiddenAfter.get(later.id) ?? new Set<number>();
      for (const h of hidden) set.add(h);
      hiddenAfter.set(later.id, set);
    }
  });
  scenario.flow.forEach((m, i) => {
    const visit = (value: unknown, field: string) => {
      if (isTemplate(value)) {
        let template;
        try {
          template = parseTemplate(value);
        } catch (err) {
          if (!(err instanceof ExpressionError)) throw err;
          problems.push({
            moduleId: m.id,
            field: `flow[${i}].${field}`,
            message: `${err.message} (at character ${err.position + 1})`,
          });
          return;
        }
        for (const ref of templateReferences(template)) {
          const where = order.get(ref.moduleId);
          const text = `{{${ref.moduleId}${ref.path.length ? '.' : ''}${ref.path.join('.')}}}`;
          if (where === undefined || where >= i) {
            problems.push({
              moduleId: m.id,
              field: `flow[${i}].${field}`,
              message:
                `${text} refers to module ${ref.moduleId}, ` +
                `which ${where === undefined ? 'is not in the flow' : 'does not run before this one'}`,
            });
            continue;
          }
          if (hiddenAfter.get(m.id)?.has(ref.moduleId)) {
            problems.push({
              moduleId: m.id,
              field: `flow[${i}].${field}`,
              message:
                `${text}: module ${ref.moduleId}'s bundles were collected by an aggregator; ` +
                `map the aggregator's output instead`,
            });
            continue;
          }
          const source = scenario.flow[where] as FlowModule;
          const sourceModule = modules.get(source.id);
          if (sourceModule && !outputHasPath(sourceModule, ref.path))
            problems.push({
              moduleId: m.id,
              field: `flow[${i}].${field}`,
              message:
                `${text}: module ${ref.moduleId} (${sourceModule.name}) ` + `has no output field ${ref.path.join('.')}`,
            });
          else if (isBuiltin(source.module) && !builtinOutputHasPath(source, ref.path))
            problems.push({
              moduleId: m.id,
              field: `flow[${i}].${field}`,
              message:
                `${text}: module ${ref.moduleId} (${source.module}) has no output field ${ref.path.join('.')}; ` +
                `it gives ${builtinOutputFields(source)?.join(', ') || 'no fields (its mapper is empty)'}`,
            });
        }
        return;
      }
      if (Array.isArray(value)) value.forEach((v, k) => visit(v, `${field}[${k}]`));
      else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) visit(v, field ? `${field}.${k}` : k);
    };
    visit(m.mapper, 'mapper');
    if (m.filter)
      m.filter.conditions.forEach((group, g) =>
        group.forEach((c, k) => {
          visit(c.a, `filter.conditions[${g}][${k}].a`);
          visit(c.b, `filter.conditions[${g}][${k}].b`);
        }),
      );
    if (m.onerror && typeof m.onerror === 'object') visit(m.onerror.resume, 'onerror.resume');
  });
  return problems;
}

function containsTemplate(value: unknown): boolean {
  if (isTemplate(value)) return true;
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsTemplate);
  return false;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
