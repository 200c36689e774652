import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { findContact, softDeleteContact } from '../store/contacts.js';
import { parseContactBody } from './contacts/input.js';
import { listContacts, parseIncludes } from './contacts/query.js';
import { renderContact } from './contacts/render.js';
import { notFoundProblem, isUuid } from './contacts/problems.js';
import { signUp } from './contacts/sign-up-form.js';
import { listSegmentContacts } from './segments/contacts.js';
import { createContactFromInput, updateContactFromInput } from './contacts/write.js';

/** `/contacts`: list, create, get, update, soft delete, and the sign-up form create-or-update. */
export const contactsResource: SandboxResource = {
  name: 'contacts',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const { db } = ctx;

    api.get('/contacts', scope, (c) => {
      const params = c.req.query();
      if (params.segment_id !== undefined) {
        const { status, body } = listSegmentContacts(ctx, params);
        return c.json(body, status);
      }
      return c.json(listContacts(db, params));
    });

    api.post('/contacts', scope, async (c) => {
      const input = parseContactBody(db, await readJsonObject(c), 'create');
      const row = db.transaction(() => createContactFromInput(ctx, input))();
      return c.json(
        renderContact(
          db,
          row,
          new Set(['custom_fields', 'list_memberships', 'phone_numbers', 'street_addresses', 'taggings', 'notes']),
        ),
        201,
      );
    });

    api.post('/contacts/sign_up_form', scope, async (c) => {
      const body = await readJsonObject(c);
      const result = db.transaction(() => signUp(ctx, body))();
      return c.json(
        { contact_id: result.contactId, action: result.status === 201 ? 'created' : 'updated' },
        result.status,
      );
    });

    api.get('/contacts/:contact_id', scope, (c) => {
      const id = c.req.param('contact_id');
      const row = isUuid(id) ? findContact(db, id) : undefined;
      if (!row) throw notFoundProblem('contact_id', id);
      return c.json(renderContact(db, row, new Set(parseIncludes(c.req.query('include')))));
    });

    api.put('/contacts/:contact_id', scope, async (c) => {
      const id = c.req.param('contact_id');
      if (!isUuid(id) || !findContact(db, id)) throw notFoundProblem('contact_id', id);
      const input = parseContactBody(db, await readJsonObject(c), 'update');
      const row = db.transaction(() => updateContactFromInput(ctx, id, input))();
      return c.json(
        renderContact(
          db,
          row,
          new Set(['custom_fields', 'list_memberships', 'phone_numbers', 'street_addresses', 'taggings', 'notes']),
        ),
      );
    });

    api.delete('/contacts/:contact_id', scope, (c) => {
      const id = c.req.param('contact_id');
      const deleted = isUuid(id) && db.transaction(() => softDeleteContact(db, id, ctx.clock.nowIso()))();
      if (!deleted) throw notFoundProblem('contact_id', id);
      return c.body(null, 204);
    });
  },
};
