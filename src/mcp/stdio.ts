import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerOptions } from './server.js';

/** Serves over stdin/stdout until the client closes its end. Nothing else may write to stdout. */
export async function serveStdio(options: McpServerOptions): Promise<void> {
  const server = createMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const transport = new StdioServerTransport();
  // stdin ending (the client quit) does not close the transport by itself.
  process.stdin.once('end', () => void server.close());
  await server.connect(transport);
  await closed;
}
