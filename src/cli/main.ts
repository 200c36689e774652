#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { readVersion } from './version.js';
import { reportFailure, usageError } from './output.js';

/**
 * The `ctct` entry point. Only commander and the small command definitions load at start-up; every
 * command imports its heavy parts (sandbox, modules, SQLite) inside its action, so `ctct --help` stays fast.
 */
// `--json` may sit on the program or on the subcommand: either way, errors come out as JSON too,
// commander's own usage errors included (they are printed by reportFailure instead of commander).
const json = process.argv.slice(2).includes('--json');
// `ctct ... | head`: a reader that leaves early is not a failure. Without this listener Node crashes
// with an unhandled EPIPE stack trace; the watch loop sees the failed write itself and stops quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});
const program = new Command();
program
  .name('ctct')
  .description('Automate a Constant Contact account from code: modules, triggers and a local sandbox of the v3 API.')
  .version(readVersion(), '-V, --version', 'print the version')
  .option('--json', 'machine-readable output (one JSON document, or one JSON object per line for streams)')
  // Set before the commands are defined: subcommands inherit both.
  .exitOverride()
  .configureOutput({
    outputError: (text, write) => (json ? undefined : write(text)),
    writeErr: (text) => (json ? undefined : process.stderr.write(text)),
  })
  .showHelpAfterError('(run with --help for usage)');

for (const define of commands) define(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version end this way with exit code 0; anything else is a usage error (exit 2),
    // already printed by commander unless --json asked for a JSON line.
    if (err.exitCode === 0) return;
    if (json) reportFailure(usageError(err), true);
    process.exitCode = 2;
    return;
  }
  process.exitCode = reportFailure(err, json || program.opts<{ json?: boolean }>().json === true);
});
