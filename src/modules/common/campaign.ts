import type { z } from 'zod';
import type { RunContext } from '../define.js';
import { meta, uuid } from '../fields.js';
import { cached } from './cache.js';

/**
 * Campaign-activity modules take a Campaign ID and a Campaign Activity ID (the seed's fields) but the
 * API paths use only the activity id (facts §0.6). Either is accepted: given only the campaign, the
 * module uses its `primary_email` activity.
 */
export const campaignFields = (purpose: string) => ({
  campaign_id: uuid('campaign id')
    .optional()
    .meta(
      meta('Campaign ID', `The campaign ${purpose}. Enough on its own: its primary email activity is used.`, {
        options: 'campaigns',
      }),
    ),
  campaign_activity_id: uuid('campaign activity id')
    .optional()
    .meta(
      meta('Campaign Activity ID', `The campaign activity ${purpose}. Takes precedence over Campaign ID.`, {
        options: 'campaign-activities',
        dependsOn: ['campaign_id'],
      }),
    ),
});

/** Refinement for schemas using campaignFields: at least one of the two ids. */
export const requireCampaignOrActivity = <
  T extends { campaign_id?: string | undefined; campaign_activity_id?: string | undefined },
>(
  value: T,
  ctx: z.RefinementCtx,
): void => {
  if (!value.campaign_id && !value.campaign_activity_id) {
    ctx.addIssue({
      code: 'custom',
      path: ['campaign_activity_id'],
      message: 'give a Campaign Activity ID, or a Campaign ID whose primary email activity is used',
    });
  }
};

export class NoPrimaryActivityError extends Error {
  readonly hint =
    'Pass the Campaign Activity ID explicitly (see `ctct options ' +
    '<module> campaign_activity_id --field campaign_id=...`).';
  constructor(campaignId: string) {
    super(`Campaign ${campaignId} has no primary_email activity.`);
    this.name = 'NoPrimaryActivityError';
  }
}

/** The campaign's activities (read once per run). */
export function campaignActivities(ctx: RunContext, campaignId: string) {
  return cached(ctx, `campaign:${campaignId}`, () => ctx.client.emails.get(campaignId, ctx.callOptions())).then(
    (c) => c.campaign_activities ?? [],
  );
}

/** The activity id to use: the given one, else the campaign's primary_email activity. */
export async function resolveActivityId(
  ctx: RunContext,
  input: { campaign_id?: string | undefined; campaign_activity_id?: string | undefined },
): Promise<string> {
  if (input.campaign_activity_id) return input.campaign_activity_id;
  if (!input.campaign_id) throw new Error('a Campaign ID or a Campaign Activity ID is required');
  const primary = (await campaignActivities(ctx, input.campaign_id)).find((a) => a.role === 'primary_email');
  if (!primary?.campaign_activity_id) throw new NoPrimaryActivityError(input.campaign_id);
  return primary.campaign_activity_id;
}
