import { describeSchedule, peakRunsPerDay } from './next.js';
import type { Schedule } from './types.js';

/** The API's limits per application (facts §8.1): 10,000 requests a UTC day, 4 a second. */
export const DAILY_REQUEST_LIMIT = 10_000;
export const REQUESTS_PER_SECOND = 4;
/** Kept out of the scheduled scenarios' share, for manual runs, the web app and retries. */
export const DEFAULT_RESERVE_FRACTION = 0.1;
const DAY_MS = 86_400_000;

export interface PlanInput {
  readonly name: string;
  readonly schedule: Schedule;
  /** Estimated API requests one run makes (past runs' average, or the flow's modules × cycles). */
  readonly requestsPerRun: number;
}

export interface PlannedScenario {
  readonly name: string;
  readonly schedule: string;
  readonly runsPerDay: number;
  readonly requestsPerRun: number;
  /** What the schedule needs. */
  readonly requestsPerDay: number;
  /** What the plan gives it (equal to the need when the budget suffices). */
  readonly allowedRequestsPerDay: number;
  readonly allowedRunsPerDay: number;
  /** Least time between two runs' starts; 0 = run as scheduled. */
  readonly minGapMs: number;
}

export interface BudgetPlan {
  readonly dailyLimit: number;
  readonly reserve: number;
  /** dailyLimit − reserve: what scheduled runs may use. */
  readonly available: number;
  readonly needed: number;
  readonly over: boolean;
  readonly scenarios: readonly PlannedScenario[];
  /** Lines for `ctct serve` and `ctct scenario enable` to print. */
  readonly summary: readonly string[];
}

export interface PlanOptions {
  dailyLimit?: number;
  reserveFraction?: number;
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');

function describeGap(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const parts: string[] = [];
  if (seconds >= 3600) parts.push(`${Math.floor(seconds / 3600)}h`);
  if (seconds % 3600 >= 60) parts.push(`${Math.floor((seconds % 3600) / 60)}m`);
  if (seconds % 60 > 0 || parts.length === 0) parts.push(`${seconds % 60}s`);
  return parts.join(' ');
}

/**
 * Shares the day's requests among the enabled scenarios. When their schedules need more than is
 * available, each gets a fair share (max-min: a scenario needing less than an equal share keeps its
 * need, the rest split what is left equally) and is spaced out to fit it, instead of anything failing.
 */
export function planBudget(inputs: readonly PlanInput[], options: PlanOptions = {}): BudgetPlan {
  const dailyLimit = options.dailyLimit ?? DAILY_REQUEST_LIMIT;
  const reserve = Math.floor(dailyLimit * (options.reserveFraction ?? DEFAULT_RESERVE_FRACTION));
  const available = dailyLimit - reserve;
  const needs = inputs.map((input) => {
    const runsPerDay = peakRunsPerDay(input.schedule);
    const requestsPerRun = Math.max(1, Math.ceil(input.requestsPerRun));
    return { input, runsPerDay, requestsPerRun, requestsPerDay: runsPerDay * requestsPerRun };
  });
  const needed = needs.reduce((sum, need) => sum + need.requestsPerDay, 0);
  const over = needed > available;
  const allotted = new Map<number, number>();
  let remaining = available;
  const order = needs
    .map((need, index) => ({ need, index }))
    .sort((a, b) => a.need.requestsPerDay - b.need.requestsPerDay);
  order.forEach(({ need, index }, position) => {
    const share = remaining / (order.length - position);
    const allot = over ? Math.min(need.requestsPerDay, share) : need.requestsPerDay;
    allotted.set(index, allot);
    remaining -= allot;
  });
  const scenarios = needs.map((need, index): PlannedScenario => {
    const allowed = allotted.get(index) ?? need.requestsPerDay;
    const fits = allowed >= need.requestsPerDay;
    // At least one run a day: a scenario that never runs would be a silent failure.
    const allowedRunsPerDay = fits ? need.runsPerDay : Math.max(1, Math.floor(allowed / need.requestsPerRun));
    return {
      name: need.input.name,
      schedule: describeSchedule(need.input.schedule),
      runsPerDay: need.runsPerDay,
      requestsPerRun: need.requestsPerRun,
      requestsPerDay: need.requestsPerDay,
      allowedRequestsPerDay: fits ? need.requestsPerDay : allowedRunsPerDay * need.requestsPerRun,
      allowedRunsPerDay,
      minGapMs: fits ? 0 : Math.ceil(DAY_MS / allowedRunsPerDay),
    };
  });
  return {
    dailyLimit,
    reserve,
    available,
    needed,
    over,
    scenarios,
    summary: summarize(dailyLimit, reserve, needed, over, scenarios),
  };
}

function summarize(
  dailyLimit: number,
  reserve: number,
  needed: number,
  over: boolean,
  scenarios: readonly PlannedScenario[],
): string[] {
  const lines = [
    `Request budget: the enabled scenarios need about ${count(needed)} requests a day; ` +
      `the API allows ${count(dailyLimit)} a day per application ` +
      `(${count(dailyLimit - reserve)} for schedules, ${count(reserve)} kept for manual runs and retries).`,
  ];
  if (!over) return lines;
  lines.push('That is over the budget, so polls are spaced out fairly:');
  for (const scenario of scenarios) {
    const runs = `${count(scenario.runsPerDay)} runs × ${count(scenario.requestsPerRun)} requests`;
    const need = `${scenario.schedule}: ${runs} = ${count(scenario.requestsPerDay)}/day`;
    const allowed = `${count(scenario.allowedRunsPerDay)} runs, ${count(scenario.allowedRequestsPerDay)}/day`;
    lines.push(
      scenario.minGapMs === 0
        ? `  ${scenario.name}: ${need}, unchanged`
        : `  ${scenario.name}: ${need} → at most one run every ${describeGap(scenario.minGapMs)} (${allowed})`,
    );
  }
  lines.push(
    "To run as scheduled: poll less often (scheduling.every), lower a trigger's Limit, or disable a scenario.",
  );
  return lines;
}

/**
 * Requests one run of a scenario is expected to make: the average of its recent runs when it has
 * some, else one per API module per cycle (a trigger's page, an action's call): a floor, refined as
 * soon as runs are recorded.
 */
export function estimateRequestsPerRun(
  flow: readonly { readonly module: string }[],
  maxCycles: number,
  recentRequests: readonly number[] = [],
): number {
  if (recentRequests.length > 0)
    return Math.max(1, Math.ceil(recentRequests.reduce((sum, value) => sum + value, 0) / recentRequests.length));
  const apiModules = flow.filter((module) => !module.module.startsWith('builtin:')).length;
  return Math.max(1, apiModules * Math.max(1, maxCycles));
}
