import { beforeAll, describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';
import { findModule } from '../../../src/modules/registry.js';
import { loadFieldOptions } from '../../../src/modules/options.js';

describe('List Contacts', () => {
  const t = useModuleTestbed();
  let listA: string;
  let listB: string;

  beforeAll(async () => {
    listA = (await t.api('POST', '/contact_lists', { name: 'A' })).body.list_id;
    listB = (await t.api('POST', '/contact_lists', { name: 'B' })).body.list_id;
    // 1,300 contacts in one import (all in list A), so paging has more than Limit to offer.
    const importData = Array.from({ length: 1300 }, (_, i) => ({
      email: `bulk${i}@example.com`,
      first_name: `Bulk${i}`,
    }));
    expect(
      (await t.api('POST', '/activities/contacts_json_import', { import_data: importData, list_ids: [listA] })).status,
    ).toBe(201);
    await t.sandbox.jobs.drain();
  });

  it('reads pages of 500 and stops at Limit: Limit 1,200 is exactly 3 requests', async () => {
    const mark = t.requests.length;
    const contacts = await t.runList('list-contacts', { limit: 1200 });
    expect(contacts).toHaveLength(1200);
    expect(new Set(contacts.map((c) => c.contact_id)).size).toBe(1200);
    const calls = t.requestsSince(mark, '/v3/contacts');
    expect(calls).toHaveLength(3);
    expect(calls[0]?.url).toMatch(/limit=500/);
    // Bundles carry the API's field names and sub-resources.
    expect(contacts[0]).toMatchObject({
      contact_id: expect.any(String),
      email_address: { address: expect.stringMatching(/@example\.com$/) },
      list_memberships: [listA],
    });
  });

  it('filters by exact email, list, status and Updated After', async () => {
    t.sandbox.clock.advance(60_000);
    const since = t.sandbox.clock.nowIso();
    t.sandbox.clock.advance(1_000);
    const late = (
      await t.api('POST', '/contacts', {
        create_source: 'Account',
        email_address: { address: 'late@example.com' },
        list_memberships: [listB],
      })
    ).body;
    const gone = (
      await t.api('POST', '/contacts', { create_source: 'Account', email_address: { address: 'gone@example.com' } })
    ).body;
    await t.api('DELETE', `/contacts/${gone.contact_id}`);
    const optOut = (
      await t.api('POST', '/contacts', {
        create_source: 'Account',
        email_address: { address: 'optout@example.com', permission_to_send: 'unsubscribed' },
      })
    ).body;

    expect((await t.runList('list-contacts', { email: 'bulk7@example.com' })).map((c) => c.first_name)).toEqual([
      'Bulk7',
    ]);
    expect((await t.runList('list-contacts', { lists: [listB] })).map((c) => c.contact_id)).toEqual([late.contact_id]);
    expect((await t.runList('list-contacts', { updated_after: since })).map((c) => c.contact_id).sort()).toEqual(
      [late.contact_id, optOut.contact_id].sort(),
    );
    expect((await t.runList('list-contacts', { status: 'deleted' })).map((c) => c.contact_id)).toEqual([
      gone.contact_id,
    ]);
    expect((await t.runList('list-contacts', { status: 'unsubscribed' })).map((c) => c.contact_id)).toEqual([
      optOut.contact_id,
    ]);
  });

  it('refuses a status outside the enum, a bad date and more than 25 lists, naming the field, before sending', async () => {
    const mark = t.requests.length;
    await expect(t.run('list-contacts', { status: 'gone' })).rejects.toThrow(
      /Status \(status\): must be one of all, active, deleted/,
    );
    await expect(t.run('list-contacts', { updated_after: 'last tuesday' })).rejects.toThrow(
      /Updated After \(updated_after\): must be an ISO-8601 date/,
    );
    await expect(
      t.run('list-contacts', { lists: Array.from({ length: 26 }, () => crypto.randomUUID()) }),
    ).rejects.toThrow(/Contact Lists \(lists\): at most 25 contact lists/);
    expect(t.requests.length).toBe(mark);
  });
});

describe('Contact list choices', () => {
  const t = useModuleTestbed();

  it('the contact-lists loader over 1,000 lists (the account cap) reads every page exactly once per run', async () => {
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => t.api('POST', '/contact_lists', { name: `List ${batch * 100 + i}` })),
      );
    }
    const cache = new Map<string, Promise<unknown>>();
    const mark = t.requests.length;
    const choices = await loadFieldOptions(
      findModule('create-contact'),
      'list_memberships',
      {},
      { client: t.client, cache },
    );
    expect(choices).toHaveLength(1000);
    expect(new Set(choices.map((c) => c.value)).size).toBe(1000);
    expect(choices.find((c) => c.label === 'List 999')?.value).toMatch(/^[0-9a-f-]{36}$/);
    // Other fields offering the same lists in the same run reuse the read.
    await loadFieldOptions(findModule('watch-contacts'), 'lists', {}, { client: t.client, cache });
    await loadFieldOptions(
      findModule('delete-contacts-from-lists'),
      'source_list_ids',
      {},
      { client: t.client, cache },
    );
    expect(t.requestsSince(mark, '/v3/contact_lists')).toHaveLength(2);
  });
});
