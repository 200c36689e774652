import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { registry } from '../../src/modules/registry.js';
import { useSandbox } from '../helpers/sandbox.js';
import { resultText, sandboxEnv, startMcp, type McpSession } from './helpers.js';

describe('ctct mcp --read-only --max-output 3000', () => {
  const t = useSandbox({ listen: true, seed: 'demo' });
  let mcp: McpSession;
  let tools: Tool[];
  beforeAll(async () => {
    mcp = await startMcp(['--read-only', '--max-output', '3000'], sandboxEnv(t));
    tools = (await mcp.client.listTools()).tools;
  }, 180_000);
  afterAll(() => mcp?.close());

  it('hides every tool that writes and keeps every one that reads', () => {
    const names = tools.map((tool) => tool.name);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    for (const writer of [
      'create-contact',
      'delete-contact',
      'import-contacts',
      'make-an-api-call',
      'test-email-campaign-activity',
    ])
      expect(names).not.toContain(writer);
    const readers = registry.filter((m) => m.kind === 'search' || m.kind === 'trigger').map((m) => m.key);
    expect(names).toEqual(
      expect.arrayContaining([
        ...readers,
        'get-email-campaign-activity',
        'describe_module',
        'list_options',
        'list_scenarios',
        'show_run',
      ]),
    );
    expect(mcp.stderr()).toMatch(/read-only/);
  });

  it('refuses a call to a hidden writer, saying why, and writes nothing', async () => {
    const before = t.requests.length;
    const result = await mcp.client.callTool({ name: 'create-contact-list', arguments: { name: 'Not allowed' } });
    expect(result.isError).toBe(true);
    expect(resultText(result as never)).toMatch(/read-only/);
    expect(t.requestsSince(before)).toEqual([]);
  });

  it('cuts a long answer to fit, keeping its shape, with a note on how to narrow the query', async () => {
    const result = await mcp.client.callTool({ name: 'list-contacts', arguments: { limit: 40 } });
    expect(result.isError, resultText(result as never)).toBeFalsy();
    const answer = result.structuredContent as { items: unknown[]; count: number; total: number; note: string };
    expect(answer.total).toBe(40);
    expect(answer.count).toBe(answer.items.length);
    expect(answer.count).toBeGreaterThan(0);
    expect(answer.count).toBeLessThan(40);
    expect(JSON.stringify(answer.items).length).toBeLessThanOrEqual(3000);
    expect(answer.note).toMatch(/first \d+ of 40 items/);
    expect(answer.note).toMatch(/smaller limit/);
    expect(resultText(result as never)).toContain(answer.note);
  });
});
