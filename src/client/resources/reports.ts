import type { ApiCore } from '../types.js';
import type {
  ActivityDetailsQuery,
  CampaignActivitySummary,
  ContactCampaignActivitiesSummary,
  ContactOpenAndClickRates,
  ContactReportRangeQuery,
  ContactTrackingActivitiesPage,
  ContactTrackingActivity,
  EmailLinks,
  EmailLinksQuery,
  TrackingActivitiesPage,
  TrackingActivityByKind,
  TrackingQueryByKind,
  TrackingReportKind,
} from '../types/reports.js';
import { TRACKING_REPORT_KINDS } from '../types/reports.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/** Parameters the contract declares as repeated (`collectionFormat: multi`) rather than CSV. */
const ACTIVITY_DETAILS_REPEAT = ['tracking_activity_type'] as const;
const BOUNCES_REPEAT = ['bounce_code'] as const;

/** `/reports`: contact activity reports and email tracking reports (facts §6). All newest first. */
export function reportsResource(api: ApiCore) {
  const contact = (id: string) => `/reports/contact_reports/${segment(id, 'contactId')}`;
  const tracking = (id: string, kind: TrackingReportKind) => {
    if (!TRACKING_REPORT_KINDS.includes(kind))
      throw new TypeError(`Unknown tracking report "${kind}"; expected one of ${TRACKING_REPORT_KINDS.join(', ')}.`);
    return `/reports/email_reports/${segment(id, 'campaignActivityId')}/tracking/${kind}`;
  };
  return {
    /** One page of a contact's tracking activities (one of the two type parameters is required). */
    contactActivityDetails: (contactId: string, query: ActivityDetailsQuery, options?: CallOptions) =>
      api.get<ContactTrackingActivitiesPage>(`${contact(contactId)}/activity_details`, {
        ...callOptions(options, query),
        repeat: ACTIVITY_DETAILS_REPEAT,
      }),
    contactActivityDetailsAll: (contactId: string, query: Omit<ActivityDetailsQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<ContactTrackingActivity>(
        `${contact(contactId)}/activity_details`,
        allOptions('tracking_activities', PAGE_SIZES.activityDetails, query, options, ACTIVITY_DETAILS_REPEAT),
      ),
    /** One page (200 campaign activities) of a contact's per-campaign counts. */
    contactActivitySummary: (contactId: string, range: ContactReportRangeQuery, options?: CallOptions) =>
      api.get<ContactCampaignActivitiesSummary>(`${contact(contactId)}/activity_summary`, callOptions(options, range)),
    contactActivitySummaryAll: (contactId: string, range: ContactReportRangeQuery, options?: AllOptions) =>
      api.paginate<CampaignActivitySummary>(
        `${contact(contactId)}/activity_summary`,
        allOptions('campaign_activities', undefined, range, options),
      ),
    /** Averages over at most 5 years. */
    contactOpenAndClickRates: (contactId: string, range: ContactReportRangeQuery, options?: CallOptions) =>
      api.get<ContactOpenAndClickRates>(`${contact(contactId)}/open_and_click_rates`, callOptions(options, range)),
    /** One page of an email tracking report (`sends`, `opens`, `clicks`, `bounces`...). */
    emailTracking: <K extends TrackingReportKind>(
      campaignActivityId: string,
      kind: K,
      query?: TrackingQueryByKind[K],
      options?: CallOptions,
    ) =>
      api.get<TrackingActivitiesPage<K>>(tracking(campaignActivityId, kind), {
        ...callOptions(options, query),
        repeat: BOUNCES_REPEAT,
      }),
    emailTrackingAll: <K extends TrackingReportKind>(
      campaignActivityId: string,
      kind: K,
      query?: Omit<TrackingQueryByKind[K], 'limit'>,
      options?: AllOptions,
    ) =>
      api.paginate<TrackingActivityByKind[K]>(
        tracking(campaignActivityId, kind),
        allOptions('tracking_activities', PAGE_SIZES.tracking, query, options, BOUNCES_REPEAT),
      ),
    /** Click counts per link (not paginated; duplicate URLs merged). */
    emailLinks: (campaignActivityId: string, query?: EmailLinksQuery, options?: CallOptions) =>
      api.get<EmailLinks>(
        `/reports/email_reports/${segment(campaignActivityId, 'campaignActivityId')}/links`,
        callOptions(options, query),
      ),
  };
}

export type ReportsResource = ReturnType<typeof reportsResource>;
