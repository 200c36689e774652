import type { ModuleDefinition } from '../define.js';

export const modules: ModuleDefinition[] = [];
