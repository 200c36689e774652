import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs every suite in bench/suites (or only those named on the command line) and
 * prints figures and ratios against the targets the issues set. A suite exports
 * `run(): Promise<BenchResult[]>`; results never fail the process on a missed target, they report it.
 * A suite that throws is reported with its error, the others still run, and the process exits 1.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target, e.g. `<= 1.15` or `>= 3.8`. */
  target?: { op: '<=' | '>='; value: number };
  note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(here, 'suites');
const only = process.argv.slice(2);
const files = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let missed = 0;
const broken: string[] = [];
for (const file of files) {
  const suite = (await import(pathToFileURL(join(suitesDir, file)).href)) as {
    title?: string;
    run(): Promise<BenchResult[]>;
  };
  console.log(`\n== ${suite.title ?? file.replace(/\.js$/, '')}`);
  let results: BenchResult[];
  try {
    results = await suite.run();
  } catch (err) {
    // one broken suite is reported, and the others still run
    broken.push(file.replace(/\.js$/, ''));
    console.log(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    continue;
  }
  for (const r of results) {
    const met = r.target ? (r.target.op === '<=' ? r.value <= r.target.value : r.value >= r.target.value) : undefined;
    if (met === false) missed++;
    const target = r.target ? `  (target ${r.target.op} ${r.target.value}: ${met ? 'met' : 'MISSED'})` : '';
    const value = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(3);
    console.log(`  ${r.name.padEnd(58)} ${value.padStart(12)} ${r.unit}${target}${r.note ? `  ${r.note}` : ''}`);
  }
}
console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
if (broken.length > 0) {
  console.log(`${broken.length} suite(s) failed to run: ${broken.join(', ')}`);
  process.exitCode = 1;
}
