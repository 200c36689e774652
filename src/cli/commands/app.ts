import type { Command } from 'commander';
import { CliError, printJson, wantsJson, CONNECTION_OPTION_HELP } from '../output.js';
import { untilStopped } from './sandbox.js';

interface AppCommandOptions {
  port?: string;
  browser: boolean;
  connection?: string;
}

/** `ctct app` (what `npm start` runs): the local web app on 127.0.0.1 until Ctrl+C. */
export function defineAppCommand(program: Command): void {
  program
    .command('app')
    .description(
      'open the local web app: connections, module dialogs, scenarios and runs (on its own sandbox when there is no connection)',
    )
    .option('--port <n>', 'port on 127.0.0.1 (default 4020, or the next free one); 0 picks any free port')
    .option('--no-browser', 'print the URL instead of opening a browser')
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--json', 'print one JSON line with the URL once the app is serving')
    .action(async (opts: AppCommandOptions, cmd: Command) => {
      const json = wantsJson(cmd);
      const port = opts.port === undefined ? undefined : /^\d+$/.test(opts.port) ? Number(opts.port) : NaN;
      if (port !== undefined && !(port >= 0 && port <= 65535))
        throw new CliError(
          `--port must be a number from 0 to 65535, got "${opts.port}"`,
          2,
          '--port 0 picks any free port',
        );
      const { startApp } = await import('../../app/index.js');
      let running;
      try {
        running = await startApp({
          ...(port !== undefined ? { port } : {}),
          ...(opts.connection !== undefined ? { connection: opts.connection } : {}),
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new CliError(`port ${port} on 127.0.0.1 is already in use`, 1, 'pass another --port, or --port 0');
        throw err;
      }
      const banner = await running.workspace.banner();
      if (json) printJson({ url: running.url, port: running.port, mode: banner.mode, connection: banner.connection });
      else
        process.stdout.write(
          [
            `ctct app is serving on ${running.origin}`,
            `  ${banner.text}`,
            '',
            `Open (this link carries this start's key; keep it to yourself):`,
            `  ${running.url}`,
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
      if (opts.browser) {
        const { openBrowser } = await import('../../connection/browser.js');
        if (!(await openBrowser(running.url)) && !json)
          process.stderr.write('(could not open a browser: open the URL above)\n');
      }
      const signal = await untilStopped();
      await running.close();
      if (!json) process.stderr.write(`ctct app stopped (${signal})\n`);
      process.exitCode = 0;
    });
}
