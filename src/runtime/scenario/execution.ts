import { dirname } from 'node:path';
import type { CtctClient } from '../../client/index.js';
import { ServerClock } from '../watch/server-clock.js';
import type { LoadedScenario } from './directory.js';
import type { Ledger } from './ledger.js';
import type { Plan } from './plan.js';
import type {
  ClientFactory,
  IncompleteExecution,
  OperationRecord,
  RunStatus,
  ScenarioEvent,
  SerializedError,
} from './types.js';

/** One connection's client and the server clock its responses feed. */
export interface Connected {
  client: CtctClient;
  clock: ServerClock;
}

/** Clients by connection name, shared by every run of a library object (one request budget each). */
export class ClientPool {
  private readonly clients = new Map<string, Promise<Connected>>();
  constructor(private readonly factory: ClientFactory) {}

  get(connection: string | undefined): Promise<Connected> {
    const key = connection ?? '';
    let found = this.clients.get(key);
    if (!found) {
      const clock = new ServerClock();
      found = this.factory(connection, { fetch: clock.wrap(globalThis.fetch) }).then((client) => ({ client, clock }));
      // a failure (an unknown connection) is not cached: the next run asks again
      found.catch(() => this.clients.delete(key));
      this.clients.set(key, found);
    }
    return found;
  }

  /** Requests made so far by every client built (for a run's total). */
  async requests(): Promise<number> {
    let n = 0;
    for (const p of this.clients.values()) n += await p.then((c) => c.client.stats().requests).catch(() => 0);
    return n;
  }
}

/** Everything one run's walker needs; `tally` sums what the run record will show. */
export class Execution {
  cycle = 0;
  now = new Date();
  stopRequested: 'commit' | 'rollback' | 'error' | undefined;
  /** The error that made the run fail outside any bundle (a trigger that cannot poll). */
  runError: SerializedError | undefined;
  readonly tally = { bundles: 0, operations: 0, incompletes: 0, bundleRequests: 0 };
  /** The worst outcome so far: success < warning < error. */
  outcome: RunStatus = 'success';
  readonly baseDir: string;
  readonly timezone: string;
  /** Values waiting in the trigger's aggregator buffer, as this run counts them (undefined: ask the ledger). */
  buffered: number | undefined;

  constructor(
    readonly ledger: Ledger,
    readonly loaded: LoadedScenario,
    readonly plan: Plan,
    readonly runId: string,
    readonly clients: ClientPool,
    readonly signal: AbortSignal | undefined,
    private readonly onEvent: ((event: ScenarioEvent) => void) | undefined,
  ) {
    this.baseDir = dirname(loaded.file);
    const tz = loaded.scenario.scheduling?.timezone ?? loaded.scenario.scheduling?.tz;
    this.timezone = typeof tz === 'string' && tz ? tz : 'UTC';
  }

  get scenario(): string {
    return this.loaded.name;
  }

  get settings() {
    return this.loaded.scenario.settings;
  }

  /** Someone listens: only then are records read back to be reported. */
  get listening(): boolean {
    return this.onEvent !== undefined;
  }

  emit(event: ScenarioEvent): void {
    if (!this.onEvent) return;
    try {
      this.onEvent(event);
    } catch {
      // a listener's failure is the listener's: the run and its records go on
    }
  }

  notice(message: string): void {
    this.emit({ type: 'notice', runId: this.runId, message });
  }

  operationStarted(operation: OperationRecord): void {
    this.emit({ type: 'operation-started', runId: this.runId, operation });
  }

  operationFinished(operation: OperationRecord): void {
    this.tally.operations++;
    this.emit({ type: 'operation-finished', runId: this.runId, operation });
  }

  incompleteStored(incomplete: IncompleteExecution): void {
    this.tally.incompletes++;
    this.emit({ type: 'incomplete-stored', runId: this.runId, incomplete });
  }

  worsen(status: 'warning' | 'error'): void {
    if (status === 'error' || this.outcome === 'success') this.outcome = status;
  }

  get aborted(): boolean {
    return this.signal?.aborted === true;
  }
}
