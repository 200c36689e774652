import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import {
  findActivity,
  finishActivity,
  insertActivity,
  markProcessing,
  MAX_QUEUED_ACTIVITIES,
  queuedActivityCount,
  recordProgress,
  type ActivityKind,
  type ActivityRow,
} from '../../store/activities.js';

/**
 * How a bulk activity runs. Accepting one stores it `initialized` and queues a job; that job marks it
 * `processing` and queues a follow-up, which does the work in one transaction and records
 * `completed` or `failed`. Each step is its own job, so a test calling `sandbox.jobs.runDue()` sees
 * every state, and a served sandbox (jobs every 50 ms) moves through them within a fraction of a second.
 */

export interface ActivityOutcome {
  state: 'completed' | 'failed';
  status: Record<string, number>;
  errors: string[];
}

/**
 * A slice of a long activity: the work is not finished; `input` is where the next slice resumes (it
 * replaces the stored request), and the status and percentage show the progress so far.
 */
export interface ActivityProgress {
  state: 'processing';
  input: unknown;
  status: Record<string, number>;
  percentDone: number;
}

export type ActivityProcessor = (
  ctx: SandboxContext,
  input: unknown,
  activity: ActivityRow,
) => ActivityOutcome | ActivityProgress;

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
): ActivityRow {
  return ctx.db.transaction(() => {
    if (queuedActivityCount(ctx.db) >= MAX_QUEUED_ACTIVITIES) throw queueFull();
    const activity = insertActivity(
      ctx.db,
      { activity_id: ctx.newId(), kind, status, source_file_name: sourceFileName ?? null, input },
      ctx.clock.nowIso(),
    );
    ctx.jobs.enqueue(START_JOB, { activityId: activity.activity_id });
    return activity;
  })();
}

/** Registers the two job steps; `processors` says how each kind does its work. */
export function registerActivityJobs(
  ctx: SandboxContext,
  processors: Readonly<Record<ActivityKind, ActivityProcessor>>,
): void {
  ctx.jobs.register(START_JOB, (payload) => {
    const { activityId } = payload as { activityId: string };
    const activity = findActivity(ctx.db, activityId);
    if (!activity || activity.state !== 'initialized') return;
    markProcessing(ctx.db, activityId, ctx.clock.nowIso());
    ctx.jobs.enqueue(RUN_JOB, { activityId });
  });
  ctx.jobs.register(RUN_JOB, (payload) => {
    const { activityId } = payload as { activityId: string };
    const activity = findActivity(ctx.db, activityId);
    if (!activity || activity.state !== 'processing') return;
    const outcome = processors[activity.kind](ctx, JSON.parse(activity.input ?? 'null') as unknown, activity);
    if (outcome.state === 'processing') {
      // One slice done: the rest runs as a further job, so other requests are answered in between.
      recordProgress(ctx.db, activityId, outcome, ctx.clock.nowIso());
      ctx.jobs.enqueue(RUN_JOB, { activityId });
      return;
    }
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
