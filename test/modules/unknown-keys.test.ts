import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceFieldValues, ModuleInputError, parseModuleInput } from '../../src/modules/input.js';
import { findModule, registry } from '../../src/modules/registry.js';
import { closestKey } from '../../src/modules/unknown-keys.js';

/** Unknown keys are refused at every depth of module input, with the path and the key likely meant. */

function problemsOf(moduleKey: string, raw: unknown): ModuleInputError['problems'] {
  try {
    parseModuleInput(findModule(moduleKey), raw);
  } catch (err) {
    if (err instanceof ModuleInputError) return err.problems;
    throw err;
  }
  return [];
}

const CONTACT = { create_source: 'Account', email_address: 'jane@example.com' };
const ADDRESS = { kind: 'home', street: '1 Main St' };
const ACTIVITY = {
  from_name: 'Team',
  from_email: 'owner@example.com',
  reply_to_email: 'owner@example.com',
  subject: 'Hi',
  html_content: '<html><body>[[trackingImage]]</body></html>',
};

describe('unknown keys in module input', () => {
  it.each([
    [
      'a typo inside an array of objects',
      'create-contact',
      { ...CONTACT, street_addresses: [ADDRESS, { ...ADDRESS, postal_cod: '02110' }] },
      'street_addresses.1.postal_cod',
      'Street Addresses › #2 › postal_cod',
      new RegExp(
        '^street_addresses\\[1\\]\\.postal_cod is not a field here; did you mean postal_code\\? ' +
          '\\(fields: kind, street, city, state, postal_code, country\\)$',
      ),
    ],
    [
      'a key in another case',
      'create-contact',
      { ...CONTACT, phone_numbers: [{ phone_number: '555', Kind: 'home' }] },
      'phone_numbers.0.Kind',
      'Phone Number › #1 › Kind',
      /did you mean kind\?/,
    ],
    [
      'a key nothing is close to',
      'create-contact',
      { ...CONTACT, custom_fields: [{ custom_field_id: crypto.randomUUID(), value: 'x', colour: 'red' }] },
      'custom_fields.0.colour',
      'Custom Field › #1 › colour',
      /^custom_fields\[0\]\.colour is not a field here \(fields: custom_field_id, value\)$/,
    ],
    [
      'a typo in an object field',
      'create-or-update-contact',
      {
        email_address: 'jane@example.com',
        list_memberships: [crypto.randomUUID()],
        street_address: { kind: 'work', citty: 'Boston' },
      },
      'street_address.citty',
      'Street Address › citty',
      /^street_address\.citty is not a field here; did you mean city\?/,
    ],
    [
      'two levels down',
      'create-email-campaign',
      {
        name: 'N',
        email_campaign_activities: [
          {
            ...ACTIVITY,
            physical_address_in_footer: {
              organization_name: 'O',
              address_line1: 'A',
              country_code: 'US',
              state_code: 'MA',
              zip: '1',
            },
          },
        ],
      },
      'email_campaign_activities.0.physical_address_in_footer.zip',
      'Add the Email Campaign Activities › #1 › Physical Address in Footer › zip',
      /^email_campaign_activities\[0\]\.physical_address_in_footer\.zip is not a field here/,
    ],
    [
      '__proto__ inside a nested object (as JSON.parse makes it)',
      'create-contact',
      JSON.parse(
        '{"create_source":"Account","email_address":"a@example.com",' +
          '"street_addresses":[{"kind":"home","__proto__":{"x":1}}]}',
      ),
      'street_addresses.0.__proto__',
      'Street Addresses › #1 › __proto__',
      /^street_addresses\[0\]\.__proto__ is not a field here/,
    ],
    [
      'a top-level typo',
      'list-contacts',
      { limt: 5 },
      'limt',
      'limt',
      /^is not a field of this module; did you mean limit\? \(fields: status, email, lists, updated_after, limit\)$/,
    ],
    [
      'constructor at the top',
      'list-contacts',
      { constructor: 1 },
      'constructor',
      'constructor',
      /is not a field of this module/,
    ],
  ])('%s is refused, naming the path', (_name, key, raw, field, label, message) => {
    const problems = problemsOf(key, raw);
    expect(problems).toContainEqual({ field, label, message: expect.stringMatching(message) });
  });

  it('open objects stay open: import rows are checked by their own rules, an API call body takes anything', () => {
    expect(
      problemsOf('make-an-api-call', { url: '/v3/contacts', method: 'POST', body: { anything: { deep: 1 } } }),
    ).toEqual([]);
    const rows = problemsOf('import-contacts', {
      contacts: [{ email: 'a@example.com', nick: 'x' }],
      list_ids: [crypto.randomUUID()],
    });
    // parseModuleInput lets rows through; the run refuses nick (test/modules/contact/import-contacts.test.ts)
    expect(rows).toEqual([]);
  });

  it('--field __proto__=x and --field constructor=x are errors, not silently dropped', () => {
    const m = findModule('create-contact-list');
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const input = { ...coerceFieldValues(m, ['name=Friends', `${key}=x`]) };
      expect(Object.hasOwn(input, key), key).toBe(true);
      expect(() => parseModuleInput(m, input)).toThrow(
        new RegExp(`- ${key} \\(${key}\\): is not a field of this module`),
      );
    }
    expect(Object.getPrototypeOf({ ...coerceFieldValues(m, ['__proto__={"polluted":1}']) })).toBe(Object.prototype);
  });

  it('closestKey: case, one typo, a swap; nothing for a far key', () => {
    const known = ['postal_code', 'street', 'city', 'kind'];
    expect(closestKey('POSTAL_CODE', known)).toBe('postal_code');
    expect(closestKey('postal_cod', known)).toBe('postal_code');
    expect(closestKey('stre', known)).toBeUndefined();
    expect(closestKey('cilty', known)).toBe('city');
    expect(closestKey('ctiy', known)).toBe('city');
    expect(closestKey('banana', known)).toBeUndefined();
  });
});

/** Random extra keys placed at random depths of a valid input: every one is reported, with its path. */
describe('property: an unknown key at any depth is always reported', () => {
  const base = () => ({
    ...CONTACT,
    phone_numbers: [{ phone_number: '555 0100', kind: 'home' }],
    street_addresses: [{ ...ADDRESS }, { kind: 'work' }],
    custom_fields: [{ custom_field_id: '6f1c9b3e-2a4d-4e5f-8a9b-0c1d2e3f4a5b', value: 'v' }],
  });
  const declared = new Set([
    ...Object.keys(findModule('create-contact').input.shape),
    'phone_number',
    'kind',
    'street',
    'city',
    'state',
    'postal_code',
    'country',
    'custom_field_id',
    'value',
  ]);
  const places = ['', 'phone_numbers.0', 'street_addresses.0', 'street_addresses.1', 'custom_fields.0'] as const;

  it('random key names, prototype names included', () => {
    const keyName = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...places), keyName, fc.jsonValue(), (place, key, value) => {
        fc.pre(!declared.has(key));
        const raw = base() as Record<string, unknown>;
        let target: Record<string, unknown> = raw;
        for (const part of place ? place.split('.') : []) target = (target as any)[part];
        Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
        const field = place ? `${place}.${key}` : key;
        const problems = problemsOf('create-contact', raw);
        expect(problems.map((p) => p.field)).toContain(field);
        const found = problems.find((p) => p.field === field)!;
        expect(found.message).toMatch(/is not a field (of this module|here)/);
      }),
      { numRuns: 300 },
    );
  });

  it('every module: an extra top-level key is refused whatever the other fields', () => {
    for (const m of registry)
      expect(
        problemsOf(m.key, { zz_unknown: 1 }).map((p) => p.field),
        m.key,
      ).toContain('zz_unknown');
  });
});
