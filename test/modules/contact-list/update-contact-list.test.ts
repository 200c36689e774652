import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Update a Contact List', () => {
  const t = useModuleTestbed();

  const newList = async (name: string) =>
    (await t.api('POST', '/contact_lists', { name, favorite: true, description: 'VIP buyers' })).body;

  it('changes only the given fields: the name, favorite and description left out keep their values', async () => {
    const list = await newList('Buyers');
    const mark = t.requests.length;
    const renamed = await t.run('update-contact-list', { list_id: list.list_id, name: 'Top Buyers' });
    // The current list is read once so the PUT (which needs every field) keeps the others.
    expect(t.requestsSince(mark).map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(renamed).toMatchObject({
      list_id: list.list_id,
      name: 'Top Buyers',
      favorite: true,
      description: 'VIP buyers',
    });

    const unfavored = await t.run('update-contact-list', { list_id: list.list_id, favorite: false });
    expect(unfavored).toMatchObject({ name: 'Top Buyers', favorite: false, description: 'VIP buyers' });
    const stored = (await t.api('GET', `/contact_lists/${list.list_id}`)).body;
    expect(stored).toMatchObject({ name: 'Top Buyers', favorite: false, description: 'VIP buyers' });
  });

  it('sends one PUT and no read when every field is given', async () => {
    const list = await newList('Complete');
    const mark = t.requests.length;
    const out = await t.run('update-contact-list', {
      list_id: list.list_id,
      name: 'Completed',
      favorite: false,
      description: '',
    });
    expect(t.requestsSince(mark).map((r) => r.method)).toEqual(['PUT']);
    expect(out.name).toBe('Completed');
    expect(out.description ?? '').toBe('');
  });

  it('surfaces the API error when the new name is taken, and 404 for an unknown list', async () => {
    await newList('Taken');
    const other = await newList('Other');
    await expect(t.run('update-contact-list', { list_id: other.list_id, name: 'Taken' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/already exists/),
    });
    await expect(t.run('update-contact-list', { list_id: crypto.randomUUID(), name: 'X' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses an empty name or a 256-character one, naming the field', async () => {
    await expect(t.run('update-contact-list', { list_id: crypto.randomUUID(), name: '  ' })).rejects.toThrow(
      /Name \(name\): must not be empty \(leave the field out to keep the current name\)/,
    );
    await expect(t.run('update-contact-list', { list_id: crypto.randomUUID(), name: 'x'.repeat(256) })).rejects.toThrow(
      /Name \(name\): must be at most 255 characters/,
    );
  });
});
