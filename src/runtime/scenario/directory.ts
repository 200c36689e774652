import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDir } from '../../connection/paths.js';
import { ensurePrivateDir, writeFileAtomic } from '../../connection/fs-atomic.js';
import { parseScenario, ScenarioFormatError, type ParsedScenario } from './parse.js';
import type { Scenario, ScenarioProblem } from './format.js';

/**
 * The scenarios directory: one file a scenario, `NAME.yaml` (or `.yml`, `.json`), by default beside
 * the connections (`$CTCT_CONFIG_DIR/scenarios`, else `$XDG_CONFIG_HOME/ctct-connect/scenarios`, else
 * `~/.config/ctct-connect/scenarios`). The NAME is the file's base name: it keys the scenario's runs
 * and trigger state, so editing the file never resets them (renaming it starts a new scenario).
 */

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const SCENARIO_NAME_RULE =
  'a scenario name is 1-63 lowercase letters, digits, "-" or "_", ' +
  'starting with a letter or digit (it becomes the file name)';

export function defaultScenarioDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'scenarios');
}

/** A scenario file as read: its name, where it is, its text and version, and the parsed scenario. */
export interface LoadedScenario extends ParsedScenario {
  name: string;
  file: string;
  text: string;
}

export class ScenarioNotFoundError extends Error {
  override name = 'ScenarioNotFoundError';
  readonly exitCode = 2;
  constructor(
    readonly query: string,
    readonly dir: string,
    readonly known: string[],
  ) {
    super(
      `No scenario "${query}" ` +
        `in ${dir}.${known.length ? ` There are: ${known.join(', ')}.` : ' The directory holds no scenarios yet.'}`,
    );
  }
  get hint(): string {
    return (
      'Give a file path, a NAME from `ctct scenario list` (add --dir for another directory), ' +
      'or create one with `ctct scenario new NAME`.'
    );
  }
}

export function isValidScenarioName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** The name a file gives its scenario: the base name without extension, lowercased. */
export function scenarioNameOf(file: string): string {
  return basename(file, extname(file)).toLowerCase();
}

/** Finds a scenario by path (anything with a slash or an extension) or by NAME in `dir`. */
export async function resolveScenarioFile(query: string, dir: string): Promise<string> {
  const looksLikePath =
    query.includes('/') || query.includes('\\') || SCENARIO_EXTENSIONS.some((e) => query.endsWith(e));
  if (looksLikePath) {
    const file = isAbsolute(query) ? query : resolve(query);
    if (!existsSync(file)) throw new ScenarioNotFoundError(query, dir, await scenarioNames(dir));
    return file;
  }
  for (const ext of SCENARIO_EXTENSIONS) {
    const file = join(dir, `${query}${ext}`);
    if (existsSync(file)) return file;
  }
  throw new ScenarioNotFoundError(query, dir, await scenarioNames(dir));
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const text = await readFile(file, 'utf8');
  return { name: scenarioNameOf(file), file, text, ...parseScenario(text, file) };
}

/** Loads by NAME or path; throws ScenarioNotFoundError or ScenarioFormatError. */
export async function loadScenario(query: string, dir: string): Promise<LoadedScenario> {
  return loadScenarioFile(await resolveScenarioFile(query, dir));
}

async function scenarioNames(dir: string): Promise<string[]> {
  return (await scenarioFiles(dir)).map(scenarioNameOf);
}

export async function scenarioFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => !e.startsWith('.') && SCENARIO_EXTENSIONS.includes(extname(e).toLowerCase() as never))
    .sort()
    .map((e) => join(dir, e));
}

/** One row of the directory listing; a file that does not parse is listed with its problems. */
export interface ScenarioListing {
  name: string;
  file: string;
  title: string | undefined;
  version: string | undefined;
  modified: string;
  problems: ScenarioProblem[];
  scenario: Scenario | undefined;
}

export async function listScenarioFiles(dir: string): Promise<ScenarioListing[]> {
  const out: ScenarioListing[] = [];
  for (const file of await scenarioFiles(dir)) {
    const modified = (await stat(file)).mtime.toISOString();
    try {
      const loaded = await loadScenarioFile(file);
      out.push({
        name: loaded.name,
        file,
        title: loaded.scenario.name,
        version: loaded.version,
        modified,
        problems: [],
        scenario: loaded.scenario,
      });
    } catch (err) {
      if (!(err instanceof ScenarioFormatError)) throw err;
      out.push({
        name: scenarioNameOf(file),
        file,
        title: undefined,
        version: undefined,
        modified,
        problems: err.problems,
        scenario: undefined,
      });
    }
  }
  return out;
}

/**
 * Writes a scenario file atomically (a reader or a crash sees the old or the new file, never half of
 * one) after checking that it parses; returns it as loaded. `text` is kept verbatim (comments too).
 */
export async function writeScenarioFile(dir: string, name: string, text: string): Promise<LoadedScenario> {
  if (!isValidScenarioName(name))
    throw new ScenarioFormatError(`${name}.yaml`, [{ field: '(name)', message: SCENARIO_NAME_RULE }]);
  const existing = (await scenarioFiles(dir)).find((f) => scenarioNameOf(f) === name);
  const file = existing ?? join(dir, `${name}.yaml`);
  const parsed = parseScenario(text, file);
  await ensurePrivateDir(dir);
  await writeFileAtomic(file, text, { mode: 0o644 });
  return { name, file, text, ...parsed };
}

/** The shipped examples (`examples/scenarios/` in the package), offered by `ctct scenario new --from`. */
export function templatesDir(): string {
  return fileURLToPath(new URL('../../../examples/scenarios/', import.meta.url));
}

export interface ScenarioTemplate {
  name: string;
  title: string;
  description: string | undefined;
  file: string;
}

export async function listTemplates(): Promise<ScenarioTemplate[]> {
  const out: ScenarioTemplate[] = [];
  for (const file of await scenarioFiles(templatesDir())) {
    const loaded = await loadScenarioFile(file);
    out.push({ name: loaded.name, title: loaded.scenario.name, description: loaded.scenario.description, file });
  }
  return out;
}

export async function templateText(name: string): Promise<string> {
  const templates = await listTemplates();
  const found = templates.find((t) => t.name === name);
  if (!found)
    throw new ScenarioNotFoundError(
      name,
      templatesDir(),
      templates.map((t) => t.name),
    );
  return readFile(found.file, 'utf8');
}

/** A new scenario's text when no template is given: an on-demand flow of one module to edit. */
export function blankScenarioText(title: string): string {
  return [
    'version: 1',
    `name: ${JSON.stringify(title)}`,
    'scheduling: { type: on-demand }',
    'settings: { maxCycles: 1, storeIncomplete: true, maxConsecutiveErrors: 3 }',
    'flow:',
    '  - id: 1',
    '    module: list-contact-lists',
    '    mapper: { limit: 10 }',
    '',
  ].join('\n');
}
