import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type CliRun } from '../helpers/dist.js';
import { ctctAgainst, useModuleTestbed } from '../helpers/modules.js';

/**
 * The module catalogue commands as a user types them (`ctct modules`, `describe`, `options`) and what
 * `ctct run` prints without --json: tables, the API's message with what to do, the field at fault,
 * exit codes. Also the Other group (Make an API Call) through the CLI. The built CLI runs in a child
 * process against a demo-seeded sandbox served on 127.0.0.1.
 */

const configDir = mkdtempSync(join(tmpdir(), 'ctct-modules-catalog-'));

describe('ctct modules / describe / options, and human output of ctct run', () => {
  const t = useModuleTestbed({ seed: 'demo' });

  const run = ctctAgainst(t, configDir);
  const ctct = (...args: string[]): Promise<CliRun> => run(args);

  beforeAll(() => ensureBuilt(), 180_000);

  it('ctct modules lists all 48 modules: a table, or a JSON array with key, name, group, kind and scopes', async () => {
    const json = await ctct('modules', '--json');
    expect(json.code).toBe(0);
    const modules = JSON.parse(json.stdout) as {
      key: string;
      name: string;
      group: string;
      kind: string;
      scopes: string[];
    }[];
    expect(modules).toHaveLength(48);
    expect(modules).toContainEqual(
      expect.objectContaining({
        key: 'list-contacts',
        name: 'List Contacts',
        group: 'Contact',
        kind: 'search',
        scopes: ['contact_data'],
      }),
    );
    expect(modules.filter((m) => m.kind === 'trigger')).toHaveLength(11);
    const table = await ctct('modules');
    expect(table.stdout.split('\n')[0]).toMatch(/^key +name +group +kind +scopes$/);
    expect(table.stdout).toMatch(
      /^make-an-api-call +Make an API Call +Other +universal +contact_data campaign_data account_read$/m,
    );
  });

  it('ctct describe shows each field with label, type, required, choices and help, by key or seed name', async () => {
    const human = await ctct('describe', 'Create an Email Campaign');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^ {2}Add the Email Campaign Activities {2}\(email_campaign_activities\) {2}\[array, required\]$/m,
    );
    expect(human.stdout.split('\n')).toContain(
      '    From Email  (email_campaign_activities[].from_email)  ' +
        '[string, required, choices: ctct options create-email-campaign email_campaign_activities.from_email]',
    );
    expect(human.stdout).toMatch(/must contain\s+\[\[trackingImage\]\] inside <body>/);
    const json = JSON.parse((await ctct('describe', 'list-contacts', '--json')).stdout);
    expect(json.fields.map((f: { key: string }) => f.key)).toEqual([
      'status',
      'email',
      'lists',
      'updated_after',
      'limit',
    ]);
    expect(json.fields[0]).toMatchObject({
      label: 'Status',
      options: 'allowed-values',
      enum: expect.arrayContaining(['all', 'active', 'deleted']),
    });
    expect(json.input_schema.properties.limit).toMatchObject({ type: 'integer', default: 100 });
    // what one bundle holds, for scripts that map fields
    expect(json.output_fields).toContainEqual({
      path: ['email_address', 'address'],
      label: 'Email',
      type: 'string',
      isArray: false,
      required: true,
    });
    expect(json.output_schema).toMatchObject({ type: 'object', required: ['contact_id'] });
    expect(human.stdout).toMatch(/^Output fields \(the bundle\):$/m);
    expect(human.stdout).toMatch(/^ {2}Campaign Activities {2}campaign_activities\[\] {2}list of object$/m);
    expect(human.stdout).toMatch(/^ {4}Role {2}campaign_activities\[\]\.role {2}string$/m);
    const unknown = await ctct('describe', 'List Contactz');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No module "List Contactz"\. Did you mean: "list-contacts"/);
  });

  it('ctct options lists the choices of top-level, nested and dependent fields, and says what is missing', async () => {
    const lists = await ctct('options', 'list-contacts', 'lists', '--json');
    expect(lists.code).toBe(0);
    const demoLists = (await t.api('GET', '/contact_lists?limit=500')).body.lists as {
      list_id: string;
      name: string;
    }[];
    expect(JSON.parse(lists.stdout)).toEqual(demoLists.map((l) => ({ value: l.list_id, label: l.name })));

    const events = await ctct('options', 'watch-contacts', 'events');
    expect(
      events.stdout
        .trim()
        .split('\n')
        .slice(2)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['create', 'update', 'delete']);
    const customFields = JSON.parse(
      (await ctct('options', 'create-contact', 'custom_fields[].custom_field_id', '--json')).stdout,
    );
    expect(customFields.length).toBeGreaterThan(0);

    const needsCampaign = await ctct('options', 'get-email-opens-reports', 'campaign_activity_id');
    expect(needsCampaign.code).toBe(2);
    expect(needsCampaign.stderr).toMatch(
      /depend on Campaign ID \(campaign_id\); give it first, e.g. --field campaign_id=/,
    );
    const campaign = (await t.api('GET', '/emails?limit=50')).body.campaigns.find(
      (c: { current_status: string }) => c.current_status === 'Done',
    );
    const activities = JSON.parse(
      (
        await ctct(
          'options',
          'get-email-opens-reports',
          'campaign_activity_id',
          '--field',
          `campaign_id=${campaign.campaign_id}`,
          '--json',
        )
      ).stdout,
    );
    expect(activities.map((a: { label: string }) => a.label)).toContain('primary_email');

    // the demo's 2,000 contacts reach the cap of the contacts dropdown: it says so, on stderr
    const contacts = await ctct('options', 'delete-contact', 'contact_id', '--json');
    expect(JSON.parse(contacts.stdout)).toHaveLength(2000);
    expect(contacts.stderr).toMatch(
      /Only the first 2,000 contacts are offered; any other contact id can be given directly/,
    );
    expect((await ctct('options', 'create-contact', 'list_memberships', '--json')).stderr).toBe('');

    const notSelect = await ctct('options', 'list-contacts', 'limit');
    expect(notSelect.code).toBe(2);
    expect(notSelect.stderr).toMatch(
      /"limit" of "List Contacts" has no list of choices\. Fields with choices: status, lists\./,
    );
  });

  it('ctct run prints a readable table by default: one row per bundle for a search, field/value rows for an action', async () => {
    const search = await ctct('run', 'list-contact-lists', '--field', 'limit=3');
    expect(search.code).toBe(0);
    const lines = search.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^list_id +name +description +favorite/);
    expect(lines[1]).toMatch(/^-+ +-+/);
    expect(lines).toHaveLength(2 + 3 + 2);
    expect(lines.at(-1)).toBe('3 bundle(s) (--json shows every field in full)');

    const contacts = await ctct('run', 'list-contacts', '--field', 'limit=2');
    const [header, , first] = contacts.stdout.split('\n');
    // nested values are summed up: the email's address is shown, lists of objects are counted
    expect(header).toMatch(/email_address/);
    expect(first).toMatch(/@example\.com/);
    expect(first).toMatch(/\d+ items?/);
    expect(first).not.toMatch(/[[{]"/);

    const action = await ctct(
      'run',
      'create-contact',
      '--field',
      'create_source=Account',
      '--field',
      'email_address=table@example.com',
      '--field',
      'phone_numbers=[{"phone_number":"555-0101","kind":"home"}]',
    );
    expect(action.code).toBe(0);
    expect(action.stdout.split('\n')[0]).toMatch(/^field +value$/);
    expect(action.stdout).toMatch(/^email_address\.address +table@example\.com$/m);
    expect(action.stdout).toMatch(/^phone_numbers\[0\]\.phone_number +555-0101$/m);
  });

  it('--json gives one document: an array for searches and triggers, an object for actions', async () => {
    const search = JSON.parse((await ctct('run', 'list-email-campaigns', '--json', '--field', 'limit=2')).stdout);
    const trigger = JSON.parse((await ctct('run', 'watch-email-campaigns', '--json', '--field', 'limit=2')).stdout);
    const action = JSON.parse(
      (await ctct('run', 'create-contact-list', '--json', '--field', 'name=JSON shape')).stdout,
    );
    expect(Array.isArray(search) && search.length === 2).toBe(true);
    expect(Array.isArray(trigger) && trigger.length === 2).toBe(true);
    expect(action).toMatchObject({ list_id: expect.any(String), name: 'JSON shape' });
  });

  it('an API error shows the API message and what to do, exit 1; bad input names the field and the rule, exit 2', async () => {
    const missing = crypto.randomUUID();
    const api = await ctct('run', 'get-email-campaign-activity', '--field', `campaign_activity_id=${missing}`);
    expect(api.code).toBe(1);
    expect(api.stdout).toBe('');
    const [message, hint] = api.stderr.split('\n');
    expect(message).toMatch(
      new RegExp(
        `^ctct: GET /v3/emails/activities/${missing} failed with 404 .*"No email campaign activity has the id ${missing}\\."`,
      ),
    );
    expect(hint).toMatch(/^ {2}\S/);

    const taken = await ctct(
      'run',
      'create-contact-list',
      '--field',
      `name=${(await t.api('GET', '/contact_lists?limit=1')).body.lists[0].name}`,
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/409/);
    expect(taken.stderr.split('\n')[1]).toMatch(/^ {2}\S/);

    const bad = await ctct(
      'run',
      'create-contact',
      '--field',
      'create_source=Someone',
      '--field',
      'email_address=not-an-address',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Create Source \(create_source\): must be Account or Contact/);
    expect(bad.stderr).toMatch(/Email \(email_address\): must be an email address/);
    expect(bad.stderr).toMatch(/Run `ctct describe "Create a Contact"`/);
  });

  it('Other: Make an API Call through the guarded engine, and a refused URL names the field', async () => {
    const call = await ctct(
      'run',
      'make-an-api-call',
      '--json',
      '--field',
      'url=/v3/contact_lists',
      '--field',
      'query_string=[{"key":"limit","value":"2"}]',
    );
    expect(call.code).toBe(0);
    const out = JSON.parse(call.stdout);
    expect(out).toMatchObject({
      status: 200,
      headers: expect.objectContaining({ 'content-type': expect.stringMatching(/json/) }),
    });
    expect(out.body.lists).toHaveLength(2);

    const elsewhere = await ctct('run', 'make-an-api-call', '--field', 'url=https://example.org/v3/contact_lists');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/URL \(url\): /);
    const requestsBefore = t.requests.length;
    const withAuth = await ctct(
      'run',
      'make-an-api-call',
      '--field',
      'url=/v3/contact_lists',
      '--field',
      'headers=[{"key":"Authorization","value":"Bearer x"}]',
    );
    expect(withAuth.code).toBe(2);
    expect(withAuth.stderr).toMatch(/Headers \(headers\): /);
    expect(t.requests.length).toBe(requestsBefore);
  });
});
