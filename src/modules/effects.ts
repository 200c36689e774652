import type { ModuleDefinition } from './define.js';

/** What calling a module does to the account, for the faces that must tell (MCP hints, approval prompts). */
export interface ModuleEffects {
  /** Changes nothing: searches, triggers (read once) and the actions that only read. */
  readOnly: boolean;
  /** Undoes something that is not simply redone: deletes, unschedules, removals from lists, raw calls. */
  destructive: boolean;
  /** Repeating it with the same input leaves the account as the first call left it. */
  idempotent: boolean;
}

// The seed files these as actions, but they only read.
const READING_ACTION = /^(get|list|preview|summarize)-/;
const DESTRUCTIVE = /^(delete|unschedule)-/;
// Creates, imports (each a new activity), schedules and test sends are not idempotent.
const IDEMPOTENT_WRITE = /^(update|delete|unschedule)-|^create-or-update-contact$|^add-contacts-to-lists$/;

/** Derived from kind and key; Make an API Call can send anything, so it counts as destructive. */
export function moduleEffects(module: ModuleDefinition): ModuleEffects {
  const readOnly =
    module.kind === 'search' ||
    module.kind === 'trigger' ||
    (module.kind === 'action' && READING_ACTION.test(module.key));
  return {
    readOnly,
    destructive: !readOnly && (module.kind === 'universal' || DESTRUCTIVE.test(module.key)),
    idempotent: readOnly || IDEMPOTENT_WRITE.test(module.key),
  };
}
