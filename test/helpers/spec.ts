import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The official v3 contract lives outside the repository (`../shared/reference/`); CI passes its folder
 * in CTCT_SPEC_DIR. Tests that need it read it from there and never copy it into the project.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const specDir = process.env.CTCT_SPEC_DIR ?? resolve(here, '../../../shared/reference');
export const specFile = resolve(specDir, 'constant-contact-v3.swagger.yml');

export interface SwaggerOperation {
  responses?: Record<string, { schema?: unknown; description?: string }>;
  parameters?: unknown[];
  security?: Record<string, string[]>[];
}
export interface SwaggerDoc {
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, unknown>;
}

let cached: SwaggerDoc | null | undefined;

/** The parsed contract, or null when it is not on this machine (and CTCT_REQUIRE_SPEC is unset). */
export function loadSpec(): SwaggerDoc | null {
  if (cached !== undefined) return cached;
  if (!existsSync(specFile)) {
    if (process.env.CTCT_REQUIRE_SPEC === '1')
      throw new Error(`The v3 contract is required but missing at ${specFile}; set CTCT_SPEC_DIR.`);
    cached = null;
    return cached;
  }
  // Parsing 700 KB of YAML costs seconds and every test file is its own process: keep a JSON copy in
  // the temp dir, keyed by the spec's size and modification time (never inside the project).
  const stat = statSync(specFile);
  const jsonCopy = join(tmpdir(), `ctct-connect-spec-${stat.size}-${Math.floor(stat.mtimeMs)}.json`);
  if (existsSync(jsonCopy)) {
    try {
      cached = JSON.parse(readFileSync(jsonCopy, 'utf8')) as SwaggerDoc;
      return cached;
    } catch {
      // a torn copy from a concurrent writer: fall back to the YAML
    }
  }
  cached = parse(readFileSync(specFile, 'utf8')) as SwaggerDoc;
  try {
    writeFileSync(`${jsonCopy}.${process.pid}`, JSON.stringify(cached));
    // rename is atomic: readers never see a partial copy
    renameSync(`${jsonCopy}.${process.pid}`, jsonCopy);
  } catch {
    // the cache is an optimisation only
  }
  return cached;
}
