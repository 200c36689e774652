import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario, type ScenarioProblem } from './format.js';

/**
 * Text to Scenario: YAML (JSON is YAML too, and a `.json` file is read with JSON's own rules), then
 * the shape check. Every problem names its field path and, where the text allows, its line.
 */

/** The file could not be read as a scenario at all (syntax or shape). */
export class ScenarioFormatError extends Error {
  override name = 'ScenarioFormatError';
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly problems: ScenarioProblem[],
  ) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`);
  }
  get hint(): string {
    return 'src/runtime/scenario/README.md describes the file format; `ctct scenario new NAME --from TEMPLATE` writes a working one.';
  }
  toJSON(): unknown {
    return { name: this.name, message: this.message, file: this.file, problems: this.problems, hint: this.hint };
  }
}

export function describeProblem(p: ScenarioProblem): string {
  const where = [p.moduleId !== undefined ? `module ${p.moduleId}` : undefined, p.field].filter(Boolean).join(', ');
  return `${where}${p.line !== undefined ? ` (line ${p.line})` : ''}: ${p.message}`;
}

export interface ParsedScenario {
  scenario: Scenario;
  /** sha256 of the text, first 16 hex digits: the version a run records. */
  version: string;
}

export function contentVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Parses and shape-checks a scenario file's text; throws ScenarioFormatError with every problem. */
export function parseScenario(text: string, file = 'scenario.yaml'): ParsedScenario {
  const lines = new LineCounter();
  let raw: unknown;
  let doc: Document | undefined;
  if (/\.json$/i.test(file)) {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ScenarioFormatError(file, [{ field: '(file)', message: `not valid JSON: ${(err as Error).message}` }]);
    }
  } else {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ScenarioFormatError(
        file,
        doc.errors.map((e) => ({
          field: '(file)',
          message: `not valid YAML: ${e.message.split('\n')[0] ?? e.message}`,
          ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}),
        })),
      );
    }
    raw = doc.toJS();
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) throw new ScenarioFormatError(file, shapeProblems(result.error, raw, doc, lines));
  const problems = duplicateIds(result.data);
  if (problems.length > 0) throw new ScenarioFormatError(file, problems);
  return { scenario: result.data, version: contentVersion(text) };
}

function shapeProblems(
  error: z.ZodError,
  raw: unknown,
  doc: Document | undefined,
  lines: LineCounter,
): ScenarioProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const problem: ScenarioProblem = { field: fieldPath(path) || '(file)', message: issueMessage(issue) };
    const moduleId = moduleIdAt(raw, path);
    if (moduleId !== undefined) problem.moduleId = moduleId;
    // an unknown key is shown at the key itself, not at the start of the map holding it
    const at = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path;
    const line = doc ? lineOf(doc, at, lines) : undefined;
    if (line !== undefined) problem.line = line;
    return problem;
  });
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  return issue.message;
}

/** `flow[2].mapper.list_ids` from a zod path. */
export function fieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

function moduleIdAt(raw: unknown, path: readonly (string | number)[]): number | undefined {
  if (path[0] !== 'flow' || typeof path[1] !== 'number') return undefined;
  const flow = (raw as { flow?: unknown } | null)?.flow;
  const entry = Array.isArray(flow) ? (flow[path[1]] as { id?: unknown } | undefined) : undefined;
  return typeof entry?.id === 'number' ? entry.id : undefined;
}

/** The line of the deepest node the path reaches (the key itself when the value is missing). */
function lineOf(doc: Document, path: readonly (string | number)[], lines: LineCounter): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function duplicateIds(scenario: Scenario): ScenarioProblem[] {
  const seen = new Set<number>();
  const problems: ScenarioProblem[] = [];
  scenario.flow.forEach((m, i) => {
    if (seen.has(m.id))
      problems.push({ moduleId: m.id, field: `flow[${i}].id`, message: `id ${m.id} is used by an earlier module` });
    seen.add(m.id);
  });
  return problems;
}
