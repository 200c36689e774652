import { z } from 'zod';
import type { EmailCampaigns } from '../../client/index.js';
import { defineModule, type WatchSpec } from '../define.js';
import { limitField } from '../fields.js';
import { collect } from '../common/cache.js';
import { campaignSummaryOutput } from './outputs.js';

const input = z.object({
  limit: limitField('email campaigns'),
});

/**
 * A new campaign is the first sighting of a campaign_id (facts §1.8). `GET /emails` can only filter on
 * updated_at (`after_date`), which is a safe pre-filter because a campaign's updated_at is never
 * before its created_at; its order is undocumented, so every page is read. Keys are remembered for
 * the life of the watch: a campaign edited later shows up again in the listing but is not new.
 */
const watch: WatchSpec<z.output<typeof input>, EmailCampaigns> = {
  async *fetch(_values, since, ctx) {
    const query = since !== undefined ? { after_date: since } : undefined;
    const sinceMs = since !== undefined ? Date.parse(since) : undefined;
    for await (const campaign of ctx.client.emails.listAll(query, ctx.callOptions())) {
      // compared as instants: the API's and the checkpoint's ISO strings may differ in precision
      if (sinceMs !== undefined && !(Date.parse(campaign.created_at ?? '') >= sinceMs)) continue;
      yield campaign;
    }
  },
  key: (campaign) => campaign.campaign_id ?? '',
  time: (campaign) => campaign.created_at ?? '',
  dedupe: 'forever',
};

export default defineModule({
  key: 'watch-email-campaigns',
  name: 'Watch Email Campaign',
  group: 'Email Campaign',
  kind: 'trigger',
  description:
    'Triggers when a new email campaign is created (deleted, Removed, campaigns included: ' +
    'filter on current_status if unwanted).',
  scopes: ['campaign_data'],
  input,
  output: 'One bundle per new campaign: campaign_id, name, current_status, type, type_code, created_at, updated_at.',
  outputSchema: campaignSummaryOutput,
  async run(values, ctx) {
    return collect(ctx.client.emails.listAll(undefined, ctx.callOptions({ limit: values.limit })));
  },
  watch,
});
