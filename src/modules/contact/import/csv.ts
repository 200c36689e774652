import { parse } from 'csv-parse/sync';
import { MAX_IMPORT_BYTES, type ImportPart } from './activities.js';
import { checkImportRow, CSV_IMPORT_COLUMNS, isCustomFieldColumn, JSON_IMPORT_LIMITS } from './rows.js';

/**
 * The CSV side of Import Contact by CSV (facts §3.3): the header is checked against the column
 * headings the API accepts, every row against the contact rules, and a file past 40,000 lines
 * (header included) or 4 MB is cut along row boundaries into several files, each starting with the
 * header. Rows are written back in canonical CSV, so a quoted value with line breaks stays one row.
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

export interface CsvRow {
  cells: string[];
  /** The file lines the row spans. */
  firstLine: number;
  lastLine: number;
}

export interface CsvTable {
  /** Canonical column names (known headings lower-cased, `cf:` kept with the custom field's name). */
  header: string[];
  rows: CsvRow[];
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

/** Parses and checks the whole file; throws CsvInputError naming lines and columns. */
export function parseCsvImport(data: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Every line break becomes \n first: the parser counts a \r\n inside a quoted value as two lines,
    // which would shift the line numbers that errors and the output report.
    const text = data.replace(/\r\n?/g, '\n');
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: '\n',
    }) as unknown as typeof records;
  } catch (err) {
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
  const first = records[0];
  if (!first)
    throw new CsvInputError([
      {
        line: 1,
        message:
          'the file is empty: it needs a header line such as "email,first_name,last_name" and at least one contact',
      },
    ]);
  const header = first.record.map(canonicalColumn);
  const headerProblems = checkHeader(header);
  if (headerProblems.length > 0) throw new CsvInputError(headerProblems);
  if (records.length === 1)
    throw new CsvInputError([{ line: 2, message: 'the file holds no contacts, only the header' }]);

  const problems: CsvProblem[] = [];
  let bad = 0;
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    const firstLine = info.lines - record.reduce((n, cell) => n + lineBreaks(cell), 0);
    rows.push({ cells: record, firstLine, lastLine: info.lines });
    let problem: CsvProblem | undefined;
    if (record.length > header.length)
      problem = {
        line: firstLine,
        message:
          `has ${record.length} values but the header has ${header.length} columns; ` +
          `quote values that contain commas`,
      };
    else {
      const contact = Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']));
      const found = checkImportRow(contact, { emailMax: CSV_EMAIL_MAX, knownColumn: () => true });
      if (found) problem = { line: firstLine, column: found.column, message: found.message };
    }
    if (!problem) continue;
    bad++;
    if (problems.length < PROBLEMS_SHOWN) problems.push(problem);
  }
  if (bad > problems.length) {
    const last = problems[problems.length - 1] as CsvProblem;
    problems.push({
      line: last.line,
      message: `and ${bad - problems.length} more rows have problems; fix the rows above and check again`,
    });
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  return { header, rows };
}

/** One CSV field, quoted when it holds a comma, a quote, a line break or edge spaces. */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (cells: readonly string[]): string => `${cells.map(field).join(',')}\n`;

export interface CsvPart extends ImportPart {
  /** The part's rows, as indexes into CsvTable.rows. */
  from: number;
  to: number;
}

/** Cuts the rows into files of at most `maxLines` lines (header included) and `maxBytes` bytes. */
export function splitCsv(table: CsvTable, maxLines = MAX_CSV_LINES, maxBytes = MAX_IMPORT_BYTES): CsvPart[] {
  const headerLine = csvLine(table.header);
  const headerBytes = Buffer.byteLength(headerLine);
  const parts: CsvPart[] = [];
  let start = 0;
  let lines = 1;
  let bytes = headerBytes;
  const close = (end: number) => {
    const firstRow = table.rows[start] as CsvRow;
    const lastRow = table.rows[end - 1] as CsvRow;
    parts.push({
      from: start,
      to: end,
      first_row: start + 1,
      last_row: end,
      contacts_count: end - start,
      first_line: firstRow.firstLine,
      last_line: lastRow.lastLine,
    });
  };
  table.rows.forEach((row, i) => {
    const text = csvLine(row.cells);
    const rowLines = 1 + lineBreaks(text.slice(0, -1));
    const rowBytes = Buffer.byteLength(text);
    if (1 + rowLines > maxLines || headerBytes + rowBytes > maxBytes) {
      throw new CsvInputError([
        {
          line: row.firstLine,
          message: `this row alone is too big for one import file (${rowLines} lines, ${rowBytes} bytes)`,
        },
      ]);
    }
    if (lines + rowLines > maxLines || bytes + rowBytes > maxBytes) {
      close(i);
      start = i;
      lines = 1;
      bytes = headerBytes;
    }
    lines += rowLines;
    bytes += rowBytes;
  });
  close(table.rows.length);
  return parts;
}

/** The text of one part: the header, then its rows. */
export function partText(table: CsvTable, part: CsvPart): string {
  let text = csvLine(table.header);
  for (let i = part.from; i < part.to; i++) text += csvLine((table.rows[i] as CsvRow).cells);
  return text;
}

/** `contacts.csv` -> `contacts-part2of3.csv` when the file is split; unchanged otherwise. */
export function partFileName(fileName: string, part: number, parts: number): string {
  if (parts === 1) return fileName;
  return fileName.replace(/(\.csv)$/i, `-part${part}of${parts}$1`);
}
