import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/dist.js';
import { ctctAgainst, useModuleTestbed } from '../helpers/modules.js';

/**
 * `ctct run import-contacts-csv --field data=@file` streams the file (the README's example, with the
 * examples/people.csv that ships), and leaves no temporary part files behind.
 */
const configDir = mkdtempSync(join(tmpdir(), 'ctct-import-file-'));
const partsDir = mkdtempSync(join(tmpdir(), 'ctct-import-tmp-'));

describe('Import Contact by CSV from a file', () => {
  const t = useModuleTestbed();
  const ctct = ctctAgainst(t, configDir, { TMPDIR: partsDir });

  beforeAll(() => ensureBuilt(), 180_000);

  it('imports examples/people.csv as the README shows', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'People from the README' })).body.list_id as string;
    const run = await ctct([
      'run',
      'import-contacts-csv',
      '--field',
      `list_ids=${list}`,
      '--field',
      'file_name=people.csv',
      '--field',
      `data=@${join(ROOT, 'examples', 'people.csv')}`,
      '--field',
      'wait=true',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ contacts_count: 5, parts: 1 });
    expect(out.activities[0]).toMatchObject({ first_line: 2, last_line: 6, state: 'completed' });
    const members = await t.api('GET', `/contacts?lists=${list}&limit=50`);
    expect(members.body.contacts.map((c: { email_address: { address: string } }) => c.email_address.address)).toContain(
      'grace.hopper@example.com',
    );
    expect(readdirSync(partsDir).filter((d) => d.startsWith('ctct-csv-parts-'))).toEqual([]);
  });

  it('a bad row in the file is refused with its line, nothing sent', async () => {
    const bad = join(configDir, 'bad.csv');
    writeFileSync(bad, 'email,first_name\nok@example.com,A\nnot-an-email,B\n');
    const mark = t.requests.length;
    const run = await ctct([
      'run',
      'import-contacts-csv',
      '--field',
      `list_ids=${crypto.randomUUID()}`,
      '--field',
      'file_name=x.csv',
      '--field',
      `data=@${bad}`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Data › line 3 › column email \(data\): "not-an-email" is not an email address/);
    expect(t.requests.length).toBe(mark);
    expect(readdirSync(partsDir).filter((d) => d.startsWith('ctct-csv-parts-'))).toEqual([]);
  });

  it('a missing file is a usage error', async () => {
    const run = await ctct(['run', 'import-contacts-csv', '--field', 'data=@/nonexistent/people.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/people.csv');
  });
});
