/** The scenario library: files, validation, runs, incomplete executions (see README.md). */
export * from './format.js';
export * from './types.js';
export { parseScenario, contentVersion, describeProblem, ScenarioFormatError, type ParsedScenario } from './parse.js';
export {
  defaultScenarioDir,
  isValidScenarioName,
  listTemplates,
  loadScenario,
  loadScenarioFile,
  ScenarioNotFoundError,
  SCENARIO_NAME_RULE,
  type LoadedScenario,
  type ScenarioListing,
  type ScenarioTemplate,
} from './directory.js';
export { openScenarios, Scenarios, type ScenariosOptions, type ScenarioInfo, type ResolveResult } from './library.js';
export { validateScenario, type ValidateContext } from './validate.js';
export { ScenarioRunError, ScenarioConfigError } from './errors.js';
export { AUTO_RETRY_SCHEDULE_MS } from './ledger.js';
export type { ResolveAction } from './resolve.js';
