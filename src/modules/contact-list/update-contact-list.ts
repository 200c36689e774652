import { z } from 'zod';
import type { ListInput } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta, uuid } from '../fields.js';
import { contactListOutput } from '../common/outputs.js';
import { maxText } from '../text-rules.js';

/**
 * PUT /contact_lists/{id} needs the name and replaces the list's fields (an omitted description is
 * cleared, an omitted favorite becomes false), so when a field is left out the module reads the list
 * first and sends its current value: only what the user gave changes.
 */
export default defineModule({
  key: 'update-contact-list',
  name: 'Update a Contact List',
  group: 'Contact List',
  kind: 'action',
  description: 'Updates a contact list by its ID. Fields you leave out keep their current values.',
  scopes: ['contact_data'],
  input: z.object({
    list_id: uuid('contact list id').meta(
      meta('Contact List ID', 'The contact list to update.', { options: 'contact-lists' }),
    ),
    name: maxText(z.string().trim().min(1, 'must not be empty (leave the field out to keep the current name)'), 255)
      .optional()
      .meta(
        meta(
          'Name',
          'A new name for the list (unique in the account, at most 255 characters). ' +
            'Leave it out to keep the current name.',
        ),
      ),
    favorite: z
      .boolean()
      .optional()
      .meta(meta('Favorite', 'Whether the list is a favorite. Leave it out to keep the current setting.')),
    description: maxText(z.string(), 255)
      .optional()
      .meta(
        meta(
          'Description',
          'The details of the list (at most 255 characters). ' +
            'Leave it out to keep the current one; an empty text clears it.',
        ),
      ),
  }),
  output: 'The updated list: list_id, name, description, favorite, created_at, updated_at.',
  outputSchema: contactListOutput,
  async run(v, ctx) {
    const options = ctx.callOptions();
    const complete = v.name !== undefined && v.favorite !== undefined && v.description !== undefined;
    const current = complete ? undefined : await ctx.client.lists.get(v.list_id, undefined, options);
    const body: ListInput = { name: v.name ?? current?.name ?? '' };
    const favorite = v.favorite ?? current?.favorite;
    if (favorite !== undefined) body.favorite = favorite;
    const description = v.description ?? current?.description;
    if (description !== undefined && description !== null && description !== '') body.description = description;
    return ctx.client.lists.update(v.list_id, body, options);
  },
});
