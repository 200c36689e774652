import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CLI_MAIN, ensureBuilt } from '../helpers/dist.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/**
 * Runs the built `ctct mcp` as an MCP client starts it (a child process over stdio) and connects the
 * SDK's own Client to it. Credentials come from the environment, as for any ctct command: a fixed
 * token for a test sandbox, and an empty connection store so nothing on this machine is used.
 */
export interface McpSession {
  client: Client;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /**
   * Messages of every progress notification the server sent, as they came off the wire. (The SDK
   * Client hands notifications to its handlers a microtask late, so one read together with the
   * result is dropped by `onprogress`; the wire is what the server did.)
   */
  progress(): string[];
  /** The directory used as CTCT_CONFIG_DIR and CTCT_STATE_DIR. */
  home: string;
  close(): Promise<void>;
}

export function sandboxEnv(t: TestSandbox): Record<string, string> {
  if (!t.server) throw new Error('the test sandbox must listen (useSandbox({ listen: true }))');
  return { CTCT_API_BASE: t.server.url, CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token };
}

export async function startMcp(args: string[], env: Record<string, string> = {}): Promise<McpSession> {
  ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), 'ctct-mcp-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_MAIN, 'mcp', ...args],
    env: { PATH: process.env.PATH ?? '', CTCT_CONFIG_DIR: home, CTCT_STATE_DIR: home, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'ctct-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  const progress: string[] = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'notifications/progress')
      progress.push(String((message.params as { message?: unknown } | undefined)?.message ?? ''));
    deliver?.(message);
  };
  return {
    client,
    stderr: () => stderr,
    progress: () => [...progress],
    home,
    close: async () => {
      await client.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The JSON text of a tool result (its last text block), parsed. */
export function resultJson(result: CallToolResult): any {
  const texts = result.content.filter((c) => c.type === 'text');
  return JSON.parse((texts.at(-1) as { text: string }).text);
}

/** Every text block of a result, joined (error messages, notes). */
export function resultText(result: CallToolResult): string {
  return result.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');
}
