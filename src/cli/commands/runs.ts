import type { Command } from 'commander';
import { wantsJson } from '../output.js';

/** `ctct runs [list|show|resume|replay|discard]`: run history and incomplete executions. */
export function defineRunsCommand(program: Command): void {
  const group = program.command('runs').description('scenario runs and their incomplete executions');
  const actions = () => import('./scenario-actions.js');
  const common = (cmd: Command) =>
    cmd
      .option('--dir <path>', 'the scenarios directory (default: scenarios/ beside the connections)')
      .option('--json', 'JSON output');

  common(group.command('list', { isDefault: true }))
    .description('recent runs, newest first')
    .option('--scenario <name>', 'only this scenario')
    .option('--status <status>', 'only runs with this status: success, warning, error, interrupted, skipped, running')
    .option('--limit <n>', 'at most this many', '20')
    .action(async (opts: { dir?: string; scenario?: string; status?: string; limit: string }, cmd: Command) =>
      (await actions()).listRuns(opts, wantsJson(cmd)),
    );
  common(group.command('show <id>'))
    .description('one run with its operations and incomplete executions')
    .action(async (id: string, opts: { dir?: string }, cmd: Command) =>
      (await actions()).showRun(id, opts, wantsJson(cmd)),
    );
  common(group.command('incomplete'))
    .description('incomplete executions (unresolved by default)')
    .option('--scenario <name>', 'only this scenario')
    .option('--status <status>', 'unresolved (default), resolved, discarded')
    .action(async (opts: { dir?: string; scenario?: string; status?: string }, cmd: Command) =>
      (await actions()).listIncompletes(opts, wantsJson(cmd)),
    );
  for (const [verb, help] of [
    ['resume', 'continue incomplete executions at the operation that failed (the file as it is now)'],
    ['replay', 'run the trigger bundles of incomplete executions through the current file from the start'],
    ['discard', 'give incomplete executions up'],
  ] as const)
    common(group.command(`${verb} [ids...]`))
      .description(`${help}; give ids (incomplete or run ids), or --all with --scenario`)
      .option('--scenario <name>', 'with --all: only this scenario')
      .option('--all', 'every unresolved incomplete execution (of --scenario)')
      .action(async (ids: string[], opts: { dir?: string; scenario?: string; all?: boolean }, cmd: Command) =>
        (await actions()).resolve(verb, ids, opts, wantsJson(cmd)),
      );
}
