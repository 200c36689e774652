import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { openScenarios, type Scenarios } from '../../../src/runtime/scenario/index.js';
import { useModuleTestbed, type ModuleTestbed } from '../../helpers/modules.js';
import type { SandboxOptions } from '../../../src/sandbox/index.js';

export interface ScenarioTestbed extends ModuleTestbed {
  lib: Scenarios;
  dir: string;
  /** Writes NAME.yaml into the scenarios directory and returns its name. */
  write(name: string, text: string): string;
}

/**
 * A sandbox on 127.0.0.1, a temporary scenarios directory and state file, and the library over them;
 * module clients talk to the sandbox exactly as they would to the real API (quick retries).
 */
export function useScenarioTestbed(options: SandboxOptions = {}): ScenarioTestbed {
  const t = useModuleTestbed(options) as ScenarioTestbed;
  beforeAll(() => {
    t.dir = mkdtempSync(join(tmpdir(), 'ctct-scenario-test-'));
    t.lib = openScenarios({
      dir: join(t.dir, 'scenarios'),
      stateFile: join(t.dir, 'state.sqlite'),
      env: { CTCT_CONFIG_DIR: join(t.dir, 'config') },
      now: () => new Date(t.sandbox.clock.nowMs()),
      clientFor: async (_connection, overrides) =>
        createClient({
          baseUrl: t.server!.url,
          token: { getToken: async () => t.sandbox.credentials.access_token },
          budget: false,
          retry: { baseDelayMs: 1, maxDelayMs: 5, throttleDelayMs: 1 },
          fetch: overrides.fetch,
        }),
    });
  });
  afterAll(() => {
    t.lib?.close();
    if (t.dir) rmSync(t.dir, { recursive: true, force: true });
  });
  t.write = (name, text) => {
    const dir = join(t.dir, 'scenarios');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.yaml`), text);
    return name;
  };
  return t;
}

/** A scenario's first lines: its name and, as module 1, Watch Contacts on new contacts of a list, from all. */
export function newContactsOf(name: string, listId: string, limit = 100): string {
  return `name: ${name}
flow:
  - id: 1
    module: watch-contacts
    from: all
    mapper: { events: [create], lists: [${listId}], limit: ${limit} }
`;
}
