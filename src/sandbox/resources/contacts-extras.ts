import type { Context } from 'hono';
import type { SandboxContext, SandboxEnv, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { badRequest, conflict } from '../errors.js';
import { addMemberships, findContact, resubscribe } from '../store/contacts.js';
import { missingLists } from '../store/lists.js';
import {
  campaignCrossReferences,
  consentCounts,
  contactExtrasSchema,
  crossReferences,
  findResubscribe,
  insertResubscribe,
  markResubscribeConfirmed,
  newSubscriberCount,
} from '../store/contact-extras.js';
import { readIdArray } from './contacts/fields.js';
import { csv, invalid, isUuid, notFoundProblem, Problems, VALIDATION_KEY } from './contacts/problems.js';

/**
 * The contacts routes beside the resource itself: consent counts, the resubscribe email, the SMS
 * engagement history (no SMS channel is emulated: always empty), and the v2 to v3 id
 * cross-references of contacts, lists and campaigns. Registered before the item routes, whose
 * `/:id` would otherwise take `counts` or `contact_id_xrefs` for an id.
 */

const NEW_SUBSCRIBER_WINDOW_MS = 30 * 24 * 3600 * 1000;
/** How long the simulated contact takes to click the resubscribe email's confirmation link. */
export const RESUBSCRIBE_CONFIRMATION_DELAY_MS = 3600 * 1000;
const CONFIRM_JOB = 'contacts.resubscribe.confirm';

/** The v2 ids of a query parameter: required, integers, at most `max`; repeats dropped. */
function sequenceIds(c: Context<SandboxEnv>, name: string, max: number, key = VALIDATION_KEY): number[] {
  const raw = c.req.query(name);
  const values = csv(raw);
  if (values.length === 0) throw badRequest(key, `${name} is required: a comma-separated list of v2 ids.`);
  if (values.length > max) throw badRequest(key, `${name} accepts at most ${max} ids.`);
  const bad = values.find((v) => !/^\d{1,15}$/.test(v));
  if (bad !== undefined) throw badRequest(key, `${name}: ${JSON.stringify(bad)} is not a v2 id (a positive integer).`);
  return [...new Set(values.map(Number))];
}

function registerResubscribeJob(ctx: SandboxContext): void {
  ctx.jobs.register(CONFIRM_JOB, (payload) => {
    const { contactId } = payload as { contactId: string };
    const contact = findContact(ctx.db, contactId);
    const request = findResubscribe(ctx.db, contactId);
    // Someone who was deleted, or resubscribed some other way meanwhile, has nothing to confirm.
    if (!contact || !request || contact.deleted_at !== null || contact.permission_to_send !== 'unsubscribed') return;
    const now = ctx.clock.nowIso();
    resubscribe(ctx.db, contactId, 'explicit', 'Contact', now);
    const live = JSON.parse(request.list_ids) as string[];
    const gone = new Set(missingLists(ctx.db, live));
    addMemberships(
      ctx.db,
      contactId,
      live.filter((id) => !gone.has(id)),
      now,
    );
    markResubscribeConfirmed(ctx.db, contactId, now);
  });
}

export const contactsExtrasResource: SandboxResource = {
  name: 'contacts-extras',
  schema: contactExtrasSchema,
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const campaignScope = requireScope('campaign_data');
    const { db } = ctx;
    registerResubscribeJob(ctx);

    api.get('/contacts/counts', scope, (c) => {
      const include = csv(c.req.query('include'));
      // The enum says new_subscriber, the description new_subscribers: both are understood.
      const unknown = include.find((v) => v !== 'new_subscriber' && v !== 'new_subscribers');
      if (unknown !== undefined) throw invalid(`include: ${unknown} is not one of new_subscriber.`);
      const body: Record<string, number> = { ...consentCounts(db) };
      if (include.length > 0) {
        const since = new Date(ctx.clock.nowMs() - NEW_SUBSCRIBER_WINDOW_MS).toISOString();
        body.new_subscriber = newSubscriberCount(db, since);
      }
      return c.json(body);
    });

    api.get('/contacts/contact_id_xrefs', scope, (c) => {
      const ids = sequenceIds(c, 'sequence_ids', 500);
      const rows = crossReferences(db, 'contacts', 'contact_id', ids);
      return c.json({ xrefs: rows.map((r) => ({ sequence_id: String(r.seq), contact_id: r.id })) });
    });

    api.get('/contact_lists/list_id_xrefs', scope, (c) => {
      const ids = sequenceIds(c, 'sequence_ids', 500);
      const rows = crossReferences(db, 'contact_lists', 'list_id', ids);
      return c.json({ xrefs: rows.map((r) => ({ sequence_id: String(r.seq), list_id: r.id })) });
    });

    api.get('/emails/campaign_id_xrefs', campaignScope, (c) => {
      const ids = sequenceIds(c, 'v2_email_campaign_ids', 50, 'email.api.validation.error');
      const rows = campaignCrossReferences(db, ids);
      return c.json({
        xrefs: rows.map((r) => ({
          v2_email_campaign_id: String(r.seq),
          campaign_id: r.campaign_id,
          campaign_activity_id: r.campaign_activity_id,
        })),
      });
    });

    api.get('/contacts/sms_engagement_history/:contact_id', scope, (c) => {
      const id = c.req.param('contact_id');
      if (!isUuid(id) || !findContact(db, id)) throw notFoundProblem('contact_id', id);
      return c.json([]);
    });

    api.put('/contacts/resubscribe/:contact_id', scope, async (c) => {
      const id = c.req.param('contact_id');
      const contact = isUuid(id) ? findContact(db, id) : undefined;
      if (!contact) throw notFoundProblem('contact_id', id);
      const body = await readJsonObject(c);
      const problems = new Problems();
      const listIds = readIdArray(problems, body, 'list_ids', 50);
      if (listIds === undefined && !problems.any) problems.add('list_ids is required.');
      if (listIds !== undefined && listIds.length === 0) problems.add('list_ids must contain at least one list id.');
      problems.throwIfAny();
      const lists = listIds as string[];
      const missing = missingLists(db, lists);
      if (missing.length > 0) throw invalid(`list_ids: the list ${missing.join(', ')} does not exist.`);
      if (findResubscribe(db, id))
        throw conflict(
          'contacts.api.conflict',
          `A resubscribe email was already sent to the contact ${id}; it is sent once.`,
        );
      if (contact.deleted_at !== null) throw invalid(`The contact ${id} is deleted; revive it before resubscribing.`);
      if (contact.email_address === null) throw invalid(`The contact ${id} has no email address.`);
      if (contact.permission_to_send !== 'unsubscribed')
        throw invalid(`The contact ${id} is not unsubscribed (permission_to_send: ${contact.permission_to_send}).`);
      db.transaction(() => {
        insertResubscribe(db, id, lists, ctx.clock.nowIso());
        ctx.jobs.enqueue(CONFIRM_JOB, { contactId: id }, { delayMs: RESUBSCRIBE_CONFIRMATION_DELAY_MS });
      })();
      return c.body(null, 200);
    });
  },
};
