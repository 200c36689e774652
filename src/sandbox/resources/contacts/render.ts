import type { Db } from '../../db.js';
import { membershipsOfMany, type ContactRow } from '../../store/contacts.js';

/**
 * Contact rows as the API shows them (SW def ContactResource). Properties without a value are left
 * out rather than sent as null, and subresources appear only when `include=` asks for them; their
 * JSON columns are parsed only then, which keeps a 500-contact page cheap.
 */
export const INCLUDES = [
  'custom_fields',
  'list_memberships',
  'phone_numbers',
  'street_addresses',
  'taggings',
  'notes',
] as const;
export type Include = (typeof INCLUDES)[number];

type Json = Record<string, unknown>;

function emailAddress(row: ContactRow): Json {
  const email: Json = { address: row.email_address };
  if (row.permission_to_send !== null) email.permission_to_send = row.permission_to_send;
  if (row.email_created_at !== null) email.created_at = row.email_created_at;
  if (row.email_updated_at !== null) email.updated_at = row.email_updated_at;
  if (row.opt_in_source !== null) email.opt_in_source = row.opt_in_source;
  if (row.opt_in_date !== null) email.opt_in_date = row.opt_in_date;
  if (row.permission_to_send === 'unsubscribed') {
    if (row.opt_out_source !== null) email.opt_out_source = row.opt_out_source;
    if (row.opt_out_date !== null) email.opt_out_date = row.opt_out_date;
    if (row.opt_out_reason !== null) email.opt_out_reason = row.opt_out_reason;
  }
  if (row.confirm_status !== null) email.confirm_status = row.confirm_status;
  return email;
}

const CORE = [
  'first_name',
  'last_name',
  'job_title',
  'company_name',
  'birthday_month',
  'birthday_day',
  'anniversary',
  'create_source',
  'update_source',
] as const;

function core(row: ContactRow): Json {
  const out: Json = { contact_id: row.contact_id };
  if (row.email_address !== null) out.email_address = emailAddress(row);
  for (const key of CORE) if (row[key] !== null) out[key] = row[key];
  out.created_at = row.created_at;
  out.updated_at = row.updated_at;
  if (row.deleted_at !== null) out.deleted_at = row.deleted_at;
  return out;
}

/** Renders rows; `include` lists the subresources to add (list memberships come from their table). */
export function renderContacts(db: Db, rows: readonly ContactRow[], include: ReadonlySet<Include>): Json[] {
  const memberships = include.has('list_memberships')
    ? membershipsOfMany(
        db,
        rows.map((r) => r.contact_id),
      )
    : undefined;
  return rows.map((row) => {
    const out = core(row);
    for (const key of INCLUDES) {
      if (!include.has(key)) continue;
      if (key === 'list_memberships') out.list_memberships = memberships?.get(row.contact_id) ?? [];
      else out[key] = JSON.parse(row[key]) as unknown;
    }
    return out;
  });
}

export function renderContact(db: Db, row: ContactRow, include: ReadonlySet<Include>): Json {
  return renderContacts(db, [row], include)[0] as Json;
}
