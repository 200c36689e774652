import type { Command } from 'commander';
import { wantsJson } from '../output.js';

/**
 * `ctct scenario new|list|validate|run|enable|disable`: scenario files and one-off runs. The work is in
 * the scenario library (src/runtime/scenario); scenario-actions.ts only prints what it returns.
 */
export function defineScenarioCommand(program: Command): void {
  const group = program
    .command('scenario')
    .description('scenarios: modules chained into automations (files in the scenarios directory)');
  const dirOption = (cmd: Command) =>
    cmd.option('--dir <path>', 'the scenarios directory (default: scenarios/ beside the connections)');
  const actions = () => import('./scenario-actions.js');

  dirOption(group.command('new <name>'))
    .description('write a new scenario file NAME.yaml, blank or from a shipped example')
    .option('--from <template>', 'start from an example: `ctct scenario new x --from list` lists them')
    .option('--json', 'a JSON object')
    .action(async (name: string, opts: { dir?: string; from?: string }, cmd: Command) =>
      (await actions()).newScenario(name, opts, wantsJson(cmd)),
    );
  dirOption(group.command('list'))
    .description('every scenario: enabled, last run, unresolved incomplete executions')
    .option('--json', 'a JSON array')
    .action(async (opts: { dir?: string }, cmd: Command) => (await actions()).listScenarios(opts, wantsJson(cmd)));
  dirOption(group.command('validate <file>'))
    .description('check a scenario without running it: every problem with its module id and field')
    .option('--json', 'a JSON object')
    .action(async (file: string, opts: { dir?: string }, cmd: Command) =>
      (await actions()).validateScenario(file, opts, wantsJson(cmd)),
    );
  dirOption(group.command('run <file>'))
    .description('run a scenario once now, printing each operation as it happens')
    .option('--cycles <n>', 'execution cycles for this run (default: the settings maxCycles)')
    .option('--json', 'one JSON object per event (operations as they happen), the run last')
    .action(async (file: string, opts: { dir?: string; cycles?: string }, cmd: Command) =>
      (await actions()).runScenario(file, opts, wantsJson(cmd)),
    );
  for (const [verb, on] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    dirOption(group.command(`${verb} <name>`))
      .description(
        on ? 'let the daemon (ctct serve) run it on its schedule' : 'stop scheduled runs (manual runs still work)',
      )
      .option('--json', 'a JSON object')
      .action(async (name: string, opts: { dir?: string }, cmd: Command) =>
        (await actions()).setEnabled(name, on, opts, wantsJson(cmd)),
      );
}
