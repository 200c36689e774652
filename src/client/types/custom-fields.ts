import type { PagingLinks } from './common.js';

/** @swagger CustomFieldMetadata */
export interface CustomFieldMetadata {
  display_type?: string;
  allow_negative?: boolean;
  decimal_places?: number;
  currency_code?: string;
  integer?: boolean;
  display_format?: string;
}

/** @swagger CustomFieldChoice */
export interface CustomFieldChoice {
  custom_field_id?: string;
  choice_id?: number;
  choice_label?: string;
  display_order?: number;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
}

/** @swagger CustomField */
export interface CustomField {
  custom_field_id?: string;
  label: string;
  name?: string;
  type: string;
  metadata?: CustomFieldMetadata;
  version?: number;
  choices?: CustomFieldChoice[];
  updated_at?: string;
  created_at?: string;
}

/** One page of `GET /contact_custom_fields`. @swagger CustomFields */
export interface CustomFields {
  custom_fields?: CustomField[];
  _links?: PagingLinks;
}

/** @swagger CustomFieldChoiceRequest */
export interface CustomFieldChoiceRequest {
  choice_label?: string;
  display_order?: number;
}

/** `POST /contact_custom_fields`. @swagger CustomFieldRequest */
export interface CustomFieldRequest {
  label?: string;
  type?: string;
  metadata?: CustomFieldMetadata;
  choices?: CustomFieldChoiceRequest[];
  version?: number;
}

/** @swagger CustomFieldChoicePutRequest */
export interface CustomFieldChoicePutRequest {
  choice_id?: number;
  choice_label?: string;
  display_order?: number;
}

/** `PUT /contact_custom_fields/{id}`. @swagger CustomFieldPutRequest */
export interface CustomFieldPutRequest {
  label?: string;
  choices?: CustomFieldChoicePutRequest[];
}

/** @swaggerQuery GET /contact_custom_fields */
export interface CustomFieldsQuery {
  limit?: number;
}
