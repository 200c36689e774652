import type { SandboxContext } from '../context.js';
import { setActivityStatus, type Activity } from '../store/campaigns.js';
import { enqueueScheduledSend, registerEmailJobs } from './jobs.js';
import { runScheduledSend } from './send.js';

/** Puts the activity in SCHEDULED with a job that sends it at `at`; remembers the status to go back to. */
export function scheduleActivity(ctx: SandboxContext, activity: Activity, at: number): void {
  ctx.db.transaction(() => {
    const jobId = enqueueScheduledSend(ctx, activity.campaign_activity_id, at);
    setActivityStatus(ctx, activity, 'SCHEDULED', { scheduledAt: at, jobId, previous: activity.current_status });
  })();
}

/** Cancels the pending send and restores the status the activity had before it was scheduled. */
export function unscheduleActivity(ctx: SandboxContext, activity: Activity): void {
  ctx.db.transaction(() => {
    if (activity.schedule_job_id !== null) ctx.jobs.cancel(activity.schedule_job_id);
    setActivityStatus(ctx, activity, activity.status_before_schedule ?? 'DRAFT');
  })();
}

/** Wires the engine's background jobs into a sandbox (called once when the routes are registered). */
export function startEmailEngine(ctx: SandboxContext): void {
  registerEmailJobs(ctx, (activityId, at) => runScheduledSend(ctx, activityId, at));
}
