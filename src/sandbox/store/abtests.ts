import type { SandboxContext } from '../context.js';

/**
 * A/B tests of primary email activities (subject line only). Stored, not simulated: a send of an A/B
 * tested activity goes out with the original subject to every recipient.
 */

export const abTestsSchema = [
  `CREATE TABLE IF NOT EXISTS email_ab_tests (
     campaign_activity_id TEXT PRIMARY KEY,
     alternative_subject TEXT NOT NULL,
     test_size INTEGER NOT NULL,
     winner_wait_duration INTEGER NOT NULL
   )`,
];

export interface AbTest {
  alternative_subject: string;
  test_size: number;
  winner_wait_duration: number;
}

export function findAbTest(ctx: SandboxContext, activityId: string): AbTest | undefined {
  return ctx.db
    .prepare(
      'SELECT alternative_subject, test_size, winner_wait_duration FROM email_ab_tests WHERE campaign_activity_id = ?',
    )
    .get(activityId) as AbTest | undefined;
}

/** Stores the test and makes the campaign an A/B Test (type code 57), as the contract describes. */
export function createAbTest(ctx: SandboxContext, activityId: string, campaignId: string, test: AbTest): void {
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        'INSERT INTO email_ab_tests (campaign_activity_id, alternative_subject, test_size, winner_wait_duration) VALUES (?, ?, ?, ?)',
      )
      .run(activityId, test.alternative_subject, test.test_size, test.winner_wait_duration);
    setCampaignType(ctx, campaignId, 'AB_TEST', 57);
  })();
}

/** Removes the test; the campaign is a Newsletter (10) again. */
export function deleteAbTest(ctx: SandboxContext, activityId: string, campaignId: string): void {
  ctx.db.transaction(() => {
    ctx.db.prepare('DELETE FROM email_ab_tests WHERE campaign_activity_id = ?').run(activityId);
    setCampaignType(ctx, campaignId, 'NEWSLETTER', 10);
  })();
}

function setCampaignType(ctx: SandboxContext, campaignId: string, type: string, code: number): void {
  ctx.db
    .prepare('UPDATE email_campaigns SET type = ?, type_code = ?, updated_at = ? WHERE campaign_id = ?')
    .run(type, code, ctx.clock.nowIso(), campaignId);
}
