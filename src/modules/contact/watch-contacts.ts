import { z } from 'zod';
import { defineModule, type WatchSpec } from '../define.js';
import { limitField, meta } from '../fields.js';
import {
  CONTACT_EVENTS,
  eventBundle,
  eventKey,
  fetchContactEvents,
  recentContactEvents,
  type ContactEvent,
} from './contact-events.js';
import { listIdsField, unique } from './fields.js';
import { MAX_LIST_FILTER } from './list-contacts.js';
import { contactShape, record } from '../common/outputs.js';

const input = z
  .object({
    events: z
      .array(z.enum(CONTACT_EVENTS, { error: `must be one of ${CONTACT_EVENTS.join(', ')}` }))
      .min(1, 'choose at least one event: create, update or delete')
      .default([...CONTACT_EVENTS])
      .transform((events) => [...new Set(events)])
      .meta(
        meta('Event', 'The contact events to watch: create, update and/or delete (default: all three).', {
          options: 'allowed-values',
        }),
      ),
    lists: listIdsField(
      'Contact Lists',
      `Only contacts in these lists (at most ${MAX_LIST_FILTER}). ` +
        `A deleted contact belongs to no list any more, so with lists chosen delete events are not reported.`,
      MAX_LIST_FILTER,
    ).optional(),
    limit: limitField('contacts'),
  })
  .superRefine((v, ctx) => {
    if (v.lists?.length && v.events.length === 1 && v.events[0] === 'delete') {
      ctx.addIssue({
        code: 'custom',
        path: ['lists'],
        message:
          'delete events cannot be watched per list: the API takes a deleted contact out of every list. ' +
          'Clear Contact Lists, or also choose create or update',
      });
    }
  });

type Input = z.output<typeof input>;

const filterOf = (v: Input) => ({ events: v.events, lists: v.lists?.length ? unique(v.lists) : undefined });

const watch: WatchSpec<Input, ContactEvent> = {
  fetch: (v, since, ctx) => fetchContactEvents(filterOf(v), since, ctx, true),
  key: eventKey,
  time: (e) => e.time,
  partOf: (e) => e.partOf,
  toBundle: (e, v) => eventBundle(e, filterOf(v)),
};

export default defineModule({
  key: 'watch-contacts',
  name: 'Watch Contacts',
  group: 'Contact',
  kind: 'trigger',
  description:
    'Triggers when a contact is created, updated or deleted, optionally only for members of chosen lists. ' +
    'The API has no change notifications, so the trigger polls: ' +
    'each change of a contact is reported once, with the contact as it is when the poll reads it.',
  scopes: ['contact_data'],
  input,
  output:
    'One bundle per event: event (create, update or delete) ' +
    "plus the contact with the API's field names (contact_id, email_address, first_name, " +
    'last_name, created_at, updated_at, deleted_at for deletes, list_memberships when Contact Lists is set).',
  watch,
  outputSchema: record('Contact Event', { event: z.enum(CONTACT_EVENTS).describe('Event'), ...contactShape }),
  async run(v, ctx) {
    const filter = filterOf(v);
    const events = await recentContactEvents(filter, v.limit, ctx);
    return events.map((e) => eventBundle(e, filter)).filter((b): b is object => b !== undefined);
  },
});
