import type { CtctClient } from '../../client/index.js';
import type { ListingModule, ModuleDefinition, RunContext, WatchSpec } from '../../modules/define.js';
import { parseModuleInput } from '../../modules/input.js';
import { createRunContext } from '../../modules/run.js';
import { canonicalJson, watchedInput } from './canonical.js';
import { phase } from './debug.js';
import type { ServerClock } from './server-clock.js';
import { newOwnerToken, type BacklogEvent, type WatchIdentity, type WatchRecord, type WatchStore } from './store.js';
import { describeStartPoint, maxTime, normalizeTime, shiftTime, type StartPoint } from './times.js';

/**
 * One watch: a Watch module, its input and a connection, with durable state in a WatchStore.
 *
 * A cycle fetches candidates since `newest known - overlap` (never below the floor), drops the
 * keys it already knows, writes the new events to the backlog (one transaction, bundles as fetched),
 * then hands backlog events to the consumer oldest first (time, then key), at most Limit per cycle.
 * An event counts as delivered only once the consumer acknowledges it (its `deliver` resolves); the
 * acknowledgement and the state advance are one SQLite transaction. The checkpoint moves to the time
 * of the acknowledged event (capped at the server's now); waiting events stay in the backlog whatever
 * the checkpoint.
 *
 * The delivery guarantee, phase by phase (see README.md):
 * - crash before the backlog transaction commits: nothing was stored, the checkpoint did not move,
 *   and the next cycle fetches the same events again;
 * - crash with events in the backlog: they are delivered by the next run, even if the source has
 *   forgotten them meanwhile;
 * - the hand-over (the event marked in flight, with the consumer's `mark`) is stored BEFORE the
 *   consumer sees the event. A crash between it and the acknowledgement's commit leaves the event in
 *   flight; the next run asks the consumer `wasDelivered(event, mark)`. A consumer that can tell (the
 *   LineConsumer on a regular file compares the bytes at the mark) gets every event exactly once;
 *   one that cannot is handed that single event again, flagged `redelivery`: at-least-once, for the
 *   one event in flight at the crash and no other. No crash point loses an event.
 */

export interface WatchEvent {
  /** The event's identity (the module's `key`). */
  key: string;
  /** The event's time, normalized to ISO-8601 UTC with milliseconds. */
  time: string;
  bundle: object;
  /** true when this event was in flight during a crash and may have reached the consumer already. */
  redelivery: boolean;
}

export interface WatchConsumer {
  /** Called before the hand-over; the note is stored with the pending event (e.g. the output file's size). */
  mark?(event: WatchEvent): string | undefined | Promise<string | undefined>;
  /** Writes the event out; resolving ACKNOWLEDGES it, throwing leaves it undelivered (offered again). */
  deliver(event: WatchEvent): void | Promise<void>;
  /** After a crash: did this pending event reach the output? (`mark` as returned before the hand-over.) */
  wasDelivered?(event: WatchEvent, mark: string | undefined): boolean | Promise<boolean>;
  /**
   * Runs synchronously INSIDE the hand-over transaction, on the watch store's database: a consumer
   * keeping its own records in that database (the scenario engine) claims the event atomically with it.
   */
  claim?(event: WatchEvent): void;
}

export interface CycleReport {
  /** This cycle fixed the start point of a new watch. */
  started: boolean;
  /** Events handed to and acknowledged by the consumer in this cycle. */
  delivered: number;
  /** Events the module dropped (toBundle gave undefined); settled without delivery. */
  skipped: number;
  /** Items the module's fetch yielded at or after `since`. */
  candidates: number;
  /** Events in the backlog after the cycle (Limit reached, or the cycle was stopped). */
  waiting: number;
  /** The `since` given to the module's fetch (undefined = everything). */
  since: string | undefined;
  checkpoint: string | null;
  /** The signal stopped the cycle between two events. */
  stopped: boolean;
}

export interface WatcherOptions {
  module: ModuleDefinition;
  /** The module's input, unparsed (validated here; errors name the field). */
  input: unknown;
  client: CtctClient;
  store: WatchStore;
  /** The connection's name (state is kept per connection). */
  connection: string;
  /** Where a NEW watch starts (default `now`); for an existing watch, a different value is an error. */
  start?: StartPoint;
  /** Server time from response `Date` headers; without one, "now" is this computer's clock. */
  serverClock?: ServerClock;
  /** Non-fatal remarks (e.g. no server time available). */
  notice?: (message: string) => void;
  /**
   * Names the watch's state instead of (connection, module key, input): a scenario keys its trigger by
   * scenario and module id, so that editing the rest of the scenario never resets it.
   */
  identity?: WatchIdentity;
}

/** `--from` given for a watch that already started differently. */
export class StartConflictError extends Error {
  override name = 'StartConflictError';
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export class NotWatchableError extends Error {
  override name = 'NotWatchableError';
  readonly exitCode = 2;
}

/** A moment after every real event: the cheapest fetch that still makes the API answer (with its Date). */
const PROBE_SINCE = '9999-12-31T23:59:59.999Z';
const DEFAULT_OVERLAP_MS = 10 * 60_000;
/** Backlog rows read per query while walking it in order. */
const BACKLOG_BATCH = 500;

type Candidate = { key: string; time: string; item: unknown; partOf: string | undefined };

export class Watcher {
  readonly identity: WatchIdentity;
  readonly module: ListingModule;
  readonly input: Record<string, unknown>;
  private readonly spec: WatchSpec<Record<string, unknown>, unknown>;
  private readonly options: WatcherOptions;
  private readonly token: string;
  private readonly id: number;
  /** Lookups a module caches (e.g. a campaign's primary activity) are kept across this watcher's cycles. */
  private readonly cache = new Map<string, Promise<unknown>>();
  private closed = false;

  private constructor(
    options: WatcherOptions,
    module: ListingModule,
    input: Record<string, unknown>,
    identity: WatchIdentity,
    token: string,
    id: number,
  ) {
    this.options = options;
    this.token = token;
    this.module = module;
    this.input = input;
    this.identity = identity;
    this.id = id;
    this.spec = module.watch as WatchSpec<Record<string, unknown>, unknown>;
  }

  /** The state key of a watch: validates the input (ModuleInputError names the field). */
  static identityOf(
    module: ModuleDefinition,
    rawInput: unknown,
    connection: string,
  ): { identity: WatchIdentity; module: ListingModule; input: Record<string, unknown> } {
    if (module.kind !== 'trigger' || !('watch' in module) || !module.watch) {
      throw new NotWatchableError(
        `${module.name} is not a Watch module (it is a ${module.kind}); ` +
          `only triggers can be watched. \`ctct modules\` lists them as kind "trigger".`,
      );
    }
    const input = parseModuleInput(module, rawInput ?? {}) as Record<string, unknown>;
    return { identity: { connection, module: module.key, input: canonicalJson(watchedInput(input)) }, module, input };
  }

  /** Validates the input, finds or creates the watch and takes ownership of it (WatchBusyError if taken). */
  static open(options: WatcherOptions): Watcher {
    const own = Watcher.identityOf(options.module, options.input, options.connection);
    const { module, input } = own;
    const identity = options.identity ?? own.identity;
    const wanted = describeStartPoint(options.start ?? { kind: 'now' });
    const existing = options.store.find(identity);
    if (existing && options.start && existing.start !== wanted) {
      throw new StartConflictError(
        `This watch already started with --from ${existing.start}; --from ${wanted} only applies to a new watch.`,
        `Run the same command with --reset to forget it, then start again with --from ${wanted}.`,
      );
    }
    const token = newOwnerToken();
    const record = options.store.open(identity, existing?.start ?? wanted, token);
    return new Watcher(options, module, input, identity, token, record.id);
  }

  get state(): WatchRecord {
    return this.options.store.record(this.id);
  }

  get overlapMs(): number {
    return this.spec.overlapMs ?? DEFAULT_OVERLAP_MS;
  }

  get dedupe(): 'window' | 'forever' {
    return this.spec.dedupe ?? 'window';
  }

  /** Per-cycle cap on delivered events: the module input's `limit` (none when it has no such field). */
  get limit(): number {
    const value = this.input.limit;
    return typeof value === 'number' && value > 0 ? value : Number.POSITIVE_INFINITY;
  }

  /** One poll. Resolves when every new event (up to Limit) is acknowledged, or at the first refusal. */
  async cycle(consumer: WatchConsumer, options: { signal?: AbortSignal } = {}): Promise<CycleReport> {
    if (this.closed) throw new Error('this watcher is closed');
    const { store } = this.options;
    const ctx = createRunContext({
      client: this.options.client,
      cache: this.cache,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let record = store.record(this.id);
    const report: CycleReport = {
      started: false,
      delivered: 0,
      skipped: 0,
      candidates: 0,
      waiting: 0,
      since: undefined,
      checkpoint: record.checkpoint,
      stopped: false,
    };
    if (!record.initialized) {
      report.started = true;
      const fetchedAll = await this.initialize(record, ctx);
      record = store.record(this.id);
      report.checkpoint = record.checkpoint;
      if (fetchedAll) return report;
    }

    // An event in flight when the last run died (or that the consumer refused) comes first.
    const inFlight = store.inFlight(this.id);
    if (inFlight) {
      const event: WatchEvent = { key: inFlight.key, time: inFlight.time, bundle: inFlight.bundle, redelivery: true };
      const reached = consumer.wasDelivered ? await consumer.wasDelivered(event, inFlight.mark) : false;
      if (reached) store.acknowledge(this.id, event.key, event.time, this.checkpointFor(event.time));
      else {
        await this.deliver(consumer, event);
        report.delivered++;
      }
    }

    report.since = this.sinceFor(store.record(this.id));
    let candidates: Candidate[];
    try {
      candidates = await this.fetchCandidates(report.since, record.floor, ctx);
    } catch (err) {
      if (options.signal?.aborted)
        return {
          ...report,
          stopped: true,
          checkpoint: store.record(this.id).checkpoint,
          waiting: store.backlogCount(this.id),
        };
      throw err;
    }
    report.candidates = candidates.length;
    const known = store.knownAmong(
      this.id,
      candidates.map((c) => c.key),
    );
    // Everything new goes to the backlog first (one transaction): from there it is delivered even if
    // Limit defers it and the source forgets it meanwhile. An event that is part of another event new
    // in this same fetch (an edit in a contact's first second, read together with its creation) is
    // settled without delivery: the other one carries it. Fetched apart, both states were seen: both go.
    store.enqueue(this.id, this.backlogEvents(candidates.filter((c) => !known.has(c.key))));

    let after: { time: string; key: string } | undefined;
    walk: for (;;) {
      // Read little more than Limit allows: a large backlog is not parsed just to deliver a few events.
      const batch = store.backlogAfter(this.id, after, Math.min(BACKLOG_BATCH, this.limit - report.delivered + 16));
      if (batch.length === 0) break;
      for (const event of batch) {
        after = event;
        if (options.signal?.aborted) {
          report.stopped = true;
          break walk;
        }
        if (event.bundle === null) {
          store.settle(this.id, event.key, event.time, this.checkpointFor(event.time));
          report.skipped++;
          continue;
        }
        if (report.delivered >= this.limit) break walk;
        await this.deliver(consumer, { key: event.key, time: event.time, bundle: event.bundle, redelivery: false });
        report.delivered++;
      }
    }
    report.waiting = store.backlogCount(this.id);

    const settled = store.record(this.id);
    if (this.dedupe === 'window' && settled.checkpoint !== null)
      store.prune(this.id, shiftTime(settled.checkpoint, -this.overlapMs));
    store.heartbeat(this.id, this.token);
    report.checkpoint = settled.checkpoint;
    return report;
  }

  /** Gives up ownership; the state stays for the next run. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.store.release(this.id, this.token);
  }

  /** Forgets this watch's state (the next cycle starts it again); the watcher is closed. */
  reset(): void {
    this.options.store.reset(this.identity, this.token);
    this.closed = true;
  }

  /**
   * since = (the newest event known) - overlap, never below the start point; undefined = everything.
   * The newest event known is the checkpoint, or a newer event waiting in the backlog: what a fetch
   * already stored needs no fetching again, so cycles that drain a Limit-deferred backlog cost the
   * overlap window, not every page back to the oldest waiting event. (The prune threshold,
   * checkpoint - overlap, stays at or below every `since`, so a pruned key is never fetched again.)
   */
  private sinceFor(record: WatchRecord): string | undefined {
    const stored = this.options.store.newestWaiting(this.id);
    const waiting = stored === undefined ? undefined : this.checkpointFor(stored);
    const newest =
      record.checkpoint === null
        ? waiting
        : waiting === undefined
          ? record.checkpoint
          : maxTime(record.checkpoint, waiting);
    if (newest === undefined) return record.floor ?? undefined;
    const since = shiftTime(newest, -this.overlapMs);
    return record.floor !== null && record.floor > since ? record.floor : since;
  }

  /**
   * Where an event moves the checkpoint: its time, but never past the server's latest `Date`. One
   * event stamped far ahead (a skewed clock, a bad row) would otherwise drag `since` past every event
   * stamped normally until real time caught up. The cap only ever lowers the window (more re-reading,
   * never less); the skewed event's key stays seen until the window passes it.
   */
  private checkpointFor(time: string): string {
    const serverNow = this.options.serverClock?.now();
    return serverNow !== undefined && time > serverNow ? serverNow : time;
  }

  /** Every distinct candidate at or after `since` and `floor` (the module may yield a few older ones). */
  private async fetchCandidates(
    since: string | undefined,
    floor: string | null,
    ctx: RunContext,
  ): Promise<Candidate[]> {
    const byKey = new Map<string, Candidate>();
    for await (const item of this.spec.fetch(this.input, since, ctx)) {
      const time = normalizeTime(this.spec.time(item), `${this.module.key}: an item's time`);
      if (since !== undefined && time < since) continue;
      if (floor !== null && time < floor) continue;
      const key = this.spec.key(item);
      if (!byKey.has(key)) byKey.set(key, { key, time, item, partOf: this.spec.partOf?.(item) });
    }
    return [...byKey.values()];
  }

  /**
   * Fixes where a new watch starts. `all`: from the beginning. A date: from there. `now`: the server's
   * now, read from the Date header of the answer to a fetch "since the end of time" (one cheap request);
   * then the overlap window before it is read once and every event in it remembered as seen, and the
   * floor put at the window's start. So a "from now" watch is protected like every later cycle: an
   * event written after the start but stamped before it (a report stamped at the whole minute, a late
   * write, a server clock a little behind) is delivered, and nothing that existed at the start is.
   * For `dedupe: forever` every existing event is read and remembered, so a row whose time moves later
   * (a contact's unique open) is not mistaken for a new event. For a date, the rows before it are
   * remembered. Returns true when the cycle is over (a `now` start delivers nothing in its first cycle).
   */
  private async initialize(record: WatchRecord, ctx: RunContext): Promise<boolean> {
    const { store, serverClock } = this.options;
    if (record.start === 'all') {
      store.initialize(this.id, null, null);
      return false;
    }
    const forever = this.dedupe === 'forever';
    if (record.start !== 'now') {
      const seed = forever
        ? (await this.fetchCandidates(undefined, null, ctx)).filter((c) => c.time < record.start)
        : [];
      store.initialize(this.id, record.start, record.start, seed);
      return false;
    }
    serverClock?.reset();
    const localNow = new Date().toISOString();
    const probed = await this.fetchCandidates(forever ? undefined : PROBE_SINCE, null, ctx);
    let start = serverClock?.firstSinceReset();
    if (start === undefined) {
      this.options.notice?.(
        "The API sent no Date header, so this watch starts from this computer's clock; " +
          'events stamped earlier by a server clock that runs behind it by more than the overlap may be missed.',
      );
      start = localNow;
    }
    const startAt = start;
    const floor = shiftTime(startAt, -this.overlapMs);
    // Whatever this first read sees existed when the watch started, whatever its stamp (the Date
    // header has whole seconds, so some may be stamped a little after `startAt`): none is delivered.
    const existing = forever ? probed : await this.fetchCandidates(floor, null, ctx);
    store.initialize(this.id, startAt, floor, existing);
    return true;
  }

  /** New candidates as backlog events: bundles as fetched; null for one `partOf` another new one. */
  private backlogEvents(fresh: readonly Candidate[]): BacklogEvent[] {
    const freshKeys = new Set(fresh.map((c) => c.key));
    return fresh.map((c) => ({
      key: c.key,
      time: c.time,
      bundle:
        c.partOf !== undefined && freshKeys.has(c.partOf)
          ? null
          : ((this.spec.toBundle ? this.spec.toBundle(c.item, this.input) : (c.item as object)) ?? null),
    }));
  }

  private async deliver(consumer: WatchConsumer, event: WatchEvent): Promise<void> {
    const { store } = this.options;
    const mark = consumer.mark ? await consumer.mark(event) : undefined;
    if (consumer.claim) {
      const claim = consumer.claim.bind(consumer);
      store.handOverAndClaim(this.id, event.key, mark, () => claim(event));
    } else store.handOver(this.id, event.key, mark);
    await phase('handed-over', event.key);
    // A refusal (throw) leaves the event in flight: the next cycle asks wasDelivered, then offers it again.
    await consumer.deliver(event);
    await phase('delivered', event.key);
    store.acknowledge(this.id, event.key, event.time, this.checkpointFor(event.time));
    await phase('acked', event.key);
  }
}
