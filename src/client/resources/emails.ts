import type { ApiCore } from '../types.js';
import type {
  EmailActivityGetQuery,
  EmailCampaign,
  EmailCampaignActivity,
  EmailCampaignActivityPreview,
  EmailCampaignComplete,
  EmailCampaigns,
  EmailSchedule,
  EmailScheduleInput,
  EmailSendHistory,
  EmailTestSendInput,
  EmailsQuery,
  PagedEmailCampaignResponse,
} from '../types/emails.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/** `/emails`: campaigns and their activities (facts §5). Paths take the activity id, never the campaign's. */
export function emailsResource(api: ApiCore) {
  const activity = (id: string) => `/emails/activities/${segment(id, 'campaignActivityId')}`;
  const campaign = (id: string) => `/emails/${segment(id, 'campaignId')}`;
  return {
    /** One page of campaigns (Removed ones included); dates filter on `updated_at`. */
    list: (query?: EmailsQuery, options?: CallOptions) =>
      api.get<PagedEmailCampaignResponse>('/emails', callOptions(options, query)),
    listAll: (query?: Omit<EmailsQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<EmailCampaigns>('/emails', allOptions('campaigns', PAGE_SIZES.emails, query, options)),
    get: (campaignId: string, options?: CallOptions) =>
      api.get<EmailCampaign>(campaign(campaignId), callOptions(options)),
    /** Answers 200 with the campaign and its `primary_email` and `permalink` activities. */
    create: (body: EmailCampaignComplete, options?: CallOptions) =>
      api.post<EmailCampaign>('/emails', body, callOptions(options)),
    /** 204; refused while Scheduled. */
    delete: (campaignId: string, options?: CallOptions) => api.delete<void>(campaign(campaignId), callOptions(options)),
    rename: (campaignId: string, name: string, options?: CallOptions) =>
      api.patch<EmailCampaign>(campaign(campaignId), { name }, callOptions(options)),
    getActivity: (campaignActivityId: string, query?: EmailActivityGetQuery, options?: CallOptions) =>
      api.get<EmailCampaignActivity>(activity(campaignActivityId), callOptions(options, query)),
    /** The whole activity (set `contact_list_ids` or `segment_ids` before scheduling). */
    updateActivity: (campaignActivityId: string, body: EmailCampaignActivity, options?: CallOptions) =>
      api.put<EmailCampaignActivity>(activity(campaignActivityId), body, callOptions(options)),
    preview: (campaignActivityId: string, options?: CallOptions) =>
      api.get<EmailCampaignActivityPreview>(`${activity(campaignActivityId)}/previews`, callOptions(options)),
    /** 204; up to 5 addresses a call and 50 a day (429 past that). */
    testSend: (campaignActivityId: string, body: EmailTestSendInput, options?: CallOptions) =>
      api.post<void>(`${activity(campaignActivityId)}/tests`, body, callOptions(options)),
    /** `[]` unless the activity is SCHEDULED. */
    schedules: (campaignActivityId: string, options?: CallOptions) =>
      api.get<EmailSchedule[]>(`${activity(campaignActivityId)}/schedules`, callOptions(options)),
    /** `scheduled_date: "0"` sends now (answers `[]`); a date answers `[{scheduled_date}]`. */
    schedule: (campaignActivityId: string, body: EmailScheduleInput, options?: CallOptions) =>
      api.post<EmailSchedule[]>(`${activity(campaignActivityId)}/schedules`, body, callOptions(options)),
    unschedule: (campaignActivityId: string, options?: CallOptions) =>
      api.delete<void>(`${activity(campaignActivityId)}/schedules`, callOptions(options)),
    /** A plain array, first send first. */
    sendHistory: (campaignActivityId: string, options?: CallOptions) =>
      api.get<EmailSendHistory>(`${activity(campaignActivityId)}/send_history`, callOptions(options)),
  };
}

export type EmailsResource = ReturnType<typeof emailsResource>;
