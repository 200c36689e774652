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

/** A bundle is one output item, as the automation platforms call it. */
export type Bundle = Record<string, unknown>;

/** What a module's run function gets besides its input. */
export interface RunContext {
  client: CtctClient;
  /** Per-run cache: option loaders and lookups (e.g. a campaign's activities) are read once per run. */
  cache: Map<string, Promise<unknown>>;
  signal?: AbortSignal;
  /** Progress for long work (imports split into several activities, waiting on activities). */
  progress?: (message: string) => void;
}

export type AnyInputSchema = z.ZodObject<z.ZodRawShape>;

interface BaseDefinition<S extends AnyInputSchema> {
  /** kebab-case identifier used by the CLI and the library. */
  key: string;
  /** The seed's module name, exactly. */
  name: string;
  group: ModuleGroup;
  description: string;
  scopes: readonly Scope[];
  input: S;
  /** What the output holds, for `ctct describe` and the docs. */
  output: string;
}

export interface ListingModule<S extends AnyInputSchema = AnyInputSchema> extends BaseDefinition<S> {
  kind: 'search' | 'trigger';
  run(input: z.output<S>, ctx: RunContext): Promise<Bundle[]>;
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
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(definition.key)) throw new Error(`module key must be kebab-case: ${definition.key}`);
  return definition;
}
