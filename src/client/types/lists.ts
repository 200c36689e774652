import type { PagingLinks } from './common.js';

/** @swagger ContactList */
export interface ContactList {
  list_id: string;
  name: string;
  description?: string;
  favorite?: boolean;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
  /** Only with `include_membership_count`. */
  membership_count?: number;
}

/** `POST /contact_lists` and `PUT /contact_lists/{id}`; names are unique per account. @swagger ListInput */
export interface ListInput {
  name: string;
  favorite?: boolean;
  description?: string;
}

/** What create and update answer. @swagger ContactListPutPost */
export interface ContactListPutPost {
  list_id: string;
  name: string;
  description?: string;
  favorite?: boolean;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
}

/** One page of `GET /contact_lists`. @swagger ContactListArray */
export interface ContactListArray {
  lists?: ContactList[];
  lists_count?: number;
  _links?: PagingLinks;
}

/** `DELETE /contact_lists/{id}` answers 202 with the activity that deletes it. @swagger ActivityDeleteListResponse */
export interface ActivityDeleteListResponse {
  activity_id?: string;
  state?: string;
  created_at?: string;
  updated_at?: string;
  percent_done?: number;
  activity_errors?: string[];
  _links?: { self?: { href?: string } };
}

/** @swaggerQuery GET /contact_lists */
export interface ContactListsQuery {
  limit?: number;
  include_count?: boolean;
  include_membership_count?: 'all' | 'active';
  /** Exact full name. */
  name?: string;
  status?: 'all' | 'active' | 'deleted';
  channel_type?: 'email' | 'sms';
  include_sms_membership_count?: boolean;
}

/** @swaggerQuery GET /contact_lists/{list_id} */
export interface ContactListGetQuery {
  include_membership_count?: 'all' | 'active';
}
