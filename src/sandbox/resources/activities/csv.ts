import { parse as parseCsv } from 'csv-parse/sync';

/**
 * A CSV import's file, parsed without holding the event loop: the text is cut at record ends (a line
 * break outside quotes) into pieces of about PIECE_CHARS, each piece is parsed on its own, and the
 * parser yields between pieces. Parsing 4 MB in one call takes a quarter of a second, during which a
 * served sandbox would answer nothing. Records are keyed by the header's names, trimmed and lower-cased.
 */

const PIECE_CHARS = 16 * 1024;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

export type CsvRecord = Record<string, string>;

/** The end (exclusive) of the piece starting at `from`: just after a record's line break, or the text's end. */
function pieceEnd(text: string, from: number): number {
  let quoted = false;
  const soft = from + PIECE_CHARS;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) quoted = !quoted;
    else if (code === NEWLINE && !quoted && i >= soft) return i + 1;
  }
  return text.length;
}

function parsePiece(piece: string, first: boolean): string[][] {
  return parseCsv(piece, { bom: first, skip_empty_lines: true, relax_column_count: true }) as string[][];
}

function toRecords(columns: readonly string[], rows: readonly string[][], into: CsvRecord[]): void {
  for (const row of rows) {
    const record: CsvRecord = {};
    const width = Math.min(columns.length, row.length);
    for (let i = 0; i < width; i++) record[columns[i] as string] = row[i] as string;
    into.push(record);
  }
}

/** Parses the text a piece per step, appending to `records`; a generator, so callers choose when to pause. */
function* parseSteps(text: string, records: CsvRecord[]): Generator<void, void, void> {
  let columns: string[] | undefined;
  for (let from = 0; from < text.length;) {
    const to = pieceEnd(text, from);
    const rows = parsePiece(text.slice(from, to), from === 0);
    from = to;
    if (columns === undefined) {
      const header = rows.shift();
      if (header === undefined) continue;
      columns = header.map((name) => name.trim().toLowerCase());
    }
    toRecords(columns, rows, records);
    if (from < text.length) yield;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** For a request handler: parses in pieces, letting other requests in between. Throws csv-parse's errors. */
export async function parseCsvRecords(text: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for (const _step of parseSteps(text, records)) await nextTurn();
  return records;
}

/** For a job after a restart (jobs are synchronous): the same records, in one go. */
export function parseCsvRecordsNow(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  for (const _step of parseSteps(text, records));
  return records;
}
