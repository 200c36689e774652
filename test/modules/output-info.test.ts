import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.js';
import { outputFields, outputJsonSchema, type OutputField } from '../../src/modules/output-info.js';
import { checkBundle } from '../helpers/output-check.js';

const field = (fields: OutputField[], path: string) => fields.find((f) => f.path.join('.') === path);

describe('outputFields: the flat list pickers and the scenario validator read', () => {
  it('List Contacts: nested objects and arrays of objects, with labels, types and item fields beneath', () => {
    const fields = outputFields(findModule('list-contacts'));
    expect(field(fields, 'contact_id')).toEqual({
      path: ['contact_id'],
      label: 'Contact ID',
      type: 'string',
      isArray: false,
      required: true,
    });
    expect(field(fields, 'email_address')).toMatchObject({ type: 'object', isArray: false, required: false });
    expect(field(fields, 'email_address.address')).toMatchObject({ label: 'Email', type: 'string', required: true });
    expect(field(fields, 'phone_numbers')).toMatchObject({ label: 'Phone Numbers', type: 'object', isArray: true });
    expect(field(fields, 'phone_numbers.kind')).toMatchObject({ label: 'Kind', type: 'string', isArray: false });
    expect(field(fields, 'list_memberships')).toMatchObject({ type: 'string', isArray: true });
    expect(field(fields, 'birthday_month')).toMatchObject({ type: 'integer' });
    // depth first: an array's item fields come right after it
    const paths = fields.map((f) => f.path.join('.'));
    expect(paths.indexOf('custom_fields.custom_field_id')).toBe(paths.indexOf('custom_fields') + 1);
  });

  it('Watch Contacts: the event beside the contact; Make an API Call: a free-form body', () => {
    expect(field(outputFields(findModule('watch-contacts')), 'event')).toMatchObject({
      type: 'string',
      required: true,
    });
    const api = outputFields(findModule('Make an API Call'));
    expect(api.map((f) => [f.path.join('.'), f.type])).toEqual([
      ['status', 'integer'],
      ['headers', 'object'],
      ['body', 'any'],
    ]);
  });

  it('the tracking reports differ where their rows differ', () => {
    const clicks = outputFields(findModule('get-email-clicks-reports')).map((f) => f.path.join('.'));
    const bounces = outputFields(findModule('watch-email-bounces-reports')).map((f) => f.path.join('.'));
    expect(clicks).toEqual(expect.arrayContaining(['email_address', 'url_id', 'link_url', 'device_type']));
    expect(clicks).not.toContain('bounce_code');
    expect(bounces).toEqual(expect.arrayContaining(['email_address', 'bounce_code', 'current_email_address']));
  });

  it('Import Contacts: activities with their status counters and the totals', () => {
    const fields = outputFields(findModule('import-contacts'));
    expect(field(fields, 'activities')).toMatchObject({ isArray: true, type: 'object', required: true });
    expect(field(fields, 'activities.status.person_count')).toMatchObject({ type: 'integer' });
    expect(field(fields, 'totals.error_count')).toMatchObject({ type: 'integer', required: true });
  });

  it('outputJsonSchema is JSON Schema open to extra keys', () => {
    const schema = outputJsonSchema(findModule('create-contact-list'));
    expect(schema).toMatchObject({ type: 'object', required: ['list_id', 'name'], additionalProperties: {} });
  });
});

describe('the output check fails a wrong or missing declaration', () => {
  const contacts = findModule('list-contacts');
  const good = { contact_id: 'c1', email_address: { address: 'a@example.com' }, phone_numbers: [{ kind: 'home' }] };

  it.each([
    ['a good bundle', good, []],
    ['a required field absent', { first_name: 'A' }, [expect.stringMatching(/^contact_id: /)]],
    ['a field of another type', { ...good, birthday_day: '3' }, [expect.stringMatching(/^birthday_day: /)]],
    [
      'a nested field of another type',
      { ...good, phone_numbers: [{ kind: 5 }] },
      [expect.stringMatching(/^phone_numbers\.0\.kind: /)],
    ],
    ['an undeclared key', { ...good, nickname: 'Al' }, ['nickname: returned but not declared']],
    ['an optional field null (the API may write null)', { ...good, first_name: null, email_address: null }, []],
    ['a required field null', { ...good, contact_id: null }, [expect.stringMatching(/^contact_id: /)]],
    [
      'an undeclared key in an array item',
      { ...good, phone_numbers: [{ kind: 'home', extension: '12' }] },
      ['phone_numbers[0].extension: returned but not declared'],
    ],
  ])('%s', (_name, bundle, problems) => {
    expect(checkBundle(contacts, bundle)).toEqual(problems);
  });

  it('a free-form value (the API call body) accepts any key', () => {
    const bundle = { status: 200, headers: { 'content-type': 'application/json' }, body: { anything: [1] } };
    expect(checkBundle(findModule('make-an-api-call'), bundle)).toEqual([]);
  });
});
