import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { conflict, notFound } from '../errors.js';
import { deleteResend, findResend, insertResend, resendsSchema, type Resend } from '../store/resends.js';
import { liveActivityOr404, requirePrimary } from './campaigns/lookup.js';
import { invalid } from './campaigns/validate.js';
import { textLength } from './text-rules.js';

/**
 * Resends to non-openers (SW defs ResendToNonOpeners*): one per campaign, for a primary activity that
 * is DRAFT, SCHEDULED or DONE, 12 hours to 10 days after the send. Stored and shown; not sent.
 */

const MIN_MINUTES = 720;
const MAX_MINUTES = 14_400;
const DAY_MINUTES = 1440;
/** The primary activity's subject limit (SW def EmailCampaignActivity). */
const MAX_SUBJECT = 200;
const RESENDABLE = ['DRAFT', 'SCHEDULED', 'DONE'];

function readDelay(body: Record<string, unknown>): { minutes: number; inDays: boolean } {
  const { delay_days: days, delay_minutes: minutes } = body;
  // "If you set both, delay_minutes is ignored."
  if (days !== undefined) {
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 10)
      throw invalid('delay_days must be a whole number of days from 1 to 10.');
    return { minutes: (days as number) * DAY_MINUTES, inDays: true };
  }
  if (minutes !== undefined) {
    if (!Number.isInteger(minutes) || (minutes as number) < MIN_MINUTES || (minutes as number) > MAX_MINUTES)
      throw invalid(`delay_minutes must be a whole number from ${MIN_MINUTES} (12 hours) to ${MAX_MINUTES} (10 days).`);
    return { minutes: minutes as number, inDays: false };
  }
  throw invalid('Give delay_days (1 to 10) or delay_minutes (720 to 14,400): when to resend after the send.');
}

function render(resend: Resend, withStatus: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { resend_subject: resend.resend_subject };
  // delay_days "is only returned if created with delay_days or delay_minutes equal to an exact day value".
  if (resend.in_days === 1 || resend.delay_minutes % DAY_MINUTES === 0)
    out.delay_days = resend.delay_minutes / DAY_MINUTES;
  else out.delay_minutes = resend.delay_minutes;
  out.resend_request_id = resend.resend_request_id;
  if (withStatus && resend.resend_request_id !== 'DRAFT') out.resend_status = 'SCHEDULED';
  return out;
}

export const resendsResource: SandboxResource = {
  name: 'resends',
  schema: resendsSchema,
  register(api, ctx) {
    const scope = requireScope('campaign_data');
    const base = '/emails/activities/:id/non_opener_resends';

    api.get(base, scope, (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const resend = findResend(ctx.db, activity.campaign_id);
      return c.json(resend ? [render(resend, true)] : []);
    });

    api.post(base, scope, async (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const body = await readJsonObject(c);
      requirePrimary(activity, 'resent to non-openers');
      if (!RESENDABLE.includes(activity.current_status))
        throw invalid(
          `Only a DRAFT, SCHEDULED or DONE activity can be resent; this one is ${activity.current_status}.`,
        );
      const subject = body.resend_subject;
      if (typeof subject !== 'string' || subject.trim() === '') throw invalid('resend_subject is required.');
      if (textLength(subject) > MAX_SUBJECT) throw invalid(`resend_subject must be at most ${MAX_SUBJECT} characters.`);
      const delay = readDelay(body);
      if (findResend(ctx.db, activity.campaign_id))
        throw conflict('email.api.conflict', 'This campaign already has a resend to non-openers; delete it first.');
      const resend = insertResend(
        ctx.db,
        {
          campaign_id: activity.campaign_id,
          campaign_activity_id: activity.campaign_activity_id,
          resend_subject: subject,
          delay_minutes: delay.minutes,
          in_days: delay.inDays ? 1 : 0,
          draft: activity.current_status === 'DRAFT',
        },
        ctx.clock.nowIso(),
      );
      return c.json(render(resend, false), 201);
    });

    api.delete(`${base}/:resend_request_id`, scope, (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const requestId = c.req.param('resend_request_id');
      const resend = findResend(ctx.db, activity.campaign_id);
      if (!resend || resend.resend_request_id !== requestId)
        throw notFound('email.api.not_found', `This activity has no resend to non-openers with the id ${requestId}.`);
      deleteResend(ctx.db, activity.campaign_id);
      return c.body(null, 204);
    });
  },
};
