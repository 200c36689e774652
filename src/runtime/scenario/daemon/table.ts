import { describeProblem } from '../parse.js';
import {
  describeSchedule,
  estimateRequestsPerRun,
  nextRunAfter,
  parseSchedule,
  planBudget,
  type BudgetPlan,
  type PlanOptions,
  type Schedule,
} from '../schedule/index.js';
import type { ScenarioProblem } from '../types.js';
import type { DaemonLibrary, ScheduledScenario } from './types.js';

/** One enabled, scheduled scenario between two directory scans. */
export interface Entry {
  readonly name: string;
  readonly version: string;
  readonly schedule: Schedule;
  /** Epoch ms of the next run; null = none. */
  nextAt: number | null;
  /** The start of the last run (any trigger), epoch ms. */
  lastStartAt: number | null;
  minGapMs: number;
  /** True when the next run makes up for one missed while no daemon ran. */
  catchUp: boolean;
}

export interface Scan {
  readonly entries: Map<string, Entry>;
  readonly idle: { name: string; reason: string }[];
  readonly invalid: { name: string; version: string; problems: ScenarioProblem[] }[];
  readonly plan: BudgetPlan;
}

const RECENT_RUNS = 20;

/** When a scenario runs next: its schedule, no sooner than the budget's gap after its last start. */
export function nextAt(entry: Entry, now: number): number | null {
  const earliest = entry.lastStartAt === null ? now : Math.max(now, entry.lastStartAt + entry.minGapMs - 1);
  return nextRunAfter(entry.schedule, new Date(earliest))?.getTime() ?? null;
}

/**
 * Reads the directory: every enabled scenario with a valid file and schedule, the budget plan over
 * them, and why the others are idle. Entries already known keep their timing unless the file changed.
 */
export async function scanScenarios(
  library: DaemonLibrary,
  previous: ReadonlyMap<string, Entry>,
  now: number,
  budget: PlanOptions,
): Promise<Scan> {
  const entries = new Map<string, Entry>();
  const idle: Scan['idle'] = [];
  const invalid: Scan['invalid'] = [];
  const planned: { entry: Entry; requestsPerRun: number }[] = [];
  for (const listing of await library.list()) {
    if (!listing.state.enabled) {
      const why = listing.state.disabledReason;
      idle.push({ name: listing.name, reason: why ? `disabled: ${why}` : 'disabled' });
      continue;
    }
    if (!listing.scenario || listing.problems.length > 0) {
      invalid.push({ name: listing.name, version: listing.version ?? '', problems: listing.problems });
      idle.push({
        name: listing.name,
        reason: `the file has problems: ${listing.problems.map(describeProblem).join('; ')}`,
      });
      continue;
    }
    const parsed = parseSchedule(listing.scenario.scheduling);
    if (!parsed.ok) {
      const problems = parsed.problems.map((p) => ({
        field: `scheduling${p.field ? `.${p.field}` : ''}`,
        message: p.message,
      }));
      invalid.push({ name: listing.name, version: listing.version ?? '', problems });
      idle.push({ name: listing.name, reason: 'its scheduling block has problems' });
      continue;
    }
    if (parsed.schedule.type === 'on-demand') {
      idle.push({ name: listing.name, reason: 'on demand: runs only with ctct scenario run' });
      continue;
    }
    const known = previous.get(listing.name);
    const lastStartAt = listing.lastRun ? Date.parse(listing.lastRun.startedAt) : null;
    const entry: Entry = {
      name: listing.name,
      version: listing.version ?? '',
      schedule: parsed.schedule,
      nextAt: null,
      lastStartAt: known ? known.lastStartAt : lastStartAt,
      minGapMs: 0,
      catchUp: false,
    };
    const recent = library
      .listRuns({ scenario: listing.name, limit: RECENT_RUNS })
      .filter((run) => run.status !== 'skipped' && run.endedAt !== null)
      .map((run) => run.requests);
    const requestsPerRun = estimateRequestsPerRun(listing.scenario.flow, listing.scenario.settings.maxCycles, recent);
    planned.push({ entry, requestsPerRun });
    entries.set(listing.name, entry);
  }
  const plan = planBudget(
    planned.map(({ entry, requestsPerRun }) => ({ name: entry.name, schedule: entry.schedule, requestsPerRun })),
    budget,
  );
  plan.scenarios.forEach((share, index) => {
    const { entry } = planned[index]!;
    entry.minGapMs = share.minGapMs;
    const known = previous.get(entry.name);
    if (known && known.version === entry.version && known.minGapMs === entry.minGapMs) {
      entry.nextAt = known.nextAt;
      entry.catchUp = known.catchUp;
      return;
    }
    // A run missed while no daemon ran (the machine was off at 09:00) is made up once, now; so is a
    // `once` whose time passed before it ever ran.
    const neverRanOnce = entry.lastStartAt === null && entry.schedule.type === 'once' ? entry.schedule.at : null;
    const missed = entry.lastStartAt === null ? neverRanOnce : nextAt(entry, entry.lastStartAt);
    if (!known && missed !== null && missed < now) {
      entry.nextAt = now;
      entry.catchUp = true;
    } else entry.nextAt = nextAt(entry, now);
  });
  return { entries, idle, invalid, plan };
}

export function describeEntries(entries: Iterable<Entry>): ScheduledScenario[] {
  return [...entries].map((entry) => ({
    name: entry.name,
    schedule: describeSchedule(entry.schedule),
    nextRunAt: entry.nextAt === null ? null : new Date(entry.nextAt).toISOString(),
    minGapMs: entry.minGapMs,
  }));
}

/**
 * The budget plan over the scenarios enabled now, as `ctct serve` would make it: for
 * `ctct scenario enable` to print the figures when the schedules need more than the day allows.
 */
export async function planEnabledBudget(library: DaemonLibrary, budget: PlanOptions = {}): Promise<BudgetPlan> {
  return (await scanScenarios(library, new Map(), Date.now(), budget)).plan;
}
