import { Hono } from 'hono';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { findModule } from '../../modules/registry.js';
import { outputFields } from '../../modules/output-info.js';
import { BUILTIN_MODULES, type Scenarios } from '../../runtime/scenario/index.js';
import { FILTER_OPERATORS } from '../../runtime/scenario/filter/index.js';
import { describeSchedule, nextRunAfter, parseSchedule } from '../../runtime/scenario/schedule/index.js';
import { AppRequestError, jsonBody } from '../errors.js';
import type { LiveRuns } from '../live-runs.js';
import type { Workspace } from '../workspace.js';

/** What the mapping picker offers for one earlier module: its declared output fields and a sample. */
interface PickerModule {
  moduleId: number;
  module: string;
  label: string;
  fields: { path: string; label: string; type: string }[];
  /** Paths seen in the last run's output of this module, with their values. */
  sample: { path: string; value: unknown }[];
}

/** When a scenario runs next: its schedule as words and the next instant, if any. */
function nextRun(scheduling: unknown): { schedule: string; next: string | null } | undefined {
  const parsed = parseSchedule(scheduling);
  if (!parsed.ok) return undefined;
  const next = nextRunAfter(parsed.schedule, new Date());
  return { schedule: describeSchedule(parsed.schedule), next: next === null ? null : next.toISOString() };
}

/** The plain values of a sample bundle by path (at most a few levels deep), for the picker. */
function samplePaths(value: unknown, prefix = '', depth = 0): { path: string; value: unknown }[] {
  if (value === null || typeof value !== 'object' || depth > 3) return prefix ? [{ path: prefix, value }] : [];
  if (Array.isArray(value)) return prefix ? [{ path: prefix, value: `[${value.length} items]` }] : [];
  return Object.entries(value).flatMap(([k, v]) => samplePaths(v, prefix ? `${prefix}.${k}` : k, depth + 1));
}

function builtinFields(key: string, mapper: Record<string, unknown>): PickerModule['fields'] {
  if (key === BUILTIN_MODULES.aggregator)
    return [
      { path: 'array', label: 'Array', type: 'array' },
      { path: 'count', label: 'Count', type: 'number' },
    ];
  if (key === BUILTIN_MODULES.readFile)
    return ['path', 'name', 'text', 'size'].map((p) => ({
      path: p,
      label: p,
      type: p === 'size' ? 'number' : 'string',
    }));
  if (key === BUILTIN_MODULES.compose) return Object.keys(mapper).map((p) => ({ path: p, label: p, type: 'any' }));
  return [{ path: 'value', label: 'Value (an element that is not an object)', type: 'any' }];
}

/** The Scenarios page: list with on/off, the editor's load/save/validate, Run once, trigger state. */
export function scenarioRoutes(workspace: Workspace, live: LiveRuns): Hono {
  const api = new Hono();
  const lib = (): Promise<Scenarios> => workspace.scenarios();

  api.get('/', async (c) => {
    const list = await (await lib()).list();
    return c.json(list.map((s) => ({ ...s, timing: s.scenario ? nextRun(s.scenario.scheduling) : undefined })));
  });
  api.get('/templates', async (c) => c.json(await (await lib()).templates()));
  api.get('/operators', (c) =>
    c.json(
      [...FILTER_OPERATORS.values()].map((o) => ({ name: o.name, description: o.description, takesB: o.b !== null })),
    ),
  );

  api.post('/', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.name !== 'string') throw new AppRequestError('name is required', 400);
    const created = await (
      await lib()
    ).create(body.name, {
      ...(typeof body.from === 'string' && body.from ? { from: body.from } : {}),
      ...(typeof body.title === 'string' && body.title ? { title: body.title } : {}),
    });
    return c.json({ name: created.name });
  });

  api.get('/:name', async (c) => {
    const scenarios = await lib();
    const loaded = await scenarios.load(c.req.param('name'));
    return c.json({
      name: loaded.name,
      file: loaded.file,
      version: loaded.version,
      text: loaded.text,
      // the file as written (no defaults filled in), so saving it back changes only what was edited
      raw: parseYaml(loaded.text) as unknown,
      problems: await scenarios.validate(loaded),
      state: scenarios.state(loaded.name),
      trigger: scenarios.triggerState(loaded) ?? null,
      timing: nextRun(loaded.scenario.scheduling) ?? null,
    });
  });

  // Saving writes the same file the CLI reads: YAML, from the editor's object or a text as given.
  api.put('/:name', async (c) => {
    const body = await jsonBody(c);
    const text = typeof body.text === 'string' ? body.text : stringifyYaml(body.raw, { lineWidth: 0 });
    const scenarios = await lib();
    const saved = await scenarios.save(c.req.param('name'), text);
    return c.json({ name: saved.name, version: saved.version, problems: await scenarios.validate(saved) });
  });

  api.post('/:name/enabled', async (c) => {
    const body = await jsonBody(c);
    return c.json((await lib()).setEnabled(c.req.param('name'), body.enabled === true));
  });

  api.post('/:name/run', async (c) => {
    const scenarios = await lib();
    const loaded = await scenarios.load(c.req.param('name'));
    const runId = await live.start((onEvent) => scenarios.runScenario(loaded, { trigger: 'manual', onEvent }));
    return c.json({ runId });
  });

  api.post('/:name/trigger/reset', async (c) => {
    const scenarios = await lib();
    const loaded = await scenarios.load(c.req.param('name'));
    return c.json({ reset: scenarios.resetTrigger(loaded), trigger: scenarios.triggerState(loaded) ?? null });
  });

  // The mapping picker: the output fields of the modules before `before` in the flow being edited
  // (declared by each module), with values seen in the last runs of the saved scenario.
  api.post('/:name/fields', async (c) => {
    const body = await jsonBody(c);
    const scenarios = await lib();
    const name = c.req.param('name');
    const before = typeof body.before === 'number' ? body.before : Infinity;
    const flow = Array.isArray(body.flow)
      ? (body.flow as { id: number; module: string; name?: string; mapper?: Record<string, unknown> }[])
      : [];
    const runs = scenarios.listRuns({ scenario: name, limit: 5 });
    const operations = runs.flatMap((r) => scenarios.getRun(r.id)?.operations ?? []);
    const picker: PickerModule[] = [];
    for (const m of flow) {
      if (m.id === before) break;
      const builtin = m.module.startsWith('builtin:');
      const definition = builtin ? undefined : findModule(m.module);
      const fields = definition
        ? outputFields(definition).map((f) => ({
            path: f.path.join('.'),
            label: f.label,
            type: f.isArray ? `${f.type}[]` : f.type,
          }))
        : builtinFields(m.module, m.mapper ?? {});
      const op = operations.find(
        (o) => o.moduleId === m.id && o.module === m.module && o.status === 'success' && o.output !== null,
      );
      const output = Array.isArray(op?.output) ? (op.output as unknown[])[0] : op?.output;
      picker.push({
        moduleId: m.id,
        module: m.module,
        label: m.name ?? definition?.name ?? m.module,
        fields,
        sample: samplePaths(output),
      });
    }
    return c.json(picker);
  });
  return api;
}

/** The Runs page: history with filters, the run inspector, incomplete executions and their actions. */
export function runRoutes(workspace: Workspace, live: LiveRuns): Hono {
  const api = new Hono();
  const lib = (): Promise<Scenarios> => workspace.scenarios();

  api.get('/', async (c) => {
    const scenario = c.req.query('scenario') || undefined;
    const status = c.req.query('status') || undefined;
    const date = c.req.query('date') || undefined;
    const filter: Parameters<Scenarios['listRuns']>[0] = { limit: 200 };
    if (scenario) filter.scenario = scenario;
    if (status) filter.status = status as never;
    if (date) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new AppRequestError('date must be a day such as 2026-03-01', 400);
      filter.before = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
    }
    const runs = (await lib()).listRuns(filter);
    return c.json(date ? runs.filter((r) => r.startedAt >= `${date}T00:00:00`) : runs);
  });

  api.get('/live/:id', (c) => c.json(live.events(c.req.param('id'), Number(c.req.query('after') ?? 0))));

  api.get('/:id', async (c) => {
    const scenarios = await lib();
    const detail = scenarios.getRun(c.req.param('id'));
    if (!detail) throw new AppRequestError(`There is no run ${c.req.param('id')}`, 404, 'The Runs page lists them.');
    // the flow the run used, so the inspector can show modules that did not run as such
    const flow = await scenarios
      .load(detail.run.scenario)
      .then((l) => l.scenario.flow.map((m) => ({ id: m.id, module: m.module, name: m.name ?? moduleName(m.module) })))
      .catch(() => []);
    return c.json({ ...detail, flow });
  });
  return api;
}

export function incompleteRoutes(workspace: Workspace): Hono {
  const api = new Hono();
  const lib = (): Promise<Scenarios> => workspace.scenarios();
  api.get('/', async (c) => {
    const scenario = c.req.query('scenario') || undefined;
    const status = c.req.query('status') || 'unresolved';
    return c.json(
      (await lib()).listIncompletes({ ...(scenario ? { scenario } : {}), status: status as never, limit: 500 }),
    );
  });
  api.post('/resolve', async (c) => {
    const body = await jsonBody(c);
    const action = body.action;
    if (action !== 'resume' && action !== 'replay' && action !== 'discard')
      throw new AppRequestError('action must be resume, replay or discard', 400);
    if (!Array.isArray(body.ids) || body.ids.length === 0)
      throw new AppRequestError('ids must list incomplete executions', 400);
    return c.json(await (await lib()).resolveMany(action, body.ids.map(String)));
  });
  return api;
}

function moduleName(key: string): string {
  if (key.startsWith('builtin:')) return key;
  try {
    return findModule(key).name;
  } catch {
    return key;
  }
}
