import { CtctApiError, QuotaExceededError, type ErrorDetails } from '../../client/index.js';

/**
 * Campaign calls fail for reasons the API states tersely ("cannot be deleted", "429"). These helpers
 * keep the API's own error (its class, status, error_key and quoted message, so callers can still
 * branch on `instanceof ValidationError`) and replace the generic advice with what to do in this
 * module's situation.
 */

type ApiErrorClass = new (message: string, details: ErrorDetails) => CtctApiError;

/** The API's error messages quoted, or its status when the body said nothing. */
export function apiSaid(err: CtctApiError): string {
  return err.messages.length > 0 ? `"${err.messages.join('; ')}"` : `${err.status ?? 'no'} ${err.name}`;
}

/** A copy of `err` (same class and details) whose message is `message` and whose hint is `hint`. */
export function reword(err: CtctApiError, message: string, hint: string): CtctApiError {
  const Cls = err.constructor as ApiErrorClass;
  const details: ErrorDetails = {
    status: err.status,
    method: err.method,
    path: err.path,
    errorKey: err.errorKey,
    messages: err.messages,
    body: err.body,
    hint,
    cause: err,
  };
  return new Cls(message, details);
}

/**
 * Runs `call`; an API error whose status is in `statuses` is rethrown reworded by `explain` (unless it
 * answers undefined). Anything
 * else (network, the daily quota, other statuses) passes through untouched: the client's advice fits those.
 */
export async function explainFailure<T>(
  call: () => Promise<T>,
  statuses: readonly number[],
  explain: (err: CtctApiError) => { message: string; hint: string } | undefined,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (
      err instanceof CtctApiError &&
      !(err instanceof QuotaExceededError) &&
      err.status !== undefined &&
      statuses.includes(err.status)
    ) {
      const explained = explain(err);
      if (explained) throw reword(err, explained.message, explained.hint);
    }
    throw err;
  }
}

/** A problem found before any request (e.g. the activity's state makes the call pointless). */
export class CampaignStateError extends Error {
  override name = 'CampaignStateError';
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, hint: this.hint };
  }
}
