import { z } from 'zod';
import type { ContactTrackingActivityType } from '../../client/index.js';
import { isoDate, meta, uuid } from '../fields.js';
import { TRACKING_ACTIVITY_TYPES } from '../options.js';

/** Fields shared by the four Contact Tracking Report modules (facts §1.3, §6.1). */

export const contactIdField = (purpose: string) =>
  uuid('contact id').meta(meta('Contact ID', `The contact ${purpose}.`, { options: 'contacts' }));

export const trackingActivitiesField = (purpose: string) =>
  z
    .array(
      z.enum(TRACKING_ACTIVITY_TYPES as unknown as [ContactTrackingActivityType, ...ContactTrackingActivityType[]], {
        error: `must be one of ${TRACKING_ACTIVITY_TYPES.join(', ')}`,
      }),
    )
    .min(1, 'must name at least one activity type')
    .meta(
      meta(
        'Tracking Activities List',
        `The kinds of activity ${purpose}, at least one: ` +
          `em_sends, em_opens, em_clicks, em_bounces, em_optouts, em_forwards (emails) ` +
          `and p_contact_open, p_contact_click, p_contact_add, p_contact_update (landing pages).`,
        { options: 'tracking-activity-types' },
      ),
    );

const DAY_MS = 86_400_000;

/**
 * An ISO-8601 value as an instant. A date alone means the whole day in UTC: its start for Start Date,
 * its last millisecond for End Date, so "2026-03-01 to 2026-03-01" covers that day. A date-time
 * without an offset is read as UTC (never as this machine's time zone).
 */
export function toInstant(value: string, edge: 'start' | 'end'): number {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const midnight = Date.parse(`${v}T00:00:00.000Z`);
    return edge === 'start' ? midnight : midnight + DAY_MS - 1;
  }
  const withT = v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(withT) ? withT : `${withT}Z`);
}

export const dateRangeFields = (what: string) => ({
  start: isoDate().meta(
    meta(
      'Start Date',
      `The first day (or instant) of the period ${what}: ` +
        `an ISO-8601 date (2026-01-01) or date-time (2026-01-01T00:00:00-05:00). A date alone starts at 00:00 UTC.`,
    ),
  ),
  end: isoDate().meta(
    meta(
      'End Date',
      `The last day (or instant) of the period ${what}: an ISO-8601 date or date-time, not before Start Date. ` +
        `A date alone includes that whole day (to 23:59:59.999 UTC).`,
    ),
  ),
});

/** Refinement: End Date not before Start Date (and, with `maxYears`, not further than that after it). */
export function checkRange(maxYears?: number) {
  return (value: { start: string; end: string }, ctx: z.RefinementCtx): void => {
    const start = toInstant(value.start, 'start');
    const end = toInstant(value.end, 'end');
    if (Number.isNaN(start) || Number.isNaN(end)) return; // the fields' own checks report it
    if (end < start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before Start Date' });
      return;
    }
    if (maxYears !== undefined) {
      const latest = new Date(start);
      latest.setUTCFullYear(latest.getUTCFullYear() + maxYears);
      if (end > latest.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: `must be at most ${maxYears} years after Start Date (the API's limit): at most ${latest.toISOString()}`,
        });
      }
    }
  };
}

/** The range as the API takes it: two instants in UTC. */
export function rangeQuery(value: { start: string; end: string }): { start: string; end: string } {
  return {
    start: new Date(toInstant(value.start, 'start')).toISOString(),
    end: new Date(toInstant(value.end, 'end')).toISOString(),
  };
}
