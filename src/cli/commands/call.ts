import type { Command } from 'commander';
import { CliError, printJson, visible, visibleLines, wantsJson, CONNECTION_OPTION_HELP } from '../output.js';

/**
 * `ctct call <METHOD> <path>`: any v3 call with the connection's token, the CLI face of the "Make an
 * API Call" module. The engine (validation, refusals, sending) is src/client/raw-call.ts; this file
 * only parses options and prints, and loads the client lazily to keep `ctct --help` fast.
 */
export function defineCallCommand(program: Command): void {
  program
    .command('call <method> <path>')
    .description('make any v3 API call with your token, e.g. `ctct call GET /v3/contact_lists --query limit=5`')
    .option(
      '--query <name=value>',
      'a query parameter (repeatable; a repeated name is sent repeated)',
      collect,
      [] as string[],
    )
    .option(
      '--header <name:value>',
      'a request header (repeatable; Authorization is always your token)',
      collect,
      [] as string[],
    )
    .option('--body <json|@file>', 'the request body: JSON text, or @file to read it from a file')
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--json', 'print one JSON object {status, headers, body}')
    .addHelpText(
      'after',
      "\nThe path must start with /v3/; the host is the connection's API base (or CTCT_API_BASE, " +
        'default https://api.cc.email/v3).\nExits 1 when the API answers with a non-2xx status, ' +
        '2 when the call is refused before sending.',
    )
    .action(
      async (
        method: string,
        path: string,
        opts: { query: string[]; header: string[]; body?: string; connection?: string },
        cmd: Command,
      ) => {
        const query = opts.query.map((q) => splitPair(q, '=', '--query', 'name=value'));
        // Pairs, not an object: a header named `__proto__` or `constructor` stays a header.
        const headers = opts.header.map((h) => splitPair(h, ':', '--header', 'name:value'));
        const { rawCall, validateRawCall } = await import('../../client/raw-call.js');
        const body = opts.body === undefined ? undefined : await readBody(opts.body, headers);
        // Refuse before reading credentials or sending anything.
        validateRawCall({ method, path, headers, body });
        const { cliClient } = await import('../client.js');
        const client = await cliClient(opts.connection);
        const result = await rawCall(client, { method, path, query, headers, ...(body !== undefined ? { body } : {}) });
        if (wantsJson(cmd)) printJson(result);
        else printHuman(result);
        if (result.status < 200 || result.status > 299) process.exitCode = 1;
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitPair(raw: string, separator: string, option: string, shape: string): [string, string] {
  const at = raw.indexOf(separator);
  if (at <= 0)
    throw new CliError(
      `${option} "${raw}" is not ${shape}.`,
      2,
      `e.g. ${option} ${separator === '=' ? 'limit=5' : 'accept:application/json'}`,
    );
  return [raw.slice(0, at).trim(), raw.slice(at + 1).trim()];
}

/** `--body` text or `@file`; JSON bodies are checked to parse, then sent exactly as written. */
async function readBody(raw: string, headers: readonly [string, string][]): Promise<string> {
  let text = raw;
  let source = '--body';
  if (raw.startsWith('@')) {
    source = raw.slice(1);
    const { readFile } = await import('node:fs/promises');
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      throw new CliError(`Cannot read the body file ${source}: ${(err as Error).message}`, 2);
    }
  }
  const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
  if (type.includes('json')) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new CliError(
        `${source} is not valid JSON: ${(err as Error).message}`,
        2,
        'Pass JSON, e.g. --body \'{"name": "VIP"}\', or --body @body.json',
      );
    }
  }
  return text;
}

function printHuman(result: { status: number; headers: Record<string, string>; body: unknown }): void {
  // The server's headers and body are shown, never interpreted by the terminal (--json has them exact).
  const lines = [
    `HTTP ${result.status}`,
    ...Object.entries(result.headers).map(([name, value]) => `${visible(name)}: ${visible(value)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (result.body !== null) {
    const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2);
    process.stdout.write(`\n${visibleLines(text)}\n`);
  }
}
