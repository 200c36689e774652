import { badRequest } from '../../errors.js';
import type { TrackingRow } from '../../store/tracking.js';
import { iso } from './dates.js';

/** Pieces shared by the email and contact reports. */

export const REPORTING_VALIDATION_KEY = 'reporting.api.validation.error';

/** Fields every tracking item carries; names come from the contact as it is now. */
export function trackingBase(row: TrackingRow, type: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    contact_id: row.contact_id,
    campaign_activity_id: row.campaign_activity_id,
    tracking_activity_type: type,
    email_address: row.email_address,
  };
  if (row.first_name !== null) item.first_name = row.first_name;
  if (row.last_name !== null) item.last_name = row.last_name;
  item.created_time = iso(row.at_ms);
  if (row.deleted_at !== null) item.deleted_at = row.deleted_at;
  return item;
}

/** A boolean query parameter: `true`/`false` (any case), else 400. */
export function readBoolean(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(REPORTING_VALIDATION_KEY, `${name} must be true or false.`);
}
