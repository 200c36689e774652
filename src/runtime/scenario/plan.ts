import type { ModuleDefinition } from '../../modules/define.js';
import { findModule } from '../../modules/registry.js';
import { BUILTIN_MODULES, type FlowModule, type Scenario } from './format.js';
import { ScenarioConfigError } from './errors.js';

/**
 * A scenario's flow compiled for the walker: each module's kind and definition, and which aggregator
 * closes which source. Linear today; a router would add steps holding their own step lists.
 */

export type StepKind = 'trigger' | 'action' | 'search' | 'iterator' | 'aggregator' | 'compose' | 'read-file';

export interface Step {
  index: number;
  id: number;
  def: FlowModule;
  kind: StepKind;
  /** The API module (undefined for built-ins). */
  module: ModuleDefinition | undefined;
  /** For logs: the flow's `name`, else the module's seed name, else the built-in key. */
  label: string;
  /** Aggregators: the index of their source step. */
  sourceIndex: number | undefined;
  chunk: number;
}

export interface Plan {
  steps: Step[];
  byId: Map<number, Step>;
  /** Module 1 when it is a Watch module. */
  trigger: Step | undefined;
  /** Source module id → the aggregator that closes it. */
  aggregatorOf: Map<number, Step>;
}

export const DEFAULT_CHUNK = 500;

const BUILTIN_KINDS: Record<string, StepKind> = {
  [BUILTIN_MODULES.iterator]: 'iterator',
  [BUILTIN_MODULES.aggregator]: 'aggregator',
  [BUILTIN_MODULES.compose]: 'compose',
  [BUILTIN_MODULES.readFile]: 'read-file',
};

export function isBuiltin(key: string): boolean {
  return key in BUILTIN_KINDS;
}

/** Throws ScenarioConfigError for what cannot run at all (validation reports the same, and more). */
export function compilePlan(scenario: Scenario): Plan {
  const steps: Step[] = scenario.flow.map((def, index) => {
    const builtin = BUILTIN_KINDS[def.module];
    let module: ModuleDefinition | undefined;
    if (!builtin) {
      try {
        module = findModule(def.module);
      } catch (err) {
        throw new ScenarioConfigError((err as Error).message, def.id, `flow[${index}].module`);
      }
    }
    const kind: StepKind = builtin ?? (module?.kind === 'universal' ? 'action' : (module?.kind as StepKind));
    return {
      index,
      id: def.id,
      def,
      kind,
      module,
      label: def.name ?? module?.name ?? def.module,
      sourceIndex: undefined,
      chunk: def.chunk ?? DEFAULT_CHUNK,
    };
  });
  const byId = new Map(steps.map((s) => [s.id, s]));
  const aggregatorOf = new Map<number, Step>();
  for (const step of steps) {
    if (step.kind === 'trigger' && step.index !== 0)
      throw new ScenarioConfigError(
        `${step.label} is a trigger: only module 1 of a flow can be one`,
        step.id,
        `flow[${step.index}].module`,
      );
    if (step.kind !== 'aggregator') continue;
    const source = step.def.source === undefined ? undefined : byId.get(step.def.source);
    if (!source || source.index >= step.index || !['trigger', 'search', 'iterator'].includes(source.kind))
      throw new ScenarioConfigError(
        'an aggregator needs `source`: the id of an earlier trigger, search or iterator whose bundles it collects',
        step.id,
        `flow[${step.index}].source`,
      );
    if (aggregatorOf.has(source.id))
      throw new ScenarioConfigError(
        `module ${source.id} already has an aggregator`,
        step.id,
        `flow[${step.index}].source`,
      );
    step.sourceIndex = source.index;
    aggregatorOf.set(source.id, step);
  }
  const first = steps[0];
  return { steps, byId, trigger: first?.kind === 'trigger' ? first : undefined, aggregatorOf };
}
