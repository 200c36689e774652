import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, printJson, renderTable, wantsJson } from '../output.js';

/** `ctct modules`, `ctct describe`, `ctct run`, `ctct options`: the module catalogue and its runner. */
export function defineModuleCommands(program: Command): void {
  program
    .command('modules')
    .description('list every module: key, name, group, kind, scopes')
    .option('--json', 'a JSON array of modules')
    .action(async (_opts: unknown, cmd: Command) => {
      const { registry } = await import('../../modules/registry.js');
      const rows = registry.map((m) => ({ key: m.key, name: m.name, group: m.group, kind: m.kind, scopes: m.scopes.join(' ') }));
      if (wantsJson(cmd)) printJson(registry.map((m) => ({ key: m.key, name: m.name, group: m.group, kind: m.kind, scopes: m.scopes, description: m.description })));
      else console.log(renderTable(rows, ['key', 'name', 'group', 'kind', 'scopes']));
    });

  program
    .command('describe <module>')
    .description("show a module's fields: label, type, required, help, where options come from")
    .option('--json', 'the module with its fields and input JSON Schema')
    .action(async (query: string, _opts: unknown, cmd: Command) => {
      const { findModule } = await import('../../modules/registry.js');
      const { describeFields, inputJsonSchema } = await import('../../modules/schema-info.js');
      const m = findModule(query);
      const fields = describeFields(m.input);
      if (wantsJson(cmd)) {
        printJson({ key: m.key, name: m.name, group: m.group, kind: m.kind, scopes: m.scopes, description: m.description, output: m.output, fields, input_schema: inputJsonSchema(m.input) });
        return;
      }
      console.log(`${m.name}  (${m.key}, ${m.kind}, ${m.group})\n${m.description}\nScopes: ${m.scopes.join(', ')}\n`);
      const flat = fields.flatMap((f) => [f, ...(f.items ?? []).map((s) => ({ ...s, key: `${f.key}[].${s.key}`, label: `  ${s.label}` }))]);
      console.log(
        renderTable(
          flat.map((f) => ({
            field: f.key,
            label: f.label,
            type: f.enum ? `${f.type} (${f.enum.join('|')})` : f.type,
            required: f.required ? 'yes' : '',
            options: f.options ?? '',
            help: f.help,
          })),
        ),
      );
      console.log(`\nOutput: ${m.output}`);
    });

  program
    .command('run <module>')
    .description('run a module by key or name')
    .option('--input <json>', 'the input as JSON, or @file to read it from a file')
    .option('--field <key=value>', 'set one input field (repeatable)', collect, [] as string[])
    .option('--connection <name>', 'the connection to use (default: the default connection)')
    .option('--json', 'one JSON document: an array of bundles for searches and triggers, an object for actions')
    .action(async (query: string, opts: { input?: string; field: string[]; connection?: string }, cmd: Command) => {
      const { findModule } = await import('../../modules/registry.js');
      const { coerceFieldValues } = await import('../../modules/input.js');
      const { runModule } = await import('../../modules/run.js');
      const { clientFromEnvironment } = await import('../../client/environment.js');
      const m = findModule(query);
      const input = { ...(await readInput(opts.input)), ...coerceFieldValues(m, opts.field) };
      const client = await clientFromEnvironment(opts.connection !== undefined ? { connection: opts.connection } : {});
      const json = wantsJson(cmd);
      const result = await runModule(m, input, { client, progress: json ? () => undefined : (msg) => process.stderr.write(`${msg}\n`) });
      if (json) printJson(result);
      else if (Array.isArray(result)) {
        console.log(renderTable(result));
        console.log(`\n${result.length} bundle(s)`);
      } else console.log(renderTable(Object.entries(result).map(([field, value]) => ({ field, value })), ['field', 'value']));
    });

  program
    .command('options <module> <field>')
    .description('list the choices of a "Select" field')
    .option('--input <json>', 'other input fields the choices depend on (JSON or @file)')
    .option('--field <key=value>', 'set one input field the choices depend on (repeatable)', collect, [] as string[])
    .option('--connection <name>', 'the connection to use')
    .option('--json', 'a JSON array of {value, label}')
    .action(async (query: string, fieldKey: string, opts: { input?: string; field: string[]; connection?: string }, cmd: Command) => {
      const { findModule } = await import('../../modules/registry.js');
      const { coerceFieldValues } = await import('../../modules/input.js');
      const { loadFieldOptions } = await import('../../modules/options.js');
      const { clientFromEnvironment } = await import('../../client/environment.js');
      const m = findModule(query);
      const input = { ...(await readInput(opts.input)), ...coerceFieldValues(m, opts.field) };
      const client = await clientFromEnvironment(opts.connection !== undefined ? { connection: opts.connection } : {});
      const choices = await loadFieldOptions(m, fieldKey, input, { client });
      if (wantsJson(cmd)) printJson(choices);
      else console.log(renderTable(choices, ['value', 'label']));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--input` is inline JSON or `@path`; a clear error says which and why when it does not parse. */
export async function readInput(raw: string | undefined): Promise<Record<string, unknown>> {
  if (raw === undefined) return {};
  let text = raw;
  let source = '--input';
  if (raw.startsWith('@')) {
    source = raw.slice(1);
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      throw new CliError(`Cannot read the input file ${source}: ${(err as Error).message}`, 2);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${source} is not valid JSON: ${(err as Error).message}`, 2, 'Pass a JSON object, e.g. --input \'{"limit": 10}\' or --input @input.json');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${source} must be a JSON object`, 2);
  return parsed as Record<string, unknown>;
}
