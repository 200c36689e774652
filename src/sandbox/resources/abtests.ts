import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { conflict, notFound } from '../errors.js';
import type { Activity } from '../store/campaigns.js';
import { abTestsSchema, createAbTest, deleteAbTest, findAbTest, type AbTest } from '../store/abtests.js';
import { liveActivityOr404, requirePrimary } from './campaigns/lookup.js';
import { invalid } from './campaigns/validate.js';

/**
 * `/emails/activities/{id}/abtest`: a subject-line A/B test of a primary activity in DRAFT. The test
 * is stored and shown, and makes the campaign's type A/B Test (57); sends do not split the audience.
 */

const WAIT_HOURS = [6, 12, 24, 48];
const MAX_SUBJECT = 200;

function readAbTest(body: Record<string, unknown>): AbTest {
  const problems: string[] = [];
  const subject = typeof body.alternative_subject === 'string' ? body.alternative_subject.trim() : '';
  if (subject === '') problems.push('alternative_subject is required: the second subject line to test.');
  else if (subject.length > MAX_SUBJECT) problems.push(`alternative_subject is at most ${MAX_SUBJECT} characters.`);
  const size = body.test_size;
  if (!Number.isInteger(size) || (size as number) < 5 || (size as number) > 50)
    problems.push('test_size must be an integer percentage from 5 to 50.');
  const wait = body.winner_wait_duration;
  if (!WAIT_HOURS.includes(wait as number)) problems.push('winner_wait_duration must be 6, 12, 24 or 48 (hours).');
  if (problems.length > 0) throw invalid(problems.join(' '));
  return { alternative_subject: subject, test_size: size as number, winner_wait_duration: wait as number };
}

function draftPrimary(ctx: SandboxContext, id: string, action: string): Activity {
  const activity = liveActivityOr404(ctx, id);
  requirePrimary(activity, action);
  if (activity.current_status !== 'DRAFT')
    throw invalid(`A/B tests can only be ${action} on a DRAFT activity; this one is ${activity.current_status}.`);
  return activity;
}

export const abTestsResource: SandboxResource = {
  name: 'abtests',
  schema: abTestsSchema,
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    api.get('/emails/activities/:id/abtest', scope, (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const test = findAbTest(ctx, activity.campaign_activity_id);
      if (!test)
        throw notFound('email.api.not_found', `The activity ${activity.campaign_activity_id} has no A/B test.`);
      return c.json(test);
    });

    api.post('/emails/activities/:id/abtest', scope, async (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      const test = readAbTest(await readJsonObject(c));
      draftPrimary(ctx, activity.campaign_activity_id, 'created');
      if (findAbTest(ctx, activity.campaign_activity_id))
        throw conflict('email.api.conflict', 'The activity already has an A/B test; delete it to create another.');
      createAbTest(ctx, activity.campaign_activity_id, activity.campaign_id, test);
      return c.json(test, 201);
    });

    api.delete('/emails/activities/:id/abtest', scope, (c) => {
      const activity = liveActivityOr404(ctx, c.req.param('id'));
      if (!findAbTest(ctx, activity.campaign_activity_id))
        throw notFound('email.api.not_found', `The activity ${activity.campaign_activity_id} has no A/B test.`);
      draftPrimary(ctx, activity.campaign_activity_id, 'deleted');
      deleteAbTest(ctx, activity.campaign_activity_id, activity.campaign_id);
      return c.body(null, 204);
    });
  },
};
