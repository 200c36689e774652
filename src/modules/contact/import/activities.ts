import type { Activity, ActivityImport } from '../../../client/index.js';
import { z } from 'zod';
import type { RunContext } from '../../define.js';
import { bulkActivityShape, count, optionalInt, record } from '../../common/outputs.js';

/**
 * What both imports share once their input is cut into parts: each part is sent as its own activity,
 * one after the other, and the output lists every activity with the rows it carries. Optionally the
 * module then polls every activity until it ends, reporting progress and the final counts.
 */

/** The API's per-import limits (facts §3.2–3.3). "4 MB" is read as 4,000,000 bytes, the stricter reading. */
export const MAX_IMPORT_BYTES = 4_000_000;

export interface ImportPart {
  /** 1-based numbers of the first and last contact of the part in the user's input. */
  first_row: number;
  last_row: number;
  contacts_count: number;
  /** CSV imports: the part's first and last line in the file (a quoted value may span lines). */
  first_line?: number;
  last_line?: number;
}

/** One part's activity as the output shows it: the API's activity fields plus the part's rows. */
export type PartActivity = Activity & {
  part: number;
  first_row: number;
  last_row: number;
  contacts_count: number;
  first_line?: number;
  last_line?: number;
};

export interface ImportOutput {
  contacts_count: number;
  parts: number;
  activities: PartActivity[];
  /** Only when waiting: whether every activity completed. */
  completed?: boolean;
  /** Only when waiting: the activities' counters added up. */
  totals?: Record<string, number>;
}

/** The shape of ImportOutput, for both imports' outputSchema. */
export const importOutputSchema = record('Import', {
  contacts_count: count('Contacts Count'),
  parts: count('Parts'),
  activities: z
    .array(
      record('Activity', {
        part: count('Part'),
        first_row: count('First Row'),
        last_row: count('Last Row'),
        contacts_count: count('Contacts Count'),
        first_line: optionalInt('First Line'),
        last_line: optionalInt('Last Line'),
        ...bulkActivityShape,
      }),
    )
    .describe('Activities'),
  completed: z.boolean().optional().describe('Completed'),
  totals: record('Totals', {
    items_total_count: count('Items Total Count'),
    person_count: count('Person Count'),
    error_count: count('Error Count'),
    correctable_count: count('Correctable Count'),
    cannot_add_to_list_count: count('Cannot Add to List Count'),
    activity_errors_count: count('Activity Errors Count'),
  }).optional(),
});

const TERMINAL_STATES = new Set(['completed', 'failed', 'cancelled', 'timed_out']);
const TOTALS = [
  'items_total_count',
  'person_count',
  'error_count',
  'correctable_count',
  'cannot_add_to_list_count',
] as const;

const rowsText = (p: ImportPart) =>
  p.first_row === p.last_row ? `contact ${p.first_row}` : `contacts ${p.first_row}–${p.last_row}`;
const failedRows = (p: ImportPart) =>
  p.first_row === p.last_row ? `contact ${p.first_row}` : `contacts ${p.first_row} onwards`;
const openPartText = (a: PartActivity) =>
  `part ${a.part} = activity ${a.activity_id} (${a.state}, ${a.percent_done ?? 0}%)`;

/** A part the API refused after others were accepted: says which ones exist so nothing is imported twice. */
export class ImportPartError extends Error {
  readonly exitCode = 1;
  constructor(moduleName: string, part: number, parts: ImportPart[], accepted: PartActivity[], cause: unknown) {
    const failed = parts[part - 1] as ImportPart;
    const done = accepted.map((a) => `part ${a.part} (${rowsText(a)}) = activity ${a.activity_id}`).join('; ');
    super(
      `${moduleName}: part ${part} of ${parts.length} (${rowsText(failed)}) was refused: ${(cause as Error).message}` +
        (accepted.length > 0
          ? `\nAlready accepted and importing: ${done}. ` +
            `Import only ${failedRows(failed)} again once the cause is fixed.`
          : '\nNothing was imported.'),
      { cause },
    );
    this.name = 'ImportPartError';
  }
}

/** Sends every part in order; `send(i)` posts part i (0-based). */
export async function submitParts(
  moduleName: string,
  parts: ImportPart[],
  send: (index: number) => Promise<ActivityImport>,
  ctx: RunContext,
): Promise<PartActivity[]> {
  const accepted: PartActivity[] = [];
  for (const [index, part] of parts.entries()) {
    let activity: ActivityImport;
    try {
      activity = await send(index);
    } catch (err) {
      if (accepted.length === 0 && parts.length === 1) throw err;
      throw new ImportPartError(moduleName, index + 1, parts, accepted, err);
    }
    const rows = { first_row: part.first_row, last_row: part.last_row, contacts_count: part.contacts_count };
    const lines =
      part.first_line !== undefined && part.last_line !== undefined
        ? { first_line: part.first_line, last_line: part.last_line }
        : {};
    accepted.push({ part: index + 1, ...rows, ...lines, ...activity });
    ctx.progress?.(
      `${moduleName}: part ${index + 1} of ${parts.length} (${rowsText(part)}) ` +
        `accepted as activity ${activity.activity_id} (${activity.state}).`,
    );
  }
  return accepted;
}

export interface WaitOptions {
  /** First pause between polls (ms); it grows by half each round up to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (ms). */
  timeoutMs?: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls every unfinished activity until all have ended (completed, failed, cancelled or timed out). */
export async function waitForActivities(
  moduleName: string,
  activities: PartActivity[],
  ctx: RunContext,
  options: WaitOptions = {},
): Promise<PartActivity[]> {
  const current = [...activities];
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let interval = options.intervalMs ?? 250;
  const callOptions = ctx.callOptions();
  for (;;) {
    const open = current.map((a, i) => ({ a, i })).filter(({ a }) => !TERMINAL_STATES.has(a.state ?? ''));
    if (open.length === 0) return current;
    if (Date.now() > deadline) {
      throw new Error(
        `${moduleName}: gave up waiting; still running: ${open.map(({ a }) => openPartText(a)).join('; ')}. ` +
          `The import goes on: check it later with GET /v3/activities/<id>.`,
      );
    }
    await sleep(interval, ctx.signal);
    interval = Math.min(Math.round(interval * 1.5), options.maxIntervalMs ?? 5_000);
    for (const { a, i } of open) {
      const fresh = await ctx.client.activities.get(a.activity_id as string, callOptions);
      current[i] = { ...a, ...fresh };
      if (fresh.state !== a.state || fresh.percent_done !== a.percent_done) {
        ctx.progress?.(
          `${moduleName}: part ${a.part} of ${current.length} ` +
            `(activity ${a.activity_id}): ${fresh.state}, ${fresh.percent_done ?? 0}% done.`,
        );
      }
    }
  }
}

/** The module's output; with `waited`, whether all completed and the counters added up. */
export function importOutput(activities: PartActivity[], contactsCount: number, waited: boolean): ImportOutput {
  const output: ImportOutput = { contacts_count: contactsCount, parts: activities.length, activities };
  if (waited) {
    output.completed = activities.every((a) => a.state === 'completed');
    const totals: Record<string, number> = {};
    for (const name of TOTALS)
      totals[name] = activities.reduce(
        (sum, a) => sum + ((a.status as Record<string, number | undefined> | undefined)?.[name] ?? 0),
        0,
      );
    totals.activity_errors_count = activities.reduce((sum, a) => sum + (a.activity_errors?.length ?? 0), 0);
    output.totals = totals;
  }
  return output;
}
