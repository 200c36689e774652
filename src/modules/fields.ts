import { z } from 'zod';

/**
 * Field metadata carried by each input schema entry (stored with zod's `.meta()`, so it flows into the
 * JSON Schema too): the seed's label and help text, and for "Select or map" fields the option loader
 * that offers choices.
 */
export type FieldMeta = {
  /** The seed's field label, exactly. */
  title: string;
  /** Help text shown by `ctct describe`. */
  description: string;
  /** Name of the option loader (see options.ts) for "Select or map" fields. */
  options?: OptionSource;
  /** Input fields this field's options depend on (e.g. campaign activities depend on campaign_id). */
  dependsOn?: readonly string[];
};

export type OptionSource =
  | 'contact-lists'
  | 'contacts'
  | 'custom-fields'
  | 'tags'
  | 'campaigns'
  | 'campaign-activities'
  | 'sender-emails'
  | 'permission-to-send'
  | 'tracking-activity-types'
  /** A fixed choice (create/update/delete, Account/Contact, GET/POST...): the field's own allowed values. */
  | 'allowed-values';

export const meta = (
  title: string,
  description: string,
  extra: Omit<FieldMeta, 'title' | 'description'> = {},
): FieldMeta => ({
  title,
  description,
  ...extra,
});

/** A UUID as the API writes ids (36 characters, 8-4-4-4-12). */
export const uuid = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      `must be a ${what} (a 36-character UUID)`,
    );

/** An ISO-8601 date or date-time, as accepted by the API's date parameters. */
export const isoDate = () =>
  z
    .string()
    .trim()
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
        !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))),
      {
        message: 'must be an ISO-8601 date (2026-03-01) or date-time (2026-03-01T09:30:00Z)',
      },
    );

/** The Limit field of searches and triggers: how many items one run returns at most. */
export const limitField = (what: string, defaultValue = 100) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1,000,000')
    .default(defaultValue)
    .meta(
      meta('Limit', `The maximum number of ${what} returned during one execution cycle (default ${defaultValue}).`),
    );
