import { expect } from 'vitest';
import { outcome, type SweepRow } from './harness.js';

/**
 * The SDK operations of issue 14's second half: resends, A/B tests, landing page and SMS reports,
 * social and events, each held to its contract like the rows of the first half.
 */

const SOME_ID = '0b5a3c5e-0000-4000-8000-00000000abcd';

export const secondHalfRows: SweepRow[] = [
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
  },
  {
    op: 'EmailCampaignsApi.getResendEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.getResendEmailCampaign(s.sent)),
  },
  {
    op: 'EmailCampaignsApi.deleteResendEmailCampaign',
    run: ({ sdk, s }) => outcome(sdk.EmailCampaignsApi.deleteResendEmailCampaign(s.sent, String(s.resend ?? SOME_ID))),
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
  // Events are served (resources/events.ts). No operation creates a registration (only an event's
  // form does), so the registration rows meet an empty track: unknown ids fail as the contract says.
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
    status: 201,
    check: (d, { s }) => {
      expect(d).toMatchObject({ name: 'SDK event', status: 'DRAFT' });
      s.event = d.event_id;
      s.track = d.default_track.track_id;
    },
  },
  {
    op: 'EventsApi.getEvent2',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.getEvent2(s.event)),
    check: (d, { s }) => expect(d).toMatchObject({ event_id: s.event, name: 'SDK event' }),
  },
  {
    op: 'EventsApi.findEvents',
    run: ({ sdk }) => outcome(sdk.EventsApi.findEvents('DRAFT', 'SDK event')),
    check: (d, { s }) => expect(d.records.map((r: { event_id: string }) => r.event_id)).toEqual([s.event]),
  },
  {
    op: 'EventsApi.updateEvent',
    // Publishing (status ACTIVE) lets the check-in rows below reach their ticket rules.
    run: ({ sdk, s }) =>
      outcome(sdk.EventsApi.updateEvent(s.event, { name: 'SDK event renamed', status: 'ACTIVE' } as never)),
    status: 204,
    check: async (_d, { sdk, s }) =>
      expect((await sdk.EventsApi.getEvent2(s.event)).data).toMatchObject({
        name: 'SDK event renamed',
        status: 'ACTIVE',
      }),
  },
  {
    op: 'EventsApi.copyEvent',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.copyEvent(s.event, { target_event_name: 'SDK event copy' })),
    status: 200,
    check: (d, { s }) => {
      expect(d).toMatchObject({ name: 'SDK event copy', status: 'DRAFT' });
      expect(d.event_id).not.toBe(s.event);
    },
  },
  {
    op: 'EventsApi.findRegistrationsUsingGET',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.findRegistrationsUsingGET(s.event, s.track)),
    check: (d) => expect(d).toMatchObject({ records: [], total_records: 0 }),
  },
  {
    op: 'EventsApi.getRegistrationInfo',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.getRegistrationInfo(s.event, s.track, SOME_ID)),
    status: 404,
  },
  {
    op: 'EventsApi.updateRegistrationStatusUsingPUT',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EventsApi.updateRegistrationStatusUsingPUT(s.event, s.track, {
          registration_ids: [SOME_ID],
          registration_status: 'CANCELED',
        }),
      ),
    status: 207,
    check: (d) => expect(d).toEqual({ failed_registration_ids: [SOME_ID] }),
  },
  {
    op: 'EventsApi.updateRegistrationPaymentStatusUsingPUT',
    run: ({ sdk, s }) =>
      outcome(
        sdk.EventsApi.updateRegistrationPaymentStatusUsingPUT(s.event, s.track, {
          registration_ids: [SOME_ID],
          payment_status: 'PAID',
        }),
      ),
    status: 207,
    check: (d) => expect(d).toEqual({ failed_registration_ids: [SOME_ID] }),
  },
  {
    op: 'EventsApi.checkInTickets',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.checkInTickets(s.event, { order_ticket_keys: ['no-such-ticket'] })),
    status: 400,
    check: (d) => expect(d[0].error_message).toMatch(/no-such-ticket/),
  },
  {
    op: 'EventsApi.undoCheckInTickets',
    run: ({ sdk, s }) => outcome(sdk.EventsApi.undoCheckInTickets(s.event, { order_ticket_keys: ['no-such-ticket'] })),
    status: 400,
    check: (d) => expect(d[0].error_message).toMatch(/no-such-ticket/),
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
