import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { registry } from '../../src/modules/registry.js';
import {
  CONTACT_CHOICES_CAP,
  loadFieldOptions,
  MissingDependencyError,
  NotASelectFieldError,
  selectableFields,
  type Choice,
} from '../../src/modules/options.js';
import type { ModuleDefinition } from '../../src/modules/define.js';
import { useModuleTestbed, type ModuleTestbed } from '../helpers/modules.js';

/**
 * Every "Select or map" field of every module offers its choices against the demo account: the
 * choices are not empty, and each one is a value the field accepts and (for ids) that exists there.
 */

/** Every id of a collection, read through the sandbox API page by page. */
async function allIds(t: ModuleTestbed, path: string, items: string, id: string, pageSize = 500): Promise<Set<string>> {
  const ids = new Set<string>();
  let url: string | undefined = `${path}?limit=${pageSize}`;
  while (url) {
    const page = await t.api('GET', url);
    expect(page.status, url).toBe(200);
    for (const item of (page.body[items] ?? page.body) as Record<string, string>[]) ids.add(item[id]!);
    url = page.body._links?.next?.href?.replace(/^\/v3/, '');
  }
  return ids;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
};
const defOf = (node: z.ZodType): Def => (node as unknown as { def: Def }).def;

/** The schema under optional/default/transform wrappers. */
function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  for (;;) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
}

/** The zod schema of a field path (`custom_fields[].custom_field_id`). */
function schemaAt(module: ModuleDefinition, path: string): z.ZodType {
  let node: z.ZodType = module.input;
  for (const part of path.split('.')) {
    let def = defOf(unwrap(node));
    if (def.type === 'array') def = defOf(unwrap(def.element!));
    node = def.shape![part.replace(/\[\]$/, '')]!;
  }
  return node;
}

/** Whether the field takes the choice (as a one-element list for list fields, a number for numeric ones). */
function accepts(module: ModuleDefinition, path: string, choice: Choice): boolean {
  const schema = schemaAt(module, path);
  const isList = defOf(unwrap(schema)).type === 'array';
  const value =
    /^\d+$/.test(choice.value) && !schema.safeParse(choice.value).success ? Number(choice.value) : choice.value;
  return schema.safeParse(isList ? [value] : value).success;
}

const CASES = registry.flatMap((module) =>
  selectableFields(module).map(({ path, field }) => ({
    module,
    path,
    source: field.options!,
    dependsOn: field.dependsOn ?? [],
  })),
);

describe('option loaders: every Select field of every module, on the demo account', () => {
  const t = useModuleTestbed({ seed: 'demo' });
  const known: Record<string, Set<string>> = {};
  let campaignId = '';

  beforeAll(async () => {
    known['contact-lists'] = await allIds(t, '/contact_lists', 'lists', 'list_id');
    known.contacts = await allIds(t, '/contacts', 'contacts', 'contact_id');
    known['custom-fields'] = await allIds(t, '/contact_custom_fields', 'custom_fields', 'custom_field_id', 100);
    known.campaigns = await allIds(t, '/emails', 'campaigns', 'campaign_id');
    const sent = (await t.api('GET', '/emails?limit=50')).body.campaigns.find(
      (c: { current_status: string }) => c.current_status === 'Done',
    );
    campaignId = sent.campaign_id;
    const campaign = await t.api('GET', `/emails/${campaignId}`);
    known['campaign-activities'] = new Set(
      campaign.body.campaign_activities.map((a: { campaign_activity_id: string }) => a.campaign_activity_id),
    );
    // An address that is not confirmed must never be offered as a sender.
    expect((await t.api('POST', '/account/emails', { email_address: 'unconfirmed@example.com' })).status).toBe(201);
    const emails = (await t.api('GET', '/account/emails')).body as { email_address: string; confirm_status: string }[];
    known['sender-emails'] = new Set(
      emails.filter((e) => e.confirm_status === 'CONFIRMED').map((e) => e.email_address),
    );
    expect(emails.some((e) => e.confirm_status !== 'CONFIRMED')).toBe(true);
  });

  it('covers the fields the seed calls "Select or map", sub-fields included', () => {
    const paths = new Set(CASES.map((c) => `${c.module.key} ${c.path}`));
    for (const expected of [
      'watch-contacts events',
      'list-contacts status',
      'create-contact create_source',
      'create-contact phone_numbers[].kind',
      'create-contact custom_fields[].custom_field_id',
      'update-contact update_source',
      'delete-contact contact_id',
      'create-email-campaign email_campaign_activities[].format_type',
      'create-email-campaign email_campaign_activities[].from_email',
      'watch-contact-activities tracking_activities_list',
      'get-email-sends-reports campaign_activity_id',
      'make-an-api-call method',
    ]) {
      expect(paths, expected).toContain(expected);
    }
    expect(CASES.length).toBeGreaterThan(90);
  });

  it.each(CASES.map((c) => [`${c.module.key} ${c.path} (${c.source})`, c] as const))(
    '%s',
    async (_name, { module, path, source, dependsOn }) => {
      const input: Record<string, unknown> = dependsOn.includes('campaign_id') ? { campaign_id: campaignId } : {};
      const choices = await loadFieldOptions(module, path, input, { client: t.client });
      expect(choices.length).toBeGreaterThan(0);
      expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      for (const choice of choices) {
        expect(choice.label, choice.value).not.toBe('');
        expect(accepts(module, path, choice), `${choice.value} accepted by ${path}`).toBe(true);
        if (known[source]) expect(known[source].has(choice.value), `${choice.value} exists in the account`).toBe(true);
      }
      if (source === 'contact-lists') expect(choices).toHaveLength(known[source]!.size);
      if (source === 'contacts') expect(choices).toHaveLength(Math.min(known[source]!.size, CONTACT_CHOICES_CAP));
      if (source === 'sender-emails') expect(choices.map((c) => c.value).sort()).toEqual([...known[source]!].sort());
    },
  );

  it('reads the 2,000 demo contacts once per run, in pages of 500, for every field that offers them', async () => {
    const cache = new Map<string, Promise<unknown>>();
    const mark = t.requests.length;
    const first = await loadFieldOptions(
      registry.find((m) => m.key === 'delete-contact')!,
      'contact_id',
      {},
      { client: t.client, cache },
    );
    await loadFieldOptions(
      registry.find((m) => m.key === 'list-contact-activities')!,
      'contact_id',
      {},
      { client: t.client, cache },
    );
    expect(first).toHaveLength(2000);
    const pages = t.requestsSince(mark, '/v3/contacts');
    expect(pages).toHaveLength(4);
    expect(new Set(pages.map((p) => p.url)).size).toBe(4);
  });

  it('names what is missing: a field without choices, or the campaign an activity list depends on', async () => {
    const report = registry.find((m) => m.key === 'get-email-opens-reports')!;
    await expect(loadFieldOptions(report, 'limit', {}, { client: t.client })).rejects.toThrow(NotASelectFieldError);
    await expect(loadFieldOptions(report, 'limit', {}, { client: t.client })).rejects.toThrow(
      /Fields with choices: campaign_id, campaign_activity_id/,
    );
    await expect(loadFieldOptions(report, 'campaign_activity_id', {}, { client: t.client })).rejects.toThrow(
      MissingDependencyError,
    );
  });
});
