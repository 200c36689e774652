import type { Context } from 'hono';
import type { SandboxContext } from '../../context.js';
import { badRequest, notFound } from '../../errors.js';
import { findEvent, saveEvent, type EventDoc } from '../../store/events.js';

export const bad = (message: string) => badRequest('event.api.validation.error', message);

/** The event, with the clock applied: an ACTIVE event whose end has passed is COMPLETE (README "Events"). */
export function eventOr404(ctx: SandboxContext, eventId: string): EventDoc {
  const event = findEvent(ctx.db, eventId);
  if (!event) throw notFound('event.api.not_found', `No event has the id ${eventId}. List them with GET /v3/events.`);
  return settle(ctx, event);
}

export function settle(ctx: SandboxContext, event: EventDoc): EventDoc {
  if (event.status === 'ACTIVE' && Date.parse(String(event.event_end)) <= ctx.clock.nowMs()) {
    const done = { ...event, status: 'COMPLETE', last_update_time: String(event.event_end) };
    saveEvent(ctx.db, done);
    return done;
  }
  return event;
}

/** Reads a boolean query parameter (`true`/`false`), 400 for anything else. */
export function boolQuery(c: Context, name: string): boolean | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') throw bad(`${name} must be true or false.`);
  return raw === 'true';
}

export function oneOf(c: Context, name: string, allowed: readonly string[]): string | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!allowed.includes(raw)) throw bad(`${name} must be one of ${allowed.join(', ')}; got ${raw}.`);
  return raw;
}

export function isoTime(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value))
    throw bad(`${name} must be an ISO 8601 date-time with a zone, e.g. 2027-01-15T10:00:00Z.`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw bad(`${name} is not a real date: ${value}.`);
  return new Date(ms).toISOString();
}

export function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== ''))
    throw bad(`${name} is required: a non-empty array of ids.`);
  if (value.length > 500) throw bad(`${name} takes at most 500 ids per request.`);
  return [...new Set(value as string[])];
}

/** The EventDto; `event_settings` and `event_metadata` only when asked for (`include=true`, or on create). */
export function render(event: EventDoc, withSettings: boolean): Record<string, unknown> {
  const { event_settings: settings, event_metadata: metadata, ...rest } = event;
  return withSettings ? { ...rest, event_settings: settings, event_metadata: metadata } : rest;
}
