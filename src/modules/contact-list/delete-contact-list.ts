import { z } from 'zod';
import { defineModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { bulkActivityOutput } from '../common/outputs.js';

export default defineModule({
  key: 'delete-contact-list',
  name: 'Delete a Contact List',
  group: 'Contact List',
  kind: 'action',
  description:
    'Deletes a contact list by its ID. The API accepts the request (202) ' +
    'and deletes the list in the background as an activity; the contacts themselves are kept.',
  scopes: ['contact_data'],
  input: z.object({
    list_id: uuid('contact list id').meta(
      meta('Contact List ID', 'The contact list to delete.', { options: 'contact-lists' }),
    ),
  }),
  output:
    'The deletion activity: activity_id, state, created_at, ' +
    'updated_at, percent_done, activity_errors, _links.self.href.',
  outputSchema: bulkActivityOutput,
  async run(v, ctx) {
    return ctx.client.lists.delete(v.list_id, ctx.callOptions());
  },
});
