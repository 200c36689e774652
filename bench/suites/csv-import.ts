import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../run.js';

/**
 * Import Contact by CSV in bounded memory (issue 15 item 11): generated files of 30 MB and 120 MB are
 * imported by a child process (bench/csv-import-child.ts) that streams the file through the parser
 * and cuts 4 MB / 40,000-line parts as it goes; its peak RSS is the figure (target <= 200 MB for
 * both, i.e. flat in the file size). The API is a sink on 127.0.0.1 that reads and drops each part
 * and answers with an activity: the sandbox's own import work is not what is measured here.
 */
export const title = 'csv-import: Import Contact by CSV from a 30 MB and a 120 MB file, peak RSS of the importer';

const SIZES_MB = (process.env.BENCH_CSV_SIZES_MB ?? '30,120').split(',').map(Number);
const TARGET_MB = 200;
const here = dirname(fileURLToPath(import.meta.url));

async function generate(path: string, megabytes: number): Promise<number> {
  const target = megabytes * 1_000_000;
  const out = createWriteStream(path);
  let written = 0;
  let row = 0;
  const write = (text: string) =>
    new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('email,first_name,last_name,company_name,city,phone\n');
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 2_000; i++, row++) {
      const phone = `555-01${String(row % 100).padStart(2, '0')}`;
      chunk += `person${row}@example.com,First${row},"Last, ${row}",Company ${row % 997},City ${row % 113},${phone}\n`;
    }
    written += Buffer.byteLength(chunk);
    await write(chunk);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return row;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ctct-bench-csv-'));
  let activities = 0;
  const sink = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          activity_id: `bench-${++activities}`,
          state: 'initialized',
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          percent_done: 0,
          _links: { self: { href: `/v3/activities/bench-${activities}` } },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v3`;
  const results: BenchResult[] = [];
  try {
    for (const megabytes of SIZES_MB) {
      const file = join(dir, `people-${megabytes}mb.csv`);
      const rows = await generate(file, megabytes);
      const bytes = statSync(file).size;
      const child = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          [join(here, '..', 'csv-import-child.js'), file, base],
          { maxBuffer: 1 << 20 },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        ),
      );
      const figures = JSON.parse(child) as { maxRssKb: number; contacts: number; parts: number; ms: number };
      const rssMb = figures.maxRssKb / 1024;
      const sent = figures.contacts === rows ? 'every row sent' : `ROWS LOST: ${figures.contacts} of ${rows}`;
      results.push(
        {
          name: `peak RSS importing ${(bytes / 1e6).toFixed(0)} MB (${rows.toLocaleString('en-US')} rows)`,
          value: Math.round(rssMb),
          unit: 'MB',
          target: { op: '<=', value: TARGET_MB },
          note: `${figures.parts} parts, ${sent}, ${(figures.ms / 1000).toFixed(1)} s`,
        },
        { name: `  peak RSS / file size (${megabytes} MB)`, value: rssMb / (bytes / 1048576), unit: 'x' },
      );
      rmSync(file, { force: true });
    }
  } finally {
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
