import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModuleInputError, parseModuleInput } from '../../src/modules/input.js';
import { findModule } from '../../src/modules/registry.js';
import { isEmailAddress, textLength } from '../../src/modules/text-rules.js';
import {
  checkImportRow,
  isCustomFieldColumn,
  JSON_IMPORT_COLUMNS,
  JSON_IMPORT_LIMITS,
} from '../../src/modules/contact/import/rows.js';
import * as sandboxRules from '../../src/sandbox/resources/text-rules.js';
import { useSandbox } from '../helpers/sandbox.js';

/**
 * The length and email rules of module validation and of the sandbox are two implementations of one
 * rule (src/sandbox/README.md, "Text lengths and email addresses"): on any string they must agree,
 * both as functions and as what each side accepts end to end.
 */

const accepts = (moduleKey: string, raw: Record<string, unknown>): boolean => {
  try {
    parseModuleInput(findModule(moduleKey), raw);
    return true;
  } catch (err) {
    if (err instanceof ModuleInputError) return false;
    throw err;
  }
};

describe('the email rule', () => {
  it.each([
    ['jane@example.com', true],
    ["o'brien@example.ie", true],
    ['first.last+tag@mail.example.co.uk', true],
    ['josé@münchen.de', true],
    ['a@b.io', true],
    ['"quoted"@example.com', false],
    ['a"b@example.com', false],
    ['line\nbreak@example.com', false],
    ['tab\t@example.com', false],
    ['nul\u0000@example.com', false],
    ['bell@exa\u0007mple.com', false],
    ['two@@example.com', false],
    ['a@b@example.com', false],
    ['.lead@example.com', false],
    ['trail.@example.com', false],
    ['dou..ble@example.com', false],
    ['space d@example.com', false],
    ['angle<@example.com', false],
    ['paren(@example.com', false],
    ['no-domain@', false],
    ['@no-local.com', false],
    ['nodot@localhost', false],
    ['ip@[10.0.0.1]', false],
    ['ip@10.0.0.1', false],
    ['hy@-lead.com', false],
    ['hy@trail-.com', false],
    ['empty@label..com', false],
    [`${'l'.repeat(65)}@example.com`, false],
    [`${'l'.repeat(64)}@example.com`, true],
    [`a@${'d'.repeat(64)}.com`, false],
  ])('%j → %s on both sides', (address, valid) => {
    expect(isEmailAddress(address)).toBe(valid);
    expect(sandboxRules.isEmailAddress(address)).toBe(valid);
  });

  it('property: the two copies agree on any string, email-like or not', () => {
    const pool = fc.constantFrom(
      ...'ab9Z.-_+\'"@ \t\n\u0000\u007f()<>[],;:\\!#$%&*/=?^`{|}~éü中😀\u200b\u202e'.split(''),
      '😀',
    );
    const part = fc.string({ unit: pool, maxLength: 12 });
    const emailLike = fc.tuple(part, part, part).map(([l, d, t]) => `${l}@${d}.${t}`);
    fc.assert(
      fc.property(fc.oneof(emailLike, fc.string({ unit: 'binary', maxLength: 30 })), (s) => {
        expect(isEmailAddress(s)).toBe(sandboxRules.isEmailAddress(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('text length: UTF-16 code units on both sides', () => {
  it('an emoji counts 2, as the API counts it', () => {
    expect(textLength('😀')).toBe(2);
    expect(sandboxRules.textLength('😀')).toBe(2);
    expect(accepts('create-contact-list', { name: '😀'.repeat(127) + 'a' })).toBe(true); // 255 units
    expect(accepts('create-contact-list', { name: '😀'.repeat(128) })).toBe(false); // 256 units, 128 code points
  });

  it('the refusal names the limit once', () => {
    try {
      parseModuleInput(findModule('create-contact'), { create_source: 'Account', first_name: '😀'.repeat(60) });
      expect.unreachable();
    } catch (err) {
      expect((err as ModuleInputError).problems).toEqual([
        { field: 'first_name', label: 'First Name', message: 'must be at most 50 characters' },
      ]);
    }
  });
});

describe('property: what module validation accepts, the sandbox accepts, and the other way round', () => {
  const t = useSandbox();
  const sandboxAccepts = async (body: Record<string, unknown>): Promise<boolean> => {
    const res = await t.api('POST', '/contacts', { create_source: 'Account', ...body });
    expect([201, 400, 409], JSON.stringify(res.body)).toContain(res.status);
    return res.status !== 400; // 409: valid, but the address is taken by an earlier run
  };
  const units = fc.constantFrom('a', 'Z', 'é', '中', '😀', '𝒜', '\u0301', ' ', '-');

  it('names around the 50-unit limit, with characters of 1 and 2 units', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: units, minLength: 20, maxLength: 45 }), async (name) => {
        fc.pre(name.trim() !== '');
        const local = accepts('create-contact', { create_source: 'Account', first_name: name });
        expect(await sandboxAccepts({ first_name: name.trim() })).toBe(local);
      }),
      { numRuns: 150 },
    );
  });

  it('email addresses, well and badly formed', async () => {
    const pool = fc.constantFrom(...'abc.-_+\'"@ \n\u0001()<>[],;:!#~éü😀'.split(''), '😀');
    const part = fc.string({ unit: pool, minLength: 0, maxLength: 10 });
    const address = fc.oneof(
      fc.tuple(part, part).map(([l, d]) => `${l}@${d}.com`),
      fc
        .tuple(fc.integer({ min: 55, max: 70 }), fc.integer({ min: 8, max: 20 }))
        .map(([l, d]) => `${'x'.repeat(l)}@${'y'.repeat(d)}.com`),
    );
    await fc.assert(
      fc.asyncProperty(address, async (email) => {
        fc.pre(email.trim() !== '');
        const local = accepts('create-contact', { create_source: 'Account', email_address: email });
        expect(await sandboxAccepts({ email_address: { address: email.trim() } })).toBe(local);
      }),
      { numRuns: 200 },
    );
  });

  it('imports: the rows Import Contacts refuses are the rows the sandbox reports, and no other', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Rules import' })).body.list_id;
    const rows = [
      { email: 'fine@example.com' },
      { email: "o'neil@example.com" },
      { email: 'q"uote@example.com' },
      { email: 'bell\u0007@example.com' },
      { email: 'dots..here@example.com' },
      { email: 'nodomain@localhost' },
      { email: 'emoji@example.com', first_name: '😀'.repeat(25) },
      { email: 'emoji2@example.com', first_name: `${'😀'.repeat(25)}a` },
    ];
    const localBad = rows.map((row) => !moduleRowOk(row));
    const job = await t.api('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [list] });
    expect(job.status).toBe(201);
    t.sandbox.jobs.drain();
    const done = (await t.api('GET', `/activities/${job.body.activity_id}`)).body;
    const sandboxBad = rows.map((_, i) =>
      (done.activity_errors as string[]).some((e) => e.startsWith(`import_data[${i}]:`)),
    );
    expect(sandboxBad).toEqual(localBad);
    expect(localBad).toEqual([false, false, true, true, true, true, false, true]);
  });
});

/** The check Import Contacts runs on each row before sending anything. */
function moduleRowOk(row: Record<string, unknown>): boolean {
  const knownColumn = (column: string) => JSON_IMPORT_COLUMNS.has(column) || isCustomFieldColumn(column);
  return checkImportRow(row, { emailMax: JSON_IMPORT_LIMITS.email, knownColumn }) === undefined;
}
