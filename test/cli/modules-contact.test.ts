import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/dist.js';
import { ctctAgainst, useModuleTestbed } from '../helpers/modules.js';

/**
 * The Contact and Contact List modules as a user runs them: `ctct run <module> --json` from the built
 * CLI in a child process, against a sandbox served on 127.0.0.1 (CTCT_API_BASE + CTCT_ACCESS_TOKEN).
 */

/** An empty config directory: no stored connection on this machine can stand in for the token. */
const configDir = mkdtempSync(join(tmpdir(), 'ctct-modules-contact-'));

describe('ctct run: Contact and Contact List modules', () => {
  const t = useModuleTestbed();

  const ctct = ctctAgainst(t, configDir);

  beforeAll(async () => {
    ensureBuilt();
  }, 180_000);

  it('unknown keys at any depth, --field __proto__ included, exit 2 naming the path before any request', async () => {
    const mark = t.requests.length;
    const proto = await ctct(['run', 'create-contact-list', '--field', 'name=Proto', '--field', '__proto__=x']);
    expect(proto.code).toBe(2);
    expect(proto.stderr).toContain('__proto__ (__proto__): is not a field of this module');
    const nested = await ctct([
      'run',
      'create-contact',
      '--field',
      'create_source=Account',
      '--field',
      'email_address=nested@example.com',
      '--field',
      'street_addresses=[{"kind":"home","postal_cod":"02110"}]',
    ]);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain(
      'Street Addresses › #1 › postal_cod (street_addresses.0.postal_cod): ' +
        'street_addresses[0].postal_cod is not a field here; did you mean postal_code?',
    );
    const filter = await ctct(['run', 'list-contacts', '--field', `email=${'x'.repeat(100_000)}@example.com`]);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('Email (email): must be at most 80 characters');
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('Contact: create a contact with --field values, list it, update it and see the bad-input exit code', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'CLI list' })).body.list_id;
    const created = await ctct([
      'run',
      'create-contact',
      '--json',
      '--field',
      'create_source=Account',
      '--field',
      'email_address=cli@example.com',
      '--field',
      'first_name=Cli',
      '--field',
      `list_memberships=${list}`,
      '--field',
      'phone_numbers=[{"phone_number":"555-0100","kind":"work"}]',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const contact = JSON.parse(created.stdout);
    expect(contact).toMatchObject({
      first_name: 'Cli',
      email_address: { address: 'cli@example.com' },
      list_memberships: [list],
      phone_numbers: [{ phone_number: '555-0100', kind: 'work' }],
    });

    const listed = await ctct([
      'run',
      'List Contacts',
      '--json',
      '--input',
      JSON.stringify({ lists: [list], limit: 10 }),
    ]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((c: { contact_id: string }) => c.contact_id)).toEqual([contact.contact_id]);

    const updated = await ctct([
      'run',
      'update-contact',
      '--json',
      '--input',
      JSON.stringify({ contact_id: contact.contact_id, update_source: 'Account', last_name: 'Tool' }),
    ]);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      first_name: 'Cli',
      last_name: 'Tool',
      phone_numbers: [{ phone_number: '555-0100' }],
    });

    const bad = await ctct([
      'run',
      'delete-contacts-from-lists',
      '--json',
      '--input',
      JSON.stringify({ list_ids: [list] }),
    ]);
    // With --json the failure is one JSON document on stdout, naming the problem.
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      name: 'ModuleInputError',
      message: expect.stringMatching(/give exactly one source of contacts/),
    });
    const human = await ctct(['run', 'delete-contacts-from-lists', '--input', JSON.stringify({ list_ids: [list] })]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/give exactly one source of contacts/);
  });

  it(
    '--field key=@path takes a value from a file: a CSV for Data, a JSON list for Contacts; ' +
      'an unreadable file is a usage error',
    async () => {
      const list = (await t.api('POST', '/contact_lists', { name: 'CLI files' })).body.list_id;
      const csv = join(configDir, 'people.csv');
      writeFileSync(csv, 'email,first_name\nfile1@example.com,Una\nfile2@example.com,Duo\n');
      const fromCsv = await ctct([
        'run',
        'import-contacts-csv',
        '--json',
        '--field',
        `list_ids=${list}`,
        '--field',
        'file_name=people.csv',
        '--field',
        `data=@${csv}`,
      ]);
      expect(fromCsv.stderr).toBe('');
      expect(fromCsv.code).toBe(0);
      expect(JSON.parse(fromCsv.stdout)).toMatchObject({
        contacts_count: 2,
        parts: 1,
        activities: [{ activity_id: expect.any(String) }],
      });

      const contacts = join(configDir, 'contacts.json');
      writeFileSync(contacts, JSON.stringify([{ email: 'file3@example.com', first_name: 'Tre' }]));
      const fromJson = await ctct([
        'run',
        'import-contacts',
        '--json',
        '--field',
        `list_ids=${list}`,
        '--field',
        `contacts=@${contacts}`,
      ]);
      expect(fromJson.code).toBe(0);
      expect(JSON.parse(fromJson.stdout)).toMatchObject({ contacts_count: 1 });

      const missing = await ctct([
        'run',
        'import-contacts-csv',
        '--json',
        '--field',
        `list_ids=${list}`,
        '--field',
        'file_name=x.csv',
        '--field',
        'data=@/nonexistent/people.csv',
      ]);
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stdout).error.message).toMatch(
        /--field data=@\/nonexistent\/people\.csv: cannot read \/nonexistent\/people\.csv/,
      );
    },
  );

  it('Contact List: update a list, then delete it and get the activity', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'CLI before', description: 'kept' })).body.list_id;
    const updated = await ctct([
      'run',
      'update-contact-list',
      '--json',
      '--field',
      `list_id=${list}`,
      '--field',
      'name=CLI after',
    ]);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ list_id: list, name: 'CLI after', description: 'kept' });

    const deleted = await ctct(['run', 'Delete a Contact List', '--json', '--field', `list_id=${list}`]);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ activity_id: expect.any(String), state: expect.any(String) });

    const missing = await ctct(['run', 'delete-contact-list', '--json', '--field', `list_id=${crypto.randomUUID()}`]);
    expect(missing.code).not.toBe(0);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ status: 404 });
  });
});
