import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcp, type McpSession } from './helpers.js';

describe('ctct mcp --sandbox', () => {
  let mcp: McpSession;
  beforeAll(async () => {
    // no credentials at all in the environment: the embedded sandbox brings its own
    mcp = await startMcp(['--sandbox']);
  }, 180_000);
  afterAll(() => mcp?.close());

  it('says on stderr that it serves a local sandbox, and lets an agent try a write on the demo data', async () => {
    expect(mcp.stderr()).toMatch(/embedded sandbox \(demo data, http:\/\/127\.0\.0\.1:\d+\/v3\): nothing leaves/);
    const lists = await mcp.client.callTool({ name: 'list-contact-lists', arguments: {} });
    expect((lists.structuredContent as { count: number }).count).toBeGreaterThan(0);
    const created = await mcp.client.callTool({ name: 'create-contact-list', arguments: { name: 'Agent test' } });
    expect(created.isError).toBeFalsy();
    const after = await mcp.client.callTool({ name: 'list-contact-lists', arguments: {} });
    const names = (after.structuredContent as { items: { name: string }[] }).items.map((l) => l.name);
    expect(names).toContain('Agent test');
  });
});

describe('ctct mcp without any credentials', () => {
  let mcp: McpSession;
  beforeAll(async () => {
    mcp = await startMcp([]);
  }, 180_000);
  afterAll(() => mcp?.close());

  it('still lists its tools, and a call says how to connect instead of crashing', async () => {
    expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(48);
    const result = await mcp.client.callTool({ name: 'list-contact-lists', arguments: {} });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[]).map((c) => c.text).join('\n');
    expect(text).toMatch(/ctct connect|CTCT_ACCESS_TOKEN/);
    expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(48);
  });

  it('reports bad input before missing credentials', async () => {
    const result = await mcp.client.callTool({ name: 'create-contact-list', arguments: { favorite: 'yes' } });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[]).map((c) => c.text).join('\n');
    expect(text).toMatch(/Name \(name\): is required/);
    expect(text).toMatch(/Favorite \(favorite\): must be true or false/);
  });
});

describe('ctct mcp --connection with a name the store does not have', () => {
  let mcp: McpSession;
  beforeAll(async () => {
    // the explicit choice wins over the environment, as for every ctct command: the token is not used
    mcp = await startMcp(['--connection', 'nope'], { CTCT_ACCESS_TOKEN: 'a-token-that-must-not-be-used' });
  }, 180_000);
  afterAll(() => mcp?.close());

  it('answers each call with the store’s error and how to fix it', async () => {
    const result = await mcp.client.callTool({ name: 'list-contact-lists', arguments: {} });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[]).map((c) => c.text).join('\n');
    expect(text).toMatch(/nope/);
    expect(text).toMatch(/What to do: .*ctct connect/);
  });
});
