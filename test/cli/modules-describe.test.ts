import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeText } from '../../src/cli/commands/modules.js';
import { registry } from '../../src/modules/registry.js';
import { describeFields, fieldPaths } from '../../src/modules/schema-info.js';
import { outputFields } from '../../src/modules/output-info.js';
import { specDir } from '../helpers/spec.js';

/**
 * `ctct describe <module>` for every module of the registry: each field (sub-fields included) shows
 * its label, key, type, whether it is required, where its choices come from, and its help in full.
 */

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The seed's multi-line rows ("Label |" alone on a line) that test/contract/seed-names.test.ts does
 * not read, plus the labels the seed prints outside its table rows.
 */
const seedFile = resolve(specDir, 'constant-contact-modules.txt');
const LABELS_OUTSIDE_ROWS: Record<string, string[]> = {
  'Create an Email Campaign': ['Format Type'],
  'Make an API Call': ['Method', 'Headers', 'Query String', 'Body'],
};

function multiLineSeedLabels(moduleName: string): string[] {
  // The seed's Update a Contact fields are a copy of Import Contacts (facts §10.2): it takes Create's fields.
  if (moduleName === 'Update a Contact') return [];
  const seed = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : '';
  const section = seed.split(/\n(?=[^\n]+¶\n)/).find((s) => s.startsWith(`${moduleName}¶`)) ?? '';
  const rows = [...section.matchAll(/^([A-Z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*)*) \|$/gm)].map((m) => m[1]!);
  return [...rows, ...(LABELS_OUTSIDE_ROWS[moduleName] ?? [])];
}

describe('ctct describe, for every module', () => {
  it.each(registry.map((m) => [m.key, m] as const))(
    '%s: every field with label, key, type, required, choices and help',
    async (_key, module) => {
      const text = await describeText(module);
      const flat = squash(text);
      expect(text.startsWith(`${module.name}  (${module.key}, ${module.kind}, ${module.group})`)).toBe(true);
      expect(flat).toContain(squash(module.description));
      expect(flat).toContain(squash(module.output));
      const paths = fieldPaths(describeFields(module.input));
      expect(paths.length).toBeGreaterThan(0);
      for (const { path, field } of paths) {
        expect(field.label, `${path} has a label`).not.toBe(field.key);
        expect(field.label.trim(), path).not.toBe('');
        expect(field.help.trim(), `${path} has help text`).not.toBe('');
        expect(field.help.trim(), `${path} has help beyond its label`).not.toBe(field.label);
        const heading = text.split('\n').find((line) => line.trimStart().startsWith(`${field.label}  (${path})  [`));
        expect(heading, `${path} heading`).toBeDefined();
        expect(heading).toContain(field.required ? ', required' : ', optional');
        expect(heading).toContain(`[${field.type}`);
        if (field.options)
          expect(heading).toContain(`choices: ctct options ${module.key} ${path.replaceAll('[]', '')}`);
        else expect(heading).not.toContain('choices:');
        expect(flat).toContain(squash(field.help));
      }
    },
  );

  it.each(registry.map((m) => [m.key, m] as const))(
    '%s: every output field with its label, path and type, under its parent',
    async (_key, module) => {
      const lines = (await describeText(module)).split('\n');
      const start = lines.findIndex((l) => /^Output fields \((the|each) bundle\):$/.test(l));
      expect(start, 'an Output fields section').toBeGreaterThan(0);
      const fields = outputFields(module);
      expect(fields.length).toBeGreaterThan(0);
      const shown = lines.slice(start + 1);
      expect(shown).toHaveLength(fields.length);
      fields.forEach((f, i) => {
        const line = shown[i]!;
        expect(line.length - line.trimStart().length, f.path.join('.')).toBe(2 * f.path.length);
        expect(line.trimStart().startsWith(`${f.label}  `)).toBe(true);
        expect(line).toContain(`${f.path.at(-1)}${f.isArray ? '[]' : ''}  ${f.isArray ? 'list of ' : ''}${f.type}`);
      });
    },
  );

  it.each(registry.map((m) => [m.key, m] as const))(
    '%s: a field is marked required exactly when the module refuses input without it',
    (_key, module) => {
      const shape = module.input.shape as Record<string, z.ZodType>;
      for (const field of describeFields(module.input)) {
        const refusesMissing = !shape[field.key]!.safeParse(undefined).success;
        expect(field.required, field.key).toBe(refusesMissing);
      }
    },
  );

  it.each(registry.map((m) => [m.name, m] as const).filter(([name]) => multiLineSeedLabels(name).length > 0))(
    "%s: carries the labels of the seed's multi-line rows",
    (name, module) => {
      const labels = new Set(fieldPaths(describeFields(module.input)).map((p) => p.field.label));
      for (const label of multiLineSeedLabels(name)) expect(labels, `${name}: "${label}"`).toContain(label);
    },
  );

  it('reads the multi-line rows of the seed (Create a Contact, the imports, Create an Email Campaign, Make an API Call)', () => {
    expect(multiLineSeedLabels('Create a Contact')).toContain('Permission to Send');
    expect(multiLineSeedLabels('Create an Email Campaign')).toEqual([
      'Name',
      'Add the Email Campaign Activities',
      'Format Type',
    ]);
    expect(multiLineSeedLabels('Make an API Call')).toContain('URL');
  });
});
