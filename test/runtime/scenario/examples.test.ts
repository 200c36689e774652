import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templatesDir } from '../../../src/runtime/scenario/directory.js';
import {
  addContacts,
  addList,
  advance,
  createCampaign,
  HOUR,
  readAllPages,
  sendCampaignNow,
  setRecipients,
} from '../../sandbox/engine/fixtures.js';
import { useScenarioTestbed } from './helpers.js';

const CAMPAIGN = '11111111-1111-4111-8111-111111111111';
const LIST = '22222222-2222-4222-8222-222222222222';
const WELCOME = '33333333-3333-4333-8333-333333333333';

/**
 * Every shipped example, validated as shipped and then run against the sandbox with its placeholder
 * ids replaced by real ones, the sandbox clock moving time between runs.
 */
describe('the shipped example scenarios', () => {
  const t = useScenarioTestbed();
  const example = (name: string, ids: Record<string, string>) => {
    let text = readFileSync(join(templatesDir(), `${name}.yaml`), 'utf8');
    for (const [from, to] of Object.entries(ids)) text = text.replaceAll(from, to);
    return t.write(name, text);
  };
  const members = async (listId: string) =>
    (await readAllPages(t, `/contacts?lists=${listId}&limit=500`, 'contacts')).items.map(
      (c: any) => c.contact_id as string,
    );

  it('are all valid as shipped, and offered as templates', async () => {
    const templates = await t.lib.templates();
    expect(templates.map((x) => x.name).sort()).toEqual([
      'bounces-off-all-lists',
      'engaged-openers',
      'import-csv',
      'welcome-new-contacts',
    ]);
    for (const template of templates) {
      const loaded = await t.lib.load(template.file);
      expect(await t.lib.validate(loaded), template.name).toEqual([]);
    }
  });

  it('campaign openers → Engaged: one Add Contacts to Lists request per cycle', async () => {
    const audience = addList(t, 'Openers audience');
    const engaged = addList(t, 'Engaged');
    addContacts(t, 'opener', 120, [audience]);
    const { primaryId } = await createCampaign(t, 'Not sent yet');
    const name = example('engaged-openers', { [CAMPAIGN]: primaryId, [LIST]: engaged });
    // A new watch starts from now: the first run only fixes the start point.
    expect((await t.lib.runScenario(name)).bundles).toBe(0);
    advance(t, 60_000);
    await setRecipients(t, primaryId, [audience]);
    const scheduled = await t.api('POST', `/emails/activities/${primaryId}/schedules`, { scheduled_date: '0' });
    expect(scheduled.status).toBe(201);
    const sent = { primaryId };
    const name2 = name;
    advance(t, 12 * HOUR);
    t.sandbox.jobs.drain();
    const mark = t.requests.length;
    const run = await t.lib.runScenario(name2);
    expect(run.status).toBe('success');
    const opens = run.bundles - Math.ceil(run.bundles / 501); // event bundles plus one chunk bundle per 500
    expect(opens).toBeGreaterThan(10);
    const adds = t.requestsSince(mark, '/v3/activities/add_list_memberships');
    expect(adds).toHaveLength(Math.ceil(opens / 500));
    t.sandbox.jobs.drain();
    const openers = new Set(
      (await readAllPages(t, `/reports/email_reports/${sent.primaryId}/tracking/opens?limit=500`)).items.map(
        (r: any) => r.contact_id as string,
      ),
    );
    expect(new Set(await members(engaged))).toEqual(openers);
  });

  it('bounces → removed from all lists', async () => {
    const lists = [addList(t, 'Bounce A'), addList(t, 'Bounce B')];
    addContacts(t, 'bouncer', 200, lists);
    const sent = await sendCampaignNow(t, 'Bouncy', lists);
    const name = example('bounces-off-all-lists', { [CAMPAIGN]: sent.primaryId });
    expect((await t.lib.runScenario(name)).status).toBe('success');
    advance(t, 2 * HOUR);
    const run = await t.lib.runScenario(name);
    expect(run.status, JSON.stringify(t.lib.getRun(run.id)?.operations.filter((o) => o.error))).toBe('success');
    t.sandbox.jobs.drain();
    const bounced = (
      await readAllPages(t, `/reports/email_reports/${sent.primaryId}/tracking/bounces?limit=500`)
    ).items.map((r: any) => r.contact_id as string);
    expect(bounced.length).toBeGreaterThan(0);
    for (const list of lists) {
      const left = await members(list);
      expect(left.filter((id) => bounced.includes(id))).toEqual([]);
      expect(left.length).toBe(200 - new Set(bounced).size);
    }
  });

  it('new contacts on a list → a test send of the welcome campaign each', async () => {
    const newsletter = addList(t, 'Newsletter');
    const welcome = await createCampaign(t, 'Welcome');
    const name = example('welcome-new-contacts', { [LIST]: newsletter, [WELCOME]: welcome.primaryId });
    expect((await t.lib.runScenario(name)).bundles).toBe(0);
    advance(t, 60_000);
    for (const who of ['ada', 'grace']) {
      const res = await t.api('POST', '/contacts', {
        email_address: { address: `${who}@example.com` },
        first_name: who,
        create_source: 'Account',
        list_memberships: [newsletter],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    advance(t, 60_000);
    const mark = t.requests.length;
    const run = await t.lib.runScenario(name);
    expect(run.status, JSON.stringify(t.lib.getRun(run.id)?.operations.filter((o) => o.error))).toBe('success');
    expect(run.bundles).toBe(2);
    expect(t.requestsSince(mark, `/v3/emails/activities/${welcome.primaryId}/tests`)).toHaveLength(2);
    const sends = t.lib.getRun(run.id)!.operations.filter((o) => o.moduleId === 2);
    expect(sends.map((o) => (o.input as any).personal_message).sort()).toEqual([
      'Welcome aboard, ada!',
      'Welcome aboard, grace!',
    ]);
  });

  it('a CSV file → Import Contact by CSV → wait for the activity → a summary', async () => {
    const list = addList(t, 'Imported');
    const name = example('import-csv', { [LIST]: list });
    writeFileSync(join(t.dir, 'scenarios', 'contacts.csv'), readFileSync(join(templatesDir(), 'contacts.csv')));
    const run = await t.lib.runScenario(name);
    expect(run.status, JSON.stringify(t.lib.getRun(run.id)?.operations.filter((o) => o.error))).toBe('success');
    const summary = t.lib.getRun(run.id)!.operations.find((o) => o.moduleId === 3)!.output as any;
    expect(summary).toMatchObject({ file: 'contacts.csv', contacts: 2, activities: 1, state: 'completed' });
    expect(summary.summary).toBe('Imported 2 contact(s) from contacts.csv');
    expect((await members(list)).length).toBe(2);
  });
});
