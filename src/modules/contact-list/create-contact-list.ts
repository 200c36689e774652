import { z } from 'zod';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { contactListOutput } from '../common/outputs.js';
import { maxText } from '../text-rules.js';

export default defineModule({
  key: 'create-contact-list',
  name: 'Create a Contact List',
  group: 'Contact List',
  kind: 'action',
  description: 'Creates a new contact list. List names are unique in an account.',
  scopes: ['contact_data'],
  input: z.object({
    name: maxText(z.string().trim().min(1, 'must not be empty'), 255).meta(
      meta('Name', 'A name for the new contact list (unique in the account, at most 255 characters).'),
    ),
    favorite: z.boolean().optional().meta(meta('Favorite', 'Whether to mark this contact list as a favorite.')),
    description: maxText(z.string(), 255)
      .optional()
      .meta(meta('Description', 'The details of the contact list (at most 255 characters).')),
  }),
  output: 'The created list: list_id, name, description, favorite, created_at, updated_at.',
  outputSchema: contactListOutput,
  async run(input, ctx) {
    const body = {
      name: input.name,
      ...(input.favorite !== undefined ? { favorite: input.favorite } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    return ctx.client.lists.create(body, ctx.callOptions());
  },
});
