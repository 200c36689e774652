import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { MAX_IMPORT_BYTES, type ImportPart } from './activities.js';
import { checkImportRow, CSV_IMPORT_COLUMNS, isCustomFieldColumn, JSON_IMPORT_LIMITS } from './rows.js';

/**
 * The CSV side of Import Contact by CSV (facts §3.3): the header is checked against the column
 * headings the API accepts, every row against the contact rules, and a file past 40,000 lines
 * (header included) or 4 MB is cut along row boundaries into several files, each starting with the
 * header. It is one streaming pass (`cutCsvImport`): a file of any size is read in bounded memory.
 */

export const MAX_CSV_LINES = 40_000;
/** A contact's email on the contact resource; the CSV import documents no other limit. */
const CSV_EMAIL_MAX = 80;
const PROBLEMS_SHOWN = 10;

export interface CsvProblem {
  /** 1-based line in the file. */
  line: number;
  column?: string;
  message: string;
}

/** A CSV the module refuses, with every problem found (at most PROBLEMS_SHOWN, then a count). */
export class CsvInputError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map((p) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`).join('\n'));
    this.name = 'CsvInputError';
  }
}

const ALLOWED_TEXT = `${[...CSV_IMPORT_COLUMNS].join(', ')}, or cf:<custom field name>`;

function canonicalColumn(raw: string): string {
  const trimmed = raw.trim();
  if (/^cf:/i.test(trimmed)) return `cf:${trimmed.slice(3).trim()}`;
  return trimmed.toLowerCase();
}

function checkHeader(header: string[]): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  header.forEach((column, i) => {
    if (column === '')
      problems.push({
        line: 1,
        column: `#${i + 1}`,
        message: `is an empty heading; every column needs one of: ${ALLOWED_TEXT}`,
      });
    else if (!CSV_IMPORT_COLUMNS.has(column) && !isCustomFieldColumn(column)) {
      problems.push({
        line: 1,
        column,
        message: `is not a column heading the API accepts (column ${i + 1}); use ${ALLOWED_TEXT}`,
      });
    } else if (seen.has(column.toLowerCase()))
      problems.push({ line: 1, column, message: 'appears twice in the header; keep one' });
    seen.add(column.toLowerCase());
  });
  if (!header.includes('email'))
    problems.push({
      line: 1,
      column: 'email',
      message:
        'is missing from the header: the file needs an email column (e.g. a first line "email,first_name,last_name")',
    });
  const customFields = header.filter((c) => c.startsWith('cf:')).length;
  if (customFields > JSON_IMPORT_LIMITS.customFields)
    problems.push({
      line: 1,
      message: `has ${customFields} custom field columns; at most ${JSON_IMPORT_LIMITS.customFields} are allowed`,
    });
  return problems;
}

const lineBreaks = (s: string): number => s.match(/\n/g)?.length ?? 0;

/** One CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (cells: readonly string[]): string => `${cells.map(field).join(',')}\n`;

/** What the cut of a whole file produced: the header, how many rows, and each part's place. */
export interface CsvCut {
  header: string[];
  rows: number;
  parts: ImportPart[];
}

export interface CutOptions {
  maxLines?: number;
  maxBytes?: number;
}

/** A file's bytes in 64 KB chunks (the parser decodes UTF-8 itself, across chunk boundaries). */
export async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Every line break becomes \n before the parser sees it: it counts a \r\n inside a quoted value as
 * two lines, which would shift the line numbers that errors and the output report. Done on bytes
 * (\r and \n never occur inside a UTF-8 sequence); a \r at the end of a chunk waits for the next one
 * (it may be the first half of a \r\n). Most files have no \r at all and pass through untouched.
 */
async function* unifiedLineBreaks(
  source: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): AsyncGenerator<Buffer> {
  let carry = false;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!carry && !bytes.includes(CR)) {
      yield bytes;
      continue;
    }
    const out = Buffer.allocUnsafe(bytes.length + 1);
    let n = 0;
    let i = 0;
    if (carry) {
      out[n++] = LF;
      if (bytes[0] === LF) i = 1;
      carry = false;
    }
    for (; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b !== CR) out[n++] = b;
      else if (i === bytes.length - 1) carry = true;
      else {
        out[n++] = LF;
        if (bytes[i + 1] === LF) i++;
      }
    }
    if (n > 0) yield out.subarray(0, n);
  }
  if (carry) yield Buffer.from('\n');
}

/**
 * Parses, checks and cuts a CSV in one pass over its text, holding only the part being built (at most
 * `maxBytes`), the parts' row and line ranges and the problems the error report shows, so memory
 * stays flat whatever the file's size. Each finished part goes to `onPart` as its CSV lines (header
 * first, rows in canonical CSV, so a quoted value with line breaks stays one row); the caller
 * keeps it (in memory or on disk) and sends nothing until the whole file has passed: a problem
 * anywhere throws CsvInputError naming lines and columns, and nothing is imported.
 */
export async function cutCsvImport(
  source: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  onPart: (lines: readonly string[], part: ImportPart) => void | Promise<void>,
  options: CutOptions = {},
): Promise<CsvCut> {
  const maxLines = options.maxLines ?? MAX_CSV_LINES;
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: '\n',
  });
  const feeding = pipeline(Readable.from(unifiedLineBreaks(source)), parser).catch(() => undefined);

  let header: string[] | undefined;
  let headerLine = '';
  let rows = 0;
  const parts: ImportPart[] = [];
  const problems: CsvProblem[] = [];
  let bad = 0;
  // The part being built: its text in pieces, and where it starts.
  let pieces: string[] = [];
  let partLines = 0;
  let partBytes = 0;
  let partStart = { row: 0, line: 0 };
  let last = { row: 0, line: 0 };
  const flush = async () => {
    if (pieces.length === 0) return;
    const part: ImportPart = {
      first_row: partStart.row,
      last_row: last.row,
      contacts_count: last.row - partStart.row + 1,
      first_line: partStart.line,
      last_line: last.line,
    };
    parts.push(part);
    const lines = [headerLine, ...pieces];
    pieces = [];
    // Nothing is kept once the file has a problem: the parts would never be sent.
    if (problems.length === 0) await onPart(lines, part);
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map(canonicalColumn);
        const headerProblems = checkHeader(header);
        if (headerProblems.length > 0) throw new CsvInputError(headerProblems);
        headerLine = csvLine(header);
        continue;
      }
      rows++;
      const firstLine = info.lines - record.reduce((n, cell) => n + lineBreaks(cell), 0);
      const problem = rowProblem(header, record, firstLine);
      if (problem) {
        bad++;
        if (problems.length < PROBLEMS_SHOWN) problems.push(problem);
        continue;
      }
      if (problems.length > 0) continue; // only checking from here on
      const text = csvLine(record);
      const rowLines = 1 + lineBreaks(text.slice(0, -1));
      const rowBytes = Buffer.byteLength(text);
      const headerBytes = Buffer.byteLength(headerLine);
      if (1 + rowLines > maxLines || headerBytes + rowBytes > maxBytes)
        throw new CsvInputError([
          {
            line: firstLine,
            message: `this row alone is too big for one import file (${rowLines} lines, ${rowBytes} bytes)`,
          },
        ]);
      if (pieces.length > 0 && (1 + partLines + rowLines > maxLines || headerBytes + partBytes + rowBytes > maxBytes)) {
        await flush();
        partLines = 0;
        partBytes = 0;
      }
      if (pieces.length === 0) partStart = { row: rows, line: firstLine };
      pieces.push(text);
      partLines += rowLines;
      partBytes += rowBytes;
      last = { row: rows, line: info.lines };
    }
  } catch (err) {
    parser.destroy();
    if (err instanceof CsvInputError) throw err;
    const line = (err as { lines?: number }).lines ?? 1;
    throw new CsvInputError([
      {
        line,
        message:
          `is not valid CSV: ${(err as Error).message}. ` +
          `Quote values containing commas, quotes or line breaks ("like ""this"", with doubled quotes").`,
      },
    ]);
  }
  await feeding;
  if (!header)
    throw new CsvInputError([
      {
        line: 1,
        message:
          'the file is empty: it needs a header line such as "email,first_name,last_name" and at least one contact',
      },
    ]);
  if (rows === 0) throw new CsvInputError([{ line: 2, message: 'the file holds no contacts, only the header' }]);
  if (bad > problems.length) {
    const lastProblem = problems[problems.length - 1] as CsvProblem;
    problems.push({
      line: lastProblem.line,
      message: `and ${bad - problems.length} more rows have problems; fix the rows above and check again`,
    });
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  await flush();
  return { header, rows, parts };
}

function rowProblem(header: readonly string[], record: readonly string[], firstLine: number): CsvProblem | undefined {
  if (record.length > header.length)
    return {
      line: firstLine,
      message:
        `has ${record.length} values but the header has ${header.length} columns; ` +
        `quote values that contain commas`,
    };
  // A null-prototype row: a column named like an Object property is a column, nothing more.
  const contact = Object.create(null) as Record<string, string>;
  header.forEach((column, i) => (contact[column] = record[i] ?? ''));
  const found = checkImportRow(contact, { emailMax: CSV_EMAIL_MAX, knownColumn: () => true });
  return found ? { line: firstLine, column: found.column, message: found.message } : undefined;
}

/** `contacts.csv` -> `contacts-part2of3.csv` when the file is split; unchanged otherwise. */
export function partFileName(fileName: string, part: number, parts: number): string {
  if (parts === 1) return fileName;
  return fileName.replace(/(\.csv)$/i, `-part${part}of${parts}$1`);
}
