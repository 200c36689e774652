import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/output.js';
import { isPlainText, visible, visibleLines } from '../../src/cli/visible.js';
import { ensureBuilt } from '../helpers/dist.js';
import { ctctAgainst, useModuleTestbed } from '../helpers/modules.js';

/** What the terminal may receive: no control, bidi, zero-width or separator characters, no lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not appear
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
// eslint-disable-next-line no-control-regex -- the characters an attack uses
const ESCAPES = /[\u001b\u0007\u202e]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      ' ',
      '\n',
      '\r',
      '\t',
      '\u001b',
      ']',
      '0',
      ';',
      '\u0007',
      '\u009b',
      '\u202e',
      '\u2066',
      '\u200b',
      '\u2028',
      '\ud800',
      '\\',
    ),
  }),
);

describe('visible', () => {
  it('leaves nothing a terminal would act on, and changes nothing in plain text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const shown = visible(text);
        expect(shown).not.toMatch(TERMINAL_UNSAFE);
        expect(shown).not.toMatch(LONE_SURROGATE);
        if (isPlainText(text)) expect(shown).toBe(text);
        const lines = visibleLines(text);
        expect(lines.replaceAll('\n', '')).not.toMatch(TERMINAL_UNSAFE);
        expect(lines.split('\n')).toHaveLength(text.split('\n').length);
      }),
      { numRuns: 3000 },
    );
  });

  it('spells the characters out', () => {
    expect(visible('a\u001b]0;title\u0007b\nc\u202ed')).toBe('a\\x1b]0;title\\x07b\\nc\\u202ed');
    expect(visibleLines('one\ntwo\r')).toBe('one\ntwo\\r');
  });

  it('a table has one line per row whatever its cells hold', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: hostile, id: hostile }), { minLength: 1, maxLength: 8 }), (rows) => {
        const table = renderTable(rows, ['id', 'name']);
        expect(table.split('\n')).toHaveLength(rows.length + 2);
        expect(table.replaceAll('\n', '')).not.toMatch(TERMINAL_UNSAFE);
        expect(table).not.toMatch(LONE_SURROGATE);
      }),
      { numRuns: 500 },
    );
  });
});

const configDir = mkdtempSync(join(tmpdir(), 'ctct-visible-'));

describe('ctct run and ctct options show third parties\u2019 text, never play it', () => {
  const t = useModuleTestbed();
  const ctct = ctctAgainst(t, configDir);
  const evil = 'Eve\u001b]0;owned\u0007\u001b[2J\nfake  row\u202eeulav';

  beforeAll(async () => {
    ensureBuilt();
    const created = await t.api('POST', '/contacts', {
      email_address: { address: 'eve@example.com', permission_to_send: 'implicit' },
      first_name: evil,
      create_source: 'Account',
    });
    expect(created.status).toBe(201);
  }, 180_000);

  it('List Contacts in a table', async () => {
    const run = await ctct(['run', 'list-contacts']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ESCAPES);
    expect(run.stdout).toContain('Eve\\x1b]0;owned\\x07');
    const rows = run.stdout.split('\n').filter((l) => l.includes('eve@example.com'));
    expect(rows).toHaveLength(1);
    expect(run.stdout).not.toMatch(/^fake {2}row/m);
  });

  it('the contact choices of a field', async () => {
    const run = await ctct(['options', 'delete-contact', 'contact_id']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(ESCAPES);
    expect(run.stdout).not.toMatch(/^fake {2}row/m);
  });
});
