import { DATE_FORMATS_TEXT, isApiDate } from '../fields.js';
import { isEmailAddress, textLength } from '../../text-rules.js';

/**
 * The rules of one imported contact (SW def JsonImportContact, facts §3.2–3.3), checked before
 * anything is sent: the API would otherwise accept the import and report bad rows only later, in the
 * activity's errors. Each problem names its column.
 */

export const JSON_IMPORT_LIMITS = {
  email: 50,
  name: 50,
  phone: 50,
  street: 255,
  part: 50,
  smsNumber: 16,
  customField: 255,
  customFields: 25,
  phones: 3,
};

const NAMES = ['first_name', 'last_name', 'job_title', 'company_name'];
/** Phone properties and the phone kind each becomes (`phone` is `other`). */
const PHONES: Record<string, string> = {
  phone: 'other',
  home_phone: 'home',
  work_phone: 'work',
  mobile_phone: 'mobile',
  other_phone: 'other',
};
const ADDRESS_PARTS = ['street', 'street2', 'city', 'state', 'zip', 'country'];
const ADDRESS_FAMILIES = ['', 'home_', 'work_', 'other_'];

/** Every JsonImportContact property; the contract spells one `home country`, with a space (facts §10.10). */
export const JSON_IMPORT_COLUMNS: ReadonlySet<string> = new Set([
  'email',
  ...NAMES,
  'birthday_month',
  'birthday_day',
  'anniversary',
  ...Object.keys(PHONES),
  ...ADDRESS_FAMILIES.flatMap((family) => ADDRESS_PARTS.map((part) => `${family}${part}`)),
  'home country',
  'sms_number',
  'sms_consent_date',
]);

/** The column headings a CSV import accepts besides `cf:<name>` (facts §3.3). */
export const CSV_IMPORT_COLUMNS: ReadonlySet<string> = new Set([
  'email',
  'sms_number',
  ...NAMES,
  'phone',
  'anniversary',
  'birthday_day',
  'birthday_month',
  'street',
  'street2',
  'city',
  'state',
  'zip',
  'country',
  'sms_consent_date',
]);

export const isCustomFieldColumn = (column: string): boolean =>
  column.startsWith('cf:') && column.slice(3).trim() !== '';

export interface RowProblem {
  column: string;
  message: string;
}

/** A value as text, or undefined when blank (blank cells and null are "not given"). */
function textOf(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function lengthLimit(column: string): number | undefined {
  if (column === 'email') return undefined;
  if (NAMES.includes(column)) return JSON_IMPORT_LIMITS.name;
  if (column in PHONES) return JSON_IMPORT_LIMITS.phone;
  if (/(^|_)street2?$/.test(column)) return JSON_IMPORT_LIMITS.street;
  if (/^(home_|work_|other_)?(city|state|zip|country)$/.test(column) || column === 'home country')
    return JSON_IMPORT_LIMITS.part;
  if (column === 'sms_number') return JSON_IMPORT_LIMITS.smsNumber;
  if (column.startsWith('cf:')) return JSON_IMPORT_LIMITS.customField;
  return undefined;
}

/**
 * The first problem of one contact, or undefined when it can be imported. `emailMax` differs: the
 * JSON import documents 50 characters, a CSV file's email column the contact's 80.
 */
export function checkImportRow(
  row: Readonly<Record<string, unknown>>,
  options: { emailMax: number; knownColumn(column: string): boolean },
): RowProblem | undefined {
  let email: string | undefined;
  let sms: string | undefined;
  let customFields = 0;
  const phoneKinds = new Set<string>();
  const given: Record<string, string> = {};
  for (const [column, raw] of Object.entries(row)) {
    if (!options.knownColumn(column)) {
      return {
        column,
        message:
          `is not a property of an imported contact (use email, first_name, last_name, job_title, ` +
          `company_name, birthday_month, birthday_day, anniversary, phone, home_phone, work_phone, ` +
          `mobile_phone, other_phone, street, street2, city, state, zip, ` +
          `country and their home_/work_/other_ variants, sms_number, sms_consent_date, or cf:<custom field name>)`,
      };
    }
    const value = textOf(raw);
    if (value === null) return { column, message: 'must be text or a number' };
    if (value === undefined) continue;
    given[column] = value;
    const max = lengthLimit(column);
    if (max !== undefined && textLength(value) > max)
      return { column, message: `is ${textLength(value)} characters long; at most ${max} are allowed` };
    if (column === 'email') email = value;
    if (column === 'sms_number') sms = value;
    if (column.startsWith('cf:')) customFields++;
    const kind = PHONES[column];
    if (kind) phoneKinds.add(kind);
  }
  if (email === undefined && sms === undefined)
    return { column: 'email', message: 'is missing: every contact needs an email (or an sms_number)' };
  if (email !== undefined) {
    if (textLength(email) > options.emailMax)
      return {
        column: 'email',
        message: `is ${textLength(email)} characters long; at most ${options.emailMax} are allowed`,
      };
    if (!isEmailAddress(email)) return { column: 'email', message: `${JSON.stringify(email)} is not an email address` };
  }
  if (sms !== undefined && !/^\d{3}-?\d{3}-?\d{4}$/.test(sms))
    return {
      column: 'sms_number',
      message: `${JSON.stringify(sms)} must be a US number written 1231231234 or 123-123-1234`,
    };
  for (const [column, max] of [
    ['birthday_month', 12],
    ['birthday_day', 31],
  ] as const) {
    const value = given[column];
    if (value !== undefined && !(/^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= max))
      return { column, message: `must be a whole number from 1 through ${max} (got ${JSON.stringify(value)})` };
  }
  if ((given.birthday_month === undefined) !== (given.birthday_day === undefined)) {
    const missing = given.birthday_month === undefined ? 'birthday_month' : 'birthday_day';
    return {
      column: missing,
      message:
        `is required when ${missing === 'birthday_month' ? 'birthday_day' : 'birthday_month'} ` +
        `is given (both or neither)`,
    };
  }
  for (const column of ['anniversary', 'sms_consent_date']) {
    const value = given[column];
    if (value !== undefined && !isApiDate(value))
      return { column, message: `${JSON.stringify(value)} must be a real date written as ${DATE_FORMATS_TEXT}` };
  }
  if (phoneKinds.size > JSON_IMPORT_LIMITS.phones)
    return {
      column: 'phone',
      message: `a contact has at most ${JSON_IMPORT_LIMITS.phones} phone numbers; this one has ${phoneKinds.size}`,
    };
  if (customFields > JSON_IMPORT_LIMITS.customFields)
    return {
      column: 'cf:',
      message: `a contact has at most ${JSON_IMPORT_LIMITS.customFields} custom fields; this one has ${customFields}`,
    };
  return undefined;
}
