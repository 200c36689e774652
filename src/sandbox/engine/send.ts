import type { SandboxContext } from '../context.js';
import { activeMembersOfLists, emailKey } from '../store/contacts.js';
import { campaignSeqOfActivity, getActivity, setActivityStatus, type Activity } from '../store/campaigns.js';
import {
  contactsAlreadySent,
  ensureLinks,
  nextSendId,
  recordSend,
  type SendHistoryEntry,
  type TrackingEventInput,
} from '../store/tracking.js';
import { extractLinks, hasTrackingImage, MAX_LINK_URL_LENGTH } from './links.js';
import { planTimeline } from './simulate.js';
import { OPT_OUT_JOB } from './jobs.js';
import { mailableMembersOfSegments } from '../resources/segments/evaluate.js';

const MINUTE = 60_000;

/** Send-history reason codes used by the sandbox (facts §5.3). */
export const REASON = { ok: 0, linkTooLong: 8, noEligibleContacts: 12 } as const;

/**
 * Sends the primary activity at `sentAt` (epoch ms): to every active member of its lists that has not
 * received it yet (a re-send of a DONE activity reaches only new contacts), recording the send
 * history entry and each recipient's simulated timeline. Opt-outs in the timeline get a job at their
 * due time that unsubscribes the contact. Returns the new send-history entry.
 */
export function sendActivity(ctx: SandboxContext, activity: Activity, sentAt: number): SendHistoryEntry {
  const sendId = nextSendId(ctx, activity.campaign_activity_id);
  const base = {
    send_id: sendId,
    contact_list_ids: activity.contact_list_ids,
    segment_ids: activity.segment_ids,
    run_date: new Date(sentAt).toISOString(),
  };
  const links = extractLinks(activity.html_content);

  if (links.some((url) => url.length > MAX_LINK_URL_LENGTH)) {
    const history: SendHistoryEntry = { ...base, count: 0, send_status: 'ERRORED', reason_code: REASON.linkTooLong };
    ctx.db.transaction(() => {
      recordSend(ctx, { activityId: activity.campaign_activity_id, history, events: [] });
      setActivityStatus(ctx, activity, 'ERROR');
    })();
    return history;
  }

  const already = contactsAlreadySent(ctx, activity.campaign_activity_id);
  // Segments are evaluated when the send runs: their members at that moment (segments are dynamic).
  const audience =
    activity.segment_ids.length > 0
      ? mailableMembersOfSegments(ctx, activity.segment_ids)
      : activeMembersOfLists(ctx.db, activity.contact_list_ids);
  const recipients = audience.filter((c) => !already.has(c.contact_id));
  const history: SendHistoryEntry = {
    ...base,
    count: recipients.length,
    send_status: 'COMPLETED',
    reason_code: recipients.length > 0 ? REASON.ok : REASON.noEligibleContacts,
  };

  ctx.db.transaction(() => {
    const events: TrackingEventInput[] = [];
    if (recipients.length > 0) {
      const urlIdOf = ensureLinks(ctx, activity.campaign_activity_id, links);
      const urlIds = links.map((url) => urlIdOf.get(url)).filter((id): id is number => id !== undefined);
      const campaignSeq = campaignSeqOfActivity(ctx, activity.campaign_activity_id);
      const sentMinute = Math.floor(sentAt / MINUTE) * MINUTE;
      const tracksOpens = hasTrackingImage(activity.html_content);
      for (const recipient of recipients) {
        // the stream is labelled by things that are the same in every sandbox built the same way
        const rng = ctx.rng(`email-tracking:${campaignSeq}:${sendId}:${emailKey(recipient.email_address)}`);
        events.push(...planTimeline(rng, { recipient, sentAt: sentMinute, urlIds, tracksOpens }));
      }
    }
    recordSend(ctx, { activityId: activity.campaign_activity_id, history, events });
    for (const e of events) {
      if (e.type !== 'em_optouts') continue;
      ctx.jobs.enqueue(
        OPT_OUT_JOB,
        { contactId: e.contact_id, at: new Date(e.at_ms).toISOString(), reason: e.opt_out_reason ?? null },
        { at: e.at_ms },
      );
    }
    setActivityStatus(ctx, activity, 'DONE');
  })();
  return history;
}

/** Sends now, at the sandbox clock's time. */
export function sendNow(ctx: SandboxContext, activity: Activity): SendHistoryEntry {
  return sendActivity(ctx, activity, ctx.clock.nowMs());
}

/** Re-reads the activity and sends it if it is still scheduled for `at` (a job's view of the world). */
export function runScheduledSend(ctx: SandboxContext, activityId: string, at: number): void {
  const activity = getActivity(ctx, activityId);
  if (!activity || activity.current_status !== 'SCHEDULED' || activity.scheduled_at !== at) return;
  sendActivity(ctx, activity, at);
}
