import type { SandboxContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { getActivity, getCampaign, type Activity, type Campaign } from '../../store/campaigns.js';
import { invalid } from './validate.js';

/** Path lookups shared by the campaign routes: unknown ids are 404s in the API's error shape. */

export function campaignOr404(ctx: SandboxContext, campaignId: string): Campaign {
  const campaign = getCampaign(ctx, campaignId);
  if (!campaign) throw notFound('email.api.not_found', `No email campaign has the id ${campaignId}.`);
  return campaign;
}

/** Any activity, REMOVED ones included (reports keep working after a campaign is deleted). */
export function activityOr404(ctx: SandboxContext, activityId: string): Activity {
  const activity = getActivity(ctx, activityId);
  if (!activity) throw notFound('email.api.not_found', `No email campaign activity has the id ${activityId}.`);
  return activity;
}

/** The activity, unless unknown or REMOVED ("You cannot get email campaign activities that have a REMOVED status"). */
export function liveActivityOr404(ctx: SandboxContext, activityId: string): Activity {
  const activity = activityOr404(ctx, activityId);
  if (activity.current_status === 'REMOVED')
    throw notFound('email.api.not_found', `The email campaign activity ${activityId} is removed.`);
  return activity;
}

export function requirePrimary(activity: Activity, action: string): void {
  if (activity.role !== 'primary_email')
    throw invalid(`Only the primary_email activity can be ${action}; this one is ${activity.role}.`);
}
