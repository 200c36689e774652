import type { ModuleDefinition } from '../define.js';
import makeAnApiCall from './make-an-api-call.js';

export const modules: ModuleDefinition[] = [makeAnApiCall];
