/**
 * Tables shared across sandbox resources. The contacts domain owns them, but the email engine and the
 * reports read them (recipients, names in reports) and write a few columns (unsubscribes, bounces), so
 * their columns are a contract: add columns freely, never rename or drop one.
 *
 * Timestamps are ISO-8601 strings with milliseconds and `Z`, which sort correctly as text.
 */
export const coreSchema = [
  `CREATE TABLE IF NOT EXISTS contacts (
     seq INTEGER PRIMARY KEY,               -- creation order; the stable listing order and cursor position
     contact_id TEXT NOT NULL UNIQUE,
     email_address TEXT,                    -- as given by the user
     email_key TEXT UNIQUE,                 -- lower-cased address: uniqueness spans deleted contacts too
     permission_to_send TEXT,               -- explicit|implicit|not_set|pending_confirmation|temp_hold|unsubscribed
     email_created_at TEXT,
     email_updated_at TEXT,
     opt_in_source TEXT,
     opt_in_date TEXT,
     opt_out_source TEXT,
     opt_out_date TEXT,
     opt_out_reason TEXT,
     confirm_status TEXT,
     first_name TEXT,
     last_name TEXT,
     job_title TEXT,
     company_name TEXT,
     birthday_month INTEGER,
     birthday_day INTEGER,
     anniversary TEXT,
     create_source TEXT NOT NULL,
     update_source TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     deleted_at TEXT,                       -- YYYY-MM-DD when soft-deleted
     custom_fields TEXT NOT NULL DEFAULT '[]',     -- JSON arrays of the subresources, as the API shows them
     phone_numbers TEXT NOT NULL DEFAULT '[]',
     street_addresses TEXT NOT NULL DEFAULT '[]',
     taggings TEXT NOT NULL DEFAULT '[]',
     notes TEXT NOT NULL DEFAULT '[]'
   )`,
  `CREATE INDEX IF NOT EXISTS contacts_updated_at ON contacts(updated_at)`,
  `CREATE INDEX IF NOT EXISTS contacts_created_at ON contacts(created_at)`,
  `CREATE TABLE IF NOT EXISTS contact_lists (
     seq INTEGER PRIMARY KEY,
     list_id TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     description TEXT,
     favorite INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     deleted_at TEXT
   )`,
  `CREATE TABLE IF NOT EXISTS list_memberships (
     list_id TEXT NOT NULL,
     contact_id TEXT NOT NULL,
     PRIMARY KEY (list_id, contact_id)
   ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS list_memberships_contact ON list_memberships(contact_id)`,
];
