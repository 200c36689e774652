import type { ModuleDefinition } from './define.js';
import { modules as contact } from './contact/index.js';
import { modules as contactList } from './contact-list/index.js';
import { modules as contactReport } from './contact-report/index.js';
import { modules as emailCampaign } from './email-campaign/index.js';
import { modules as emailScheduling } from './email-scheduling/index.js';
import { modules as emailReport } from './email-report/index.js';
import { modules as other } from './other/index.js';

/** Every module, in the seed's order (group by group). */
export const registry: readonly ModuleDefinition[] = [
  ...contact,
  ...contactList,
  ...contactReport,
  ...emailCampaign,
  ...emailScheduling,
  ...emailReport,
  ...other,
];

export class UnknownModuleError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly query: string,
    readonly suggestions: string[],
  ) {
    super(
      `No module "${query}".${suggestions.length ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''}`,
    );
    this.name = 'UnknownModuleError';
  }
  get hint(): string {
    return 'Run `ctct modules` to list every module with its key and name.';
  }
}

const normalize = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Keys, and keys and names in normalized form, to their module (built once: lookups are hot). */
const byName = new Map<string, ModuleDefinition>();
for (const m of registry) {
  byName.set(m.key, m);
  byName.set(normalize(m.key), m);
  byName.set(normalize(m.name), m);
}

/** Finds a module by key (`list-contacts`) or by the seed's name (`List Contacts`, any case). */
export function findModule(query: string): ModuleDefinition {
  const found = byName.get(query) ?? byName.get(normalize(query));
  if (found) return found;
  const q = normalize(query);
  const words = q.split(' ').filter(Boolean);
  const suggestions = registry
    .map((m) => ({ m, score: words.filter((w) => normalize(m.name).includes(w) || m.key.includes(w)).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((s) => s.m.key);
  throw new UnknownModuleError(query, suggestions);
}
