import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { unsupportedMediaType } from '../errors.js';
import { decodeCursor, encodeCursor, parseLimit } from '../pagination.js';
import { eventsSchema, listEvents, saveEvent, type EventDoc } from '../store/events.js';
import { textLength } from './text-rules.js';
import { bad, boolQuery, eventOr404, isoTime, oneOf, render, settle } from './events/shared.js';
import { registerEventCopy } from './events/copy.js';
import { registerRegistrations } from './events/registrations.js';

/**
 * Events (SW tag Events): created from defaults in DRAFT, listed, read, patched while DRAFT or ACTIVE,
 * copied, with registrations and ticket check-in (resources/events/). Stored; no page, form or email.
 */

const STATUSES = ['ACTIVE', 'DRAFT', 'COMPLETE', 'DELETED', 'CANCELLED', 'ERROR'];
const SORTS: Record<string, string> = {
  name: 'name',
  start_time: 'event_start',
  end_time: 'event_end',
  created_time: 'create_time',
  updated_time: 'last_update_time',
};
const HOUR = 3_600_000;
/** Fields a PATCH may set; the others (ids, times kept by the service, URLs) are the service's own. */
const PATCHABLE = [
  'name',
  'title',
  'description',
  'event_type',
  'location_type',
  'time_zone',
  'currency_type',
  'address',
  'contact',
  'online_meeting',
  'display_contact_flag',
  'display_end_time_flag',
  'display_on_calendar_flag',
  'display_time_zone_flag',
  'notify_owner_on_reg',
];
const LIMITS: Record<string, number> = { name: 100, title: 100, description: 600 };
/** PATCH `status`: publish a draft, cancel or delete (README "Events": the contract has no other way). */
const MOVES: Record<string, string[]> = { DRAFT: ['ACTIVE', 'DELETED'], ACTIVE: ['CANCELLED', 'DELETED'] };

function checkText(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (value === undefined) return;
  if (typeof value !== 'string' || value.trim() === '') throw bad(`${field} must be a non-empty string.`);
  const max = LIMITS[field];
  if (max !== undefined && textLength(value) > max) throw bad(`${field} must be at most ${max} characters.`);
}

function listing(event: EventDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {
    event_id: event.event_id,
    name: event.name,
    title: event.title,
    description: event.description,
    start_time: event.event_start,
    end_time: event.event_end,
    status: event.status,
    registration_url: event.registration_url,
    event_type: event.event_type,
    location_type: event.location_type,
    time_zone_type: event.time_zone,
    event_registration_summary_metrics: { registration_count: 0, ticket_sold: 0, item_sold: 0 },
    create_time: event.create_time,
  };
  if (event.address) out.address = event.address;
  return out;
}

export const eventsResource: SandboxResource = {
  name: 'events',
  schema: eventsSchema,
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    api.get('/events', scope, (c) => {
      const cursor = c.req.query('next') ?? c.req.query('prev');
      const state = cursor
        ? decodeCursor<{ o: number; l: number; st?: string; q?: string; sb?: string; so?: string }>(cursor)
        : {
            o: 0,
            l: parseLimit(c.req.query('limit'), { defaultValue: 100, max: 100 }),
            ...optional('st', oneOf(c, 'event_status', STATUSES)),
            ...optional('q', c.req.query('search_text')),
            ...optional('sb', oneOf(c, 'sort_by', Object.keys(SORTS))),
            ...optional('so', oneOf(c, 'sort_order', ['ASC', 'DESC'])),
          };
      const needle = state.q?.toLowerCase();
      let events = listEvents(ctx.db)
        .map((e) => settle(ctx, e))
        // DELETED events are listed only when asked for by status (README "Events").
        .filter((e) => (state.st ? e.status === state.st : e.status !== 'DELETED'))
        .filter((e) =>
          needle ? [e.name, e.title, e.description].some((t) => String(t).toLowerCase().includes(needle)) : true,
        );
      if (state.sb) {
        const key = SORTS[state.sb] as string;
        const sign = state.so === 'DESC' ? -1 : 1;
        events = events.sort((a, b) => sign * String(a[key]).localeCompare(String(b[key])));
      }
      const page = events.slice(state.o, state.o + state.l);
      const out: Record<string, unknown> = { records: page.map(listing), total_records: events.length };
      const links: Record<string, { href: string }> = {};
      if (state.o + state.l < events.length) {
        out.next_cursor = encodeCursor({ ...state, o: state.o + state.l });
        links.next = { href: `/v3/events?next=${encodeURIComponent(out.next_cursor as string)}` };
      }
      if (state.o > 0) {
        out.prev_cursor = encodeCursor({ ...state, o: Math.max(0, state.o - state.l) });
        links.prev = { href: `/v3/events?prev=${encodeURIComponent(out.prev_cursor as string)}` };
      }
      out._links = links;
      return c.json(out);
    });

    api.post('/events/default', scope, async (c) => {
      // The operation consumes application/json (its input is the query): a body of another type is a 415.
      const type = c.req.header('content-type') ?? '';
      if ((await c.req.text()) !== '' && !/^application\/json\b/i.test(type)) throw unsupportedMediaType();
      const now = ctx.clock.nowMs();
      const name = c.req.query('name');
      if (name !== undefined && (name.trim() === '' || textLength(name) > 100))
        throw bad('name must be 1 to 100 characters.');
      // "defaults to a future date": a week ahead, on the hour.
      const start = c.req.query('start_time')
        ? isoTime(c.req.query('start_time'), 'start_time')
        : new Date(Math.ceil((now + 7 * 24 * HOUR) / HOUR) * HOUR).toISOString();
      const end = c.req.query('end_time')
        ? isoTime(c.req.query('end_time'), 'end_time')
        : new Date(Date.parse(start) + HOUR).toISOString();
      if (Date.parse(end) <= Date.parse(start)) throw bad('end_time must be after start_time.');
      const count = listEvents(ctx.db).length + 1;
      const eventName = name ?? `Untitled Event ${count}`;
      const stamp = ctx.clock.nowIso();
      const eventId = ctx.newId();
      const event: EventDoc = {
        event_id: eventId,
        campaign_id: c.req.query('placeholder_campaign_id') || ctx.newId(),
        name: eventName,
        title: eventName,
        description: 'Join us for this event.',
        event_start: start,
        event_end: end,
        event_type: 'OTHER',
        location_type: 'NONE',
        time_zone: 'US/Eastern',
        currency_type: 'USD',
        status: 'DRAFT',
        create_time: stamp,
        last_update_time: stamp,
        registration_url: `https://events.sandbox.local/${eventId}/register`,
        default_track: {
          track_id: ctx.newId().slice(0, 6),
          campaign_activity_id: ctx.newId(),
          registration_type: 'TICKETED',
          create_time: stamp,
          last_update_time: stamp,
          items: [],
          promo_codes: [],
        },
        event_settings: {
          event_requires_payments: false,
          item_configured: false,
          online_payment_configured: false,
          payment_configured: false,
          promo_code_configured: false,
          ticket_configured: false,
        },
        event_metadata: { items_enabled: false, paid_event: false, promo_codes_enabled: false },
      };
      saveEvent(ctx.db, event);
      return c.json(render(event, true), 201);
    });

    api.get('/events/:event_id', scope, (c) => {
      const event = eventOr404(ctx, c.req.param('event_id'));
      return c.json(render(event, boolQuery(c, 'include') === true));
    });

    api.patch('/events/:event_id', scope, async (c) => {
      const event = eventOr404(ctx, c.req.param('event_id'));
      const body = await readJsonObject(c);
      if (event.status !== 'DRAFT' && event.status !== 'ACTIVE')
        throw bad(`Only a DRAFT or ACTIVE event can be updated; this one is ${event.status}.`);
      for (const field of Object.keys(LIMITS)) checkText(body, field);
      const next: EventDoc = { ...event };
      for (const field of PATCHABLE) if (body[field] !== undefined) next[field] = body[field];
      if (body.event_start !== undefined) next.event_start = isoTime(body.event_start, 'event_start');
      if (body.event_end !== undefined) next.event_end = isoTime(body.event_end, 'event_end');
      if (Date.parse(String(next.event_end)) <= Date.parse(String(next.event_start)))
        throw bad('event_end must be after event_start.');
      if (body.status !== undefined && body.status !== event.status) {
        const allowed = MOVES[event.status] ?? [];
        if (typeof body.status !== 'string' || !allowed.includes(body.status))
          throw bad(`A ${event.status} event can move to ${allowed.join(' or ')}, not ${String(body.status)}.`);
        next.status = body.status;
        const stamp = ctx.clock.nowIso();
        if (body.status === 'ACTIVE') next.active_time = stamp;
        if (body.status === 'CANCELLED') next.cancelled_time = stamp;
        if (body.status === 'DELETED') next.deleted_time = stamp;
      }
      next.last_update_time = ctx.clock.nowIso();
      saveEvent(ctx.db, next);
      return c.body(null, 204);
    });

    registerEventCopy(api, ctx, scope);
    registerRegistrations(api, ctx, scope);
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
