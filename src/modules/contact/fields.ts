import { z } from 'zod';
import { meta, uuid } from '../fields.js';
import { PERMISSION_TO_SEND } from '../options.js';
import { emailText, maxText } from '../text-rules.js';

/**
 * The contact fields shared by Create a Contact, Update a Contact and Create or Update a Contact,
 * with the API's limits (facts §4.1, §4.4) checked before any request is sent.
 */

export const SOURCES = ['Account', 'Contact'] as const;
export const PHONE_KINDS = ['home', 'work', 'mobile', 'other'] as const;
export const ADDRESS_KINDS = ['home', 'work', 'other'] as const;

export const LIMITS = {
  email: 80,
  name: 50,
  phones: 3,
  phoneNumber: 25,
  addresses: 3,
  street: 255,
  addressPart: 50,
  customFields: 25,
  customFieldValue: 255,
  lists: 50,
} as const;

export const DATE_FORMATS_TEXT =
  'MM/DD/YYYY, M/D/YYYY, YYYY/MM/DD, YYYY/M/D, YYYY-MM-DD, YYYY-M-D, M-D-YYYY or MM-DD-YYYY';

/** The anniversary formats the API lists (facts §4.4), and only real calendar dates. */
export function isApiDate(value: string): boolean {
  const monthFirst = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/.exec(value);
  const yearFirst = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})$/.exec(value);
  let parts: [number, number, number];
  if (monthFirst) parts = [Number(monthFirst[4]), Number(monthFirst[1]), Number(monthFirst[3])];
  else if (yearFirst) parts = [Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4])];
  else return false;
  const [y, m, d] = parts;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const sourceField = (label: string, help: string) =>
  z
    .enum(SOURCES, {
      error: (issue) =>
        `${issue.input === undefined ? 'is required' : 'must be Account or Contact'}: ` +
        `Account for a change made by the account owner, Contact for one made by the contact`,
    })
    .meta(meta(label, help, { options: 'allowed-values' }));

export const emailField = (max: number = LIMITS.email) =>
  emailText(z.string().trim(), max)
    .optional()
    .meta(meta('Email', `The contact's email address (at most ${max} characters; unique in the account).`));

export const permissionField = () =>
  z
    .enum(PERMISSION_TO_SEND, { error: `must be one of ${PERMISSION_TO_SEND.join(', ')}` })
    .optional()
    .meta(
      meta(
        'Permission to Send',
        'How the contact agreed to receive email: explicit, implicit, not_set, ' +
          'pending_confirmation, temp_hold or unsubscribed. Needs an email address.',
        {
          options: 'permission-to-send',
        },
      ),
    );

export const nameField = (label: string, what: string) =>
  maxText(z.string().trim(), LIMITS.name)
    .optional()
    .meta(meta(label, `The contact's ${what} (at most ${LIMITS.name} characters).`));

export const birthdayMonthField = () =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be from 1 through 12')
    .max(12, 'must be from 1 through 12')
    .optional()
    .meta(
      meta(
        'Birthday Month',
        "The month of the contact's birthday, 1 through 12. Give Birthday Day with it: the API needs both or neither.",
      ),
    );

export const birthdayDayField = () =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be from 1 through 31')
    .max(31, 'must be from 1 through 31')
    .optional()
    .meta(
      meta(
        'Birthday Day',
        "The day of the contact's birthday, 1 through 31. Give Birthday Month with it: the API needs both or neither.",
      ),
    );

export const anniversaryField = () =>
  maxText(z.string().trim(), 10)
    .refine((v) => v === '' || isApiDate(v), `must be a real date written as ${DATE_FORMATS_TEXT}`)
    .optional()
    .meta(meta('Anniversary', `The date the contact became a customer, written as ${DATE_FORMATS_TEXT}.`));

export const phoneNumberShape = z.object({
  phone_number: maxText(z.string().trim().min(1, 'must not be empty'), LIMITS.phoneNumber).meta(
    meta('Phone Number', `The phone number (at most ${LIMITS.phoneNumber} characters).`),
  ),
  kind: z
    .enum(PHONE_KINDS, { error: `must be one of ${PHONE_KINDS.join(', ')}` })
    .optional()
    .meta(meta('Kind', `The kind of number: ${PHONE_KINDS.join(', ')}.`, { options: 'allowed-values' })),
});

export const phoneNumbersField = () =>
  z
    .array(phoneNumberShape)
    .max(LIMITS.phones, `a contact has at most ${LIMITS.phones} phone numbers`)
    .optional()
    .meta(
      meta('Phone Number', `Up to ${LIMITS.phones} phone numbers, each with its kind (${PHONE_KINDS.join(', ')}).`),
    );

export const streetAddressShape = z.object({
  kind: z
    .enum(ADDRESS_KINDS, { error: `is required: one of ${ADDRESS_KINDS.join(', ')}` })
    .meta(meta('Kind', `The kind of address (required): ${ADDRESS_KINDS.join(', ')}.`, { options: 'allowed-values' })),
  street: maxText(z.string().trim(), LIMITS.street)
    .optional()
    .meta(meta('Street', `Street and number (at most ${LIMITS.street} characters).`)),
  city: maxText(z.string().trim(), LIMITS.addressPart)
    .optional()
    .meta(meta('City', `At most ${LIMITS.addressPart} characters.`)),
  state: maxText(z.string().trim(), LIMITS.addressPart)
    .optional()
    .meta(meta('State', `State or province (at most ${LIMITS.addressPart} characters).`)),
  postal_code: maxText(z.string().trim(), LIMITS.addressPart)
    .optional()
    .meta(meta('Postal Code', `At most ${LIMITS.addressPart} characters.`)),
  country: maxText(z.string().trim(), LIMITS.addressPart)
    .optional()
    .meta(meta('Country', `At most ${LIMITS.addressPart} characters.`)),
});

export const streetAddressesField = () =>
  z
    .array(streetAddressShape)
    .max(LIMITS.addresses, `a contact has at most ${LIMITS.addresses} street addresses`)
    .optional()
    .meta(
      meta(
        'Street Addresses',
        `Up to ${LIMITS.addresses} addresses; each needs its kind (${ADDRESS_KINDS.join(', ')}).`,
      ),
    );

export const customFieldShape = z.object({
  custom_field_id: uuid('custom field id').meta(
    meta('Custom Field ID', 'The custom field to set (it must exist in the account).', { options: 'custom-fields' }),
  ),
  value: maxText(z.string(), LIMITS.customFieldValue).meta(
    meta('Value', `The value (at most ${LIMITS.customFieldValue} characters).`),
  ),
});

export const customFieldsField = (max: number = LIMITS.customFields) =>
  z
    .array(customFieldShape)
    .max(max, `a contact has at most ${max} custom fields`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const id = item.custom_field_id.toLowerCase();
        if (seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'custom_field_id'],
            message: `the custom field ${item.custom_field_id} is given twice; give each custom field once`,
          });
        seen.add(id);
      });
    })
    .optional()
    .meta(meta('Custom Field', `Up to ${max} custom fields, each a custom field id and its value.`));

export const listIdsField = (label: string, help: string, max: number, min = 0) =>
  z
    .array(uuid('contact list id'))
    .min(min, min > 0 ? `give at least ${min} contact list id` : 'must not be empty')
    .max(max, `at most ${max} contact lists`)
    .meta(meta(label, help, { options: 'contact-lists' }));

export const contactListIdsField = () =>
  listIdsField(
    'Contact List IDs',
    `The contact lists the contact belongs to (at most ${LIMITS.lists}).`,
    LIMITS.lists,
  ).optional();

/** Wait for Completion of the two imports (JSON and CSV): off by default, as the API answers at once. */
export const waitForImportsField = () =>
  z
    .boolean()
    .default(false)
    .meta(
      meta(
        'Wait for Completion',
        'Wait until every import activity has finished and report its final counts and errors (default: ' +
          'return as soon as the API has accepted them).',
      ),
    );

/** The birthday pair rule (facts §4.4), as a refinement of an input with both fields. */
export function birthdayPairIssue(
  month: number | undefined,
  day: number | undefined,
): { path: string; message: string } | undefined {
  if (month !== undefined && day === undefined)
    return { path: 'birthday_day', message: 'is required when Birthday Month is set (the API needs both or neither)' };
  if (day !== undefined && month === undefined)
    return { path: 'birthday_month', message: 'is required when Birthday Day is set (the API needs both or neither)' };
  return undefined;
}

/** Removes undefined values and empty strings (an unmapped field), keeping everything else. */
export function compact<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** Removes duplicate ids, keeping the first spelling. */
export function unique(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
