import { z } from 'zod';
import { defineModule, type ActionModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { listIdsField, unique } from './fields.js';
import { bulkActivityOutput } from '../common/outputs.js';

/**
 * Delete Contacts from Lists and its twin Add Contacts to Lists: one bulk activity each
 * (`remove_list_memberships` / `add_list_memberships`, facts §3.4). The API takes exactly one source
 * of contacts; giving two or none is refused here, before the request, naming the fields.
 */

const MAX_TARGET_LISTS = 50;
const MAX_CONTACT_IDS = 500;
const MAX_SOURCE_LISTS = 50;

interface MembershipSpec {
  key: string;
  name: string;
  mode: 'add' | 'remove';
  description: string;
}

export function defineMembershipModule(spec: MembershipSpec): ActionModule {
  const verb = spec.mode === 'add' ? 'add to' : 'remove from';
  const input = z
    .object({
      list_ids: listIdsField('List IDs', `The lists to ${verb} (1 to ${MAX_TARGET_LISTS}).`, MAX_TARGET_LISTS, 1),
      all_active_contacts: z
        .boolean()
        .optional()
        .meta(
          meta(
            'All Active Contacts',
            `Source option: ${spec.mode === 'add' ? 'add' : 'remove'} every active (billable) ` +
              `contact of the account. Give exactly one source.`,
          ),
        ),
      contact_ids: z
        .array(uuid('contact id'))
        .max(MAX_CONTACT_IDS, `at most ${MAX_CONTACT_IDS} contact ids per request`)
        .optional()
        .meta(
          meta('Contact IDs', `Source option: these contacts (at most ${MAX_CONTACT_IDS}). Give exactly one source.`, {
            options: 'contacts',
          }),
        ),
      source_list_ids: listIdsField(
        'Contact List IDs',
        `Source option: every member of these lists (at most ${MAX_SOURCE_LISTS}). Give exactly one source.`,
        MAX_SOURCE_LISTS,
      ).optional(),
    })
    .superRefine((v, ctx) => {
      const given = [
        v.all_active_contacts === true ? 'All Active Contacts' : undefined,
        v.contact_ids?.length ? 'Contact IDs' : undefined,
        v.source_list_ids?.length ? 'Contact List IDs' : undefined,
      ].filter((s): s is string => s !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message:
            given.length === 0
              ? 'give exactly one source of contacts: All Active Contacts (true), Contact IDs or Contact List IDs'
              : `give exactly one source of contacts, not ${given.length} (${given.join(' and ')}): ` +
                `keep one of All Active Contacts, Contact IDs or Contact List IDs`,
        });
      }
    });
  return defineModule({
    key: spec.key,
    name: spec.name,
    group: 'Contact',
    kind: 'action',
    description: spec.description,
    scopes: ['contact_data'],
    input,
    output:
      'The bulk activity the API started: activity_id, state, created_at, percent_done, ' +
      'status (items_total_count, items_completed_count, list_count), activity_errors, _links.self.href.',
    outputSchema: bulkActivityOutput,
    async run(v, ctx) {
      const source = v.all_active_contacts
        ? { all_active_contacts: true }
        : v.contact_ids?.length
          ? { contact_ids: unique(v.contact_ids) }
          : { list_ids: unique(v.source_list_ids ?? []) };
      const body = { source, list_ids: unique(v.list_ids) };
      const options = ctx.callOptions();
      return spec.mode === 'add'
        ? ctx.client.activities.addListMemberships(body, options)
        : ctx.client.activities.removeListMemberships(body, options);
    },
  });
}
