import type { Command } from 'commander';
import { CliError, reportFailure, visible, visibleLines, wantsJson, CONNECTION_OPTION_HELP } from '../output.js';
import { describeFailure } from '../../client/error-detail.js';
import { readFieldFiles, readInput } from './modules.js';

interface WatchOptions {
  input?: string;
  field: string[];
  every: string;
  once?: boolean;
  from?: string;
  connection?: string;
  reset?: boolean;
}

/**
 * `ctct watch <module>`: polls a Watch module and prints each new event (`--json`: one JSON object per
 * line). Each event is acknowledged only after its line is written, so a restart continues exactly
 * where the last acknowledged event left off; state lives in the user's state directory.
 */
export function defineWatchCommand(program: Command): void {
  program
    .command('watch <module...>')
    .description('poll a Watch module and print new events as they come; state survives restarts')
    .option('--input <json>', 'the input as JSON, or @file to read it from a file')
    .option(
      '--field <key=value>',
      'set one input field (repeatable); key=@path takes the value from a file',
      collect,
      [] as string[],
    )
    .option('--every <interval>', 'pause between polls, e.g. 30s, 5m, 1h', '60s')
    .option('--once', 'poll once and exit')
    .option('--from <when>', 'where a NEW watch starts: now (default), all (every existing event) or an ISO date')
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--reset', "forget this watch's state (same module and input), then exit")
    .option('--json', 'one JSON object per line, nothing else on stdout')
    .addHelpText(
      'after',
      '\nEvery event is printed, then acknowledged; a watcher killed at any point resumes without losing an event. ' +
        'With stdout redirected to a file (>> events.jsonl) no event is printed twice either; ' +
        'on a pipe or a terminal the one event being printed at the moment of a crash is printed again on restart.',
    )
    .action(async (words: string[], opts: WatchOptions, cmd: Command) => {
      const json = wantsJson(cmd);
      try {
        await watchCommand(words.join(' '), opts, json);
      } catch (err) {
        // stdout is the event stream (often `>> events.jsonl`): a failure must not land in it as a line
        process.exitCode = reportOnStderr(err, json);
      }
    });
}

async function watchCommand(query: string, opts: WatchOptions, json: boolean): Promise<void> {
  const { parseInterval, parseStartPoint } = await import('../../runtime/watch/times.js');
  const everyMs = usage(() => parseInterval(opts.every), '--every');
  const start = opts.from !== undefined ? usage(() => parseStartPoint(opts.from as string), '--from') : undefined;

  const { findModule } = await import('../../modules/registry.js');
  const { coerceFieldValues } = await import('../../modules/input.js');
  const watch = await import('../../runtime/watch/index.js');
  const module = findModule(query);
  const input = { ...(await readInput(opts.input)), ...coerceFieldValues(module, await readFieldFiles(opts.field)) };
  const connection = await stateConnectionName(opts.connection);
  const store = new watch.WatchStore(watch.watchStatePath());
  try {
    if (opts.reset) {
      const { identity } = watch.Watcher.identityOf(module, input, connection);
      const forgot = store.reset(identity);
      const message = forgot
        ? `Forgot the watch of ${module.name} on ${connection}; the next run starts afresh.`
        : `There was no state for this watch of ${module.name} on ${connection}.`;
      if (json) process.stdout.write(`${JSON.stringify({ reset: forgot, module: module.key, connection })}\n`);
      else process.stderr.write(`${message}\n`);
      return;
    }

    const { cliClient } = await import('../client.js');
    const clock = new watch.ServerClock();
    const client = await cliClient(opts.connection, { fetch: clock.wrap(globalThis.fetch) });
    const say = (text: string) => {
      if (!json) process.stderr.write(`${visibleLines(text)}\n`);
    };
    const watcher = watch.Watcher.open({
      module,
      input,
      client,
      store,
      connection,
      serverClock: clock,
      ...(start ? { start } : {}),
      notice: (text) => process.stderr.write(`ctct: ${visibleLines(text)}\n`),
    });
    const readFd = watch.readableTwin(1);
    const consumer = new watch.LineConsumer(
      1,
      json ? (e) => JSON.stringify(e.bundle) : (e) => visible(`${e.time}  ${e.key}  ${JSON.stringify(e.bundle)}`),
      {
        ...(readFd !== undefined ? { readFd } : {}),
        streamWrite: (text) =>
          new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve()))),
      },
    );

    const stop = new AbortController();
    let signals = 0;
    const onSignal = () => {
      // The first signal stops between two events; a second one leaves at once (still safe: see watcher.ts).
      if (++signals > 1) process.exit(130);
      stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const state = watcher.state;
    const polling = opts.once ? '' : `, polling every ${opts.every}; Ctrl-C stops`;
    const startText =
      state.start === 'now' ? 'now on' : state.start === 'all' ? 'the first existing event' : state.start;
    say(
      state.initialized
        ? `Watching ${module.name} (events after ${state.checkpoint ?? 'the beginning'})${polling}.`
        : `Watching ${module.name} from ${startText}${polling}.`,
    );
    try {
      await watch.runWatchLoop(watcher, consumer, {
        everyMs,
        once: opts.once === true,
        signal: stop.signal,
        onCycle: (r) => {
          if (r.started) say(`Started at ${r.checkpoint ?? 'the beginning'}.`);
          if (r.delivered > 0 || r.waiting > 0)
            say(
              `${r.delivered} new event(s)${r.waiting > 0 ? `, ${r.waiting} more waiting for the next poll (Limit)` : ''}.`,
            );
        },
        onTransientError: (err) =>
          process.stderr.write(`ctct: this poll failed and will be retried: ${visibleLines((err as Error).message)}\n`),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return; // the reader went away: stop quietly
      throw err;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      watcher.close();
    }
  } finally {
    store.close();
  }
}

/** Like reportFailure, but `{"error": ...}` goes to stderr with --json too. Returns the exit code. */
function reportOnStderr(err: unknown, json: boolean): number {
  if (!json) return reportFailure(err, false);
  const { detail, exitCode } = describeFailure(err);
  process.stderr.write(`${JSON.stringify({ error: detail })}\n`);
  return exitCode;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Turns a RangeError from an option parser into a usage error (exit 2) naming the option. */
function usage<T>(parse: () => T, option: string): T {
  try {
    return parse();
  } catch (err) {
    throw new CliError(`${option}: ${(err as Error).message}`, 2);
  }
}

/**
 * The name a watch's state is kept under, resolved in the order the client picks its credentials
 * (connection/environment.ts): --connection, else CTCT_ACCESS_TOKEN (named after its API base), else
 * CTCT_CONNECTION, else the default stored connection.
 */
async function stateConnectionName(explicit: string | undefined): Promise<string> {
  if (explicit !== undefined) return explicit;
  const { DEFAULT_API_BASE, normalizeBaseUrl } = await import('../../client/url.js');
  const envName = `env:${normalizeBaseUrl(process.env.CTCT_API_BASE?.trim() || DEFAULT_API_BASE)}`;
  if (process.env.CTCT_ACCESS_TOKEN?.trim()) return envName;
  const named = process.env.CTCT_CONNECTION?.trim();
  if (named) return named;
  const { ConnectionStore } = await import('../../connection/store.js');
  return (await new ConnectionStore().defaultName().catch(() => undefined)) ?? envName;
}
