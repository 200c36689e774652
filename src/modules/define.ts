import type { z } from 'zod';
import type { CtctClient } from '../client/index.js';

/**
 * One module = one file = one `defineModule` call. The input schema (zod) is the single source of the
 * TypeScript input type, of runtime validation and of the JSON Schema shown by `ctct describe`.
 */
export type ModuleKind = 'trigger' | 'action' | 'search' | 'universal';
export type ModuleGroup =
  | 'Contact'
  | 'Contact List'
  | 'Contact Tracking Report'
  | 'Email Campaign'
  | 'Email Scheduling'
  | 'Email Tracking Report'
  | 'Other';
export type Scope = 'contact_data' | 'campaign_data' | 'account_read' | 'account_update' | 'offline_access';

/**
 * A bundle is one output item, as the automation platforms call it: a JSON object (the API's own
 * resource types are interfaces, which is why this is `object` rather than a record type).
 */
export type Bundle = object;

/** What a call adds to the run's signal; the signal itself is the run's own, never a second one. */
export type CallExtra = object & { signal?: never };

/** What a module's run function gets besides its input. */
export interface RunContext {
  client: CtctClient;
  /** Per-run cache: option loaders and lookups (e.g. a campaign's activities) are read once per run. */
  cache: Map<string, Promise<unknown>>;
  signal?: AbortSignal;
  /**
   * The options of one client call: `extra` (e.g. `{ limit }`) plus the run's abort signal. Without a
   * signal there is no `signal` key at all, not `signal: undefined` (exactOptionalPropertyTypes).
   */
  callOptions<T extends CallExtra = Record<never, never>>(extra?: T): T & { signal?: AbortSignal };
  /** Progress for long work (imports split into several activities, waiting on activities). */
  progress?: (message: string) => void;
  /**
   * Files a face stands in for a field value (the CLI's `--field data=@path` of a module's
   * `fileFields`): the field holds a placeholder, this map gives the path, so the module streams the
   * file instead of holding it. Only the CLI fills it; a value typed elsewhere is never a path.
   */
  files?: ReadonlyMap<string, string>;
}

export type AnyInputSchema = z.ZodObject<z.ZodRawShape>;

interface BaseDefinition<S extends AnyInputSchema> {
  /** Text fields whose `key=@path` value the CLI streams from the file (RunContext.files) instead of reading it whole. */
  fileFields?: readonly string[];
  /** kebab-case identifier used by the CLI and the library. */
  key: string;
  /** The seed's module name, exactly. */
  name: string;
  group: ModuleGroup;
  description: string;
  scopes: readonly Scope[];
  input: S;
  /** What the output holds, in words, for `ctct describe` and the docs. */
  output: string;
  /**
   * The shape of one output bundle. Scenario validation checks mapped paths against it, the web app's
   * mapping picker lists its fields and the MCP server publishes it as the tool's output schema.
   */
  outputSchema: z.ZodType;
}

/**
 * What a Watch module declares for the polling runtime (src/runtime/watch): how to fetch candidate
 * items at or after a point in time, and each item's event key and time. The runtime owns everything
 * else: the durable checkpoint, the boundary dedupe set, Limit, ordering and acknowledgement.
 */
export interface WatchSpec<I = Record<string, unknown>, Item = Bundle> {
  /**
   * Candidate items whose event time is >= `since` (inclusive: the runtime dedupes the boundary), in
   * any order. `since` undefined means "everything that exists now" (first run with `--from all`).
   * Report-style sources (newest first) stop paging once they pass `since`.
   */
  fetch(input: I, since: string | undefined, ctx: RunContext): AsyncIterable<Item>;
  /** Identity of the event (not only of the resource): a contact updated twice gives two keys. */
  key(item: Item): string;
  /** Event time, ISO-8601; orders delivery (oldest first) and moves the checkpoint. */
  time(item: Item): string;
  /** The bundle delivered for an item; undefined drops it (e.g. an event type the user did not select). */
  toBundle?(item: Item, input: I): Bundle | undefined;
  /** Key of an event this one is part of when both are first fetched together (then only that one is delivered). */
  partOf?(item: Item): string | undefined;
  /** How far before the checkpoint every poll looks again, for clock skew and late writes (default 10 min). */
  overlapMs?: number;
  /**
   * `window` (default): keys are remembered while they are inside the overlap window. `forever`: keys
   * are remembered for the life of the watch, for sources whose rows move in time but must be delivered
   * once (unique opens, did-not-opens, opt-outs: one row per contact).
   */
  dedupe?: 'window' | 'forever';
}

export interface ListingModule<S extends AnyInputSchema = AnyInputSchema> extends BaseDefinition<S> {
  kind: 'search' | 'trigger';
  /** Searches: the matching items. Triggers: the current items once (the watch runtime polls `watch`). */
  run(input: z.output<S>, ctx: RunContext): Promise<Bundle[]>;
  /** Required for triggers. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each trigger has its own item type
  watch?: WatchSpec<z.output<S>, any>;
}

export interface ActionModule<S extends AnyInputSchema = AnyInputSchema> extends BaseDefinition<S> {
  kind: 'action' | 'universal';
  run(input: z.output<S>, ctx: RunContext): Promise<Bundle>;
}

export type ModuleDefinition<S extends AnyInputSchema = AnyInputSchema> = ListingModule<S> | ActionModule<S>;

/** Declares a module; the identity function exists for type inference and a few sanity checks. */
export function defineModule<S extends AnyInputSchema>(definition: ListingModule<S>): ListingModule<S>;
export function defineModule<S extends AnyInputSchema>(definition: ActionModule<S>): ActionModule<S>;
export function defineModule<S extends AnyInputSchema>(definition: ModuleDefinition<S>): ModuleDefinition<S> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(definition.key))
    throw new Error(`module key must be kebab-case: ${definition.key}`);
  if (definition.kind === 'trigger' && !definition.watch)
    throw new Error(`trigger ${definition.key} needs a watch spec`);
  return definition;
}
