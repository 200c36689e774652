import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { useSandbox } from './helpers/sandbox.js';

describe('the library entry', () => {
  const t = useSandbox({ listen: true });

  it('runs a module by seed name with a client it creates', async () => {
    const client = library.createClient({
      baseUrl: t.server!.url,
      token: t.sandbox.credentials.access_token,
      budget: false,
    });
    const list = (await library.runModule('Create a Contact List', { name: 'From the library' }, { client })) as {
      list_id: string;
      name: string;
    };
    expect(list.name).toBe('From the library');
    const lists = await library.runModule('list-contact-lists', { limit: 10 }, { client });
    expect(lists).toEqual([expect.objectContaining({ list_id: list.list_id })]);
  });

  it('lists every module with the seed names, 45 plus the three beyond the seed', () => {
    expect(library.modules).toHaveLength(48);
    expect(new Set(library.modules.map((m) => m.key)).size).toBe(48);
    expect(library.findModule('Make an API Call').kind).toBe('universal');
    expect(library.modules.filter((m) => m.kind === 'trigger')).toHaveLength(11);
  });

  it('refuses bad input with an error naming the field', () => {
    expect(() => library.parseModuleInput(library.findModule('create-contact-list'), { name: '' })).toThrow(
      library.ModuleInputError,
    );
  });
});
