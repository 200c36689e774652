import { Hono } from 'hono';
// The registry first: the option loaders and the modules import each other, and the modules must win.
import { registry } from '../../modules/registry.js';
import type { ModuleDefinition } from '../../modules/define.js';
import { loadFieldOptions } from '../../modules/options.js';
import { parseModuleInput } from '../../modules/input.js';
import { runModule } from '../../modules/run.js';
import type { RunResult } from '../api-types.js';
import { AppRequestError, jsonBody } from '../errors.js';
import { moduleSummary, moduleView, moduleWrites } from '../fields.js';
import type { Workspace } from '../workspace.js';

function moduleByKey(key: string): ModuleDefinition {
  const found = registry.find((m) => m.key === key);
  if (!found) throw new AppRequestError(`There is no module "${key}"`, 404, 'The Modules page lists all 48.');
  return found;
}

function inputOf(body: Record<string, unknown>): Record<string, unknown> {
  const input = body.input ?? {};
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new AppRequestError('input must be a JSON object', 400);
  return input as Record<string, unknown>;
}

function connectionOf(body: Record<string, unknown>, workspace: Workspace): string {
  return typeof body.connection === 'string' ? body.connection : workspace.active;
}

/** The Modules page: the catalogue, each module's dialog, its live options, validation and Run. */
export function moduleRoutes(workspace: Workspace): Hono {
  const api = new Hono();
  api.get('/', (c) => c.json(registry.map(moduleSummary)));
  api.get('/:key', (c) => c.json(moduleView(moduleByKey(c.req.param('key')))));

  // Validation only: the same schema the run (and the scenario engine) applies; nothing is sent.
  api.post('/:key/validate', async (c) => {
    const m = moduleByKey(c.req.param('key'));
    parseModuleInput(m, inputOf(await jsonBody(c)));
    return c.json({ ok: true });
  });

  api.post('/:key/options', async (c) => {
    const m = moduleByKey(c.req.param('key'));
    const body = await jsonBody(c);
    if (typeof body.field !== 'string') throw new AppRequestError('field is required', 400);
    const name = connectionOf(body, workspace);
    if (body.refresh === true) workspace.forgetOptions(name);
    const client = await workspace.client(name);
    const choices = await loadFieldOptions(m, body.field, inputOf(body), {
      client,
      cache: workspace.optionCache(name),
    });
    return c.json(choices);
  });

  api.post('/:key/run', async (c) => {
    const m = moduleByKey(c.req.param('key'));
    const body = await jsonBody(c);
    const input = inputOf(body);
    const name = connectionOf(body, workspace);
    // Checked before asking: a write against a live account runs only once the person confirmed it.
    parseModuleInput(m, input);
    const connection = await workspace.describe(name);
    if (connection.live && moduleWrites(m, input) && body.confirmed !== true)
      throw new AppRequestError(`"${m.name}" changes the live account ${connection.name}`, 409, 'Confirm to run it.', {
        needsConfirmation: true,
      });
    const client = await workspace.client(name);
    const started = performance.now();
    const output = await runModule(m, input, { client });
    const stats = client.stats();
    const result: RunResult = {
      bundles: Array.isArray(output) ? output : [output],
      many: Array.isArray(output),
      requests: stats.requests,
      retries: stats.retries,
      durationMs: Math.round(performance.now() - started),
    };
    return c.json(result);
  });
  return api;
}
