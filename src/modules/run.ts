import type { CtctClient } from '../client/index.js';
import type { Bundle, CallExtra, ModuleDefinition, RunContext } from './define.js';
import { parseModuleInput } from './input.js';
import { findModule } from './registry.js';

export interface RunOptions {
  client: CtctClient;
  signal?: AbortSignal;
  progress?: (message: string) => void;
  /** Share a cache across several runs (e.g. option loaders in one CLI session). */
  cache?: Map<string, Promise<unknown>>;
  /** Files standing in for field values (see RunContext.files). */
  files?: ReadonlyMap<string, string>;
}

/** Builds the context a module's run function receives. */
export function createRunContext(options: RunOptions): RunContext {
  const ctx: RunContext = {
    client: options.client,
    cache: options.cache ?? new Map(),
    callOptions: (extra) => withSignal(extra, ctx.signal),
  };
  if (options.signal) ctx.signal = options.signal;
  if (options.progress) ctx.progress = options.progress;
  if (options.files) ctx.files = options.files;
  return ctx;
}

function withSignal<T extends CallExtra>(extra: T | undefined, signal: AbortSignal | undefined) {
  const options: { signal?: AbortSignal } = { ...extra };
  if (signal) options.signal = signal;
  return options as T & { signal?: AbortSignal };
}

/**
 * Runs a module by key or seed name: validates the input (ModuleInputError names each bad field), then
 * calls the module. Searches and triggers resolve to an array of bundles, actions to one bundle.
 */
export async function runModule(
  module: string | ModuleDefinition,
  input: unknown,
  options: RunOptions,
): Promise<Bundle[] | Bundle> {
  const definition = typeof module === 'string' ? findModule(module) : module;
  const parsed = parseModuleInput(definition, input ?? {});
  const ctx = createRunContext(options);
  return definition.run(parsed as never, ctx);
}
