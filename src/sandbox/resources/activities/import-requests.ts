import type { Context } from 'hono';
import type { SandboxContext } from '../../context.js';
import { badRequest, unsupportedMediaType } from '../../errors.js';
import { missingLists } from '../../store/lists.js';
import { isObject, readEnum, readIdArray } from '../contacts/fields.js';
import { invalid, isUuid, Problems } from '../contacts/problems.js';
import type { ImportRequest } from './import.js';
import { parseCsvRecords, parseCsvRecordsNow } from './csv.js';

/**
 * Accepting an import: the request is checked (lists, content type, file name) and cut to the API's
 * limits the way the API does it, silently: at most 40,000 contacts (a CSV: 40,000 lines with the
 * header) and the first 4 MB of data (facts §3.2–3.3).
 */

export const MAX_IMPORT_CONTACTS = 40_000;
export const MAX_CSV_LINES = 40_000;
/** "4 MB", read as 4 MiB. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

const SMS_PERMISSIONS = ['not_set', 'explicit'] as const;

function checkTargetLists(ctx: SandboxContext, listIds: string[]): void {
  const missing = missingLists(ctx.db, listIds);
  if (missing.length > 0) throw invalid(`list_ids: the list ${missing.join(', ')} does not exist.`);
}

/** Keeps the rows that fit in the first 4 MB of the body (each row counted as its JSON text plus a comma). */
function rowsWithinBytes(rows: unknown[], budget: number): unknown[] {
  let used = 0;
  for (let i = 0; i < rows.length; i++) {
    used += Buffer.byteLength(JSON.stringify(rows[i]) ?? '') + 1;
    if (used > budget) return rows.slice(0, i);
  }
  return rows;
}

export async function readJsonImport(ctx: SandboxContext, c: Context): Promise<ImportRequest> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw unsupportedMediaType();
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw badRequest('http.status.bad_request', 'The request body is not valid JSON.');
  }
  if (!isObject(body)) throw badRequest('http.status.bad_request', 'The request body must be a JSON object.');
  const problems = new Problems();
  if (!Array.isArray(body.import_data)) problems.add('import_data is required and must be an array of contacts.');
  else if (body.import_data.length === 0) problems.add('import_data must contain at least one contact.');
  const listIds = readIdArray(problems, body, 'list_ids', 50);
  if (listIds === undefined && !problems.messages.some((m) => m.startsWith('list_ids')))
    problems.add('list_ids is required.');
  if (listIds !== undefined && listIds.length === 0) problems.add('list_ids must contain at least one list id.');
  readEnum(problems, body, 'sms_permission_to_send', SMS_PERMISSIONS);
  problems.throwIfAny();
  checkTargetLists(ctx, listIds as string[]);
  let rows = (body.import_data as unknown[]).slice(0, MAX_IMPORT_CONTACTS);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_IMPORT_BYTES)
    rows = rowsWithinBytes(rows, MAX_IMPORT_BYTES - (bytes - Buffer.byteLength(JSON.stringify(body.import_data))));
  return { rows, list_ids: listIds as string[], rowNaming: 'json' };
}

/** Cuts a CSV at the last complete line within the first 4 MB. */
function firstBytes(data: Buffer): string {
  if (data.length <= MAX_IMPORT_BYTES) return data.toString('utf8');
  const cut = data.lastIndexOf(0x0a, MAX_IMPORT_BYTES - 1);
  return data.subarray(0, cut < 0 ? MAX_IMPORT_BYTES : cut + 1).toString('utf8');
}

/** Keeps the first MAX_CSV_LINES lines (the header included). */
function firstLines(text: string): string {
  let at = -1;
  for (let line = 0; line < MAX_CSV_LINES; line++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

/** What a file import keeps in the store: the (cut) CSV text, far cheaper to store than its records. */
export interface StoredFileImport {
  csv: string;
  list_ids: string[];
}

/** A stored file import as the processor reads it (after a restart the CSV is parsed again, once). */
export function reviveFileImport(stored: StoredFileImport): ImportRequest {
  return { rows: parseCsvRecordsNow(stored.csv), list_ids: stored.list_ids, rowNaming: 'csv' };
}

export async function readFileImport(
  ctx: SandboxContext,
  c: Context,
): Promise<{ request: ImportRequest; stored: StoredFileImport; fileName: string }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type))
    throw unsupportedMediaType('Unsupported Media Type: send multipart/form-data and let the client set the boundary.');
  let form: Record<string, unknown>;
  try {
    form = (await c.req.parseBody()) as Record<string, unknown>;
  } catch {
    throw badRequest('http.status.bad_request', 'The multipart body could not be read.');
  }
  const file = form.file;
  if (!(file instanceof File)) throw invalid('file is required: a form part holding the CSV file.');
  if (!/\.csv$/i.test(file.name))
    throw unsupportedMediaType('Wrong file format: the upload file must be of type .csv.');
  const problems = new Problems();
  const listIds =
    typeof form.list_ids === 'string'
      ? [
          ...new Set(
            form.list_ids
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ]
      : [];
  if (listIds.length === 0) problems.add('list_ids is required: a comma-separated list of contact list ids.');
  if (listIds.length > 50) problems.add('list_ids accepts at most 50 list ids.');
  for (const id of listIds) if (!isUuid(id)) problems.add(`list_ids: ${id} is not a valid list id.`);
  readEnum(problems, form, 'sms_permission_to_send', SMS_PERMISSIONS);
  problems.throwIfAny();
  checkTargetLists(ctx, listIds);

  const text = firstLines(firstBytes(Buffer.from(await file.arrayBuffer())));
  let records: Record<string, string>[];
  try {
    records = await parseCsvRecords(text);
  } catch (err) {
    throw invalid(`The file is not valid CSV: ${(err as Error).message}`);
  }
  const header = text.split(/\r?\n/, 1)[0]?.toLowerCase() ?? '';
  if (!/(^|,)\s*"?(email|sms_number)"?\s*(,|$)/.test(header))
    throw invalid('The CSV file must have an email (or sms_number) column heading.');
  if (records.length === 0) throw invalid('The CSV file holds no contacts.');
  return {
    request: { rows: records, list_ids: listIds, rowNaming: 'csv' },
    stored: { csv: text, list_ids: listIds },
    fileName: file.name,
  };
}
