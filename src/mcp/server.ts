import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CtctClient } from '../client/index.js';
import { clientVersion } from '../client/version.js';
import { refusal, toolError } from './errors.js';
import { helperTools } from './helper-tools.js';
import { moduleTools } from './module-tools.js';
import type { ServedTool } from './tool.js';

/** About 10,000 tokens: room for a page of contacts without flooding the agent's context. */
export const DEFAULT_MAX_OUTPUT_CHARS = 40_000;

export interface McpServerOptions {
  /** The API client; called on the first call that needs it (see `sharedClient`). */
  client: () => Promise<CtctClient>;
  /** Serve only the tools whose readOnlyHint is true. */
  readOnly?: boolean;
  maxOutputChars?: number;
  /** More tools besides the modules' and the helpers' (the scenario tools). */
  extraTools?: readonly ServedTool[];
}

/** The tools a server with these options serves, in tools/list order. */
export function servedTools(options: Pick<McpServerOptions, 'readOnly' | 'extraTools'>): ServedTool[] {
  const all = [...moduleTools(), ...helperTools(), ...(options.extraTools ?? [])];
  return options.readOnly ? all.filter((t) => t.listing.annotations.readOnlyHint) : all;
}

/**
 * One client for the server's life, created when first needed: tools/list works without credentials,
 * and a failed creation (no connection yet) is retried by the next call instead of being remembered.
 */
export function sharedClient(create: () => Promise<CtctClient>): () => Promise<CtctClient> {
  let pending: Promise<CtctClient> | undefined;
  return () =>
    (pending ??= create().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}

const INSTRUCTIONS =
  'Tools for one Constant Contact account: one per module (searches, actions, triggers read once). ' +
  'describe_module explains a module’s fields; list_options gives the choices of a field (lists, senders...). ' +
  'Errors say what to fix; answers too long are cut with a note on how to narrow the query.';

/** An MCP server (low-level SDK Server: the tools carry JSON Schemas built from the modules' zod schemas). */
export function createMcpServer(options: McpServerOptions): Server {
  const tools = servedTools(options);
  const byName = new Map(tools.map((t) => [t.listing.name, t]));
  const hidden = options.readOnly
    ? new Set(servedTools({ ...options, readOnly: false }).map((t) => t.listing.name))
    : undefined;
  const maxOutputChars = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
  const server = new Server(
    { name: 'ctct-connect', title: 'Constant Contact (ctct-connect)', version: clientVersion() },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map((t) => t.listing) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const tool = byName.get(name);
    if (!tool) {
      return hidden?.has(name)
        ? refusal(
            `The tool ${name} writes to the account, and this server is read-only.`,
            'Use a read-only tool, or restart ctct mcp without --read-only.',
          )
        : refusal(`There is no tool named ${name}.`, 'tools/list names every tool.');
    }
    const progressToken = request.params._meta?.progressToken;
    let step = 0;
    const progress = (message: string): void => {
      if (progressToken === undefined) return;
      step += 1;
      extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: step, message } })
        .catch(() => undefined); // a client gone mid-call must not fail the call
    };
    try {
      return await tool.call(request.params.arguments ?? {}, {
        client: options.client,
        progress,
        signal: extra.signal,
        maxOutputChars,
      });
    } catch (err) {
      return toolError(err, tool.moduleKey);
    }
  });
  return server;
}
