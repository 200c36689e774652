/** @swagger Tag */
export interface Tag {
  tag_id?: string;
  name?: string;
  contacts_count?: number;
  created_at?: string;
  updated_at?: string;
  tag_source?: string;
}

/** @swagger TagPost */
export interface TagPost {
  name: string;
  tag_source?: string;
}

/** @swagger TagPut */
export interface TagPut {
  name: string;
}

/** One page of `GET /contact_tags`. @swagger Tags */
export interface Tags {
  tags?: Tag[];
  _links?: { next?: { href?: string } | null };
}

/** @swagger ActivityErrors */
export interface ActivityErrors {
  message?: string;
}

/** @swagger ActivityGenericStatus */
export interface ActivityGenericStatus {
  items_total_count?: number;
  items_completed_count?: number;
}

/** `DELETE /contact_tags/{id}` answers 202 with this activity. @swagger ActivityGeneric */
export interface ActivityGeneric {
  activity_id: string;
  state: string;
  created_at?: string;
  updated_at?: string;
  percent_done?: number;
  activity_errors?: ActivityErrors[];
  status?: ActivityGenericStatus;
  _links?: { self?: { href?: string } };
}

/** @swaggerQuery GET /contact_tags */
export interface TagsQuery {
  limit?: number;
  include_count?: boolean;
}

/** @swaggerQuery GET /contact_tags/{tag_id} */
export interface TagGetQuery {
  include_count?: boolean;
}
