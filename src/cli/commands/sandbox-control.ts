import type { Command } from 'commander';
import { CliError, printJson, wantsJson } from '../output.js';
import {
  CONTROL_SECRET_ENV,
  CONTROL_URL_ENV,
  ControlClientError,
  createControlClient,
  DEFAULT_CONTROL_URL,
  type ControlClient,
} from '../../sandbox/control/client.js';
import { DurationError, parseDuration } from '../../sandbox/control/duration.js';

/**
 * `ctct sandbox status|clock|jobs|faults|rate-limits|reset`: drive a running sandbox through its test
 * controls over HTTP. The sandbox is found by --url / --secret, else by CTCT_SANDBOX_CONTROL_URL /
 * CTCT_SANDBOX_CONTROL_SECRET (the lines `ctct sandbox` prints at start), the URL defaulting to the
 * default port's.
 */

const FINDING_HELP =
  `\nFinding the sandbox: --url, else $${CONTROL_URL_ENV}, else ${DEFAULT_CONTROL_URL}; ` +
  `--secret, else $${CONTROL_SECRET_ENV}. \`ctct sandbox\` prints both at start (control_url and ` +
  `control_secret with --json); prefer the environment variable for the secret, which --secret shows to \`ps\`.`;

interface FindOptions {
  url?: string;
  secret?: string;
}

const usage = (message: string, hint?: string): never => {
  throw new CliError(message, 2, hint);
};

function clientFor(cmd: Command): ControlClient {
  const opts = cmd.optsWithGlobals<FindOptions>();
  const url = opts.url ?? process.env[CONTROL_URL_ENV] ?? DEFAULT_CONTROL_URL;
  const secret = opts.secret ?? process.env[CONTROL_SECRET_ENV];
  if (secret === undefined || secret === '')
    usage(
      'no sandbox control secret: pass --secret or set ' + CONTROL_SECRET_ENV,
      '`ctct sandbox` prints it at start (the export line, or control_secret with --json)',
    );
  try {
    return createControlClient({ url, secret: secret as string });
  } catch (err) {
    if (err instanceof ControlClientError) throw new CliError(err.message, 2, err.hint);
    throw err;
  }
}

/** Adds the finding options and --json, and runs `act` with a client, printing its answer. */
function control(
  cmd: Command,
  act: (client: ControlClient, args: string[], opts: Record<string, string | undefined>) => Promise<unknown>,
  human: (answer: Record<string, unknown>) => string,
): Command {
  return cmd
    .option('--url <control url>', `the sandbox's control URL (default: $${CONTROL_URL_ENV} or ${DEFAULT_CONTROL_URL})`)
    .option('--secret <secret>', `the sandbox's control secret (default: $${CONTROL_SECRET_ENV})`)
    .option('--json', 'print the answer as one JSON line')
    .addHelpText('after', FINDING_HELP)
    .action(async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const args = params.slice(0, -2).filter((p): p is string => typeof p === 'string');
      const client = clientFor(command);
      let answer: Record<string, unknown>;
      try {
        answer = (await act(client, args, command.opts())) as Record<string, unknown>;
      } catch (err) {
        if (err instanceof ControlClientError) throw new CliError(err.message, err.status === 400 ? 2 : 1, err.hint);
        throw err;
      }
      if (wantsJson(command)) printJson(answer);
      else process.stdout.write(`${human(answer)}\n`);
    });
}

function rate(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) usage(`${flag} must be a number from 0 to 1, got "${value}"`);
  return n;
}

function wholeNumber(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) usage(`${flag} must be a whole number >= ${min}, got "${value}"`);
  return Number(value);
}

function latency(value: string | undefined): number | [number, number] | undefined {
  if (value === undefined) return undefined;
  const range = /^(\d+)-(\d+)$/.exec(value);
  if (range) return [Number(range[1]), Number(range[2])];
  return wholeNumber(value, '--latency');
}

function target(opts: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.method !== undefined) out.method = opts.method.split(',').map((m) => m.trim().toUpperCase());
  if (opts.path !== undefined) out.path = opts.path;
  return out;
}

const summary = (a: Record<string, unknown>): string => {
  const limits = a.rate_limits as { enabled: boolean; day_count: number } | undefined;
  const faults = JSON.stringify(a.faults ?? {});
  return [
    `sandbox clock   ${String(a.now)}`,
    `pending jobs    ${String(a.pending_jobs)}`,
    `faults          ${faults === '{}' ? 'none' : faults}; queued ${String(a.queued_faults ?? 0)}`,
    `rate limits     ${limits?.enabled ? 'on' : 'off'}; ${String(limits?.day_count ?? 0)} requests today`,
  ].join('\n');
};
const faultLine = (a: Record<string, unknown>): string => {
  const faults = JSON.stringify(a.faults ?? {});
  return `faults: ${faults === '{}' ? 'none' : faults}; queued: ${String(a.queued_faults ?? 0)}`;
};
const jobsLine = (a: Record<string, unknown>): string =>
  `ran ${String(a.ran)} job(s); ${String(a.pending)} pending; sandbox clock ${String(a.now)}`;

export function defineSandboxControlCommands(sandbox: Command): void {
  control(
    sandbox.command('status').description("show a running sandbox's clock, pending jobs, faults and rate limits"),
    (client) => client.status(),
    summary,
  );

  const clock = sandbox.command('clock').description("move a running sandbox's clock forward");
  control(
    clock.command('advance <duration>').description('advance the clock, e.g. 3d, 2h30m, 90s, 500ms (w d h m s ms)'),
    (client, [by]) => {
      try {
        parseDuration(by ?? '');
      } catch (err) {
        if (err instanceof DurationError) usage(err.message);
        throw err;
      }
      return client.advanceClock(by ?? '');
    },
    (a) => `sandbox clock: ${String(a.now)}`,
  );
  control(
    clock.command('set <date-time>').description('jump to an instant (ISO 8601; never backwards)'),
    (client, [at]) => {
      if (Number.isNaN(Date.parse(at ?? ''))) usage(`"${at}" is not a date-time; write e.g. 2026-03-05T09:00:00Z`);
      return client.setClock(at ?? '');
    },
    (a) => `sandbox clock: ${String(a.now)}`,
  );

  const jobs = sandbox.command('jobs').description("run a running sandbox's due background jobs");
  control(
    jobs.command('run').description('run the jobs due now (not the follow-ups they queue)'),
    (client) => client.runJobs(),
    jobsLine,
  );
  control(
    jobs.command('drain').description('run due jobs and their follow-ups until nothing is due'),
    (client) => client.drainJobs(),
    jobsLine,
  );

  const faults = sandbox.command('faults').description("inject faults into a running sandbox's /v3 answers");
  control(
    faults
      .command('set')
      .description('replace the random faults (seeded, reproducible)')
      .option('--error-rate <0..1>', 'share of requests answered with a 5xx')
      .option('--error-statuses <list>', 'the 5xx statuses to pick from, e.g. 500,503')
      .option('--drop-rate <0..1>', 'share of connections dropped without an answer')
      .option('--throttle-rate <0..1>', 'share of requests answered 429 throttled')
      .option('--latency <ms|min-max>', 'added latency per request')
      .option('--seed <text>', 'seed of the fault stream')
      .option('--method <list>', 'only these methods, e.g. GET,POST')
      .option('--path <pattern>', 'only these paths, e.g. "/contacts*" (* matches anything)'),
    (client, _args, o) => {
      const settings: Record<string, unknown> = {};
      const add = (key: string, value: unknown): void => {
        if (value !== undefined) settings[key] = value;
      };
      add('errorRate', rate(o.errorRate, '--error-rate'));
      add('dropRate', rate(o.dropRate, '--drop-rate'));
      add('throttleRate', rate(o.throttleRate, '--throttle-rate'));
      add('latencyMs', latency(o.latency));
      add('seed', o.seed);
      if (o.errorStatuses !== undefined)
        settings.errorStatuses = o.errorStatuses.split(',').map((s) => wholeNumber(s.trim(), '--error-statuses'));
      const match = target(o);
      if (Object.keys(match).length > 0) settings.match = match;
      if (Object.keys(settings).length === 0)
        usage('say which faults to set (e.g. --error-rate 0.1)', 'use `ctct sandbox faults clear` to remove them');
      return client.setFaults(settings);
    },
    faultLine,
  );
  control(
    faults
      .command('next <kind>')
      .description('queue an exact fault for the next matching requests: error, drop, throttle, quota or latency')
      .option('--count <n>', 'how many matching requests get it (default 1)')
      .option('--status <5xx>', 'for error: the status (default 503)')
      .option('--latency <ms>', 'for latency: the delay')
      .option('--method <list>', 'only these methods, e.g. GET')
      .option('--path <pattern>', 'only these paths, e.g. "/contacts*"'),
    (client, [kind], o) => {
      const fault: Record<string, unknown> = { fault: kind, ...target(o) };
      const count = wholeNumber(o.count, '--count', 1);
      const status = wholeNumber(o.status, '--status');
      const delay = wholeNumber(o.latency, '--latency');
      if (count !== undefined) fault.count = count;
      if (status !== undefined) fault.status = status;
      if (delay !== undefined) fault.latencyMs = delay;
      return client.queueFault(fault);
    },
    faultLine,
  );
  control(
    faults.command('clear').description('remove every fault, random and queued'),
    (client) => client.clearFaults(),
    faultLine,
  );
  control(
    faults.command('history').description('list the faults injected since the last set or clear'),
    (client) => client.faultHistory(),
    (a) => {
      const events = a.events as { seq: number; method: string; path: string; fault: string; status?: number }[];
      if (events.length === 0) return 'no faults injected';
      return events
        .map((e) => `#${e.seq} ${e.method} ${e.path}: ${e.fault}${e.status ? ` ${e.status}` : ''}`)
        .join('\n');
    },
  );

  control(
    sandbox
      .command('rate-limits <on|off>')
      .description("switch a running sandbox's simulated rate limits")
      .option('--day-count <n>', "set today's request count, e.g. 9999 to test the daily quota"),
    (client, [state], o) => {
      const value = (state ?? '').toLowerCase();
      if (value !== 'on' && value !== 'off') usage(`rate-limits takes on or off, got "${state}"`);
      const dayCount = wholeNumber(o.dayCount, '--day-count');
      return client.setRateLimits({
        enabled: value === 'on',
        ...(dayCount !== undefined ? { day_count: dayCount } : {}),
      });
    },
    (a) => `rate limits ${a.enabled ? 'on' : 'off'}; ${String(a.day_count)} requests today`,
  );

  control(
    sandbox
      .command('reset')
      .description('forget all account data and pending work of a running sandbox (tokens and clock stay)'),
    (client) => client.reset(),
    (a) => `sandbox reset; clock ${String(a.now)}`,
  );
}
