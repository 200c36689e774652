import type { ContactListQuery, ContactResource } from '../../client/index.js';
import type { RunContext } from '../define.js';

/**
 * Contact change events for Watch Contacts (facts §1.8). The API has no change feed, only the
 * `updated_after` / `created_after` filters and `status=deleted`, so events are derived from each
 * contact's timestamps, never from the poll's `since`: the same contact read by two overlapping
 * polls must give the same events, or it would be delivered twice under two different keys.
 *
 * - create: the contact was created at or after `since`; its time is `created_at`.
 * - update: the contact changed after it was created (`updated_at` later than `created_at`) at or
 *   after `since`; its time is `updated_at`, so each later change is a new event. A contact created
 *   and then edited within one poll window gives both events. An edit within the creation's first
 *   second may be the creation's own write (the API may stamp the two fields apart): for the watch
 *   it is an update that is `partOf` the create, so the runtime reports it only when a poll saw the
 *   contact before the edit (read together with the creation, the create carries it).
 * - delete: the contact is deleted (from a separate `status=deleted` query, as the default listing
 *   hides deleted contacts); its time is `updated_at` (the deletion bumps it), else `deleted_at`.
 */

export const CONTACT_EVENTS = ['create', 'update', 'delete'] as const;
export type ContactEventKind = (typeof CONTACT_EVENTS)[number];

export interface ContactEvent {
  event: ContactEventKind;
  /** The event's time, ISO-8601. */
  time: string;
  contact: ContactResource;
  /** An edit in the creation's first second: the key of the create it is part of when read together. */
  partOf?: string;
}

export interface ContactEventFilter {
  events: readonly ContactEventKind[];
  lists?: readonly string[] | undefined;
}

/**
 * The API sets `created_at` and `updated_at` in one write when a contact is created, but they may not
 * be the same millisecond; a change within this margin of the creation is part of the creation.
 */
const CREATION_MARGIN_MS = 1_000;

const ms = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * The create and/or update events a live (not deleted) contact stands for at or after `since`. With
 * `withinCreation`, an edit in the creation's first second is an update too, marked `partOf` its create
 * (for the watch runtime; a one-off run cannot tell, and leaves it to the create).
 */
export function liveContactEvents(
  contact: ContactResource,
  since: string | undefined,
  withinCreation = false,
): ContactEvent[] {
  const from = since === undefined ? Number.NEGATIVE_INFINITY : ms(since);
  const created = ms(contact.created_at);
  const updated = ms(contact.updated_at);
  const out: ContactEvent[] = [];
  if (!Number.isNaN(created) && created >= from)
    out.push({ event: 'create', time: contact.created_at as string, contact });
  if (Number.isNaN(updated) || updated < from) return out;
  if (Number.isNaN(created) || updated - created > CREATION_MARGIN_MS)
    out.push({ event: 'update', time: contact.updated_at as string, contact });
  else if (withinCreation && updated > created) {
    out.push({
      event: 'update',
      time: contact.updated_at as string,
      contact,
      partOf: eventKey({ event: 'create', time: contact.created_at as string, contact }),
    });
  }
  return out;
}

/** The delete event of a deleted contact. */
export function deletedContactEvent(contact: ContactResource): ContactEvent {
  const time = contact.updated_at ?? (contact.deleted_at ? `${contact.deleted_at}T00:00:00.000Z` : '');
  return { event: 'delete', time, contact };
}

/**
 * Deleted contacts belong to no list any more (the API removes every membership on delete, facts
 * §4.6), so a list filter can never match one: with Contact Lists set, delete events are not fetched.
 */
export function deletesAreWatchable(filter: ContactEventFilter): boolean {
  return !filter.lists?.length;
}

/**
 * Every candidate event at or after `since`, in the API's order: one query for live contacts (all
 * pages; `updated_after` when updates are watched, else the narrower `created_after`), and one for
 * deleted contacts when deletes are watched. For the watch (`forWatch`), creates are yielded even when
 * only updates are watched (the runtime drops them through `eventBundle`): an edit in a contact's
 * first second is `partOf` its create, and is told apart by whether the two are read together.
 */
export async function* fetchContactEvents(
  filter: ContactEventFilter,
  since: string | undefined,
  ctx: RunContext,
  forWatch = false,
): AsyncGenerator<ContactEvent> {
  const wanted = new Set(filter.events);
  const options = ctx.callOptions();
  if (wanted.has('create') || wanted.has('update')) {
    const query: Omit<ContactListQuery, 'limit'> = {};
    if (since !== undefined) {
      if (wanted.has('update')) query.updated_after = since;
      else query.created_after = since;
    }
    if (filter.lists?.length) {
      query.lists = filter.lists;
      query.include = 'list_memberships';
    }
    for await (const contact of ctx.client.contacts.listAll(query, options)) {
      for (const event of liveContactEvents(contact, since, forWatch))
        if (wanted.has(event.event) || (forWatch && event.event === 'create')) yield event;
    }
  }
  if (wanted.has('delete') && deletesAreWatchable(filter)) {
    const query: Omit<ContactListQuery, 'limit'> = { status: 'deleted' };
    if (since !== undefined) query.updated_after = since;
    for await (const contact of ctx.client.contacts.listAll(query, options)) yield deletedContactEvent(contact);
  }
}

export const eventKey = (e: ContactEvent): string => `${e.event}|${e.contact.contact_id ?? ''}|${e.time}`;

/** The bundle: the contact with the API's field names, plus which event it is. */
export function eventBundle(e: ContactEvent, filter: ContactEventFilter): object | undefined {
  if (!filter.events.includes(e.event)) return undefined;
  return { event: e.event, ...e.contact };
}

const DAY_MS = 86_400_000;
/** How far back the one-off run looks, widening until it has Limit events (the listing order is undocumented). */
const RECENT_WINDOWS_DAYS = [1, 7, 30, 365];

/**
 * The most recent events up to `limit`, newest first, for a one-off run of the trigger. The API
 * cannot sort, so the run reads a window of recent changes and widens it until it holds enough
 * events (or reads everything), instead of reading the whole account every time.
 */
export async function recentContactEvents(
  filter: ContactEventFilter,
  limit: number,
  ctx: RunContext,
  now = Date.now(),
): Promise<ContactEvent[]> {
  const windows: (string | undefined)[] = [
    ...RECENT_WINDOWS_DAYS.map((days) => new Date(now - days * DAY_MS).toISOString()),
    undefined,
  ];
  for (const since of windows) {
    const events: ContactEvent[] = [];
    for await (const event of fetchContactEvents(filter, since, ctx)) events.push(event);
    if (events.length >= limit || since === undefined) {
      return events.sort((a, b) => ms(b.time) - ms(a.time) || eventKey(a).localeCompare(eventKey(b))).slice(0, limit);
    }
  }
  return [];
}
