#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { readVersion } from './version.js';
import { reportFailure } from './output.js';

/**
 * The `ctct` entry point. Only commander and the small command definitions load at start-up; every
 * command imports its heavy parts (sandbox, modules, SQLite) inside its action, so `ctct --help` stays fast.
 */
const program = new Command();
program
  .name('ctct')
  .description('Automate a Constant Contact account from code: modules, triggers and a local sandbox of the v3 API.')
  .version(readVersion(), '-V, --version', 'print the version')
  .option('--json', 'machine-readable output (one JSON document, or one JSON object per line for streams)')
  .showHelpAfterError('(run with --help for usage)');

for (const define of commands) define(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // `--json` may sit on the program or on the subcommand: either way, errors come out as JSON too.
  const json = program.opts<{ json?: boolean }>().json === true || process.argv.slice(2).includes('--json');
  process.exitCode = reportFailure(err, json);
});
