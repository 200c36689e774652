import { once } from 'node:events';
import type { Command } from 'commander';
import { CliError, printJson, wantsJson, CONNECTION_OPTION_HELP } from '../output.js';

/** The port `ctct mcp --http` uses without --port (next to the sandbox's 4010). */
export const DEFAULT_MCP_PORT = 4020;

interface McpCommandOptions {
  connection?: string;
  readOnly?: boolean;
  sandbox?: boolean;
  seed: string;
  http?: boolean;
  port: string;
  maxOutput: string;
  maxThrottleWait: string;
}

const usage = (message: string, hint?: string): never => {
  throw new CliError(message, 2, hint);
};

function whole(value: string, option: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) usage(`${option} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** `ctct mcp`: every module as an MCP tool, over stdio (the default) or Streamable HTTP on 127.0.0.1. */
export function defineMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve every module as a tool to AI agents (Model Context Protocol), over stdio or --http')
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--read-only', 'serve only the tools that read (searches, gets, previews, triggers read once)')
    .option('--sandbox', 'use an embedded local sandbox instead of an account: nothing leaves this machine')
    .option('--seed <name>', 'with --sandbox: the data it starts with, demo or empty', 'demo')
    .option('--http', 'serve Streamable HTTP on 127.0.0.1 (a bearer secret is printed at start) instead of stdio')
    .option('--port <n>', `with --http: the port on 127.0.0.1 (0 picks a free one)`, String(DEFAULT_MCP_PORT))
    .option('--max-output <chars>', 'cut answers longer than this many characters of JSON, with a note', '40000')
    .option(
      '--max-throttle-wait <seconds>',
      'how long one call may wait out 429 throttling before it fails with an error',
      '60',
    )
    .option('--json', 'with --http: print one JSON line (url, secret) at start')
    .addHelpText(
      'after',
      '\nWith stdio (the default) stdout carries the protocol; messages go to stderr. ' +
        'Add it to an MCP client as the command `ctct mcp --sandbox` first, then `ctct mcp --connection NAME`.',
    )
    .action(async (opts: McpCommandOptions, cmd: Command) => {
      if (opts.sandbox && opts.connection !== undefined)
        usage('--sandbox and --connection exclude each other', 'the embedded sandbox brings its own credentials');
      if (opts.seed !== 'demo' && opts.seed !== 'empty') usage(`--seed must be demo or empty, got "${opts.seed}"`);
      const port = whole(opts.port, '--port', 0, 65535);
      const maxOutputChars = whole(opts.maxOutput, '--max-output', 1000, 10_000_000);
      const maxThrottledWaitMs = whole(opts.maxThrottleWait, '--max-throttle-wait', 0, 86_400) * 1000;
      const json = wantsJson(cmd);
      const mcp = await import('../../mcp/index.js');
      const backend = await mcp.openBackend({
        ...(opts.connection !== undefined ? { connection: opts.connection } : {}),
        ...(opts.sandbox ? { sandbox: opts.seed as 'demo' | 'empty' } : {}),
        maxThrottledWaitMs,
      });
      const where = backend.where;
      const options = {
        client: mcp.sharedClient(backend.client),
        readOnly: opts.readOnly === true,
        maxOutputChars,
        extraTools: mcp.scenarioTools(backend.scenarios),
      };
      const count = mcp.servedTools(options).length;
      const mode = opts.readOnly ? ', read-only' : '';
      try {
        if (!opts.http) {
          process.stderr.write(`ctct mcp: ${count} tools over stdio${mode}, on ${where}\n`);
          await mcp.serveStdio(options);
          return;
        }
        let serving;
        try {
          serving = await mcp.serveHttp({ ...options, port });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
            throw new CliError(`port ${port} on 127.0.0.1 is already in use`, 1, 'pass another --port, or --port 0');
          throw err;
        }
        if (json) printJson({ url: serving.url, port: serving.port, secret: serving.secret, tools: count });
        else
          process.stdout.write(
            [
              `ctct mcp: ${count} tools over Streamable HTTP${mode}, on ${where}`,
              `  Endpoint  ${serving.url}`,
              `  Secret    ${serving.secret}  (send Authorization: Bearer <secret>; it changes at every start)`,
              'Press Ctrl+C to stop.',
              '',
            ].join('\n'),
          );
        await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
        await serving.close();
      } finally {
        await backend.close();
      }
    });
}
