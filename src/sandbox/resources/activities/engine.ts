import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import {
  finishActivity,
  insertActivity,
  activityInput,
  findActivityWithoutInput,
  markProcessing,
  MAX_QUEUED_ACTIVITIES,
  queuedActivityCount,
  recordProgress,
  type ActivityKind,
  type ActivityRow,
} from '../../store/activities.js';

/**
 * How a bulk activity runs. Accepting one stores it `initialized` and queues a job; that job marks it
 * `processing` and queues a follow-up, which does the work and records `completed` or `failed`. Each
 * step is its own job, so a test calling `sandbox.jobs.runDue()` sees every state. Work that grows with
 * the rows (imports) is done a slice per job: a processor may answer with its progress and where to
 * resume, and the next slice is queued at once. A served sandbox runs slices back to back between
 * requests, so a 40,000-row import never holds a request up.
 */

export interface ActivityOutcome {
  state: 'completed' | 'failed';
  status: Record<string, number>;
  errors: string[];
}

/**
 * A slice of a long activity: the work is not finished, and the status and percentage show the progress
 * so far. The next slice resumes from `input` (it replaces the stored request), or from `resume` (kept
 * in the next job, the request left as it was: an import's rows are too many to store again each slice).
 */
export interface ActivityProgress {
  state: 'processing';
  input?: unknown;
  resume?: unknown;
  status: Record<string, number>;
  percentDone: number;
}

export type ActivityProcessor = (
  ctx: SandboxContext,
  input: unknown,
  activity: ActivityRow,
  resume: unknown,
) => ActivityOutcome | ActivityProgress;

/**
 * Parsed requests of running activities, so each slice does not parse a 40,000-row input again. The
 * stored `input` stays the durable copy: after a restart the first slice parses it once.
 */
const parsedInputs = new WeakMap<SandboxContext, Map<string, unknown>>();

function inputsOf(ctx: SandboxContext): Map<string, unknown> {
  let inputs = parsedInputs.get(ctx);
  if (!inputs) parsedInputs.set(ctx, (inputs = new Map()));
  return inputs;
}

const START_JOB = 'activity.start';
const RUN_JOB = 'activity.run';

/** The 429 when 1,000 activities are queued; documented only as a message (facts §8.1), shaped like the other 429s. */
export function queueFull(): ApiProblem {
  return new ApiProblem(
    429,
    'activities.queue.limit_exceeded',
    'You exceeded 1,000 queued activities for this user account',
    'object',
  );
}

/** Accepts an activity: 429 when the queue is full, else stored as `initialized` with its job queued. */
export function acceptActivity(
  ctx: SandboxContext,
  kind: ActivityKind,
  input: unknown,
  status: Record<string, number>,
  sourceFileName?: string,
  /** The request as processors read it, when `input` is a compact form of it (a CSV import stores the text). */
  parsed?: unknown,
): ActivityRow {
  const row = ctx.db.transaction(() => {
    if (queuedActivityCount(ctx.db) >= MAX_QUEUED_ACTIVITIES) throw queueFull();
    const activity = insertActivity(
      ctx.db,
      { activity_id: ctx.newId(), kind, status, source_file_name: sourceFileName ?? null, input },
      ctx.clock.nowIso(),
    );
    ctx.jobs.enqueue(START_JOB, { activityId: activity.activity_id });
    return activity;
  })();
  const inputs = inputsOf(ctx);
  // Forget inputs of activities a reset (or anything else) removed before they ran.
  for (const id of inputs.keys()) if (findActivityWithoutInput(ctx.db, id) === undefined) inputs.delete(id);
  inputs.set(row.activity_id, parsed ?? input);
  return row;
}

/** Registers the two job steps; `processors` says how each kind does its work. */
export function registerActivityJobs(
  ctx: SandboxContext,
  processors: Readonly<Record<ActivityKind, ActivityProcessor>>,
  /** Turns a stored input back into what the processor reads (after a restart); default: the stored JSON. */
  revive: (kind: ActivityKind, stored: unknown) => unknown = (_kind, stored) => stored,
): void {
  const inputs = inputsOf(ctx);
  ctx.jobs.register(START_JOB, (payload) => {
    const { activityId } = payload as { activityId: string };
    const activity = findActivityWithoutInput(ctx.db, activityId);
    if (!activity || activity.state !== 'initialized') return;
    markProcessing(ctx.db, activityId, ctx.clock.nowIso());
    ctx.jobs.enqueue(RUN_JOB, { activityId });
  });
  ctx.jobs.register(RUN_JOB, (payload) => {
    const { activityId, resume } = payload as { activityId: string; resume?: unknown };
    const activity = findActivityWithoutInput(ctx.db, activityId);
    if (!activity || activity.state !== 'processing') {
      inputs.delete(activityId);
      return;
    }
    let input = inputs.get(activityId);
    if (input === undefined) {
      input = revive(activity.kind, JSON.parse(activityInput(ctx.db, activityId) ?? 'null') as unknown);
      inputs.set(activityId, input);
    }
    const outcome = processors[activity.kind](ctx, input, activity, resume);
    if (outcome.state === 'processing') {
      // One slice done: the rest runs as a further job, so other requests are answered in between.
      recordProgress(ctx.db, activityId, outcome, ctx.clock.nowIso());
      ctx.jobs.enqueue(RUN_JOB, { activityId, resume: outcome.resume });
      if (outcome.input !== undefined) inputs.set(activityId, outcome.input);
      return;
    }
    inputs.delete(activityId);
    finishActivity(ctx.db, activityId, outcome, ctx.clock.nowIso());
  });
}

/** `/v3/activities/{id}`: the activity's self link (and a list DELETE's Location header). */
export function activityHref(activityId: string): string {
  return `/v3/activities/${activityId}`;
}

/** The activity as the API shows it (SW defs Activity, ActivityImport, ActivityListsMembership...). */
export function renderActivity(row: ActivityRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    activity_id: row.activity_id,
    state: row.state,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.started_at !== null) out.started_at = row.started_at;
  if (row.completed_at !== null) out.completed_at = row.completed_at;
  if (row.source_file_name !== null) out.source_file_name = row.source_file_name;
  out.percent_done = row.percent_done;
  out.activity_errors = JSON.parse(row.errors) as unknown;
  out.status = JSON.parse(row.status) as unknown;
  const links: Record<string, { href: string }> = { self: { href: activityHref(row.activity_id) } };
  // An export's file is downloadable once the activity completed (facts §3.1).
  if (row.kind === 'contact_exports' && row.state === 'completed')
    links.results = { href: `/v3/contact_exports/${row.activity_id}` };
  out._links = links;
  return out;
}
