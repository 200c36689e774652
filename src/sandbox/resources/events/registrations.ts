import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxApi, SandboxContext, SandboxEnv } from '../../context.js';
import { readJsonObject } from '../../body.js';
import { notFound } from '../../errors.js';
import { decodeCursor, encodeCursor, parseLimit } from '../../pagination.js';
import {
  findRegistration,
  listRegistrations,
  saveRegistration,
  type EventDoc,
  type Registration,
} from '../../store/events.js';
import { bad, boolQuery, eventOr404, oneOf, stringList } from './shared.js';

/** Registrations of an event's track: listed, read, status and payment updates, ticket check-in. */

const REG_STATUSES = ['PENDING', 'REGISTERED', 'CANCELED', 'EXPIRED', 'IN_PROGRESS', 'FAILED'];
const PAY_STATUSES = ['PENDING', 'PAID', 'REFUNDED', 'CANCELLED', 'FAILED', 'CHARGED_BACK'];
const SORTS = ['first_name', 'last_name', 'email_address', 'registration_status', 'payment_status', 'tickets', 'total'];

const total = (r: Registration) => r.tickets.reduce((sum, t) => sum + t.price, 0);
const eligible = (r: Registration) => r.tickets.filter((t) => t.status !== 'CANCELLED');
const checkedIn = (r: Registration) => r.tickets.filter((t) => t.checked_in_time !== undefined).length;

function checkinStatus(r: Registration): string {
  const done = checkedIn(r);
  if (done === 0) return 'NOT_CHECKED_IN';
  return done >= eligible(r).length ? 'CHECKED_IN' : 'PARTIALLY_CHECKED_IN';
}

function lite(r: Registration): Record<string, unknown> {
  return {
    registration_id: r.registration_id,
    first_name: r.first_name,
    last_name: r.last_name,
    email_address: r.email_address,
    registration_status: r.registration_status,
    payment_status: r.payment_status,
    registration_time: r.registration_time,
    tickets: r.tickets.length,
    total: total(r),
    track_key: r.track_id,
    new_contact: false,
    checkedIn_tickets: checkedIn(r),
    eligible_checkin_tickets: eligible(r).length,
    checkin_status: checkinStatus(r),
  };
}

function detailed(r: Registration): Record<string, unknown> {
  const field = (name: string, label: string, value: string, order: number) => ({
    field_name: name,
    field_label: label,
    field_type: 'TEXT',
    field_value: value,
    display_order: order,
  });
  const order: Record<string, unknown> = {
    payment_status: r.payment_status,
    details: r.tickets.map((t) => ({
      name: t.ticket_name,
      line_item_type: 'TICKET',
      amount: t.price.toFixed(2),
      amount_unformatted: t.price,
    })),
  };
  if (r.payment_method) order.payment_method = r.payment_method;
  return {
    registration_id: r.registration_id,
    contact_id: r.contact_id,
    registration_date: r.registration_time,
    registration_status: r.registration_status,
    checkedIn_tickets: checkedIn(r),
    eligible_checkin_tickets: eligible(r).length,
    checkin_status: checkinStatus(r),
    display_physical_tickets: false,
    contact: [
      field('first_name', 'First Name', r.first_name, 1),
      field('last_name', 'Last Name', r.last_name, 2),
      field('email_address', 'Email Address', r.email_address, 3),
    ],
    tickets: r.tickets.map((t) => {
      const out: Record<string, unknown> = {
        order_ticket_key: t.order_ticket_key,
        ticket_name: t.ticket_name,
        price: t.price,
        editable: false,
        fields: [],
      };
      if (t.checked_in_time) out.checked_in_time = t.checked_in_time;
      return out;
    }),
    order_summary: order,
  };
}

function trackOr404(ctx: SandboxContext, c: Context): { event: EventDoc; trackId: string } {
  const event = eventOr404(ctx, c.req.param('event_id') as string);
  const trackId = c.req.param('track_id') as string;
  if ((event.default_track as { track_id?: string }).track_id !== trackId)
    throw notFound(
      'event.api.not_found',
      `This event has no track ${trackId}; its track is in default_track.track_id.`,
    );
  return { event, trackId };
}

/** Applies `change` to each named registration of the track; answers 207 with the ids it could not. */
function updateMany(
  ctx: SandboxContext,
  c: Context,
  ids: string[],
  change: (r: Registration) => Registration | 'skip',
): Response {
  const { event, trackId } = trackOr404(ctx, c);
  const failed: string[] = [];
  for (const id of ids) {
    const reg = findRegistration(ctx.db, event.event_id, id);
    if (!reg || reg.track_id !== trackId) {
      failed.push(id);
      continue;
    }
    const next = change(reg);
    if (next !== 'skip') saveRegistration(ctx.db, next);
  }
  return failed.length > 0 ? c.json({ failed_registration_ids: failed }, 207) : c.body(null, 200);
}

export function registerRegistrations(
  api: SandboxApi,
  ctx: SandboxContext,
  scope: MiddlewareHandler<SandboxEnv>,
): void {
  const base = '/events/:event_id/tracks/:track_id/registrations';

  api.get(base, scope, (c) => {
    const { event, trackId } = trackOr404(ctx, c);
    const cursor = c.req.query('next') ?? c.req.query('prev');
    type State = { o: number; l: number; rs?: string; ps?: string; q?: string; sb?: string; so?: string };
    let state: State;
    if (cursor) state = decodeCursor<State>(cursor);
    else {
      const limit = c.req.query('limit');
      const pageSize = c.req.query('page_size');
      if (limit && pageSize && limit !== pageSize) throw bad('limit and page_size must be the same value.');
      state = { o: 0, l: parseLimit(limit || pageSize, { defaultValue: 50, max: 100 }) };
      const put = (key: keyof State, value: string | undefined) => {
        if (value !== undefined) (state as Record<string, unknown>)[key] = value;
      };
      put('rs', oneOf(c, 'registration_status', REG_STATUSES));
      put('ps', oneOf(c, 'payment_status', PAY_STATUSES));
      put('q', c.req.query('search_text') || undefined);
      put('sb', oneOf(c, 'sort_by', SORTS));
      put('so', oneOf(c, 'sort_order', ['ASC', 'DESC']));
    }
    const needle = state.q?.toLowerCase();
    let rows = listRegistrations(ctx.db, event.event_id, trackId)
      .filter((r) => !state.rs || r.registration_status === state.rs)
      .filter((r) => !state.ps || r.payment_status === state.ps)
      .filter(
        (r) => !needle || [r.first_name, r.last_name, r.email_address].some((t) => t.toLowerCase().includes(needle)),
      )
      .map(lite);
    if (state.sb) {
      const key = state.sb;
      const sign = state.so === 'DESC' ? -1 : 1;
      rows = rows.sort((a, b) => {
        const x = a[key];
        const y = b[key];
        return sign * (typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y)));
      });
    }
    const path = `/v3/events/${event.event_id}/tracks/${trackId}/registrations`;
    const out: Record<string, unknown> = {
      records: rows.slice(state.o, state.o + state.l),
      total_records: rows.length,
    };
    const links: Record<string, { href: string }> = { self: { href: path } };
    if (state.o + state.l < rows.length) {
      out.next_cursor = encodeCursor({ ...state, o: state.o + state.l });
      links.next = { href: `${path}?next=${encodeURIComponent(out.next_cursor as string)}` };
    }
    if (state.o > 0) {
      out.prev_cursor = encodeCursor({ ...state, o: Math.max(0, state.o - state.l) });
      links.prev = { href: `${path}?prev=${encodeURIComponent(out.prev_cursor as string)}` };
    }
    out._links = links;
    return c.json(out);
  });

  api.get(`${base}/:registration_id`, scope, (c) => {
    const { event, trackId } = trackOr404(ctx, c);
    const id = c.req.param('registration_id');
    const reg = findRegistration(ctx.db, event.event_id, id);
    if (!reg || reg.track_id !== trackId)
      throw notFound('event.api.not_found', `This event track has no registration ${id}.`);
    return c.json(detailed(reg));
  });

  api.put(base, scope, async (c) => {
    trackOr404(ctx, c);
    for (const flag of ['increase_count', 'increase_item_count', 'return_items_to_inventory']) boolQuery(c, flag);
    const body = await readJsonObject(c);
    const ids = stringList(body.registration_ids, 'registration_ids');
    const status = body.registration_status;
    if (typeof status !== 'string' || !REG_STATUSES.includes(status))
      throw bad(`registration_status is required, one of ${REG_STATUSES.join(', ')}.`);
    return updateMany(ctx, c, ids, (r) => ({ ...r, registration_status: status }));
  });

  api.put(`${base}/payment_status`, scope, async (c) => {
    trackOr404(ctx, c);
    const body = await readJsonObject(c);
    const ids = stringList(body.registration_ids, 'registration_ids');
    const status = body.payment_status;
    if (typeof status !== 'string' || !PAY_STATUSES.includes(status))
      throw bad(`payment_status is required, one of ${PAY_STATUSES.join(', ')}.`);
    // "Free registrations without a payment method are silently excluded."
    return updateMany(ctx, c, ids, (r) => (r.payment_method ? { ...r, payment_status: status } : 'skip'));
  });

  for (const [path, checkIn] of [
    ['check_in', true],
    ['undo_check_in', false],
  ] as const) {
    api.post(`/events/:event_id/${path}/tickets`, scope, async (c) => {
      const event = eventOr404(ctx, c.req.param('event_id'));
      const body = await readJsonObject(c);
      if (event.status !== 'ACTIVE' && event.status !== 'COMPLETE')
        throw bad(`Tickets are checked in only for an ACTIVE or COMPLETE event; this one is ${event.status}.`);
      const keys = stringList(body.order_ticket_keys, 'order_ticket_keys');
      const trackId = (event.default_track as { track_id: string }).track_id;
      const regs = listRegistrations(ctx.db, event.event_id, trackId);
      const owner = new Map(regs.flatMap((r) => r.tickets.map((t) => [t.order_ticket_key, r] as const)));
      const unknown = keys.filter((k) => !owner.has(k));
      if (unknown.length > 0) throw bad(`No ticket of this event has the key ${unknown.join(', ')}.`);
      const now = ctx.clock.nowIso();
      for (const key of keys) {
        const reg = owner.get(key) as Registration;
        const ticket = reg.tickets.find((t) => t.order_ticket_key === key);
        if (checkIn && ticket?.status === 'CANCELLED')
          throw bad(`Ticket ${key} is CANCELLED and cannot be checked in.`);
      }
      for (const reg of new Set(owner.values())) {
        const touched = reg.tickets.some((t) => keys.includes(t.order_ticket_key));
        if (!touched) continue;
        for (const t of reg.tickets) {
          if (!keys.includes(t.order_ticket_key)) continue;
          if (checkIn) t.checked_in_time ??= now;
          else delete t.checked_in_time;
        }
        saveRegistration(ctx.db, reg);
      }
      return c.body(null, 204);
    });
  }
}
