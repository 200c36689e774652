/**
 * ctct-connect's library entry: the v3 client, the modules and their runner, the watch runtime and the
 * connections. The sandbox has its own entry, `ctct-connect/sandbox`, so that using the client does not
 * load SQLite and the emulator.
 */
export * from './client/index.js';
export {
  defineModule,
  type ModuleDefinition,
  type ModuleKind,
  type ModuleGroup,
  type Bundle,
  type RunContext,
  type WatchSpec,
  type Scope,
} from './modules/define.js';
export { registry as modules, findModule, UnknownModuleError } from './modules/registry.js';
export { runModule, createRunContext, type RunOptions } from './modules/run.js';
export { parseModuleInput, ModuleInputError } from './modules/input.js';
export { describeFields, inputJsonSchema, type FieldInfo } from './modules/schema-info.js';
export { outputFields, outputJsonSchema, type OutputField } from './modules/output-info.js';
export { loadFieldOptions, type Choice } from './modules/options.js';
export * as watch from './runtime/watch/index.js';
export * as scenario from './runtime/scenario/index.js';
export { ConnectionStore } from './connection/store.js';
export { providerForConnection, ConnectionTokenProvider } from './connection/provider.js';
export { connect, type ConnectOptions, type ConnectResult } from './connection/connect.js';
