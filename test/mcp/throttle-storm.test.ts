import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { resultText, sandboxEnv, startMcp, type McpSession } from './helpers.js';

describe('ctct mcp in a 429 storm from the sandbox', () => {
  const t = useSandbox({ listen: true, seed: 'demo' });
  let mcp: McpSession;
  beforeAll(async () => {
    // a short cap on waiting out throttling, so the endless storm below ends in seconds
    mcp = await startMcp(['--max-throttle-wait', '4'], sandboxEnv(t));
  }, 180_000);
  afterEach(() => t.sandbox.faults.clear());
  afterAll(() => mcp?.close());

  it('ends every call with its result when half the requests are throttled', async () => {
    t.sandbox.faults.configure({ seed: 'mcp-storm', throttleRate: 0.5 });
    const calls = [
      mcp.client.callTool({ name: 'list-contact-lists', arguments: { limit: 5 } }),
      mcp.client.callTool({ name: 'create-contact-list', arguments: { name: 'Made in a storm' } }),
      mcp.client.callTool({ name: 'list-email-campaigns', arguments: { limit: 5 } }),
    ];
    const results = await Promise.all(calls);
    for (const result of results) expect(result.isError, resultText(result as never)).toBeFalsy();
    expect(t.sandbox.faults.history().filter((f) => f.fault === 'throttle').length).toBeGreaterThan(0);
    const lists = (await t.api('GET', '/contact_lists?limit=500')).body.lists;
    expect(lists.filter((l: any) => l.name === 'Made in a storm')).toHaveLength(1);
  }, 60_000);

  it('ends with a clear tool error when the throttling never stops, and keeps serving', async () => {
    t.sandbox.faults.configure({ seed: 'mcp-storm', throttleRate: 1 });
    const result = await mcp.client.callTool({ name: 'list-contacts', arguments: { limit: 5 } });
    expect(result.isError).toBe(true);
    const text = resultText(result as never);
    expect(text).toMatch(/429|throttl/i);
    expect(text).toMatch(/What to do: .*--max-throttle-wait/);
    t.sandbox.faults.clear();
    const after = await mcp.client.callTool({ name: 'list-contacts', arguments: { limit: 5 } });
    expect(after.isError, resultText(after as never)).toBeFalsy();
  }, 60_000);
});
