import { z } from 'zod';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { ModuleInputError } from '../input.js';
import { importOutput, importOutputSchema, submitParts, waitForActivities } from './import/activities.js';
import { CsvInputError, cutCsvImport, fileChunks, partFileName, type CsvCut } from './import/csv.js';
import { partStore } from './import/part-store.js';
import { listIdsField, unique, waitForImportsField } from './fields.js';

/**
 * Import Contact by CSV: POST /activities/contacts_file_import, multipart (facts §3.3). The API reads
 * at most 40,000 lines and the first 4 MB of a file and drops the rest without a word, so a bigger
 * file is sent as several files (each with the header), one activity each.
 */

const input = z.object({
  list_ids: listIdsField('Contact List IDs', 'The lists the imported contacts join (1 to 50).', 50, 1),
  file_name: z
    .string()
    .trim()
    .regex(/^[^/\\]+\.csv$/i, 'must be a file name ending in .csv, e.g. contacts.csv (the API refuses other files)')
    .meta(meta('File Name', 'The name of the file, ending in .csv (e.g. contacts.csv).')),
  data: z
    .string()
    .min(1, 'must not be empty: give the CSV text, header line first')
    .meta(
      meta(
        'Data',
        'The CSV text. The first line holds the column headings: ' +
          'email (required), first_name, last_name, job_title, company_name, phone, anniversary, birthday_day, ' +
          'birthday_month, street, street2, city, state, zip, country, sms_number, sms_consent_date, ' +
          'and cf:<custom field name> for custom fields. Files past 40,000 lines or 4 MB are split into ' +
          'several imports, so no row is dropped.',
      ),
    ),
  wait: waitForImportsField(),
});

export default defineModule({
  key: 'import-contacts-csv',
  name: 'Import Contact by CSV',
  group: 'Contact',
  kind: 'action',
  description:
    'Imports contacts from CSV text into one or more contact lists, as bulk activities. ' +
    'The header and every row are checked first; files past 40,000 lines or 4 MB are split along rows so every ' +
    'contact is imported.',
  scopes: ['contact_data'],
  input,
  output:
    '{contacts_count, parts, activities[]}: one activity per file sent, with part, first_row, ' +
    'last_row, first_line, last_line, contacts_count, activity_id, state, source_file_name, ' +
    'status, activity_errors, _links; with Wait for Completion also completed and totals.',
  outputSchema: importOutputSchema,
  // `--field data=@contacts.csv` is streamed from the file, never read whole (see import/part-store.ts).
  fileFields: ['data'],
  async run(v, ctx) {
    const file = ctx.files?.get(v.data);
    const source = file !== undefined ? fileChunks(file) : [v.data];
    const store = await partStore(file !== undefined);
    try {
      let cut: CsvCut;
      try {
        cut = await cutCsvImport(source, (lines) => store.keep(lines));
      } catch (err) {
        if (!(err instanceof CsvInputError)) throw err;
        throw new ModuleInputError(
          'Import Contact by CSV',
          err.problems.map((p) => ({
            field: 'data',
            label: `Data › line ${p.line}${p.column ? ` › column ${p.column}` : ''}`,
            message: p.message,
          })),
        );
      }
      const listIds = unique(v.list_ids);
      const options = ctx.callOptions();
      const count = cut.parts.length;
      const send = async (index: number) =>
        ctx.client.activities.csvImport(
          { fileName: partFileName(v.file_name, index + 1, count), data: await store.content(index), listIds },
          options,
        );
      let activities = await submitParts('Import Contact by CSV', cut.parts, send, ctx);
      if (v.wait) activities = await waitForActivities('Import Contact by CSV', activities, ctx);
      return importOutput(activities, cut.rows, v.wait);
    } finally {
      await store.close();
    }
  },
});
