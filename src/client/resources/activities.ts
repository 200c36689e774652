import type { ApiCore } from '../types.js';
import type {
  ActivitiesQuery,
  Activities,
  Activity,
  ActivityDeleteListsResponse,
  ActivityDeleteStatus,
  ActivityImport,
  ActivityListsMembership,
  ContactDelete,
  ContactsJsonImport,
  CsvImportInput,
  ListActivityAddContacts,
  ListActivityRemoveContacts,
  ListIdList100,
} from '../types/activities.js';
import { PAGE_SIZES, allOptions, callOptions, segment, type AllOptions, type CallOptions } from './shared.js';

/**
 * `/activities`: bulk jobs (facts §3). Every POST answers 201 with the job's status; poll `get` until
 * `state` is `completed` (or failed). These are POSTs: never resent on their own after a lost answer.
 */
export function activitiesResource(api: ApiCore) {
  return {
    /** Up to 40,000 contacts, under 4 MB (past 4 MB the API silently drops the rest). */
    jsonImport: (body: ContactsJsonImport, options?: CallOptions) =>
      api.post<ActivityImport>('/activities/contacts_json_import', body, callOptions(options)),
    /** A multipart CSV import: a ready FormData, or the fields from which the client builds one. */
    csvImport: (input: FormData | CsvImportInput, options?: CallOptions) =>
      api.post<ActivityImport>(
        '/activities/contacts_file_import',
        input instanceof FormData ? input : csvForm(input),
        callOptions(options),
      ),
    addListMemberships: (body: ListActivityAddContacts, options?: CallOptions) =>
      api.post<ActivityListsMembership>('/activities/add_list_memberships', body, callOptions(options)),
    removeListMemberships: (body: ListActivityRemoveContacts, options?: CallOptions) =>
      api.post<ActivityListsMembership>('/activities/remove_list_memberships', body, callOptions(options)),
    contactDelete: (body: ContactDelete, options?: CallOptions) =>
      api.post<ActivityDeleteStatus>('/activities/contact_delete', body, callOptions(options)),
    listDelete: (body: ListIdList100, options?: CallOptions) =>
      api.post<ActivityDeleteListsResponse>('/activities/list_delete', body, callOptions(options)),
    get: (activityId: string, options?: CallOptions) =>
      api.get<Activity>(`/activities/${segment(activityId, 'activityId')}`, callOptions(options)),
    /** The last 10 days of activities, optionally by state. */
    list: (query?: ActivitiesQuery, options?: CallOptions) =>
      api.get<Activities>('/activities', callOptions(options, query)),
    listAll: (query?: Omit<ActivitiesQuery, 'limit'>, options?: AllOptions) =>
      api.paginate<Activity>('/activities', allOptions('activities', PAGE_SIZES.activities, query, options)),
  };
}

/** The multipart body of `contacts_file_import`: `file` (a .csv), `list_ids` (comma-separated). */
export function csvForm(input: CsvImportInput): FormData {
  if (!/\.csv$/i.test(input.fileName))
    throw new TypeError(
      `The import file name must end in .csv (got "${input.fileName}"): the API refuses others with 415.`,
    );
  if (input.listIds.length === 0) throw new TypeError('A CSV import needs at least one list id.');
  const form = new FormData();
  const blob = input.data instanceof Blob ? input.data : new Blob([input.data], { type: 'text/csv' });
  form.append('file', blob, input.fileName);
  form.append('list_ids', input.listIds.join(','));
  if (input.smsPermissionToSend !== undefined) form.append('sms_permission_to_send', input.smsPermissionToSend);
  return form;
}

export type ActivitiesResource = ReturnType<typeof activitiesResource>;
