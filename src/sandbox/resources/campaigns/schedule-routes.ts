import type { MiddlewareHandler } from 'hono';
import type { SandboxApi, SandboxContext, SandboxEnv } from '../../context.js';
import { readJsonObject } from '../../body.js';
import { sendHistory } from '../../store/tracking.js';
import { sendNow } from '../../engine/send.js';
import { scheduleActivity, unscheduleActivity } from '../../engine/schedule.js';
import { liveActivityOr404, requirePrimary } from './lookup.js';
import { iso, parseInstant } from './dates.js';
import { invalid } from './validate.js';

/** Schedules and send history of an activity (facts §1.5, §5.3). */

const SCHEDULABLE = new Set(['DRAFT', 'DONE', 'ERROR']);

export function registerScheduleRoutes(
  api: SandboxApi,
  ctx: SandboxContext,
  scope: MiddlewareHandler<SandboxEnv>,
): void {
  api.get('/emails/activities/:id/schedules', scope, (c) => {
    const activity = liveActivityOr404(ctx, c.req.param('id'));
    const scheduled = activity.current_status === 'SCHEDULED' && activity.scheduled_at !== null;
    return c.json(scheduled ? [{ scheduled_date: iso(activity.scheduled_at as number) }] : []);
  });

  api.post('/emails/activities/:id/schedules', scope, async (c) => {
    const activity = liveActivityOr404(ctx, c.req.param('id'));
    const body = await readJsonObject(c);
    requirePrimary(activity, 'scheduled');
    const raw = body.scheduled_date;
    if (typeof raw !== 'string' || raw.trim() === '')
      throw invalid('scheduled_date is required: an ISO-8601 date or date-time, or "0" to send now.');
    if (!SCHEDULABLE.has(activity.current_status)) {
      throw invalid(
        `An activity in ${activity.current_status} status cannot be scheduled; only DRAFT, DONE and ERROR ones can.`,
      );
    }
    if (activity.contact_list_ids.length === 0 && activity.segment_ids.length === 0) {
      throw invalid(
        'The activity has no recipients: set contact_list_ids ' +
          'with PUT /emails/activities/{campaign_activity_id} first.',
      );
    }
    if (raw.trim() === '0') {
      sendNow(ctx, activity);
      return c.json([], 201);
    }
    const at = parseInstant(raw);
    if (at === undefined) throw invalid('scheduled_date must be an ISO-8601 date or date-time, or "0" to send now.');
    if (at <= ctx.clock.nowMs()) throw invalid('scheduled_date is in the past; use a future date, or "0" to send now.');
    scheduleActivity(ctx, activity, at);
    return c.json([{ scheduled_date: iso(at) }], 201);
  });

  api.delete('/emails/activities/:id/schedules', scope, (c) => {
    const activity = liveActivityOr404(ctx, c.req.param('id'));
    if (activity.current_status !== 'SCHEDULED')
      throw invalid(`Only a SCHEDULED activity can be unscheduled; this one is ${activity.current_status}.`);
    unscheduleActivity(ctx, activity);
    return c.body(null, 204);
  });

  api.get('/emails/activities/:id/send_history', scope, (c) => {
    const activity = liveActivityOr404(ctx, c.req.param('id'));
    return c.json(sendHistory(ctx, activity.campaign_activity_id));
  });
}
