import { z } from 'zod';

/**
 * The scenario file, version 1: the hosted platform's blueprint vocabulary (`flow`, `mapper`,
 * `filter.conditions`, `onerror`) in YAML or JSON. This schema checks the SHAPE only; what the shape
 * refers to (modules, fields, references, connections) is checked by validate.ts.
 */

/** Built-in flow modules that call no API: they reshape bundles. */
export const BUILTIN_MODULES = {
  iterator: 'builtin:iterator',
  aggregator: 'builtin:aggregator',
  compose: 'builtin:compose',
  readFile: 'builtin:read-file',
} as const;
export type BuiltinModuleKey = (typeof BUILTIN_MODULES)[keyof typeof BUILTIN_MODULES];

const condition = z
  .object({
    a: z.unknown(),
    o: z.string().min(1, 'give the operator, e.g. text:equal'),
    b: z.unknown().optional(),
  })
  .strict();

export const filterSchema = z
  .object({
    name: z.string().optional(),
    conditions: z
      .array(z.array(condition).min(1, 'an AND group needs at least one condition'))
      .min(1, 'a filter needs at least one group of conditions'),
  })
  .strict();

/** `break` may carry its own retry plan; `resume` carries the substitute output. */
export const onErrorSchema = z.union([
  z.enum(['break', 'resume', 'ignore', 'commit', 'rollback']),
  z.object({ resume: z.record(z.string(), z.unknown()) }).strict(),
]);

const startPoint = z
  .string()
  .refine(
    (s) => s === 'now' || s === 'all' || !Number.isNaN(Date.parse(s)),
    'must be now, all, or an ISO-8601 date such as 2026-03-01T00:00:00Z',
  );

export const flowModuleSchema = z
  .object({
    id: z.number().int('must be a whole number').positive('must be 1 or more'),
    module: z.string().min(1, 'give a module key (ctct modules lists them) or a builtin: module'),
    /** A label shown in logs instead of the module's name. */
    name: z.string().optional(),
    /** A connection NAME (`ctct connections`), never a secret. */
    connection: z.string().min(1).optional(),
    /** The module's input: a literal is selected, a string holding `{{…}}` is mapped. */
    mapper: z.record(z.string(), z.unknown()).default({}),
    filter: filterSchema.optional(),
    onerror: onErrorSchema.optional(),
    /** Triggers: where a new watch starts (`now` by default, `all`, or a date). */
    from: startPoint.optional(),
    /** Aggregators: the module whose bundles are collected. */
    source: z.number().int().positive().optional(),
    /** Aggregators: at most this many values a bundle (500 = the API's cap for Add Contacts to Lists). */
    chunk: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    /** Execution cycles per run (the trigger is polled once per cycle). */
    maxCycles: z.number().int().min(1).max(1000).default(1),
    /** Run only when no incomplete execution is unresolved, so they are resolved in order. */
    sequential: z.boolean().default(false),
    /** Keep a failed bundle as an incomplete execution (retry, resume, replay) instead of dropping it. */
    storeIncomplete: z.boolean().default(true),
    /** Disable the scenario after this many consecutive failed runs. */
    maxConsecutiveErrors: z.number().int().min(1).max(1000).default(3),
    /** Days runs are kept. */
    retentionDays: z.number().int().min(1).max(3650).default(30),
    /** Store no inputs or outputs in run records (only statuses, counts and errors). */
    confidential: z.boolean().default(false),
  })
  .strict();

export const scenarioSchema = z
  .object({
    version: z.literal(1, 'must be 1 (the only file format so far)').default(1),
    name: z.string().min(1, 'give the scenario a name'),
    description: z.string().optional(),
    /** Kept as given; the scheduler parses it (interval, once, daily, weekly, monthly, on-demand, timezone). */
    scheduling: z.record(z.string(), z.unknown()).optional(),
    settings: settingsSchema.default(settingsSchema.parse({})),
    flow: z.array(flowModuleSchema).min(1, 'a scenario needs at least one module in its flow'),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type FlowModule = z.output<typeof flowModuleSchema>;
export type ScenarioSettings = z.output<typeof settingsSchema>;
export type Filter = z.output<typeof filterSchema>;
export type OnError = z.output<typeof onErrorSchema>;

/** What a problem is about: a module (by id) and a field path inside the file. */
export interface ScenarioProblem {
  /** The module's `id`, when the problem is inside one. */
  moduleId?: number;
  /** Dotted path, e.g. `flow[2].mapper.list_ids` or `settings.maxCycles`. */
  field: string;
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}
