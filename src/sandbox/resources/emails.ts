import type { Context } from 'hono';
import type { SandboxContext, SandboxEnv, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import {
  activitiesOfCampaign,
  campaignsSchema,
  createCampaign,
  findCampaignByName,
  listCampaigns,
  removeCampaign,
  renameCampaign,
} from '../store/campaigns.js';
import { campaignJson, campaignSummaryJson } from './campaigns/render.js';
import { parseInstant, iso } from './campaigns/dates.js';
import { campaignOr404 } from './campaigns/lookup.js';
import { EMAIL_VALIDATION_KEY, invalid, readActivityContent, readCampaignName } from './campaigns/validate.js';

/** `/emails` and `/emails/{campaign_id}`: email campaigns (facts §1.4, §5). */

const LIMIT = { defaultValue: 50, max: 500, errorKey: EMAIL_VALIDATION_KEY };

interface CampaignCursor extends Record<string, unknown> {
  after: number;
  limit: number;
  from?: string;
  to?: string;
}

function readDateBound(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = parseInstant(value);
  if (ms === undefined) throw invalid(`${name} must be an ISO-8601 date or date-time.`);
  return iso(ms);
}

function listQuery(c: Context<SandboxEnv>): CampaignCursor {
  const cursor = c.req.query('cursor');
  if (cursor !== undefined) {
    const state = decodeCursor<CampaignCursor>(cursor);
    if (typeof state.after !== 'number' || typeof state.limit !== 'number')
      throw invalid('The cursor is not one of GET /emails; follow _links.next.href verbatim.');
    return state;
  }
  const query: CampaignCursor = { after: 0, limit: parseLimit(c.req.query('limit'), LIMIT) };
  const from = readDateBound(c.req.query('after_date'), 'after_date');
  const to = readDateBound(c.req.query('before_date'), 'before_date');
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  return query;
}

function assertNameFree(ctx: SandboxContext, name: string, exceptCampaignId?: string): void {
  const holder = findCampaignByName(ctx, name);
  if (holder && holder.campaign_id !== exceptCampaignId) {
    throw conflict(
      'email.api.conflict',
      `An email campaign named "${name}" already exists; campaign names must be unique.`,
    );
  }
}

export const emailsResource: SandboxResource = {
  name: 'emails',
  schema: campaignsSchema,
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    api.get('/emails', scope, (c) => {
      const q = listQuery(c);
      const page = listCampaigns(ctx, {
        afterSeq: q.after,
        limit: q.limit,
        ...(q.from !== undefined ? { updatedFrom: q.from } : {}),
        ...(q.to !== undefined ? { updatedTo: q.to } : {}),
      });
      const body: Record<string, unknown> = { campaigns: page.campaigns.map(campaignSummaryJson) };
      if (page.nextAfterSeq !== null)
        body._links = { next: { href: nextHref('/emails', encodeCursor({ ...q, after: page.nextAfterSeq })) } };
      return c.json(body);
    });

    api.post('/emails', scope, async (c) => {
      const body = await readJsonObject(c);
      const name = readCampaignName(body);
      const activities = body.email_campaign_activities;
      if (!Array.isArray(activities) || activities.length !== 1) {
        throw invalid('email_campaign_activities must be an array holding exactly one email campaign activity.');
      }
      const input = activities[0] as unknown;
      if (!input || typeof input !== 'object' || Array.isArray(input))
        throw invalid('The email campaign activity must be an object.');
      const activity = input as Record<string, unknown>;
      if (activity.format_type !== 5) throw invalid('format_type must be 5: the API creates custom code emails.');
      const content = readActivityContent(ctx, activity);
      assertNameFree(ctx, name);
      const campaign = createCampaign(ctx, name, content);
      // 200, not 201 (facts §0.8)
      return c.json(campaignJson(campaign, activitiesOfCampaign(ctx, campaign.campaign_id)), 200);
    });

    api.get('/emails/:campaign_id', scope, (c) => {
      const campaign = campaignOr404(ctx, c.req.param('campaign_id'));
      return c.json(campaignJson(campaign, activitiesOfCampaign(ctx, campaign.campaign_id)));
    });

    api.patch('/emails/:campaign_id', scope, async (c) => {
      const campaign = campaignOr404(ctx, c.req.param('campaign_id'));
      const body = await readJsonObject(c);
      const name = readCampaignName(body);
      if (campaign.current_status === 'Removed')
        throw badRequest(EMAIL_VALIDATION_KEY, 'A campaign in Removed status cannot be renamed.');
      assertNameFree(ctx, name, campaign.campaign_id);
      renameCampaign(ctx, campaign.campaign_id, name);
      return c.json(
        campaignJson(campaignOr404(ctx, campaign.campaign_id), activitiesOfCampaign(ctx, campaign.campaign_id)),
      );
    });

    api.delete('/emails/:campaign_id', scope, (c) => {
      const campaign = campaignOr404(ctx, c.req.param('campaign_id'));
      if (campaign.current_status === 'Removed')
        throw notFound('email.api.not_found', 'The email campaign is already deleted.');
      if (campaign.current_status === 'Scheduled') {
        throw badRequest(EMAIL_VALIDATION_KEY, 'A Scheduled campaign cannot be deleted; unschedule it first.');
      }
      removeCampaign(ctx, campaign.campaign_id);
      return c.body(null, 204);
    });
  },
};
