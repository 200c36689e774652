import type { SandboxContext } from '../../context.js';
import { membershipsOfMany, type ContactRow, type CustomFieldValue, type Note } from '../../store/contacts.js';
import { customFieldsByName, type CustomFieldRow } from '../../store/custom-fields.js';
import { appendExportPart } from '../../store/exports.js';
import { sql } from '../../store/sql.js';
import type { ActivityOutcome, ActivityProgress } from './engine.js';
import { countSelected, nextSlice, selectionCondition, SLICE_SIZE, type SourceSelection } from './contact-source.js';
import { segmentMemberIds } from '../segments/evaluate.js';

/**
 * contact_exports (SW def ContactsExport): a CSV of the selected contacts with the requested columns,
 * written one slice of contacts per job, downloaded from `/contact_exports/{activity_id}`.
 */

export interface ExportRequest {
  selection: SourceSelection;
  /** CSV columns, in order: field names, and `cf:<name>` for custom fields. */
  fields: string[];
}

interface ExportState extends ExportRequest {
  position: number;
  total: number;
  done: number;
  members?: string[];
}

type Address = {
  kind?: string;
  street?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
};
type Phone = { phone_number?: string; kind?: string };

/** Columns in their default order (the docs' field names); custom fields follow as `cf:<name>`. */
export const EXPORT_FIELDS = [
  'email_address',
  'first_name',
  'last_name',
  'job_title',
  'company_name',
  'phone_number',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'birthday_month',
  'birthday_day',
  'anniversary',
  'email_lists',
  'notes',
  'source_name',
  'created_at',
  'updated_at',
  'email_optin_source',
  'email_optin_date',
  'email_optout_source',
  'email_optout_date',
  'email_optout_reason',
] as const;
/** Accepted in `fields` but never in the default set: no data behind them in the sandbox, or derived. */
export const EXTRA_EXPORT_FIELDS = ['birthday', 'website', 'social_profiles'] as const;
/** Fields the docs say may only be exported together with `email_address`. */
export const NEEDS_EMAIL_ADDRESS = [
  'email_optin_source',
  'email_optin_date',
  'email_optout_source',
  'email_optout_date',
  'email_optout_reason',
];

export function defaultExportFields(ctx: SandboxContext): string[] {
  const customFields = sql(ctx.db, 'SELECT name FROM contact_custom_fields ORDER BY seq').all() as { name: string }[];
  return [...EXPORT_FIELDS, ...customFields.map((f) => `cf:${f.name}`)];
}

export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function firstAddress(row: ContactRow): Address {
  const addresses = JSON.parse(row.street_addresses) as Address[];
  return addresses.find((a) => a.kind === 'home') ?? addresses[0] ?? {};
}

function cellOf(
  field: string,
  row: ContactRow,
  lists: string,
  customFields: ReadonlyMap<string, CustomFieldRow>,
): string {
  const address = (): Address => firstAddress(row);
  switch (field) {
    case 'phone_number':
      return (JSON.parse(row.phone_numbers) as Phone[])[0]?.phone_number ?? '';
    case 'street':
      return address().street ?? '';
    case 'city':
      return address().city ?? '';
    case 'state':
      return address().state ?? '';
    case 'zip':
      return address().postal_code ?? '';
    case 'country':
      return address().country ?? '';
    case 'birthday':
      return row.birthday_month !== null && row.birthday_day !== null
        ? `${row.birthday_month}/${row.birthday_day}`
        : '';
    case 'email_lists':
      return lists;
    case 'notes':
      return (JSON.parse(row.notes) as Note[]).map((n) => n.content).join('\n');
    case 'source_name':
      return row.create_source;
    case 'email_optin_source':
      return row.opt_in_source ?? '';
    case 'email_optin_date':
      return row.opt_in_date ?? '';
    case 'email_optout_source':
      return row.opt_out_source ?? '';
    case 'email_optout_date':
      return row.opt_out_date ?? '';
    case 'email_optout_reason':
      return row.opt_out_reason ?? '';
    case 'website':
    case 'social_profiles':
      return '';
    default: {
      if (field.startsWith('cf:')) {
        const definition = customFields.get(field.slice(3).toLowerCase());
        const values = JSON.parse(row.custom_fields) as CustomFieldValue[];
        return values.find((v) => v.custom_field_id === definition?.custom_field_id)?.value ?? '';
      }
      const value = (row as unknown as Record<string, unknown>)[field];
      return value === null || value === undefined ? '' : String(value);
    }
  }
}

function renderRows(ctx: SandboxContext, rows: readonly ContactRow[], fields: readonly string[]): string {
  const memberships = fields.includes('email_lists')
    ? membershipsOfMany(
        ctx.db,
        rows.map((r) => r.contact_id),
      )
    : null;
  const listNames = new Map(
    (sql(ctx.db, 'SELECT list_id, name FROM contact_lists').all() as { list_id: string; name: string }[]).map((l) => [
      l.list_id,
      l.name,
    ]),
  );
  const customFields = customFieldsByName(ctx.db);
  return rows
    .map((row) => {
      const lists = (memberships?.get(row.contact_id) ?? []).map((id) => listNames.get(id) ?? id).join(', ');
      return fields.map((f) => csvCell(cellOf(f, row, lists, customFields))).join(',') + '\r\n';
    })
    .join('');
}

export function processExport(
  ctx: SandboxContext,
  input: unknown,
  activity: { activity_id: string },
): ActivityOutcome | ActivityProgress {
  const state = input as ExportState;
  if (state.position === undefined) {
    // First slice: fix the segment's members and the total, write the header.
    if (state.selection.source.kind === 'segment')
      state.members = segmentMemberIds(ctx, state.selection.source.segment_id);
    state.total = countSelected(ctx, selectionCondition(state.selection, state.members));
    state.position = 0;
    state.done = 0;
    appendExportPart(ctx.db, activity.activity_id, state.fields.map(csvCell).join(',') + '\r\n');
  }
  const rows = nextSlice(ctx, selectionCondition(state.selection, state.members), state.position);
  if (rows.length > 0) appendExportPart(ctx.db, activity.activity_id, renderRows(ctx, rows, state.fields));
  state.done += rows.length;
  state.position = rows[rows.length - 1]?.seq ?? state.position;
  const status = { items_total_count: state.total, items_completed_count: Math.min(state.done, state.total) };
  if (rows.length < SLICE_SIZE) return { state: 'completed', status, errors: [] };
  const percentDone = state.total === 0 ? 100 : Math.min(99, Math.floor((state.done / state.total) * 100));
  return { state: 'processing', input: state, status, percentDone };
}
