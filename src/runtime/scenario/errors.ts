import {
  CtctApiError,
  ForbiddenError,
  MissingTokenError,
  NetworkError,
  OutcomeUnknownError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../client/errors.js';
import { ModuleInputError } from '../../modules/input.js';
import { ExpressionError } from './expression/index.js';
import type { IncompleteReason, SerializedError } from './types.js';

/** The platform's error types, from what a module threw: decides retries and what the user is told. */
export function classifyError(err: unknown): IncompleteReason {
  if (err instanceof OutcomeUnknownError) return 'outcome-unknown';
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof NetworkError) return 'connection';
  if (err instanceof RateLimitedError) return 'rate-limit';
  if (err instanceof ServerError) return 'connection';
  if (err instanceof UnauthorizedError || err instanceof ForbiddenError || err instanceof MissingTokenError)
    return 'auth';
  if (err instanceof ModuleInputError || err instanceof ExpressionError || err instanceof ScenarioConfigError)
    return 'config';
  if (err instanceof CtctApiError) return 'data';
  return 'runtime';
}

/** A scenario that cannot run as written (found while running: validation catches most of these first). */
export class ScenarioConfigError extends Error {
  override name = 'ScenarioConfigError';
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly moduleId?: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A run refused before it started: the file is invalid (its problems listed), or another process runs it. */
export class ScenarioRunError extends Error {
  override name = 'ScenarioRunError';
  readonly exitCode: number;
  constructor(
    message: string,
    readonly hint: string,
    exitCode = 1,
    readonly problems: unknown[] = [],
  ) {
    super(message);
    this.exitCode = exitCode;
  }
  toJSON(): unknown {
    return { name: this.name, message: this.message, hint: this.hint, problems: this.problems };
  }
}

export function serializeError(err: unknown, moduleId?: number): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const out: SerializedError = { name: e.name, message: e.message };
  if (err instanceof CtctApiError) {
    if (err.status !== undefined) out.status = err.status;
    if (err.hint) out.hint = err.hint;
  } else {
    const hint = (e as { hint?: unknown }).hint;
    if (typeof hint === 'string') out.hint = hint;
  }
  if (moduleId !== undefined) out.moduleId = moduleId;
  if (err instanceof ExpressionError && err.field) out.field = err.field;
  if (err instanceof ModuleInputError && err.problems[0]) out.field = err.problems[0].field;
  if (err instanceof ScenarioConfigError && err.field) out.field = err.field;
  return out;
}
