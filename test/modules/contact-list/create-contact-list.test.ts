import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Create a Contact List', () => {
  const t = useModuleTestbed();

  it('creates the list with its favorite flag and description, in one POST', async () => {
    const mark = t.requests.length;
    const list = await t.run('create-contact-list', {
      name: 'Garden club',
      favorite: true,
      description: 'People who asked for garden tips',
    });
    expect(t.requestsSince(mark)).toEqual([{ method: 'POST', url: '/v3/contact_lists', status: 201 }]);
    expect(list).toMatchObject({
      list_id: expect.any(String),
      name: 'Garden club',
      favorite: true,
      description: 'People who asked for garden tips',
    });
    expect((await t.api('GET', `/contact_lists/${list.list_id}`)).body).toMatchObject({
      name: 'Garden club',
      favorite: true,
    });
  });

  it('surfaces the API 409 for a name already in use, with its message', async () => {
    await t.run('create-contact-list', { name: 'Twice' });
    const err = await t.run('create-contact-list', { name: 'Twice' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409 });
    expect(err.messages.join(' ')).toMatch(/Twice|already/);
  });

  it('refuses an empty name and a description over 255 characters before any request, naming the field', async () => {
    const mark = t.requests.length;
    await expect(t.run('create-contact-list', { name: ' ' })).rejects.toThrow(/Name \(name\): must not be empty/);
    await expect(t.run('create-contact-list', {})).rejects.toThrow(/Name \(name\): is required/);
    await expect(t.run('create-contact-list', { name: 'Long', description: 'd'.repeat(256) })).rejects.toThrow(
      /Description \(description\): must be at most 255 characters/,
    );
    expect(t.requestsSince(mark)).toEqual([]);
  });
});
