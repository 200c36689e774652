import type { FieldInfo } from '../modules/field-info.js';

/**
 * The JSON the app's API sends and the page reads, shared by the server and the front end (its own
 * TypeScript program, for the browser). Imports are type-only, of library types whose files also
 * compile for the browser, so nothing of the server reaches the bundle.
 */

/** The account the app works on, as every page's banner shows it. */
export interface Banner {
  /** `sandbox`: nothing leaves this machine; `live`: a real Constant Contact account. */
  mode: 'sandbox' | 'live';
  /** The connection in use (`@sandbox` is the embedded sandbox). */
  connection: string;
  text: string;
}

export interface BudgetView {
  today: number;
  dailyLimit: number;
  resetsAt: string;
  /** Requests granted in the last 60 seconds, and their average rate per second. */
  lastMinute: number;
  perSecond: number;
  perSecondLimit: number;
}

export interface StatusView {
  banner: Banner;
  budget: BudgetView;
}

export interface ConnectionView {
  name: string;
  /** `embedded`: the sandbox this app started; `stored`: a connection saved by `ctct connect`; `environment`: CTCT_ACCESS_TOKEN. */
  kind: 'embedded' | 'stored' | 'environment';
  default: boolean;
  active: boolean;
  live: boolean;
  account: { encoded_account_id?: string; organization_name?: string };
  api_base: string;
  oauth_base?: string;
  scopes: string[];
  access_expires_at?: string;
  has_refresh_token?: boolean;
}

/** A module field as its dialog shows it: `ctct describe`'s field information and two dialog hints. */
export interface FieldView extends Omit<FieldInfo, 'items'> {
  items?: FieldView[];
  /** Behind "Show advanced settings". */
  advanced: boolean;
  /** Accepted formats, for date fields. */
  dateFormats?: string[];
}

export interface ModuleSummary {
  key: string;
  name: string;
  group: string;
  kind: string;
  scopes: readonly string[];
  description: string;
  /** Changes the account (asks for confirmation against a live account). */
  writes: boolean;
}

export interface ModuleView extends ModuleSummary {
  output: string;
  fields: FieldView[];
}

export interface Choice {
  value: string;
  label: string;
}

export interface RunResult {
  /** Searches and triggers give a list of bundles, actions one bundle (shown as Bundle 1). */
  bundles: unknown[];
  many: boolean;
  requests: number;
  retries: number;
  durationMs: number;
}

/** A failure as the CLI prints it with --json: name, message, hint, and for bad input every field at fault. */
export interface ApiFailure {
  name: string;
  message: string;
  hint?: string;
  problems?: { field: string; label: string; message: string }[];
  [key: string]: unknown;
}

/** A problem of a scenario file, at a module (by id) and a field path such as `flow[1].mapper.list_ids`. */
export interface ScenarioProblemView {
  moduleId?: number;
  field: string;
  message: string;
  line?: number;
}

export interface RunView {
  id: string;
  scenario: string;
  version: string;
  trigger: string;
  incompleteId: string | null;
  status: string;
  cycles: number;
  bundles: number;
  operations: number;
  requests: number;
  incompletes: number;
  error: { name: string; message: string; hint?: string } | null;
  startedAt: string;
  endedAt: string | null;
}

export interface ScenarioListView {
  name: string;
  file: string;
  scenario?: { name: string; description?: string; scheduling?: unknown; flow: { id: number; module: string }[] };
  problems?: ScenarioProblemView[];
  state: { enabled: boolean; consecutiveErrors: number; disabledReason: string | null; lastStatus: string | null };
  lastRun: RunView | undefined;
  unresolvedIncompletes: number;
  timing?: { schedule: string; next: string | null };
}

export interface FlowModuleRaw {
  id: number;
  module: string;
  name?: string;
  connection?: string;
  mapper?: Record<string, unknown>;
  filter?: { name?: string; conditions: { a?: unknown; o: string; b?: unknown }[][] };
  onerror?: string | { resume: Record<string, unknown> };
  from?: string;
  source?: number;
  chunk?: number;
}

export interface ScenarioRaw {
  version?: number;
  name: string;
  description?: string;
  scheduling?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  flow: FlowModuleRaw[];
}

export interface TriggerStateView {
  moduleId: number;
  initialized: boolean;
  start: string;
  checkpoint: string | null;
  backlog: number;
  delivered: number;
}

/** One scenario's trigger on the Runs page's watch-state view. */
export interface TriggerListingView {
  scenario: string;
  title?: string;
  trigger: TriggerStateView;
}

export interface ScenarioDetailView {
  name: string;
  file: string;
  version: string;
  text: string;
  raw: ScenarioRaw;
  problems: ScenarioProblemView[];
  state: ScenarioListView['state'];
  trigger: TriggerStateView | null;
  timing: { schedule: string; next: string | null } | null;
}

export interface PickerModuleView {
  moduleId: number;
  module: string;
  label: string;
  fields: { path: string; label: string; type: string }[];
  sample: { path: string; value: unknown }[];
}

export interface OperationView {
  id: number;
  cycle: number;
  bundleId: number;
  moduleId: number;
  module: string;
  path: string;
  status: string;
  input: unknown;
  output: unknown;
  outputCount: number;
  filterPassed: boolean | null;
  requests: number;
  error: { name: string; message: string; hint?: string; field?: string } | null;
  attempt: number;
  startedAt: string;
  durationMs: number | null;
  warnings: string[];
  truncated: boolean;
}

export interface IncompleteView {
  id: string;
  scenario: string;
  runId: string;
  bundleId: number;
  moduleId: number;
  reason: string;
  error: { name: string; message: string; hint?: string };
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface RunDetailView {
  run: RunView;
  operations: OperationView[];
  incompletes: IncompleteView[];
  flow: { id: number; module: string; name: string }[];
}

export interface LiveEventView {
  type: string;
  run?: RunView;
  operation?: OperationView;
  incomplete?: IncompleteView;
  cycle?: number;
  message?: string;
}
