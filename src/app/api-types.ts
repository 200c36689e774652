/**
 * The JSON the app's API sends and the page reads. Pure types without imports, so the front end
 * (its own TypeScript program, for the browser) and the server share one definition.
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

export interface FieldView {
  key: string;
  label: string;
  help: string;
  required: boolean;
  type: string;
  enum?: readonly unknown[];
  default?: unknown;
  options?: string;
  dependsOn?: readonly string[];
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
