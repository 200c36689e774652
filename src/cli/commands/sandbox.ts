import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson, wantsJson } from '../output.js';
import { defineSandboxControlCommands } from './sandbox-control.js';

/** The port `ctct sandbox` uses without --port (the one the connection docs and examples name). */
export const DEFAULT_SANDBOX_PORT = 4010;

interface SandboxCommandOptions {
  port: string;
  data?: string;
  seed: string;
  rateLimits: string;
}

interface ValidatedOptions {
  port: number;
  data?: string;
  seed: 'demo' | 'empty';
  rateLimits: boolean;
}

/** Checks the options before anything starts; every problem is a usage error (exit code 2). */
function validate(opts: SandboxCommandOptions): ValidatedOptions {
  const usage = (message: string, hint?: string): never => {
    throw new CliError(message, 2, hint);
  };
  const port = /^\d+$/.test(opts.port) ? Number(opts.port) : NaN;
  if (!(port >= 0 && port <= 65535))
    usage(`--port must be a number from 0 to 65535, got "${opts.port}"`, '--port 0 picks any free port');
  if (opts.seed !== 'demo' && opts.seed !== 'empty') usage(`--seed must be demo or empty, got "${opts.seed}"`);
  const switchValue = opts.rateLimits.toLowerCase();
  if (switchValue !== 'on' && switchValue !== 'off') usage(`--rate-limits must be on or off, got "${opts.rateLimits}"`);
  const out: ValidatedOptions = { port, seed: opts.seed as 'demo' | 'empty', rateLimits: switchValue === 'on' };
  if (opts.data !== undefined) {
    const file = resolve(opts.data);
    if (opts.data.trim() === '') usage('--data needs a file name');
    if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory())
      usage(`--data: the directory ${dirname(file)} does not exist`);
    if (existsSync(file) && statSync(file).isDirectory()) usage(`--data: ${file} is a directory; give a file name`);
    if (existsSync(file) && process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      const mode = (statSync(file).mode & 0o777).toString(8).padStart(4, '0');
      usage(
        `--data: refusing to use ${file}: it is readable or writable by group or others (mode ${mode}), and it holds tokens and contacts`,
        `restrict it with \`chmod 600 ${file}\`, then retry`,
      );
    }
    out.data = file;
  }
  return out;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolveStop) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `ctct sandbox`: serves the local v3 API and OAuth server until Ctrl+C. */
export function defineSandboxCommand(program: Command): void {
  const sandboxCommand = program
    .command('sandbox')
    .description('serve the local Constant Contact sandbox (v3 API + OAuth server) on 127.0.0.1 until Ctrl+C')
    .option('--port <n>', `port on 127.0.0.1; 0 picks any free port`, String(DEFAULT_SANDBOX_PORT))
    .option('--data <file>', 'SQLite file that keeps data and tokens across restarts (default: in memory)')
    .option('--seed <name>', 'data to start with when the store is empty: demo or empty', 'empty')
    .option('--rate-limits <on|off>', 'simulate the API rate limits (4/s, 10,000/day per application)', 'on')
    .option(
      '--json',
      'print exactly one JSON line (url, oauth_base, client_id, access_token, refresh_token, control_url, control_secret)',
    )
    .addHelpText(
      'after',
      '\nA running sandbox is driven from another shell by `ctct sandbox status|clock|jobs|faults|rate-limits|reset`\n' +
        '(each with --help): they find it by --url/--secret or CTCT_SANDBOX_CONTROL_URL/CTCT_SANDBOX_CONTROL_SECRET,\n' +
        'which this command prints at start.',
    )
    .action(async (opts: SandboxCommandOptions, cmd: Command) => {
      const options = validate(opts);
      const json = wantsJson(cmd);
      const { createSandbox } = await import('../../sandbox/index.js');
      const sandbox = await createSandbox({
        seed: options.seed,
        rateLimits: options.rateLimits,
        ...(options.data !== undefined ? { data: options.data } : {}),
      });
      let server;
      try {
        server = await sandbox.listen(options.port);
      } catch (err) {
        await sandbox.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new CliError(
            `port ${options.port} on 127.0.0.1 is already in use`,
            1,
            'pass another --port, or --port 0 to pick a free one',
          );
        }
        throw err;
      }
      const { client_id, access_token, refresh_token } = sandbox.credentials;
      if (json) {
        printJson({
          url: server.url,
          oauth_base: server.oauthBase,
          origin: server.origin,
          port: server.port,
          client_id,
          access_token,
          refresh_token,
          rate_limits: options.rateLimits,
          seed: options.seed,
          data: options.data ?? null,
          control_url: server.controlUrl,
          control_secret: server.controlSecret,
        });
      } else {
        process.stdout.write(
          [
            'Constant Contact sandbox is running.',
            `  API base       ${server.url}`,
            `  OAuth server   ${server.oauthBase}`,
            `  Client id      ${client_id} (public, PKCE; any http://127.0.0.1:<port>/ redirect)`,
            `  Access token   ${access_token}`,
            `  Refresh token  ${refresh_token}`,
            `  Rate limits    ${options.rateLimits ? 'on' : 'off'}    ` +
              `Data  ${options.data ?? 'in memory'}    Seed  ${options.seed}`,
            '',
            // ready to paste into another shell: ctct and curl then both talk to this sandbox
            'Use it from another shell:',
            `  export CTCT_API_BASE=${server.url} CTCT_ACCESS_TOKEN=${access_token}`,
            '  ctct run list-contact-lists',
            `  curl -H "Authorization: Bearer $CTCT_ACCESS_TOKEN" ${server.url}/contact_lists`,
            'Drive it from tests (clock, jobs, faults, rate limits, reset):',
            `  export CTCT_SANDBOX_CONTROL_URL=${server.controlUrl} CTCT_SANDBOX_CONTROL_SECRET=${server.controlSecret}`,
            '  ctct sandbox clock advance 3d',
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
      }
      const signal = await untilStopped();
      await server.close();
      await sandbox.close();
      if (!json) process.stderr.write(`sandbox stopped (${signal})\n`);
      process.exitCode = 0;
    });
  defineSandboxControlCommands(sandboxCommand);
}
