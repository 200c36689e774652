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
