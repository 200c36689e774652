import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

/** Update a Contact is a read-merge-write: concurrent updates of one contact in one process keep every change. */
describe('Update a Contact, several at once', () => {
  const t = useModuleTestbed();

  it('8 concurrent updates of different fields of one contact all stick', async () => {
    const created = await t.api('POST', '/contacts', {
      email_address: { address: 'race@example.com', permission_to_send: 'implicit' },
      create_source: 'Account',
    });
    const id = created.body.contact_id as string;
    const fields = ['first_name', 'last_name', 'job_title', 'company_name'] as const;
    await Promise.all(
      [...fields, ...fields].map((field, i) =>
        t.run('update-contact', { contact_id: id, update_source: 'Account', [field]: `${field}-${i % 4}` }),
      ),
    );
    const after = await t.api('GET', `/contacts/${id}`);
    for (const field of fields) expect(after.body[field]).toBe(`${field}-${fields.indexOf(field)}`);
    expect(after.body.email_address.address).toBe('race@example.com');
  });
});
