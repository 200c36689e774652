import { runCtct, type CliRun } from './dist.js';
import { beforeAll } from 'vitest';
import { createClient, type CtctClient } from '../../src/client/index.js';
import { runModule } from '../../src/modules/run.js';
import type { Bundle } from '../../src/modules/define.js';
import { useSandbox, type TestSandbox } from './sandbox.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';

export interface ModuleTestbed extends TestSandbox {
  client: CtctClient;
  /** Runs a module through the library against the sandbox over real HTTP on 127.0.0.1. */
  run(module: string, input?: unknown): Promise<any>;
  /** Same, for searches and triggers. */
  runList(module: string, input?: unknown): Promise<any[]>;
}

/**
 * A sandbox served on 127.0.0.1 plus a client pointed at it (throttling off, as the sandbox's limits
 * are off too): modules run exactly as they would against the real API.
 */
export function useModuleTestbed(options: SandboxOptions = {}): ModuleTestbed {
  const t = useSandbox({ ...options, listen: true }) as ModuleTestbed;
  beforeAll(() => {
    t.client = createClient({
      baseUrl: t.server!.url,
      token: t.sandbox.credentials.access_token,
      budget: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  });
  t.run = (module, input = {}) =>
    runModule(module, input, { client: t.client }) as Promise<Bundle & Record<string, any>>;
  t.runList = async (module, input = {}) => {
    const out = await runModule(module, input, { client: t.client });
    if (!Array.isArray(out)) throw new Error(`${module} returned an object, not a list of bundles`);
    return out;
  };
  return t;
}

/**
 * The built `ctct` pointed at the testbed's sandbox with its token, a config directory of the test's
 * own and no default connection, so nothing stored on this machine can stand in; `env` adds to it.
 */
export function ctctAgainst(
  t: ModuleTestbed,
  configDir: string,
  env: Record<string, string | undefined> = {},
): (args: readonly string[]) => Promise<CliRun> {
  return (args) =>
    runCtct(args, {
      CTCT_API_BASE: t.server?.url,
      CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
      CTCT_CONFIG_DIR: configDir,
      CTCT_CONNECTION: undefined,
      ...env,
    });
}
