/** Scenario schedules: the `scheduling` block, the next run, and the daily request budget (README.md). */
export { parseSchedule, MIN_INTERVAL_MS, type ScheduleResult } from './parse.js';
export { describeSchedule, nextRunAfter, peakRunsPerDay } from './next.js';
export type { ClockTime, MonthDay, Schedule, ScheduleProblem, ScheduleType } from './types.js';
export {
  DAILY_REQUEST_LIMIT,
  estimateRequestsPerRun,
  planBudget,
  type BudgetPlan,
  type PlannedScenario,
  type PlanInput,
  type PlanOptions,
} from './budget.js';
