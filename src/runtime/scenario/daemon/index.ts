/** `ctct serve` as a library: every enabled scenario on its schedule in one process (README.md). */
export { serveScenarios, type ServeOptions } from './loop.js';
export { planEnabledBudget } from './table.js';
export { describeDaemonEvent } from './describe.js';
export type { DaemonEvent, DaemonLibrary, ScheduledScenario } from './types.js';
