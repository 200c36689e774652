import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/modules/registry.js';
import { describeFields } from '../../src/modules/schema-info.js';
import { specDir } from '../helpers/spec.js';

/**
 * Module names and field labels follow the hosted platform's documentation (the seed) exactly. The
 * seed lives beside the contract, outside the repository; this test reads it from there.
 */
const seedFile = resolve(specDir, 'constant-contact-modules.txt');
const GROUPS = [
  'Constant Contact',
  'Contact',
  'Contact List',
  'Contact Tracking Report',
  'Email Campaign',
  'Email Scheduling',
  'Email Tracking Report',
  'Other',
];
const NOT_MODULES = [/^Getting Started/, /^Connecting Constant Contact/, /^Example of Use/];
const BEYOND_SEED = ['Create or Update a Contact', 'Add Contacts to Lists', 'Update an Email Campaign Activity'];

function seedModuleNames(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.endsWith('¶'))
    .map((line) => line.slice(0, -1).trim())
    .filter((name) => !GROUPS.includes(name) && !NOT_MODULES.some((re) => re.test(name)));
}

describe('names and labels from the seed', () => {
  const seed = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : undefined;

  it('has the seed document', () => {
    expect(seed, `the module documentation at ${seedFile}`).toBeDefined();
  });

  it('implements the 45 seed modules under their exact names, plus the three beyond the seed', () => {
    const names = seedModuleNames(seed ?? '');
    expect(names).toHaveLength(45);
    expect(
      registry
        .map((m) => m.name)
        .filter((n) => !BEYOND_SEED.includes(n))
        .sort(),
    ).toEqual([...names].sort());
  });

  it('labels the seed fields of each search, trigger and campaign-activity module exactly as the seed does', () => {
    // Every "Label | help |" row the seed gives for a module must be the label of one of its fields.
    const sections = (seed ?? '').split(/\n(?=[^\n]+¶\n)/);
    const mismatches: string[] = [];
    let checked = 0;
    for (const module of registry) {
      const section = sections.find((s) => s.startsWith(`${module.name}¶`));
      // The seed's Update a Contact fields are a copy of Import Contacts (facts §10.2).
      if (!section || module.name === 'Update a Contact') continue;
      // A label is a row's first cell of capitalised words (help sentences such as "Enter a path..." are not).
      const labels = [...section.matchAll(/^((?:[A-Z][A-Za-z-]*)(?: [A-Z][A-Za-z-]*)*) \| /gm)].map((m) =>
        m[1]!.trim(),
      );
      const ours = new Set(describeFields(module.input).map((f) => f.label));
      checked += labels.length;
      for (const label of labels) if (!ours.has(label)) mismatches.push(`${module.name}: "${label}"`);
    }
    expect(mismatches).toEqual([]);
    expect(checked, 'labels read from the seed').toBeGreaterThan(80);
  });
});
