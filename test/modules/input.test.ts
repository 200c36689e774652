import { describe, expect, it } from 'vitest';
import { ModuleInputError, parseModuleInput } from '../../src/modules/input.js';
import { findModule } from '../../src/modules/registry.js';

/** What a user reads when a field has the wrong type: the field, the type wanted and the value given. */
function problemsOf(moduleKey: string, raw: Record<string, unknown>): ModuleInputError['problems'] {
  try {
    parseModuleInput(findModule(moduleKey), raw);
  } catch (err) {
    if (err instanceof ModuleInputError) return err.problems;
    throw err;
  }
  throw new Error('the input was accepted');
}

describe('parseModuleInput: wrong types', () => {
  it.each([
    ['a number given as text', 'list-contacts', { limit: 'abc' }, 'limit', 'must be a number, not "abc"'],
    [
      'a boolean given as text',
      'import-contacts-csv',
      { list_ids: ['x'], file_name: 'a.csv', data: 'email\na@example.com', wait: 'yes' },
      'wait',
      'must be true or false, not "yes"',
    ],
    ['a list given as a number', 'list-contacts', { lists: 5 }, 'lists', 'must be a list, not 5'],
  ])('%s names the type wanted and the value given', (_name, key, raw, field, message) => {
    expect(problemsOf(key, raw)).toContainEqual(expect.objectContaining({ field, message }));
  });

  it('a missing required field is still "is required"', () => {
    expect(problemsOf('create-contact-list', {})).toContainEqual(
      expect.objectContaining({ field: 'name', message: 'is required' }),
    );
  });
});
