/**
 * What a failure says to its reader, the same wherever it is shown: `ctct --json` prints it as
 * `{"error": ...}`, the web app sends it to the page. An error with its own `toJSON()` (a module's
 * input error lists every field at fault) describes itself; any other gives its name, message and hint.
 */
export interface FailureDetail {
  name: string;
  message: string;
  hint?: string;
  [key: string]: unknown;
}

interface DescribedError {
  message: string;
  name?: string;
  hint?: string;
  exitCode?: number;
  toJSON?: () => unknown;
}

export function describeFailure(err: unknown): { detail: FailureDetail; exitCode: number } {
  const e = (err instanceof Error ? err : new Error(String(err))) as Error & DescribedError;
  const exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
  const own = typeof e.toJSON === 'function' ? e.toJSON() : undefined;
  const detail =
    own !== null && typeof own === 'object'
      ? (own as FailureDetail)
      : { name: e.name, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  return { detail, exitCode };
}
