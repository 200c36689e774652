import { expect } from 'vitest';
import { outcome, type SweepRow } from './harness.js';

/**
 * The SDK operations of issue 14's second half (sbx-core). Resends and events are not served yet:
 * each such row names its contract route; while the sandbox has no route there, the row must answer
 * the unknown-route 404, and as soon as the route exists the row runs and must succeed like any
 * other. When a route lands, its row loses `pending` and gains its checks. A/B tests, landing page and
 * SMS reports and social are served (resources/abtests.ts, resources/ui-only.ts).
 */

const pending = (route: string) => ({ owner: 'sbx-core' as const, route });
const SOME_ID = '0b5a3c5e-0000-4000-8000-00000000abcd';

export const pendingRows: SweepRow[] = [
  {
    op: 'EmailCampaignsApi.createResendEmailCampaign',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EmailCampaignsApi.createResendEmailCampaign(s.sent, {
          delay_days: 3,
          resend_subject: 'In case you missed it',
        } as never),
      ),
    check: (d, { s }) => void (s.resend = d.resend_request_id),
    pending: pending('POST /emails/activities/{campaign_activity_id}/non_opener_resends'),
  },
  {
    op: 'EmailCampaignsApi.getResendEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.getResendEmailCampaign(s.sent)),
    pending: pending('GET /emails/activities/{campaign_activity_id}/non_opener_resends'),
  },
  {
    op: 'EmailCampaignsApi.deleteResendEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.deleteResendEmailCampaign(s.sent, String(s.resend ?? SOME_ID))),
    pending: pending('DELETE /emails/activities/{campaign_activity_id}/non_opener_resends/{resend_request_id}'),
  },
  // A/B tests are served (resources/abtests.ts): held to their contract like the rows of the first half.
  {
    op: 'EmailCampaignsABTestsApi.createABTestEmailCampaign',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EmailCampaignsABTestsApi.createABTestEmailCampaign(s.activity, {
          alternative_subject: 'Subject B',
          test_size: 10,
          winner_wait_duration: 24,
        } as never),
      ),
    status: 201,
    check: (d) => expect(d).toEqual({ alternative_subject: 'Subject B', test_size: 10, winner_wait_duration: 24 }),
  },
  {
    op: 'EmailCampaignsABTestsApi.getABTestEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsABTestsApi.getABTestEmailCampaign(s.activity)),
    check: async (d, { sdk, s }) => {
      expect(d.alternative_subject).toBe('Subject B');
      expect((await sdk.EmailCampaignsApi.getEmailCampaignById(s.campaign)).data.type_code).toBe(57);
    },
  },
  {
    op: 'EmailCampaignsABTestsApi.deleteABTestEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsABTestsApi.deleteABTestEmailCampaign(s.activity)),
    status: 204,
  },
  ...(
    [
      ['getUniqueContactClicks'],
      ['getUniqueContactOpens'],
      ['getContactOpens'],
      ['getUniqueContactUpdates'],
      ['getContactAdds'],
      ['getUniqueContactSMSOptIns'],
    ] as const
  ).map(([method]): SweepRow => ({
    op: `LandingPagesReportingApi.${method}`,
    run: ({ sdk, s }) => outcome(sdk.LandingPagesReportingApi[method](s.sent, '50')),
    // The sandbox has no landing pages (only the UI makes them), and an email activity is not one.
    status: 404,
    check: (d) => expect(d[0].error_message).toMatch(/not a landing page/),
  })),
  {
    op: 'SMSReportingApi.getAllBulkSmsCampaignSummaries',
    run: ({ sdk }) => outcome(sdk.SMSReportingApi.getAllBulkSmsCampaignSummaries('2026-01-01T00:00:00.000Z', '50')),
    check: (d) => expect(d.bulk_sms_campaign_summaries).toEqual([]),
  },
  {
    op: 'EventsApi.createEvent',
    run: ({ sdk, nowMs }) =>
      outcome(
        sdk.EventsApi.createEvent(
          'SDK event',
          new Date(nowMs() + 7 * 86_400_000).toISOString(),
          new Date(nowMs() + 7.1 * 86_400_000).toISOString(),
        ),
      ),
    check: (d, { s }) => void (s.event = d.event_id),
    pending: pending('POST /events/default'),
  },
  {
    op: 'EventsApi.getEvent2',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.getEvent2(s.event ?? SOME_ID)),
    pending: pending('GET /events/{event_id}'),
  },
  {
    op: 'EventsApi.findEvents',
    run: ({ sdk }) => outcome(sdk.EventsApi.findEvents()),
    pending: pending('GET /events'),
  },
  {
    op: 'EventsApi.updateEvent',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.updateEvent(s.event ?? SOME_ID, { name: 'SDK event renamed' } as never)),
    pending: pending('PATCH /events/{event_id}'),
  },
  {
    op: 'EventsApi.copyEvent',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.copyEvent(s.event ?? SOME_ID, { name: 'SDK event copy' } as never)),
    pending: pending('POST /events/{event_id}/copy'),
  },
  {
    op: 'EventsApi.findRegistrationsUsingGET',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.findRegistrationsUsingGET(s.event ?? SOME_ID, s.track ?? SOME_ID)),
    pending: pending('GET /events/{event_id}/tracks/{track_id}/registrations'),
  },
  {
    op: 'EventsApi.getRegistrationInfo',
    run: ({ sdk, s }) =>
      outcome(sdk.EventsApi.getRegistrationInfo(s.event ?? SOME_ID, s.track ?? SOME_ID, s.registration ?? SOME_ID)),
    pending: pending('GET /events/{event_id}/tracks/{track_id}/registrations/{registration_id}'),
  },
  {
    op: 'EventsApi.updateRegistrationStatusUsingPUT',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EventsApi.updateRegistrationStatusUsingPUT(s.event ?? SOME_ID, s.track ?? SOME_ID, {
          registration_ids: [],
          registration_status: 'APPROVED',
        } as never),
      ),
    pending: pending('PUT /events/{event_id}/tracks/{track_id}/registrations'),
  },
  {
    op: 'EventsApi.updateRegistrationPaymentStatusUsingPUT',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EventsApi.updateRegistrationPaymentStatusUsingPUT(s.event ?? SOME_ID, s.track ?? SOME_ID, {
          registration_ids: [],
          payment_status: 'PAID',
        } as never),
      ),
    pending: pending('PUT /events/{event_id}/tracks/{track_id}/registrations/payment_status'),
  },
  {
    op: 'EventsApi.checkInTickets',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.checkInTickets(s.event ?? SOME_ID, { ticket_ids: [] } as never)),
    pending: pending('POST /events/{event_id}/check_in/tickets'),
  },
  {
    op: 'EventsApi.undoCheckInTickets',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.undoCheckInTickets(s.event ?? SOME_ID, { ticket_ids: [] } as never)),
    pending: pending('POST /events/{event_id}/undo_check_in/tickets'),
  },
  {
    op: 'SocialApi.getSocialProfiles',
    run: ({ sdk }) => outcome(sdk.SocialApi.getSocialProfiles()),
    check: (d) => expect(d).toEqual([]),
  },
  {
    op: 'SocialApi.getSocialConnections',
    run: ({ sdk }) => outcome(sdk.SocialApi.getSocialConnections()),
    check: (d) => expect(d).toEqual({ connections: [] }),
  },
  {
    op: 'SocialApi.getHashtagGroups',
    run: ({ sdk }) => outcome(sdk.SocialApi.getHashtagGroups(5, 0)),
    check: (d) => expect(d.page).toEqual({ page: 0, size: 5, total_elements: 0, total_pages: 0 }),
  },
  {
    op: 'SocialApi.createSocialPost',
    run: ({ sdk }) =>
      outcome(
        sdk.SocialApi.createSocialPost({
          status: 'DRAFT',
          profile_posts: [{ profiles: [{ profile_id: 'facebook-1' }], content: 'Hello from the SDK' }],
        } as never),
      ),
    // No social profile is connected (only the UI connects them), so a post names unknown profiles.
    status: 404,
  },
];
