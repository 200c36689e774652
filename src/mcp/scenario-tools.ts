import { openScenarios, type Scenarios, type ScenariosOptions, type ScenarioEvent } from '../runtime/scenario/index.js';
import { cutTexts } from './cut.js';
import { jsonResult, type ServedTool } from './tool.js';

/**
 * list_scenarios, run_scenario and show_run: the scenario library's own calls, nothing more. The
 * library (its SQLite state) opens on the first call, so a server whose agent never asks for
 * scenarios creates no state file.
 */
export function scenarioTools(options: ScenariosOptions = {}): ServedTool[] {
  let library: Scenarios | undefined;
  const lib = (): Scenarios => (library ??= openScenarios(options));
  const nameArg = { type: 'string', description: 'The scenario name (its file name without .yaml).' };
  const text = (args: Record<string, unknown>, key: string): string => {
    const value = args[key];
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`${key} is required: give it as text (list_scenarios names every scenario).`);
    return value;
  };

  const list: ServedTool = {
    listing: {
      name: 'list_scenarios',
      title: 'List scenarios',
      description:
        'Every scenario in the scenarios directory: name, title, how it is scheduled (on-demand ones can be ' +
        'run with run_scenario), whether it is enabled, its problems, last run and unresolved incomplete executions.',
      inputSchema: { type: 'object', properties: {} },
      annotations: {
        title: 'List scenarios',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async call() {
      const scenarios = (await lib().list()).map((s) => ({
        name: s.name,
        title: s.title ?? null,
        file: s.file,
        scheduling: schedulingType(s.scenario?.scheduling),
        on_demand: isOnDemand(s.scenario?.scheduling),
        enabled: s.state.enabled,
        problems: s.problems.map(
          (p) => `${p.moduleId !== undefined ? `module ${p.moduleId}: ` : ''}${p.field}: ${p.message}`,
        ),
        last_run: s.lastRun ? { id: s.lastRun.id, status: s.lastRun.status, started_at: s.lastRun.startedAt } : null,
        unresolved_incompletes: s.unresolvedIncompletes,
      }));
      return jsonResult({ scenarios, count: scenarios.length });
    },
  };

  const run: ServedTool = {
    listing: {
      name: 'run_scenario',
      title: 'Run a scenario',
      description:
        'Runs one execution of an on-demand scenario now (validated first), as `ctct scenario run` does, and ' +
        'answers its run record; show_run gives its operations. Scheduled scenarios run on their schedule.',
      inputSchema: { type: 'object', properties: { name: nameArg }, required: ['name'] },
      annotations: {
        title: 'Run a scenario',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    async call(args, ctx) {
      const loaded = await lib().load(text(args, 'name'));
      if (!isOnDemand(loaded.scenario.scheduling))
        throw Object.assign(
          new Error(
            `Scenario ${loaded.name} is scheduled (${schedulingType(loaded.scenario.scheduling)}), not on demand.`,
          ),
          {
            hint: 'Only on-demand scenarios run from here; set `scheduling: { type: on-demand }` in its file to allow it.',
          },
        );
      const record = await lib().runScenario(loaded, {
        trigger: 'manual',
        signal: ctx.signal,
        onEvent: (event) => {
          const message = describeEvent(event);
          if (message) ctx.progress(message);
        },
      });
      return jsonResult({ run: record });
    },
  };

  const show: ServedTool = {
    listing: {
      name: 'show_run',
      title: 'Show a scenario run',
      description:
        "A run's record with its operations (module, status, input, output, error) and incomplete executions. " +
        'Long payloads are cut with a note.',
      inputSchema: {
        type: 'object',
        properties: { id: { type: 'string', description: 'The run id (run_scenario and list_scenarios give it).' } },
        required: ['id'],
      },
      annotations: {
        title: 'Show a scenario run',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    call(args, ctx) {
      const id = text(args, 'id');
      const detail = lib().getRun(id);
      if (!detail)
        throw Object.assign(new Error(`There is no run ${id}.`), {
          hint: 'list_scenarios gives each scenario’s last run id; run_scenario answers the id of the run it made.',
        });
      const cut = cutTexts(detail, ctx.maxOutputChars);
      return Promise.resolve(jsonResult(cut.value, cut.note));
    },
  };
  return [list, run, show];
}

function schedulingType(scheduling: Record<string, unknown> | undefined): string {
  return typeof scheduling?.type === 'string' ? scheduling.type : 'on-demand';
}

/** A scenario without scheduling runs only when asked, like an explicit `type: on-demand`. */
function isOnDemand(scheduling: Record<string, unknown> | undefined): boolean {
  return schedulingType(scheduling) === 'on-demand';
}

function describeEvent(event: ScenarioEvent): string | undefined {
  switch (event.type) {
    case 'run-started':
      return `run ${event.run.id} started`;
    case 'operation-finished':
      return `module ${event.operation.moduleId} (${event.operation.module}): ${event.operation.status}`;
    case 'incomplete-stored':
      return `an incomplete execution was stored (${event.incomplete.id})`;
    case 'notice':
      return event.message;
    case 'run-finished':
      return `run ${event.run.id} ${event.run.status}`;
    default:
      return undefined;
  }
}
