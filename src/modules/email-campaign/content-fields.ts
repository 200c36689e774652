import { z } from 'zod';
import type { EmailPhysicalAddress } from '../../client/index.js';
import { meta } from '../fields.js';
import { emailText, maxText } from '../text-rules.js';

/**
 * The fields of an email campaign activity's content and headers, shared by Create an Email Campaign
 * and Update an Email Campaign Activity. Keys are the API's (SW def EmailCampaignActivityInput); the
 * limits are checked here so a bad value is named before any request (facts §5.2).
 */

/** The tag Constant Contact replaces with its open-tracking pixel (facts §5.2). */
export const TRACKING_IMAGE = '[[trackingImage]]';
/** SW maxLength; the docs' 400 KB for custom code is looser, so this is the limit that binds. */
export const MAX_HTML_CONTENT = 150_000;
/** Template syntax a custom-code email may not contain (DOCS design_code_emails). */
const FORBIDDEN_HTML = ['[#', '${', '<@'] as const;

export const emailAddress = () => emailText(z.string().trim(), 80);

/** The text between `<body ...>` and `</body>` (to the end when the closing tag is missing), if any. */
function bodyOf(html: string): string | undefined {
  const open = /<body\b[^>]*>/i.exec(html);
  if (!open) return undefined;
  const rest = html.slice(open.index + open[0].length);
  const close = rest.search(/<\/body\s*>/i);
  return close < 0 ? rest : rest.slice(0, close);
}

export const htmlContent = () =>
  maxText(
    z.string(),
    MAX_HTML_CONTENT,
    `must be at most ${MAX_HTML_CONTENT.toLocaleString('en-US')} characters`,
  ).superRefine((html, ctx) => {
    const bad = FORBIDDEN_HTML.find((s) => html.includes(s));
    if (bad)
      ctx.addIssue({
        code: 'custom',
        message: `must not contain "${bad}" (template syntax is not allowed in custom code emails)`,
      });
    const body = bodyOf(html);
    if (body === undefined || !body.includes(TRACKING_IMAGE)) {
      ctx.addIssue({
        code: 'custom',
        message:
          `must contain ${TRACKING_IMAGE} inside its <body> element, e.g. ` +
          `<html><body>${TRACKING_IMAGE}<p>Hello</p></body></html>`,
      });
    }
  });

const line = (label: string, help: string) =>
  maxText(z.string().trim().min(1, 'must not be empty'), 255).meta(meta(label, help));
const optionalLine = (label: string, help: string) => line(label, help).optional();

export const physicalAddressField = () =>
  z
    .object({
      organization_name: line('Organization Name', 'The organization sending the email, shown in the footer.'),
      address_line1: line('Address Line 1', 'First line of the street address.'),
      address_line2: optionalLine('Address Line 2', 'Second line of the street address.'),
      address_line3: optionalLine('Address Line 3', 'Third line of the street address.'),
      address_optional: optionalLine('Address Optional', 'An extra address detail (e.g. a landmark).'),
      city: optionalLine('City', 'The city.'),
      state_code: z
        .string()
        .trim()
        .regex(/^[A-Z]{2}$/, 'must be an uppercase two-letter code (MA)')
        .optional()
        .meta(meta('State Code', 'Uppercase two-letter state code; required when Country Code is US.')),
      state_non_us_name: optionalLine('State Non US Name', 'The state or province name outside the US.'),
      postal_code: optionalLine('Postal Code', 'The postal (ZIP) code.'),
      country_code: z
        .string()
        .trim()
        .regex(/^[A-Z]{2}$/, 'must be an uppercase two-letter ISO 3166-1 code (US)')
        .meta(meta('Country Code', 'Uppercase two-letter ISO 3166-1 country code, e.g. US.')),
    })
    .superRefine((address, ctx) => {
      if (address.country_code === 'US' && !address.state_code)
        ctx.addIssue({ code: 'custom', path: ['state_code'], message: 'is required when Country Code is US' });
    })
    .optional()
    .meta(
      meta(
        'Physical Address in Footer',
        "The organization's address shown in the email footer: Organization Name, " +
          'Address Line 1 and Country Code are required (and State Code in the US). ' +
          'Leave it out to use the address saved in the account.',
      ),
    );

const fromName = () => maxText(z.string().trim().min(1, 'must not be empty'), 100);
const subject = () => z.string().trim().min(1, 'must not be empty');

const labels = {
  from_name: meta('From Name', 'The sender name recipients see (at most 100 characters).'),
  from_email: meta(
    'From Email',
    'The sender address: one of the account email addresses with CONFIRMED status (see the choices).',
    { options: 'sender-emails' },
  ),
  reply_to_email: meta(
    'Reply To Email',
    'Where replies go: one of the account email addresses with CONFIRMED status (see the choices).',
    { options: 'sender-emails' },
  ),
  subject: meta('Subject', 'The subject line of the email.'),
  preheader: meta(
    'Preheader',
    'A short summary shown after the subject line in most inboxes (at most 200 characters).',
  ),
  html_content: meta(
    'HTML Content',
    `The email's HTML (custom code, at most ${MAX_HTML_CONTENT.toLocaleString('en-US')} characters). ` +
      `It must contain ${TRACKING_IMAGE} inside <body> so opens are tracked, and must not contain "[#", ` +
      `"\${" or "<@".`,
  ),
};

const preheader = () => maxText(z.string(), 200).optional().meta(labels.preheader);

/** Create: the four headers and the HTML are required. */
export const requiredContentFields = () => ({
  from_name: fromName().meta(labels.from_name),
  from_email: emailAddress().meta(labels.from_email),
  reply_to_email: emailAddress().meta(labels.reply_to_email),
  subject: subject().meta(labels.subject),
  preheader: preheader(),
  html_content: htmlContent().meta(labels.html_content),
  physical_address_in_footer: physicalAddressField(),
});

/** Update: every field is optional; the ones given replace the activity's current values. */
export const optionalContentFields = () => ({
  from_name: fromName().optional().meta(labels.from_name),
  from_email: emailAddress().optional().meta(labels.from_email),
  reply_to_email: emailAddress().optional().meta(labels.reply_to_email),
  subject: subject().optional().meta(labels.subject),
  preheader: preheader(),
  html_content: htmlContent().optional().meta(labels.html_content),
  physical_address_in_footer: physicalAddressField(),
});

/** The object without its undefined properties (the API types forbid explicit undefined). */
export function compact<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

type AddressInput = NonNullable<z.output<ReturnType<typeof physicalAddressField>>>;

/** The footer address as the API types it (required parts plus the optional ones given). */
export function footerAddress(address: AddressInput): EmailPhysicalAddress {
  const { organization_name, address_line1, country_code, ...rest } = address;
  return { organization_name, address_line1, country_code, ...compact(rest) };
}
