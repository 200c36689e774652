import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../run.js';

/**
 * Cold start of the CLI: the median wall time of `ctct --help` over a few runs, each a fresh Node
 * process, as a user types it. Bare `node -e 0` is measured alongside, as the floor on this machine.
 */
export const title = 'cli: cold start';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 11);
const cli = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

function timeOnce(args: string[]): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, (error) => {
      if (error) reject(error);
      else resolve(performance.now() - start);
    });
  });
}

async function median(args: string[]): Promise<number> {
  await timeOnce(args); // warm the file cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeOnce(args));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function run(): Promise<BenchResult[]> {
  const help = await median([cli, '--help']);
  const floor = await median(['-e', '0']);
  return [
    { name: `ctct --help, median of ${RUNS}`, value: help, unit: 'ms', target: { op: '<=', value: 150 } },
    { name: `node -e 0 (the floor), median of ${RUNS}`, value: floor, unit: 'ms' },
    {
      name: 'ctct --help above the floor (commander + command definitions)',
      value: help - floor,
      unit: 'ms',
      note: 'a loaded machine inflates both medians',
    },
  ];
}
