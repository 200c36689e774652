import type { ModuleDefinition } from '../modules/define.js';
import { moduleEffects } from '../modules/effects.js';

/** The MCP tool annotations: hints an agent (and its user's approval prompts) rely on. */
export interface ToolHints {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Every module talks to Constant Contact: open world. */
export function moduleHints(module: ModuleDefinition): ToolHints {
  const effects = moduleEffects(module);
  return {
    title: module.name,
    readOnlyHint: effects.readOnly,
    destructiveHint: effects.destructive,
    idempotentHint: effects.idempotent,
    openWorldHint: true,
  };
}
