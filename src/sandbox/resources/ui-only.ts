import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { badRequest, notFound, type ApiProblem } from '../errors.js';
import { parseLimit } from '../pagination.js';
import { getActivity } from '../store/campaigns.js';
import { parseInstant } from './campaigns/dates.js';
import { REPORTING_VALIDATION_KEY } from './campaigns/report-json.js';

/**
 * What only Constant Contact's UI creates: landing pages, SMS campaigns, social connections and
 * hashtag groups. No API call makes any of them, so the sandbox's account, driven by the API alone,
 * has none, exactly like a real account never used in the UI: landing page reports find no landing
 * page (404), the SMS summary lists nothing, social profiles, connections and hashtag groups are
 * empty, and a social post names profiles that are not connected (404).
 */

const LANDING_REPORTS = [
  'p_unique_contact_clicks',
  'p_unique_contact_opens',
  'p_contact_opens',
  'p_unique_contact_updates',
  'p_unique_contact_adds',
  'p_unique_contact_sms_optins',
];
const invalid = (message: string): ApiProblem => badRequest(REPORTING_VALIDATION_KEY, message);
const SOCIAL_KEY = 'social.api.validation.error';

export const uiOnlyResource: SandboxResource = {
  name: 'ui-only',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    for (const report of LANDING_REPORTS) {
      api.get(`/reports/landing_pages/campaign_details/:id/${report}`, scope, (c) => {
        parseLimit(c.req.query('limit'), { defaultValue: 50, max: 500, errorKey: REPORTING_VALIDATION_KEY });
        const id = c.req.param('id');
        const email = getActivity(ctx, id);
        throw notFound(
          'reporting.api.not_found',
          email
            ? `${id} is an email campaign activity, not a landing page; use /reports/email_reports for it.`
            : `No landing page campaign activity has the id ${id} (the sandbox has no landing pages: they are made in the UI).`,
        );
      });
    }

    api.get('/reports/summary_reports/sms_campaign_summaries', scope, (c) => {
      parseLimit(c.req.query('limit'), { defaultValue: 50, max: 50, errorKey: REPORTING_VALIDATION_KEY });
      const rawStart = c.req.query('start_at');
      if (rawStart === undefined || rawStart === '') throw invalid('start_at is required (an ISO-8601 date).');
      const start = parseInstant(rawStart);
      if (start === undefined) throw invalid('start_at must be an ISO-8601 date or date-time.');
      const rawEnd = c.req.query('end_at');
      if (rawEnd !== undefined) {
        const end = parseInstant(rawEnd);
        if (end === undefined) throw invalid('end_at must be an ISO-8601 date or date-time.');
        if (end < start) throw invalid('end_at must not be before start_at.');
      }
      return c.json({
        bulk_sms_campaign_summaries: [],
        aggregate_percents: { deliver: 0, click: 0, bounce: 0, unsubscribe: 0 },
      });
    });

    api.get('/social/profiles', scope, (c) => {
      const include = (c.req.queries('include') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
      if (include.some((v) => v !== 'accessible')) throw badRequest(SOCIAL_KEY, 'include accepts only accessible.');
      return c.json([]);
    });

    api.get('/social/connections', scope, (c) => c.json({ connections: [] }));

    api.get('/social/hashtags/groups', scope, (c) => {
      const limit = parseLimit(c.req.query('limit'), { defaultValue: 5, max: 5, errorKey: SOCIAL_KEY });
      const rawPage = c.req.query('page') ?? '0';
      if (!/^\d+$/.test(rawPage)) throw badRequest(SOCIAL_KEY, 'page must be an integer from 0.');
      return c.json({
        _links: {},
        hashtag_groups: [],
        page: { page: Number(rawPage), size: limit, total_elements: 0, total_pages: 0 },
      });
    });

    api.post('/social/posts', scope, async (c) => {
      const body = await readJsonObject(c);
      const problems: string[] = [];
      if (body.status !== 'DRAFT' && body.status !== 'SCHEDULED') problems.push('status must be DRAFT or SCHEDULED.');
      if (
        body.status === 'SCHEDULED' &&
        (typeof body.scheduled_time !== 'string' || !parseInstant(body.scheduled_time))
      )
        problems.push('A SCHEDULED post needs scheduled_time, an ISO-8601 date-time.');
      const posts = Array.isArray(body.profile_posts) ? body.profile_posts : [];
      if (posts.length === 0) problems.push('profile_posts must list at least one post with its profiles.');
      if (problems.length > 0) throw badRequest(SOCIAL_KEY, problems.join(' '));
      throw notFound(
        'social.api.not_found',
        'The post names social profiles that are not connected: the account has none (connections are made in the UI).',
      );
    });
  },
};
