/** @swagger CompanyLogo */
export interface CompanyLogo {
  url?: string;
  external_url?: string;
  internal_id?: string;
}

/** @swagger AccountPhysicalAddress */
export interface AccountPhysicalAddress {
  address_line1: string;
  address_line2?: string;
  address_line3?: string;
  city: string;
  state_code?: string;
  state_name?: string;
  postal_code?: string;
  country_code: string;
}

/** `GET /account/summary`. @swagger Customer */
export interface Customer {
  contact_email?: string;
  contact_phone?: string;
  country_code?: string;
  encoded_account_id?: string;
  encoded_partner_id?: string;
  first_name?: string;
  last_name?: string;
  organization_name?: string;
  organization_phone?: string;
  state_code?: string;
  time_zone_id?: string;
  website?: string;
  physical_address?: AccountPhysicalAddress;
  company_logo?: CompanyLogo;
}

/** One account email address; `GET /account/emails` answers a plain array. @swagger AccountEmails[] */
export interface AccountEmail {
  email_address?: string;
  email_id?: number;
  /** `CONFIRMED`, `UNCONFIRMED`... only confirmed addresses can send. */
  confirm_status?: string;
  confirm_time?: string;
  confirm_source_type?: string;
  roles?: string[];
  pending_roles?: string[];
}

/** @swaggerQuery GET /account/summary */
export interface AccountSummaryQuery {
  /** e.g. `physical_address,company_logo`. */
  extra_fields?: string | readonly ('physical_address' | 'company_logo')[];
}

/** @swaggerQuery GET /account/emails */
export interface AccountEmailsQuery {
  confirm_status?: 'CONFIRMED' | 'UNCONFIRMED';
  role_code?: string;
  email_address?: string;
}
