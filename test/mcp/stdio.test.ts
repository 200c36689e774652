import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { registry } from '../../src/modules/registry.js';
import { useSandbox } from '../helpers/sandbox.js';
import { resultJson, resultText, sandboxEnv, startMcp, type McpSession } from './helpers.js';

// Written out here rather than derived, so a wrong rule in src/mcp/annotations.ts fails the test.
const READING_ACTIONS = [
  'get-email-campaign-activity',
  'preview-email-campaign-activity',
  'summarize-average-open-and-click-rates',
];
const DESTRUCTIVE = [
  'delete-contact',
  'delete-contact-list',
  'delete-contacts-from-lists',
  'delete-email-campaign',
  'unschedule-email-campaign-activity',
  'make-an-api-call',
];
const IDEMPOTENT_WRITES = [
  'update-contact',
  'update-contact-list',
  'update-email-campaign-activity',
  'create-or-update-contact',
  'add-contacts-to-lists',
  'delete-contact',
  'delete-contact-list',
  'delete-contacts-from-lists',
  'delete-email-campaign',
  'unschedule-email-campaign-activity',
];

describe('ctct mcp over stdio, against the sandbox', () => {
  const t = useSandbox({ listen: true, seed: 'demo' });
  let mcp: McpSession;
  let tools: Tool[];
  beforeAll(async () => {
    mcp = await startMcp([], sandboxEnv(t));
    tools = (await mcp.client.listTools()).tools;
  }, 180_000);
  afterAll(() => mcp?.close());

  it('lists one tool per module (key, seed name, description, schemas) plus the helper tools', () => {
    expect(tools.map((tool) => tool.name)).toEqual([
      ...registry.map((m) => m.key),
      'describe_module',
      'list_options',
      'list_scenarios',
      'run_scenario',
      'show_run',
    ]);
    for (const m of registry) {
      const tool = tools.find((x) => x.name === m.key) as Tool;
      expect(tool.title).toBe(m.name);
      expect(tool.description).toContain(m.description);
      expect(tool.inputSchema.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(Object.keys(m.input.shape));
      expect(tool.outputSchema?.type, m.key).toBe('object');
    }
  });

  it.each(registry.map((m) => [m.key, m.kind] as const))('annotates %s (%s) as the issue asks', (key, kind) => {
    const a = tools.find((x) => x.name === key)?.annotations;
    const readOnly = kind === 'search' || kind === 'trigger' || READING_ACTIONS.includes(key);
    expect(a).toEqual({
      title: registry.find((m) => m.key === key)?.name,
      readOnlyHint: readOnly,
      destructiveHint: DESTRUCTIVE.includes(key),
      idempotentHint: readOnly || IDEMPOTENT_WRITES.includes(key),
      openWorldHint: true,
    });
  });

  it('runs a search: the account lists as {items, count}, validated by the client against the output schema', async () => {
    const result = await mcp.client.callTool({ name: 'list-contact-lists', arguments: { limit: 3 } });
    expect(result.isError).toBeFalsy();
    const lists = (await t.api('GET', '/contact_lists?limit=3')).body.lists;
    const answer = result.structuredContent as { items: { list_id: string }[]; count: number };
    expect(answer.count).toBe(3);
    expect(answer.items.map((l) => l.list_id)).toEqual(lists.map((l: any) => l.list_id));
    expect(resultJson(result as never)).toEqual(answer);
  });

  it('runs an action: the list is created in the account and returned', async () => {
    const result = await mcp.client.callTool({
      name: 'create-contact-list',
      arguments: { name: 'Made by an agent', description: 'through MCP' },
    });
    expect(result.isError).toBeFalsy();
    const created = result.structuredContent as { list_id: string; name: string };
    expect(created.name).toBe('Made by an agent');
    const stored = await t.api('GET', `/contact_lists/${created.list_id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.name).toBe('Made by an agent');
  });

  it('answers bad input with a tool error naming the field, and the server keeps serving', async () => {
    const result = await mcp.client.callTool({ name: 'create-contact-list', arguments: { name: 42, colour: 'red' } });
    expect(result.isError).toBe(true);
    const text = resultText(result as never);
    expect(text).toContain('Invalid input for "Create a Contact List"');
    expect(text).toMatch(/Name \(name\): must be text, not 42/);
    expect(text).toContain('colour');
    expect(text).toContain('describe_module');
    const again = await mcp.client.callTool({ name: 'list-contact-lists', arguments: { limit: 1 } });
    expect(again.isError).toBeFalsy();
  });

  it("answers an API refusal with the API's message and what to do", async () => {
    const name = 'Twice the same name';
    expect((await mcp.client.callTool({ name: 'create-contact-list', arguments: { name } })).isError).toBeFalsy();
    const result = await mcp.client.callTool({ name: 'create-contact-list', arguments: { name } });
    expect(result.isError).toBe(true);
    const text = resultText(result as never);
    expect(text).toMatch(/409/);
    expect(text).toMatch(/What to do: /);
  });

  it('describes a module and lists the choices of a Select field from the account', async () => {
    const described = await mcp.client.callTool({
      name: 'describe_module',
      arguments: { module: 'Add Contacts to Lists' },
    });
    const info = described.structuredContent as { key: string; fields: { key: string }[] };
    expect(info.key).toBe('add-contacts-to-lists');
    expect(info.fields.map((f) => f.key)).toContain('list_ids');
    const options = await mcp.client.callTool({
      name: 'list_options',
      arguments: { module: 'add-contacts-to-lists', field: 'list_ids' },
    });
    const { choices } = options.structuredContent as { choices: { value: string }[] };
    const all = (await t.api('GET', '/contact_lists?limit=500')).body.lists.map((l: any) => l.list_id);
    expect(choices.map((c) => c.value).sort()).toEqual([...all].sort());
    const wrong = await mcp.client.callTool({
      name: 'list_options',
      arguments: { module: 'list-contacts', field: 'nope' },
    });
    expect(wrong.isError).toBe(true);
    expect(resultText(wrong as never)).toMatch(/has no list of choices/);
  });

  it('reads a trigger once without creating any watch state', async () => {
    const result = await mcp.client.callTool({ name: 'watch-contacts', arguments: { events: ['create'], limit: 5 } });
    expect(result.isError, resultText(result as never)).toBeFalsy();
    expect((result.structuredContent as { count: number }).count).toBeGreaterThan(0);
    const files = existsSync(mcp.home) ? readdirSync(mcp.home, { recursive: true }).map(String) : [];
    expect(files.filter((f) => /watch/i.test(f) || f.endsWith('.db') || f.endsWith('.sqlite'))).toEqual([]);
    expect(existsSync(join(mcp.home, 'watches.db'))).toBe(false);
  });

  it('sends progress notifications while an import runs', async () => {
    const lists = (await t.api('GET', '/contact_lists?limit=1')).body.lists;
    const result = await mcp.client.callTool(
      {
        name: 'import-contacts',
        arguments: {
          contacts: [{ email: 'ada@example.com', first_name: 'Ada' }, { email: 'alan@example.com' }],
          list_ids: [lists[0].list_id],
        },
      },
      undefined,
      { onprogress: () => undefined }, // asks the server for progress
    );
    expect(result.isError, resultText(result as never)).toBeFalsy();
    expect(mcp.progress().some((m) => /part 1 of 1 \(contacts 1–2\) accepted as activity/.test(m))).toBe(true);
  });
});
