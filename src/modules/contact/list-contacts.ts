import { z } from 'zod';
import type { ContactListQuery } from '../../client/index.js';
import { defineModule } from '../define.js';
import { isoDate, limitField, meta } from '../fields.js';
import { collect } from '../common/cache.js';
import { LIMITS, listIdsField, unique } from './fields.js';
import { emailText } from '../text-rules.js';
import { contactOutput } from '../common/outputs.js';

export const CONTACT_STATUSES = [
  'all',
  'active',
  'deleted',
  'not_set',
  'pending_confirmation',
  'temp_hold',
  'unsubscribed',
] as const;
/** Every sub-resource but notes (up to 150 per contact, rarely wanted in a listing). */
export const CONTACT_INCLUDES = [
  'custom_fields',
  'list_memberships',
  'phone_numbers',
  'street_addresses',
  'taggings',
] as const;
export const MAX_LIST_FILTER = 25;

export default defineModule({
  key: 'list-contacts',
  name: 'List Contacts',
  group: 'Contact',
  kind: 'search',
  description:
    'Retrieves contacts, optionally filtered by status, exact email address, contact lists and last update. ' +
    'Without a Status, deleted contacts are left out.',
  scopes: ['contact_data'],
  input: z.object({
    status: z
      .enum(CONTACT_STATUSES, { error: `must be one of ${CONTACT_STATUSES.join(', ')}` })
      .optional()
      .meta(
        meta(
          'Status',
          `Only contacts with this status: ${CONTACT_STATUSES.join(', ')}. ` +
            `"all" includes deleted contacts; without a status deleted ones are left out.`,
          { options: 'allowed-values' },
        ),
      ),
    email: emailText(z.string().trim().min(1, 'must not be empty'), LIMITS.email)
      .optional()
      .meta(meta('Email', `Only the contact with exactly this email address (at most ${LIMITS.email} characters).`)),
    lists: listIdsField(
      'Contact Lists',
      `Only members of these lists (at most ${MAX_LIST_FILTER}).`,
      MAX_LIST_FILTER,
    ).optional(),
    updated_after: isoDate()
      .optional()
      .meta(
        meta(
          'Updated After',
          'Only contacts updated on or after this ISO-8601 date (2026-03-01) or date-time (2026-03-01T09:30:00Z).',
        ),
      ),
    limit: limitField('contacts'),
  }),
  output:
    'One bundle per contact: contact_id, email_address, first_name, last_name, job_title, company_name, ' +
    'created_at, updated_at, custom_fields, list_memberships, phone_numbers, street_addresses, taggings.',
  outputSchema: contactOutput,
  async run(v, ctx) {
    const query: Omit<ContactListQuery, 'limit'> = { include: CONTACT_INCLUDES };
    if (v.status) query.status = v.status;
    if (v.email) query.email = v.email;
    if (v.lists?.length) query.lists = unique(v.lists);
    if (v.updated_after) query.updated_after = v.updated_after;
    return collect(ctx.client.contacts.listAll(query, ctx.callOptions({ limit: v.limit })));
  },
});
