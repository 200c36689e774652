/**
 * The v3 client: `createClient` (or `clientFromEnvironment`), its typed errors, the request budget,
 * the retry policy's pure functions and the swagger-named types.
 */
export { createClient, defaultBudget, BASE_URL_ENV, type CtctClient } from './client.js';
export { clientFromEnvironment, type EnvironmentClientOptions } from './environment.js';
export * from './errors.js';
export { errorFromResponse, parseErrorBody, redact, type ParsedErrorBody } from './error-factory.js';
export { createRequestBudget, InProcessBudget, type BudgetOptions } from './throttle.js';
export {
  shouldRetry,
  backoffDelay,
  throttleDelay,
  isIdempotent,
  RETRY_DEFAULTS,
  type AttemptOutcome,
  type RetryDecision,
  type RetryState,
} from './retry.js';
export { staticToken, TOKEN_ENV } from './token.js';
export { DEFAULT_API_BASE, relativeNextPath, encodeQuery } from './url.js';
export { rawCall, validateRawCall, RawCallRefusedError, type RawCallRequest, type RawCallResult } from './raw-call.js';
export * from './resources/index.js';
export type * from './types.js';
export type * from './types/index.js';
export { TRACKING_REPORT_KINDS } from './types/index.js';
