import { Command } from 'commander';
import { defineConnectCommand } from '../../src/cli/commands/connect.js';
import { defineConnectionsCommand } from '../../src/cli/commands/connections.js';
import { reportFailure } from '../../src/cli/output.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ctct <args>` in-process as src/cli/main.ts does (same command definitions, same failure
 * printer), with everything written to stdout and stderr captured. `onStderr` sees each chunk as it
 * is written, so a test can react to a printed URL while the command waits.
 */
export async function ctct(
  args: string[],
  env: Record<string, string | undefined>,
  onStderr?: (chunk: string) => void,
): Promise<CliRun> {
  const program = new Command().name('ctct').option('--json').exitOverride();
  defineConnectCommand(program);
  defineConnectionsCommand(program);
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) setEnv(k, v);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    onStderr?.(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let code = 0;
  try {
    await program.parseAsync(['node', 'ctct', ...args]);
  } catch (e) {
    code = reportFailure(e, program.opts<{ json?: boolean }>().json === true);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    for (const [k, v] of Object.entries(saved)) setEnv(k, v);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
