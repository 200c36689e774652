import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ModuleDefinition } from '../../modules/define.js';
import { CliError, printJson, renderTable, visibleLines, wantsJson, CONNECTION_OPTION_HELP } from '../output.js';

/** `ctct modules`, `ctct describe`, `ctct run`, `ctct options`: the module catalogue and its runner. */
export function defineModuleCommands(program: Command): void {
  program
    .command('modules')
    .description('list every module: key, name, group, kind, scopes')
    .option('--json', 'a JSON array of modules')
    .action(async (_opts: unknown, cmd: Command) => {
      const { registry } = await import('../../modules/registry.js');
      const rows = registry.map((m) => ({
        key: m.key,
        name: m.name,
        group: m.group,
        kind: m.kind,
        scopes: m.scopes.join(' '),
      }));
      if (wantsJson(cmd)) {
        const { catalogueEntry } = await import('../../modules/describe.js');
        printJson(registry.map(catalogueEntry));
      } else console.log(renderTable(rows, ['key', 'name', 'group', 'kind', 'scopes']));
    });

  program
    // variadic: an unquoted name (`ctct describe List Contacts`) is the name its words spell
    .command('describe <module...>')
    .description("show a module's fields: label, type, required, help, where options come from")
    .option('--json', 'the module with its fields and input JSON Schema')
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      const { findModule } = await import('../../modules/registry.js');
      const { describeModule } = await import('../../modules/describe.js');
      const m = findModule(words.join(' '));
      if (wantsJson(cmd)) {
        printJson(describeModule(m));
        return;
      }
      console.log(await describeText(m));
    });

  program
    .command('run <module...>')
    .description('run a module by key or name')
    .option('--input <json>', 'the input as JSON, or @file to read it from a file')
    .option(
      '--field <key=value>',
      'set one input field (repeatable); key=@path takes the value from a file, e.g. data=@contacts.csv',
      collect,
      [] as string[],
    )
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--json', 'one JSON document: an array of bundles for searches and triggers, an object for actions')
    .action(async (words: string[], opts: { input?: string; field: string[]; connection?: string }, cmd: Command) => {
      const { findModule } = await import('../../modules/registry.js');
      const { coerceFieldValues } = await import('../../modules/input.js');
      const { runModule } = await import('../../modules/run.js');
      const { cliClient } = await import('../client.js');
      const m = findModule(words.join(' '));
      const files = new Map<string, string>();
      const fields = await readFieldFiles(opts.field, { stream: m.fileFields ?? [], files });
      const input = { ...(await readInput(opts.input)), ...coerceFieldValues(m, fields) };
      const client = await cliClient(opts.connection);
      const json = wantsJson(cmd);
      const result = await runModule(m, input, {
        client,
        files,
        progress: json ? () => undefined : (msg) => process.stderr.write(`${visibleLines(msg)}\n`),
      });
      if (json) printJson(result);
      else if (Array.isArray(result)) {
        console.log(renderTable(result.map(summaryRow)));
        console.log(`\n${result.length} bundle(s)${result.length > 0 ? ' (--json shows every field in full)' : ''}`);
      } else console.log(renderTable(fieldRows(result), ['field', 'value']));
    });

  program
    .command('options <module> <field>')
    .description('list the choices of a "Select" field')
    .option('--input <json>', 'other input fields the choices depend on (JSON or @file)')
    .option('--field <key=value>', 'set one input field the choices depend on (repeatable)', collect, [] as string[])
    .option('--connection <name>', CONNECTION_OPTION_HELP)
    .option('--json', 'a JSON array of {value, label}')
    .action(
      async (
        query: string,
        fieldKey: string,
        opts: { input?: string; field: string[]; connection?: string },
        cmd: Command,
      ) => {
        const { findModule } = await import('../../modules/registry.js');
        const { coerceFieldValues } = await import('../../modules/input.js');
        const { CONTACT_CHOICES_CAP, loadFieldOptions } = await import('../../modules/options.js');
        const { findField } = await import('../../modules/schema-info.js');
        const { cliClient } = await import('../client.js');
        const m = findModule(query);
        const input = { ...(await readInput(opts.input)), ...coerceFieldValues(m, await readFieldFiles(opts.field)) };
        const client = await cliClient(opts.connection);
        const choices = await loadFieldOptions(m, fieldKey, input, { client });
        if (findField(m.input, fieldKey)?.options === 'contacts' && choices.length >= CONTACT_CHOICES_CAP) {
          // on stderr, so --json output stays one document
          process.stderr.write(
            `Only the first ${CONTACT_CHOICES_CAP.toLocaleString('en-US')} contacts are offered; ` +
              `any other contact id can be given directly (List Contacts finds it by email).\n`,
          );
        }
        if (wantsJson(cmd)) printJson(choices);
        else console.log(renderTable(choices, ['value', 'label']));
      },
    );
}

/**
 * `ctct describe` for people: the module, then one block per field (sub-fields indented under theirs)
 * with its label, key, type, whether it is required and where its choices come from, and its help
 * in full (a table would cut it).
 */
export async function describeText(m: ModuleDefinition): Promise<string> {
  const { describeFields, fieldPaths } = await import('../../modules/schema-info.js');
  const out = [
    `${m.name}  (${m.key}, ${m.kind}, ${m.group})`,
    wrap(m.description, ''),
    `Scopes: ${m.scopes.join(', ')}`,
    '',
    'Fields:',
  ];
  for (const { path, field: f } of fieldPaths(describeFields(m.input))) {
    const indent = '  '.repeat(path.split('.').length);
    const facts = [
      f.enum ? `${f.type}: ${f.enum.join(' | ')}` : f.type,
      f.required ? 'required' : 'optional',
      ...(f.default !== undefined ? [`default ${JSON.stringify(f.default)}`] : []),
      // the dotted path needs no quoting in any shell (`[]` is a glob in zsh)
      ...(f.options
        ? [
            `choices: ctct options ${m.key} ${path.replaceAll('[]', '')}${f.dependsOn?.length ? ` --field ${f.dependsOn[0]}=...` : ''}`,
          ]
        : []),
    ];
    out.push(`${indent}${f.label}  (${path})  [${facts.join(', ')}]`, wrap(f.help || '(no help)', `${indent}    `));
  }
  out.push(
    '',
    'Output:',
    wrap(m.output, '  '),
    '',
    `Output fields (${m.kind === 'action' || m.kind === 'universal' ? 'the bundle' : 'each bundle'}):`,
  );
  out.push(...(await outputFieldLines(m)));
  return out.join('\n');
}

/**
 * One line per output field, indented under its parent: label, path as a mapping writes it (a list's
 * items under `name[]`), type, and whether every bundle has it.
 */
async function outputFieldLines(m: ModuleDefinition): Promise<string[]> {
  const { outputFields } = await import('../../modules/output-info.js');
  const fields = outputFields(m);
  const lists = new Set(fields.filter((f) => f.isArray).map((f) => f.path.join('.')));
  return fields.map((f) => {
    const shown = f.path.map((key, i) => (lists.has(f.path.slice(0, i + 1).join('.')) ? `${key}[]` : key)).join('.');
    const type = f.isArray ? `list of ${f.type}` : f.type;
    return `${'  '.repeat(f.path.length)}${f.label}  ${shown}  ${type}${f.required ? ', always present' : ''}`;
  });
}

/** Wraps prose at about 100 columns, each line indented. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/**
 * One table row per bundle of a search: nested values are summed up so a row stays readable
 * (an object shows its plain values, a list its items or their count).
 */
function summaryRow(bundle: object): Record<string, unknown> {
  const cell = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const plain = value.every((v) => v === null || typeof v !== 'object');
      const joined = plain ? value.join(', ') : '';
      return plain && joined.length <= 40 ? joined : `${value.length} item${value.length === 1 ? '' : 's'}`;
    }
    if (value !== null && typeof value === 'object')
      return Object.values(value)
        .filter((v) => v === null || typeof v !== 'object')
        .join(' · ');
    return value;
  };
  return Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, cell(v)]));
}

/** LISTS_SHOWN items of a list are shown as rows; longer lists are counted (--json has them all). */
const LISTS_SHOWN = 10;

/** An action's output as field/value rows, nested fields spelled out (`campaign_activities[0].role`). */
function fieldRows(output: object, prefix = ''): { field: string; value: unknown }[] {
  return Object.entries(output).flatMap(([key, value]) => {
    const field = `${prefix}${key}`;
    if (Array.isArray(value)) {
      if (value.length === 0) return [{ field, value: '(none)' }];
      if (value.length > LISTS_SHOWN) return [{ field, value: `${value.length} items (--json shows them)` }];
      if (value.every((v) => v === null || typeof v !== 'object')) return [{ field, value: value.join(', ') }];
      return value.flatMap((item, i) =>
        item !== null && typeof item === 'object'
          ? fieldRows(item, `${field}[${i}].`)
          : [{ field: `${field}[${i}]`, value: item }],
      );
    }
    if (value !== null && typeof value === 'object') return fieldRows(value, `${field}.`);
    return [{ field, value }];
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `--field key=@path` reads the value from a file, as `--input @path` does for the whole input: a CSV
 * for Import Contact by CSV's Data, or a JSON list of contacts, would not fit on a command line.
 */
export async function readFieldFiles(
  pairs: readonly string[],
  streamed?: { stream: readonly string[]; files: Map<string, string> },
): Promise<string[]> {
  return Promise.all(
    pairs.map(async (pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0 || pair[eq + 1] !== '@') return pair;
      const path = pair.slice(eq + 2);
      const key = pair.slice(0, eq);
      try {
        if (streamed?.stream.includes(key)) {
          // Streamed by the module (a CSV of any size): only checked to be a readable file here; the
          // field holds a placeholder the module looks up in RunContext.files.
          await access(path, constants.R_OK);
          if (!(await stat(path)).isFile()) throw new Error('not a regular file');
          const placeholder = `file:${randomUUID()}`;
          streamed.files.set(placeholder, path);
          return `${key}=${placeholder}`;
        }
        return `${key}=${await readFile(path, 'utf8')}`;
      } catch (err) {
        throw new CliError(
          `--field ${pair}: cannot read ${path}: ${(err as Error).message}`,
          2,
          'key=@path takes the value from a file; a value that starts with @ itself can be given with --input',
        );
      }
    }),
  );
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
    throw new CliError(
      `${source} is not valid JSON: ${(err as Error).message}`,
      2,
      'Pass a JSON object, e.g. --input \'{"limit": 10}\' or --input @input.json',
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CliError(`${source} must be a JSON object`, 2);
  return parsed as Record<string, unknown>;
}
