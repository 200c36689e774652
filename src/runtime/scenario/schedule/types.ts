/** A scenario's `scheduling` block, parsed (parse.ts reads it from the file). */

/** A wall-clock time of day. */
export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

/** Days of the month: 1-31, or `last` (the month's last day, whatever its length). */
export type MonthDay = number | 'last';

interface Common {
  /** IANA zone the wall-clock times are read in (default UTC). */
  readonly timezone: string;
  /** No run before this instant (ms), if given. */
  readonly start?: number;
  /** No run after this instant (ms), if given. */
  readonly end?: number;
}

export type Schedule =
  | (Common & { readonly type: 'interval'; readonly everyMs: number })
  | (Common & { readonly type: 'once'; readonly at: number })
  | (Common & { readonly type: 'daily'; readonly times: readonly ClockTime[] })
  | (Common & { readonly type: 'weekly'; readonly days: readonly number[]; readonly times: readonly ClockTime[] })
  | (Common & { readonly type: 'monthly'; readonly days: readonly MonthDay[]; readonly times: readonly ClockTime[] })
  | (Common & { readonly type: 'on-demand' });

export type ScheduleType = Schedule['type'];

/** What is wrong with a `scheduling` block: the key (inside the block) and what to write instead. */
export interface ScheduleProblem {
  readonly field: string;
  readonly message: string;
}
