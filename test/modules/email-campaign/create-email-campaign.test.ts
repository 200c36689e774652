import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../src/client/index.js';
import { useModuleTestbed } from '../../helpers/modules.js';
import { campaignInput, emailHtml, SENDER } from './fixtures.js';

describe('Create an Email Campaign', () => {
  const t = useModuleTestbed();

  it('creates the campaign with its primary_email and permalink activities, content as given', async () => {
    const mark = t.requests.length;
    const campaign = await t.run(
      'create-email-campaign',
      campaignInput('Spring launch', { preheader: 'Fresh picks inside' }),
    );
    expect(t.requestsSince(mark)).toEqual([{ method: 'POST', url: '/v3/emails', status: 200 }]);
    expect(campaign).toMatchObject({ name: 'Spring launch', current_status: 'Draft' });
    expect(campaign.campaign_activities.map((a: any) => a.role).sort()).toEqual(['permalink', 'primary_email']);
    const primary = campaign.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    const activity = await t.run('get-email-campaign-activity', { campaign_activity_id: primary });
    expect(activity).toMatchObject({
      campaign_id: campaign.campaign_id,
      format_type: 5,
      from_name: 'Spring Team',
      from_email: SENDER,
      reply_to_email: SENDER,
      subject: 'Spring launch: our news',
      preheader: 'Fresh picks inside',
      html_content: emailHtml(),
      current_status: 'DRAFT',
    });
  });

  it('sends the footer address when given, and the account address is used otherwise', async () => {
    const address = {
      organization_name: 'Pancake House',
      address_line1: '1 Main St',
      city: 'Boston',
      state_code: 'MA',
      postal_code: '02110',
      country_code: 'US',
    };
    const withAddress = await t.run(
      'create-email-campaign',
      campaignInput('With footer', { physical_address_in_footer: address }),
    );
    const id = withAddress.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    expect(
      (await t.run('get-email-campaign-activity', { campaign_activity_id: id })).physical_address_in_footer,
    ).toMatchObject(address);

    const without = await t.run('create-email-campaign', campaignInput('Account footer'));
    const id2 = without.campaign_activities.find((a: any) => a.role === 'primary_email').campaign_activity_id;
    expect(
      (await t.run('get-email-campaign-activity', { campaign_id: without.campaign_id, campaign_activity_id: id2 }))
        .physical_address_in_footer.address_line1,
    ).toBe('100 Sandbox Way');
  });

  it.each([
    [
      'no tracking image',
      { html_content: '<html><body><p>Hi</p></body></html>' },
      /HTML Content \(email_campaign_activities\.0\.html_content\): must contain \[\[trackingImage\]\] inside its <body>/,
    ],
    [
      'tracking image outside <body>',
      { html_content: '<html><head>[[trackingImage]]</head><body><p>Hi</p></body></html>' },
      /html_content\): must contain \[\[trackingImage\]\] inside/,
    ],
    [
      'template syntax',
      { html_content: '<html><body>[[trackingImage]] ${name}</body></html>' },
      /html_content\): must not contain "\$\{"/,
    ],
    [
      'HTML over 150,000 characters',
      { html_content: `<html><body>[[trackingImage]]${'x'.repeat(150_000)}</body></html>` },
      /html_content\): must be at most 150,000 characters/,
    ],
    ['a name over 80 characters', { name: 'n'.repeat(81) }, /Name \(name\): must be at most 80 characters/],
    [
      'a From Email that is not an address',
      { from_email: 'owner' },
      /From Email \(email_campaign_activities\.0\.from_email\): must be an email address/,
    ],
    [
      'a preheader over 200 characters',
      { preheader: 'p'.repeat(201) },
      /Preheader \(email_campaign_activities\.0\.preheader\): must be at most 200 characters/,
    ],
    ['another format', { format_type: 4 }, /Format Type \(email_campaign_activities\.0\.format_type\): must be 5/],
    [
      'a US footer without state',
      { physical_address_in_footer: { organization_name: 'Org', address_line1: '1 Main St', country_code: 'US' } },
      'Physical Address in Footer › State Code (email_campaign_activities.0.physical_address_in_footer.state_code): ' +
        'is required when Country Code is US',
    ],
    ['a missing subject', { subject: undefined }, /Subject \(email_campaign_activities\.0\.subject\): is required/],
  ])('refuses %s before any request, naming the field', async (_case, override, message) => {
    const mark = t.requests.length;
    await expect(t.run('create-email-campaign', campaignInput('Refused', override))).rejects.toThrow(message);
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('takes exactly one activity under "Add the Email Campaign Activities", refusing none or two before any request', async () => {
    const one = (campaignInput('Counted').email_campaign_activities as unknown[])[0];
    const mark = t.requests.length;
    await expect(t.run('create-email-campaign', { name: 'Counted' })).rejects.toThrow(
      /Add the Email Campaign Activities \(email_campaign_activities\): is required/,
    );
    await expect(t.run('create-email-campaign', { name: 'Counted', email_campaign_activities: [] })).rejects.toThrow(
      /\(email_campaign_activities\): must hold the email activity/,
    );
    await expect(
      t.run('create-email-campaign', { name: 'Counted', email_campaign_activities: [one, one] }),
    ).rejects.toThrow(/\(email_campaign_activities\): must hold exactly one activity/);
    expect(t.requestsSince(mark)).toEqual([]);
  });

  it('surfaces the API refusing an address that is not a confirmed sender, saying where to find valid ones', async () => {
    const err = await t
      .run('create-email-campaign', campaignInput('Unconfirmed', { from_email: 'nobody@example.org' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/answered 400 ".*from_email.*CONFIRMED/);
    expect(err.hint).toMatch(/ctct options create-email-campaign email_campaign_activities\.from_email/);
  });

  it('surfaces a duplicate name as a 409 telling to choose another name', async () => {
    await t.run('create-email-campaign', campaignInput('Twice'));
    const err = await t.run('create-email-campaign', campaignInput('Twice')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(/"Twice" failed: the API answered 409 ".*already exists/);
    expect(err.hint).toMatch(/another Name/);
  });
});
