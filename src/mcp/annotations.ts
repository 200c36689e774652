import type { ModuleDefinition } from '../modules/define.js';

/** The MCP tool annotations: hints an agent (and its user's approval prompts) rely on. */
export interface ToolHints {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

// The seed files these as actions, but they only read.
const READING_ACTION = /^(get|list|preview|summarize)-/;
// Deletes, unschedules and removals from lists: what they undo is not simply redone.
const DESTRUCTIVE = /^(delete|unschedule)-/;
// Writes that, repeated with the same input, leave the account as the first call left it. Creates,
// imports (each a new activity), schedules and test sends are not among them.
const IDEMPOTENT_WRITE = /^(update|delete|unschedule)-|^create-or-update-contact$|^add-contacts-to-lists$/;

/**
 * Hints derived from the module's kind and key. Make an API Call can do anything, so it is neither
 * read-only nor idempotent and counts as destructive. Every module talks to Constant Contact: open world.
 */
export function moduleHints(module: ModuleDefinition): ToolHints {
  const readOnly =
    module.kind === 'search' ||
    module.kind === 'trigger' ||
    (module.kind === 'action' && READING_ACTION.test(module.key));
  return {
    title: module.name,
    readOnlyHint: readOnly,
    destructiveHint: !readOnly && (module.kind === 'universal' || DESTRUCTIVE.test(module.key)),
    idempotentHint: readOnly || IDEMPOTENT_WRITE.test(module.key),
    openWorldHint: true,
  };
}
