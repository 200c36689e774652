import type { SandboxContext } from '../context.js';
import { findContact, unsubscribe } from '../store/contacts.js';

/** Background work of the email engine, run by the sandbox job engine at sandbox-clock times. */
export const SCHEDULED_SEND_JOB = 'email.scheduled_send';
export const OPT_OUT_JOB = 'email.opt_out';

interface ScheduledSendPayload {
  activityId: string;
  at: number;
}

interface OptOutPayload {
  contactId: string;
  at: string;
  reason: string | null;
}

/**
 * Registers the engine's job kinds. `send` is passed in (rather than imported) to keep this module
 * free of an import cycle with send.ts.
 */
export function registerEmailJobs(ctx: SandboxContext, send: (activityId: string, at: number) => void): void {
  ctx.jobs.register(SCHEDULED_SEND_JOB, (payload) => {
    const p = payload as ScheduledSendPayload;
    // the send happens at the scheduled instant even when the job runs later (after a clock jump)
    send(p.activityId, p.at);
  });
  ctx.jobs.register(OPT_OUT_JOB, (payload) => {
    const p = payload as OptOutPayload;
    const contact = findContact(ctx.db, p.contactId);
    // someone who already opted out (in this or another email) keeps their first opt-out
    if (!contact || contact.permission_to_send === 'unsubscribed') return;
    unsubscribe(ctx.db, p.contactId, p.at, 'Contact', p.reason);
  });
}

export function enqueueScheduledSend(ctx: SandboxContext, activityId: string, at: number): number {
  const payload: ScheduledSendPayload = { activityId, at };
  return ctx.jobs.enqueue(SCHEDULED_SEND_JOB, payload, { at });
}
