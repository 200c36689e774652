import { z } from 'zod';
import { defineModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { record, text } from '../common/outputs.js';

export default defineModule({
  key: 'delete-contact',
  name: 'Delete a Contact',
  group: 'Contact',
  kind: 'action',
  description:
    'Deletes a contact by its ID. This is a soft delete: ' +
    'the contact leaves every list and stops receiving email, ' +
    'and it can be revived later (Update a Contact with Update Source Account, ' +
    'Create or Update a Contact, or adding it to a list).',
  scopes: ['contact_data'],
  input: z.object({
    contact_id: uuid('contact id').meta(meta('Contact ID', 'The contact to delete.', { options: 'contacts' })),
  }),
  output: '{contact_id, deleted: true} once the API has answered 204.',
  outputSchema: record('Deleted Contact', {
    contact_id: text('Contact ID'),
    deleted: z.literal(true).describe('Deleted'),
  }),
  async run(v, ctx) {
    await ctx.client.contacts.delete(v.contact_id, ctx.callOptions());
    return { contact_id: v.contact_id, deleted: true };
  },
});
