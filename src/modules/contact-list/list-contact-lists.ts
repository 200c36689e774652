import { z } from 'zod';
import { defineModule } from '../define.js';
import { limitField } from '../fields.js';
import { collect } from '../common/cache.js';
import { contactListOutput } from '../common/outputs.js';

export default defineModule({
  key: 'list-contact-lists',
  name: 'List Contact Lists',
  group: 'Contact List',
  kind: 'search',
  description: 'Retrieves a list of contact lists.',
  scopes: ['contact_data'],
  input: z.object({
    limit: limitField('contact lists'),
  }),
  output:
    'One bundle per contact list: list_id, name, description, favorite, created_at, updated_at, membership_count.',
  outputSchema: contactListOutput,
  async run(input, ctx) {
    const lists = ctx.client.lists.listAll(
      { include_membership_count: 'all' },
      ctx.callOptions({ limit: input.limit }),
    );
    return collect(lists);
  },
});
