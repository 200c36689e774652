import type { ActivityStatusLink, PagingLinks } from './common.js';

/** `initialized` -> `processing` -> `completed`, or `cancelled` / `failed` / `timed_out` (facts §3.1). */
export type ActivityState = 'initialized' | 'processing' | 'completed' | 'cancelled' | 'failed' | 'timed_out';

/** @swagger ActivityStatus */
export interface ActivityStatus {
  items_total_count?: number;
  items_completed_count?: number;
  person_count?: number;
  error_count?: number;
  correctable_count?: number;
  cannot_add_to_list_count?: number;
  list_count?: number;
}

/** @swagger ActivityStatusExportLink */
export interface ActivityStatusExportLink {
  self?: { href?: string };
  results?: { href?: string };
}

/** `GET /activities/{id}`. @swagger Activity */
export interface Activity {
  activity_id?: string;
  state?: string;
  started_at?: string;
  completed_at?: string;
  created_at?: string;
  updated_at?: string;
  source_file_name?: string;
  percent_done?: number;
  activity_errors?: string[];
  status?: ActivityStatus;
  _links?: ActivityStatusExportLink;
}

/** One page of `GET /activities`. @swagger Activities */
export interface Activities {
  activities?: Activity[];
  _links?: PagingLinks;
}

/** What both imports answer (201). @swagger ActivityImport */
export interface ActivityImport {
  activity_id?: string;
  state?: string;
  started_at?: string;
  completed_at?: string;
  created_at?: string;
  updated_at?: string;
  source_file_name?: string;
  percent_done?: number;
  activity_errors?: string[];
  status?: {
    items_total_count?: number;
    person_count?: number;
    error_count?: number;
    correctable_count?: number;
    cannot_add_to_list_count?: number;
  };
  _links?: ActivityStatusLink;
}

/**
 * One flat contact of a JSON import; custom fields go in `cf:<custom field name>` keys.
 * The contract really spells one key `home country`, with a space (facts §10.10).
 * @swagger JsonImportContact
 */
export interface JsonImportContact {
  email?: string;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
  phone?: string;
  home_phone?: string;
  work_phone?: string;
  mobile_phone?: string;
  other_phone?: string;
  street?: string;
  street2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  home_street?: string;
  home_street2?: string;
  home_city?: string;
  home_state?: string;
  home_zip?: string;
  'home country'?: string;
  work_street?: string;
  work_street2?: string;
  work_city?: string;
  work_state?: string;
  work_zip?: string;
  work_country?: string;
  other_street?: string;
  other_street2?: string;
  other_city?: string;
  other_state?: string;
  other_zip?: string;
  other_country?: string;
  sms_number?: string;
  sms_consent_date?: string;
  [customField: `cf:${string}`]: string | undefined;
}

/** `POST /activities/contacts_json_import`: up to 40,000 contacts, under 4 MB. @swagger ContactsJsonImport */
export interface ContactsJsonImport {
  import_data: JsonImportContact[];
  /** 1 to 50 list ids. */
  list_ids: string[];
  sms_permission_to_send?: 'not_set' | 'explicit';
}

/** The CSV import as fields; the client builds the multipart body (`file`, `list_ids`). */
export interface CsvImportInput {
  /** Must end in `.csv`. */
  fileName: string;
  /** The CSV text (header line first) or its bytes. */
  data: string | Uint8Array | Blob;
  /** 1 to 50 list ids. */
  listIds: readonly string[];
  smsPermissionToSend?: 'not_set' | 'explicit';
}

/** `POST /activities/remove_list_memberships`: exactly one source. @swagger ListActivityRemoveContacts */
export interface ListActivityRemoveContacts {
  source: {
    list_ids?: string[];
    contact_ids?: string[];
    all_active_contacts?: boolean;
    engagement_level?: string;
    tag_ids?: string[];
  };
  exclude?: { contact_ids?: string[] };
  list_ids: string[];
}

/** `POST /activities/add_list_memberships`: exactly one source. @swagger ListActivityAddContacts */
export interface ListActivityAddContacts {
  source: {
    list_ids?: string[];
    all_active_contacts?: boolean;
    contact_ids?: string[];
    tag_ids?: string[];
    engagement_level?: string;
    segment_id?: number;
  };
  exclude?: { contact_ids?: string[] };
  list_ids: string[];
}

/** @swagger ActivityListsMembership */
export interface ActivityListsMembership {
  activity_id?: string;
  state?: string;
  started_at?: string;
  completed_at?: string;
  created_at?: string;
  updated_at?: string;
  percent_done?: number;
  activity_errors?: string[];
  status?: {
    items_total_count?: number;
    items_completed_count?: number;
    list_count?: number;
  };
  _links?: ActivityStatusLink;
}

/** `POST /activities/contact_delete`: `contact_ids` (up to 500) or `list_ids` (up to 50), not both. @swagger ContactDelete */
export interface ContactDelete {
  contact_ids?: string[];
  list_ids?: string[];
}

/** @swagger ActivityDeleteStatus */
export interface ActivityDeleteStatus {
  activity_id?: string;
  state?: string;
  started_at?: string;
  completed_at?: string;
  created_at?: string;
  updated_at?: string;
  percent_done?: number;
  activity_errors?: string[];
  status?: {
    list_count?: number;
    items_total_count?: number;
    items_completed_count?: number;
  };
  _links?: { self?: { href?: string } };
}

/** `POST /activities/list_delete`: up to 100 list ids. @swagger ListIdList100 */
export interface ListIdList100 {
  list_ids: string[];
}

/** @swagger ActivityDeleteListsResponse */
export interface ActivityDeleteListsResponse {
  activity_id?: string;
  state?: string;
  started_at?: string;
  completed_at?: string;
  created_at?: string;
  updated_at?: string;
  percent_done?: number;
  activity_errors?: string[];
  status?: { list_count?: number };
  _links?: { self?: { href?: string } };
}

/** @swaggerQuery GET /activities */
export interface ActivitiesQuery {
  limit?: number;
  state?: ActivityState;
}
