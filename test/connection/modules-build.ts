import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/**
 * Compiles src/connection (and what it imports) to JavaScript for child processes, which cannot load
 * TypeScript. The output goes under node_modules/.cache so the children resolve `zod` as the project does,
 * and it is always built from the current sources, never a stale dist/.
 */
export async function buildConnectionModules(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = join(root, 'node_modules', '.cache', `ctct-connection-test-${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'tsconfig.json');
  await writeFile(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        rootDir: join(root, 'src'),
        outDir: join(dir, 'out'),
        declaration: false,
        sourceMap: false,
        noEmitOnError: false,
      },
      include: [],
      files: ['store.ts', 'provider.ts', 'refresh-worker.ts'].map((f) => join(root, 'src/connection', f)),
    }),
  );
  try {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root });
  } catch (err) {
    // Type errors elsewhere still emit; only a missing output is fatal (checked by the caller's import).
    if (!String((err as { stdout?: string }).stdout ?? '').includes('error TS')) throw err;
  }
  return { dir: join(dir, 'out'), remove: () => rm(dir, { recursive: true, force: true }) };
}
