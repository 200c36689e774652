import type { ExpressionWarning } from './errors.js';

/** What an evaluation may read: earlier modules' output bundles by module id, the clock and the zone. */
export interface ExpressionScope {
  readonly outputs: ReadonlyMap<number, unknown>;
  /** The instant `now` means: the engine passes the cycle's start (the sandbox clock in tests). */
  readonly now: Date;
  /** The IANA zone dates are read and written in when a function is given none (e.g. "Europe/Paris"). */
  readonly timezone: string;
  warn(warning: ExpressionWarning): void;
}
