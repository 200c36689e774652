import { z } from 'zod';
import type { JsonImportContact } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { ModuleInputError } from '../input.js';
import {
  importOutput,
  importOutputSchema,
  MAX_IMPORT_BYTES,
  submitParts,
  waitForActivities,
  type ImportPart,
} from './import/activities.js';
import { checkImportRow, isCustomFieldColumn, JSON_IMPORT_COLUMNS, JSON_IMPORT_LIMITS } from './import/rows.js';
import { listIdsField, unique, waitForImportsField } from './fields.js';

/**
 * Import Contacts: POST /activities/contacts_json_import (facts §3.2). One request takes at most
 * 40,000 contacts and under 4 MB, and the API silently drops whatever is past 4 MB, so a bigger input
 * is cut along contact boundaries into several activities: every contact given is sent.
 */

export const MAX_CONTACTS_PER_IMPORT = 40_000;
/** How many bad rows one error lists before summing up the rest. */
const PROBLEMS_SHOWN = 10;

const input = z.object({
  contacts: z
    .array(z.record(z.string(), z.unknown()), {
      error: 'must be a list of contacts, each an object such as {"email": "jane@example.com", "first_name": "Jane"}',
    })
    .min(1, 'give at least one contact')
    .meta(
      meta(
        'Contacts',
        'The contacts to import, each a flat object: email (or sms_number) plus any of first_name, ' +
          'last_name, job_title, company_name, birthday_month, birthday_day, anniversary, phone, ' +
          'home_phone, work_phone, mobile_phone, other_phone, street, street2, city, state, zip, ' +
          'country (and their home_, work_ and other_ variants), sms_consent_date, ' +
          'and "cf:<custom field name>" for custom fields. An existing contact (same email) ' +
          'gets only the given properties updated. Any number of contacts: ' +
          'past 40,000 or 4 MB the import is split into several activities.',
      ),
    ),
  list_ids: listIdsField('Contact List ID', 'The lists the imported contacts join (1 to 50).', 50, 1),
  wait: waitForImportsField(),
});

/** Every bad contact found (the first problem of each), as one input error naming row and column. */
function checkRows(rows: readonly Record<string, unknown>[]): void {
  const problems: { field: string; label: string; message: string }[] = [];
  let bad = 0;
  const knownColumn = (column: string) => JSON_IMPORT_COLUMNS.has(column) || isCustomFieldColumn(column);
  rows.forEach((row, i) => {
    const problem = checkImportRow(row, { emailMax: JSON_IMPORT_LIMITS.email, knownColumn });
    if (!problem) return;
    bad++;
    if (problems.length < PROBLEMS_SHOWN) {
      problems.push({
        field: `contacts.${i}.${problem.column}`,
        label: `Contacts › row ${i + 1} › column ${problem.column}`,
        message: problem.message,
      });
    }
  });
  if (bad > problems.length)
    problems.push({
      field: 'contacts',
      label: 'Contacts',
      message: `${bad - problems.length} more rows have problems; fix the rows above and check again`,
    });
  if (problems.length > 0) throw new ModuleInputError('Import Contacts', problems);
}

/** Cuts the rows into parts of at most 40,000 contacts whose request body stays within 4 MB. */
export function splitJsonImport(
  rows: readonly unknown[],
  listIds: readonly string[],
  maxBytes = MAX_IMPORT_BYTES,
  maxRows = MAX_CONTACTS_PER_IMPORT,
): ImportPart[] {
  const overhead = Buffer.byteLength(JSON.stringify({ import_data: [], list_ids: listIds }));
  const budget = maxBytes - overhead;
  const parts: ImportPart[] = [];
  let start = 0;
  let bytes = 0;
  rows.forEach((row, i) => {
    // Each row costs its JSON text plus the comma that separates it from the next.
    const size = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (size > budget)
      throw new ModuleInputError('Import Contacts', [
        {
          field: `contacts.${i}`,
          label: `Contacts › row ${i + 1}`,
          message: `is ${size} bytes of JSON; one contact must fit in a ${maxBytes}-byte request`,
        },
      ]);
    if (i - start === maxRows || bytes + size > budget) {
      parts.push({ first_row: start + 1, last_row: i, contacts_count: i - start });
      start = i;
      bytes = 0;
    }
    bytes += size;
  });
  parts.push({ first_row: start + 1, last_row: rows.length, contacts_count: rows.length - start });
  return parts;
}

export default defineModule({
  key: 'import-contacts',
  name: 'Import Contacts',
  group: 'Contact',
  kind: 'action',
  description:
    'Imports contacts from a list of contact objects into one or more contact lists, as bulk activities. ' +
    'New contacts are created; for an existing contact (same email) only the given properties are updated. ' +
    'Large inputs are split into several activities so no contact is dropped.',
  scopes: ['contact_data'],
  input,
  output:
    '{contacts_count, parts, activities[]}: one activity per part with part, first_row, last_row, ' +
    'contacts_count, activity_id, state, percent_done, status, activity_errors, _links; ' +
    'with Wait for Completion also completed and totals (person_count, error_count, correctable_count, ' +
    'cannot_add_to_list_count, activity_errors_count).',
  outputSchema: importOutputSchema,
  async run(v, ctx) {
    checkRows(v.contacts);
    const listIds = unique(v.list_ids);
    const parts = splitJsonImport(v.contacts, listIds);
    const options = ctx.callOptions();
    const send = (index: number) => {
      const part = parts[index] as ImportPart;
      const importData = v.contacts.slice(part.first_row - 1, part.last_row) as JsonImportContact[];
      return ctx.client.activities.jsonImport({ import_data: importData, list_ids: listIds }, options);
    };
    let activities = await submitParts('Import Contacts', parts, send, ctx);
    if (v.wait) activities = await waitForActivities('Import Contacts', activities, ctx);
    return importOutput(activities, v.contacts.length, v.wait);
  },
});
