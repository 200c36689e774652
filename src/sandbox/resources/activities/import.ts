import type { SandboxContext } from '../../context.js';
import {
  addMemberships,
  emptyColumns,
  findContactByEmail,
  insertContactRow,
  insertMemberships,
  newContactId,
  reviveContact,
  updateContact,
  type ContactColumns,
  type ContactRow,
  type PhoneNumber,
  type StreetAddress,
} from '../../store/contacts.js';
import { customFieldsByName } from '../../store/custom-fields.js';
import { missingLists } from '../../store/lists.js';
import { LIMITS } from '../contacts/input.js';
import { addressResources, newEmailColumns, phoneResources } from '../contacts/write.js';
import type { ActivityOutcome, ActivityProgress } from './engine.js';
import { ErrorLog, type ErrorLogState } from './errors.js';
import { readImportRow, type ImportedContact } from './import-row.js';

/**
 * Processing of contacts_json_import and contacts_file_import (facts §3.2–3.3), in one transaction
 * with prepared statements. New contacts get `implicit` permission with `opt_in_source: Account`;
 * an existing contact (matched by email, deleted or not) gets only the supplied properties. Every
 * imported contact joins the target lists except unsubscribed ones, which are counted in
 * `cannot_add_to_list_count`. Rows that cannot be imported are reported in `activity_errors` and
 * counted as correctable (bad email, date, or no email) or not.
 */

export interface ImportRequest {
  rows: unknown[];
  list_ids: string[];
  /** How rows are named in activity_errors: CSV line numbers (header = line 1) or import_data indexes. */
  rowNaming: 'csv' | 'json';
}

/** Counters as the activity shows them while it waits (SW def ActivityImport: the total includes the header row). */
export function initialImportStatus(rows: number): Record<string, number> {
  return {
    items_total_count: rows + 1,
    items_completed_count: 0,
    person_count: 0,
    error_count: 0,
    correctable_count: 0,
    cannot_add_to_list_count: 0,
  };
}

/** Rows imported per job: a few milliseconds of work, so requests waiting meanwhile are answered promptly. */
export const IMPORT_SLICE_ROWS = 500;

/** Where the next slice of an import starts, and what the earlier slices counted. */
interface ImportResume {
  next: number;
  status: Record<string, number>;
  errors: ErrorLogState;
  /** Lists already reported gone (each is named once). */
  gone: string[];
}

export function processImport(
  ctx: SandboxContext,
  input: unknown,
  _activity?: unknown,
  resume?: unknown,
): ActivityOutcome | ActivityProgress {
  const request = input as ImportRequest;
  const previous = resume as ImportResume | undefined;
  const now = ctx.clock.nowIso();
  const errors = ErrorLog.from(previous?.errors);
  const status = previous?.status ?? initialImportStatus(request.rows.length);
  const gone = new Set(missingLists(ctx.db, request.list_ids));
  const lists = request.list_ids.filter((id) => !gone.has(id));
  if (lists.length === 0) {
    const message =
      previous === undefined
        ? "None of the import's contact lists exists any more; nothing was imported."
        : `None of the import's contact lists exists any more; the import stopped after ${previous.next} rows.`;
    return { state: 'failed', status, errors: [...errors.list(), message] };
  }
  const reported = new Set(previous?.gone);
  for (const id of gone) {
    if (!reported.has(id)) errors.add(`The list ${id} no longer exists; contacts were not added to it.`);
  }
  const fields = customFieldsByName(ctx.db);
  const counters = status as Record<
    'person_count' | 'error_count' | 'correctable_count' | 'cannot_add_to_list_count',
    number
  >;

  const from = previous?.next ?? 0;
  const to = Math.min(request.rows.length, from + IMPORT_SLICE_ROWS);
  for (let index = from; index < to; index++) {
    const raw = request.rows[index];
    const where = request.rowNaming === 'csv' ? `Line ${index + 2}` : `import_data[${index}]`;
    const result = readImportRow(raw, fields);
    if (!result.ok) {
      if (result.correctable) counters.correctable_count++;
      else counters.error_count++;
      errors.add(`${where}: ${result.message}.`);
      continue;
    }
    const existing = findContactByEmail(ctx.db, result.contact.email);
    const unsubscribed = existing
      ? updateImported(ctx, existing, result.contact, lists, now)
      : createImported(ctx, result.contact, lists, now);
    if (unsubscribed) counters.cannot_add_to_list_count++;
    counters.person_count++;
  }
  if (to < request.rows.length) {
    status.items_completed_count = to;
    const next: ImportResume = { next: to, status, errors: errors.state(), gone: [...gone] };
    return { state: 'processing', status, percentDone: Math.floor((to * 100) / request.rows.length), resume: next };
  }
  status.items_completed_count = status.items_total_count ?? 0;
  return { state: 'completed', status, errors: errors.list() };
}

function createImported(ctx: SandboxContext, contact: ImportedContact, lists: readonly string[], now: string): boolean {
  const columns: ContactColumns = {
    ...emptyColumns('Account'),
    ...contact.core,
    ...newEmailColumns({ address: contact.email, permission_to_send: 'implicit' }, 'Account', now),
  };
  if (contact.phones.length > 0)
    columns.phone_numbers = JSON.stringify(phoneResources(ctx, contact.phones, 'Account', now));
  if (contact.addresses.length > 0)
    columns.street_addresses = JSON.stringify(addressResources(ctx, contact.addresses, now));
  if (contact.customFields.length > 0) columns.custom_fields = JSON.stringify(contact.customFields);
  const contactId = newContactId();
  insertContactRow(ctx.db, contactId, columns, now);
  insertMemberships(ctx.db, contactId, lists);
  return false;
}

/** Replaces the item of the same kind (or custom field), appends the others, keeps the newest `max`. */
function merge<T>(current: T[], incoming: T[], same: (a: T, b: T) => boolean, max: number): T[] {
  const out = current.filter((c) => !incoming.some((i) => same(c, i)));
  out.push(...incoming);
  return out.slice(Math.max(0, out.length - max));
}

/** Updates only what the row supplies. Returns true when the contact is unsubscribed (so not added to lists). */
function updateImported(
  ctx: SandboxContext,
  row: ContactRow,
  contact: ImportedContact,
  lists: readonly string[],
  now: string,
): boolean {
  const patch: Partial<ContactColumns> = { ...contact.core, update_source: 'Account' };
  if (contact.phones.length > 0) {
    const incoming = phoneResources(ctx, contact.phones, 'Account', now);
    patch.phone_numbers = JSON.stringify(
      merge(JSON.parse(row.phone_numbers) as PhoneNumber[], incoming, (a, b) => a.kind === b.kind, LIMITS.phones),
    );
  }
  if (contact.addresses.length > 0) {
    const incoming = addressResources(ctx, contact.addresses, now);
    patch.street_addresses = JSON.stringify(
      merge(
        JSON.parse(row.street_addresses) as StreetAddress[],
        incoming,
        (a, b) => a.kind === b.kind,
        LIMITS.addresses,
      ),
    );
  }
  if (contact.customFields.length > 0) {
    const current = JSON.parse(row.custom_fields) as ImportedContact['customFields'];
    patch.custom_fields = JSON.stringify(
      merge(current, contact.customFields, (a, b) => a.custom_field_id === b.custom_field_id, LIMITS.customFields),
    );
  }
  updateContact(ctx.db, row.contact_id, patch, now);
  if (row.permission_to_send === 'unsubscribed') {
    // Re-importing a deleted unsubscribed contact brings it back, still unsubscribed (facts §4.6).
    reviveContact(ctx.db, row.contact_id, now);
    return true;
  }
  addMemberships(ctx.db, row.contact_id, lists, now);
  return false;
}
