import { createClient } from '../src/client/index.js';
import { findModule } from '../src/modules/registry.js';
import { runModule } from '../src/modules/run.js';

/**
 * The measured process of the CSV import bench: runs Import Contact by CSV on a file as the CLI does
 * for `--field data=@path` (the file streamed, RunContext.files), against the bench's sink server, and
 * prints one JSON line with its peak RSS and what it sent.
 */
const [file, base] = process.argv.slice(2) as [string, string];
const client = createClient({ baseUrl: base, token: 'bench-token', budget: false });
const placeholder = 'file:bench';
const started = performance.now();
const out = (await runModule(
  findModule('import-contacts-csv'),
  { list_ids: ['2d6f5a3e-1b8c-4c1e-9d2a-0b8f6e3c7a10'], file_name: 'bench.csv', data: placeholder },
  { client, files: new Map([[placeholder, file]]) },
)) as { contacts_count: number; parts: number };
process.stdout.write(
  `${JSON.stringify({
    maxRssKb: process.resourceUsage().maxRSS,
    contacts: out.contacts_count,
    parts: out.parts,
    ms: performance.now() - started,
  })}\n`,
);
