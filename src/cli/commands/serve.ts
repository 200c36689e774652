import type { Command } from 'commander';
import { CliError, reportFailure, wantsJson } from '../output.js';

interface ServeOptions {
  dir?: string;
  rescan: string;
  retryEvery: string;
  runs?: string;
  dailyLimit?: string;
}

/**
 * `ctct serve`: every enabled scenario on its schedule, in one long-lived process sharing one request
 * budget. The loop lives in the library (runtime/scenario/daemon); this file only wires signals and
 * output. SIGTERM and Ctrl-C stop after the operation in flight; a second one exits at once (the
 * ledger makes even that safe, as it makes SIGKILL safe).
 */
export function defineServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run every enabled scenario on its schedule (one process, one shared request budget)')
    .option('--dir <dir>', 'the scenarios directory (default: beside the connections)')
    .option('--rescan <interval>', 'how often to re-read the directory for new, edited or enabled scenarios', '30s')
    .option('--retry-every <interval>', 'how often to retry due incomplete executions', '60s')
    .option('--runs <n>', 'stop after this many scheduled runs (scripts and tests)')
    .option(
      '--daily-limit <n>',
      'space the schedules out against this many requests a day instead of 10000 ' +
        '(the in-process request budget still stops at 10,000 a day)',
    )
    .option('--json', 'one JSON event per line on stdout')
    .addHelpText(
      'after',
      '\nRuns a scenario only while it is enabled (ctct scenario enable NAME) and has a scheduling block. ' +
        'When the schedules need more requests a day than the API allows, serve prints the figures and ' +
        'spaces the polls out fairly instead of failing.',
    )
    .action(async (opts: ServeOptions, cmd: Command) => {
      const json = wantsJson(cmd);
      try {
        await serve(opts, json);
      } catch (err) {
        process.exitCode = reportFailure(err, json);
      }
    });
}

async function serve(opts: ServeOptions, json: boolean): Promise<void> {
  const { parseInterval } = await import('../../runtime/watch/times.js');
  const interval = (text: string, option: string): number => {
    try {
      return parseInterval(text);
    } catch (err) {
      throw new CliError(`${option}: ${(err as Error).message}`, 2);
    }
  };
  const rescanMs = interval(opts.rescan, '--rescan');
  const retryEveryMs = interval(opts.retryEvery, '--retry-every');
  const maxRuns = opts.runs === undefined ? undefined : Number(opts.runs);
  if (maxRuns !== undefined && !(Number.isInteger(maxRuns) && maxRuns >= 1))
    throw new CliError(`--runs ${opts.runs}: give a whole number of runs, 1 or more`, 2);

  const dailyLimit = opts.dailyLimit === undefined ? undefined : Number(opts.dailyLimit);
  if (dailyLimit !== undefined && !(Number.isInteger(dailyLimit) && dailyLimit >= 1))
    throw new CliError(`--daily-limit ${opts.dailyLimit}: give a whole number of requests a day, 1 or more`, 2);

  const { openScenarios } = await import('../../runtime/scenario/index.js');
  const { serveScenarios, describeDaemonEvent } = await import('../../runtime/scenario/daemon/index.js');
  const library = openScenarios(opts.dir !== undefined ? { dir: opts.dir } : {});
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await serveScenarios({
      library,
      stop: controller.signal,
      rescanMs,
      retryEveryMs,
      ...(maxRuns !== undefined ? { maxRuns } : {}),
      ...(dailyLimit !== undefined ? { budget: { dailyLimit } } : {}),
      onEvent: (event) => {
        if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else for (const line of describeDaemonEvent(event)) process.stdout.write(`${line}\n`);
      },
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    library.close();
  }
}
