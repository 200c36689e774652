import { moduleEffects } from '../modules/effects.js';
import type { ModuleDefinition } from '../modules/define.js';
import { catalogueEntry } from '../modules/describe.js';
import { describeFields, type FieldInfo } from '../modules/schema-info.js';
import type { FieldView, ModuleSummary, ModuleView } from './api-types.js';

/** The formats the modules' date fields accept (src/modules/fields.ts `isoDate`). */
const ISO_FORMATS = ['2026-03-01', '2026-03-01T09:30:00Z', '2026-03-01T09:30:00-05:00'];

/**
 * A module's fields as its dialog shows them: `ctct describe`'s field information plus two dialog
 * hints. Advanced fields (behind "Show advanced settings") are the optional ones a first run rarely
 * needs: those with a default (Limit among them) and optional nested lists of objects. Date fields are
 * those whose help names ISO-8601, the wording every date field of the modules uses.
 */
export function dialogFields(fields: readonly FieldInfo[]): FieldView[] {
  return fields.map((f) => {
    const { items, ...rest } = f;
    const view: FieldView = {
      ...rest,
      advanced: !f.required && (f.default !== undefined || (items !== undefined && f.type === 'array')),
      ...(items ? { items: dialogFields(items) } : {}),
    };
    if (f.type === 'string' && /ISO-8601/.test(f.help)) view.dateFormats = ISO_FORMATS;
    return view;
  });
}

/** Whether a run changes the account; Make an API Call's GET only reads. */
export function moduleWrites(m: ModuleDefinition, input?: Record<string, unknown>): boolean {
  if (m.kind === 'universal') return input === undefined || String(input.method ?? 'GET').toUpperCase() !== 'GET';
  return !moduleEffects(m).readOnly;
}

export function moduleSummary(m: ModuleDefinition): ModuleSummary {
  return { ...catalogueEntry(m), writes: moduleWrites(m) };
}

export function moduleView(m: ModuleDefinition): ModuleView {
  return { ...moduleSummary(m), output: m.output, fields: dialogFields(describeFields(m.input)) };
}
