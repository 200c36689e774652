import type { CtctClient } from '../client/index.js';
import type { ModuleDefinition, RunContext } from './define.js';
import type { OptionSource } from './fields.js';
import { cached, collect } from './common/cache.js';
import { createRunContext } from './run.js';
import { describeFields, fieldPaths, findField, type FieldInfo } from './schema-info.js';

/**
 * Choices for "Select or map" fields. Every loader reads every page (1,200 lists are 3 requests of 500,
 * never only the first page) and caches per run, so several fields sharing a source cost one read.
 */
export interface Choice {
  value: string;
  label: string;
}

type Loader = (ctx: RunContext, input: Record<string, unknown>, field?: FieldInfo) => Promise<Choice[]>;

/** A contacts dropdown over a million contacts helps nobody: the loader stops here and says so. */
export const CONTACT_CHOICES_CAP = 2_000;

export const PERMISSION_TO_SEND = [
  'explicit',
  'implicit',
  'not_set',
  'pending_confirmation',
  'temp_hold',
  'unsubscribed',
] as const;
export const TRACKING_ACTIVITY_TYPES = [
  'em_sends',
  'em_opens',
  'em_clicks',
  'em_bounces',
  'em_optouts',
  'em_forwards',
  'p_contact_open',
  'p_contact_click',
  'p_contact_add',
  'p_contact_update',
] as const;

const staticChoices =
  (values: readonly string[]): Loader =>
  () =>
    Promise.resolve(values.map((v) => ({ value: v, label: v })));

const loaders: Record<OptionSource, Loader> = {
  'contact-lists': (ctx) =>
    cached(ctx, 'options:contact-lists', async () =>
      (await collect(ctx.client.lists.listAll())).map((l) => ({ value: l.list_id ?? '', label: l.name ?? '' })),
    ),
  contacts: (ctx) =>
    cached(ctx, 'options:contacts', async () => {
      const contacts = await collect(ctx.client.contacts.listAll({}, { limit: CONTACT_CHOICES_CAP }));
      return contacts.map((c) => ({
        value: c.contact_id ?? '',
        label: [c.email_address?.address, [c.first_name, c.last_name].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(' — '),
      }));
    }),
  'custom-fields': (ctx) =>
    cached(ctx, 'options:custom-fields', async () =>
      (await collect(ctx.client.customFields.listAll())).map((f) => ({
        value: f.custom_field_id ?? '',
        label: `${f.label ?? f.name ?? ''} (${f.type ?? 'string'})`,
      })),
    ),
  tags: (ctx) =>
    cached(ctx, 'options:tags', async () =>
      (await collect(ctx.client.tags.listAll())).map((t) => ({ value: t.tag_id ?? '', label: t.name ?? '' })),
    ),
  campaigns: (ctx) =>
    cached(ctx, 'options:campaigns', async () =>
      (await collect(ctx.client.emails.listAll())).map((c) => ({
        value: c.campaign_id ?? '',
        label: `${c.name ?? ''} [${c.current_status ?? ''}]`,
      })),
    ),
  'campaign-activities': async (ctx, input) => {
    const campaignId = typeof input.campaign_id === 'string' ? input.campaign_id : undefined;
    if (!campaignId) throw new MissingDependencyError('campaign_id', 'Campaign ID');
    const campaign = await cached(ctx, `campaign:${campaignId}`, () => ctx.client.emails.get(campaignId));
    return (campaign.campaign_activities ?? []).map((a) => ({
      value: a.campaign_activity_id ?? '',
      label: a.role ?? '',
    }));
  },
  'sender-emails': (ctx) =>
    cached(ctx, 'options:sender-emails', async () =>
      (await ctx.client.account.emails({ confirm_status: 'CONFIRMED' })).map((e) => ({
        value: e.email_address ?? '',
        label: `${e.email_address ?? ''} (${e.confirm_status ?? ''})`,
      })),
    ),
  'permission-to-send': staticChoices(PERMISSION_TO_SEND),
  'tracking-activity-types': staticChoices(TRACKING_ACTIVITY_TYPES),
  'allowed-values': (_ctx, _input, field) => {
    if (!field?.enum?.length)
      return Promise.reject(
        new Error(
          `the field ${field?.key ?? '(unknown)'} declares allowed-values options but has no fixed set of values`,
        ),
      );
    return Promise.resolve(field.enum.map((v) => ({ value: String(v), label: String(v) })));
  },
};

export class MissingDependencyError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly field: string,
    readonly label: string,
  ) {
    super(`The choices of this field depend on ${label} (${field}); give it first, e.g. --field ${field}=...`);
    this.name = 'MissingDependencyError';
  }
}

export class NotASelectFieldError extends Error {
  readonly exitCode = 2;
  constructor(moduleName: string, field: string, selectable: string[]) {
    super(
      `"${field}" of "${moduleName}" has no list of choices. ` +
        `Fields with choices: ${selectable.length ? selectable.join(', ') : 'none'}.`,
    );
    this.name = 'NotASelectFieldError';
  }
}

/** Loads the choices of an option source (`allowed-values` needs the field whose values they are). */
export async function loadOptionSource(
  source: OptionSource,
  ctx: RunContext,
  input: Record<string, unknown> = {},
  field?: FieldInfo,
): Promise<Choice[]> {
  return loaders[source](ctx, input, field);
}

/** Every field of a module that offers choices, sub-fields included (`custom_fields[].custom_field_id`). */
export function selectableFields(module: ModuleDefinition): { path: string; field: FieldInfo }[] {
  return fieldPaths(describeFields(module.input)).filter((f) => f.field.options);
}

export async function loadFieldOptions(
  module: ModuleDefinition,
  fieldKey: string,
  input: Record<string, unknown>,
  options: { client: CtctClient; cache?: Map<string, Promise<unknown>> },
): Promise<Choice[]> {
  const field = findField(module.input, fieldKey);
  const source = field?.options as OptionSource | undefined;
  if (!field || !source)
    throw new NotASelectFieldError(
      module.name,
      fieldKey,
      selectableFields(module).map((f) => f.path),
    );
  return loadOptionSource(source, createRunContext(options), input, field);
}
