import type { Command } from 'commander';
import { describeFailure } from '../client/error-detail.js';
import { visible, visibleLines } from './visible.js';

export { visible, visibleLines } from './visible.js';

/** Help of every command's `--connection` option: the order in which credentials are chosen. */
export const CONNECTION_OPTION_HELP =
  'the stored connection to use (default: CTCT_ACCESS_TOKEN if set, ' +
  'else the connection named by CTCT_CONNECTION, else the default connection)';

/** true when `--json` was given on the program or on the subcommand. */
export function wantsJson(cmd: Command): boolean {
  const own = cmd.opts<{ json?: boolean }>().json === true;
  return own || cmd.optsWithGlobals<{ json?: boolean }>().json === true;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A user-facing failure: what went wrong and what to do. Exit code 2 means bad usage or input. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A commander parse error (unknown option or command, missing argument) as a CliError with exit code 2. */
export function usageError(err: { code: string; message: string }): CliError {
  const message = err.code === 'commander.help' ? 'no command given' : err.message.replace(/^error: /, '');
  const usage = new CliError(
    message.charAt(0).toUpperCase() + message.slice(1),
    2,
    'run `ctct --help` (or `ctct <command> --help`) for usage',
  );
  usage.name = 'UsageError';
  return usage;
}

/** Prints an error (plain text, or `{"error": ...}` with --json) and returns the exit code. */
export function reportFailure(err: unknown, json: boolean): number {
  const { detail, exitCode } = describeFailure(err);
  if (json) process.stdout.write(`${JSON.stringify({ error: detail })}\n`);
  else {
    // Messages quote the API and the user's input: shown, never interpreted by the terminal.
    process.stderr.write(`ctct: ${visibleLines(detail.message)}\n`);
    if (detail.hint) process.stderr.write(`  ${visibleLines(detail.hint)}\n`);
    if (process.env.CTCT_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  return exitCode;
}

/** Renders rows as an aligned text table (for the default, human output). */
export function renderTable(items: readonly object[], columns?: readonly string[]): string {
  const rows = items as readonly Record<string, unknown>[];
  if (rows.length === 0) return '(no items)';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  // Cells are third parties' text (contact and list names): a line break or an escape sequence is
  // shown spelled out, so it can neither fake a row nor drive the terminal.
  const cell = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    const s = visible(typeof v === 'object' ? JSON.stringify(v) : String(v));
    if (s.length <= 60) return s;
    // By code point: a cut through a surrogate pair would print a broken character.
    return `${[...s.slice(0, 58)].slice(0, 57).join('')}...`;
  };
  const heads = cols.map((c) => visible(c));
  const widths = cols.map((c, i) => Math.max((heads[i] as string).length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(heads),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}
