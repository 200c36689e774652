import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { resultText, sandboxEnv, startMcp, type McpSession } from './helpers.js';

const ON_DEMAND = `version: 1
name: Lists snapshot
scheduling: { type: on-demand }
flow:
  - id: 1
    module: list-contact-lists
    mapper: { limit: 2 }
`;
const HOURLY = `version: 1
name: Every hour
scheduling: { type: interval, every: 1h }
flow:
  - id: 1
    module: list-contact-lists
    mapper: { limit: 1 }
`;

describe('the scenario tools of ctct mcp', () => {
  const t = useSandbox({ listen: true, seed: 'demo' });
  let mcp: McpSession;
  beforeAll(async () => {
    mcp = await startMcp([], sandboxEnv(t));
    const dir = join(mcp.home, 'scenarios');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'snapshot.yaml'), ON_DEMAND);
    writeFileSync(join(dir, 'hourly.yaml'), HOURLY);
  }, 180_000);
  afterAll(() => mcp?.close());

  it('lists the scenarios of the directory, saying which run on demand', async () => {
    const result = await mcp.client.callTool({ name: 'list_scenarios', arguments: {} });
    expect(result.isError, resultText(result as never)).toBeFalsy();
    const { scenarios } = result.structuredContent as { scenarios: { name: string; on_demand: boolean }[] };
    expect(scenarios.map((s) => [s.name, s.on_demand]).sort()).toEqual([
      ['hourly', false],
      ['snapshot', true],
    ]);
  });

  it('runs an on-demand scenario with progress, and shows the run with its operations', async () => {
    const result = await mcp.client.callTool({ name: 'run_scenario', arguments: { name: 'snapshot' } }, undefined, {
      onprogress: () => undefined, // asks the server for progress
    });
    expect(result.isError, resultText(result as never)).toBeFalsy();
    const { run } = result.structuredContent as { run: { id: string; status: string } };
    expect(run.status).toBe('success');
    expect(mcp.progress()).toEqual(
      expect.arrayContaining([
        `run ${run.id} started`,
        'module 1 (list-contact-lists): success',
        `run ${run.id} success`,
      ]),
    );
    const shown = await mcp.client.callTool({ name: 'show_run', arguments: { id: run.id } });
    const detail = shown.structuredContent as {
      run: { id: string };
      operations: { module: string; status: string; outputCount: number }[];
    };
    expect(detail.run.id).toBe(run.id);
    expect(detail.operations.map((o) => [o.module, o.status, o.outputCount])).toEqual([
      ['list-contact-lists', 'success', 2],
    ]);
  });

  it('refuses to run a scheduled scenario, and an unknown run id, saying what to do', async () => {
    const scheduled = await mcp.client.callTool({ name: 'run_scenario', arguments: { name: 'hourly' } });
    expect(scheduled.isError).toBe(true);
    expect(resultText(scheduled as never)).toMatch(/scheduled \(interval\).*\nWhat to do: .*on-demand/s);
    const unknown = await mcp.client.callTool({ name: 'show_run', arguments: { id: 'no-such-run' } });
    expect(unknown.isError).toBe(true);
    expect(resultText(unknown as never)).toMatch(/There is no run no-such-run/);
  });
});
