import type { BudgetTicket, RequestBudget } from '../client/types.js';
import type { BudgetView } from './api-types.js';

const MINUTE_MS = 60_000;
const PER_SECOND_LIMIT = 4;

/**
 * The client's request budget (src/client/throttle.ts counts the day and holds the 4/s window),
 * seen through a meter that also remembers when each request of the last minute was granted, for the
 * budget meter on the Connections page. Every client the app makes shares it.
 */
export class MeteredBudget implements RequestBudget {
  private grants: number[] = [];

  constructor(
    private readonly inner: RequestBudget,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(signal?: AbortSignal): Promise<BudgetTicket | void> {
    const ticket = await this.inner.acquire(signal);
    this.grants.push(this.now());
    this.forget();
    return ticket;
  }

  usage(): { today: number; dailyLimit: number; resetsAt: Date } {
    return this.inner.usage();
  }

  view(): BudgetView {
    this.forget();
    const usage = this.inner.usage();
    return {
      today: usage.today,
      dailyLimit: usage.dailyLimit,
      resetsAt: usage.resetsAt.toISOString(),
      lastMinute: this.grants.length,
      perSecond: Math.round((this.grants.length / 60) * 100) / 100,
      perSecondLimit: PER_SECOND_LIMIT,
    };
  }

  private forget(): void {
    const since = this.now() - MINUTE_MS;
    let drop = 0;
    while (drop < this.grants.length && (this.grants[drop] ?? 0) < since) drop++;
    if (drop > 0) this.grants = this.grants.slice(drop);
  }
}
