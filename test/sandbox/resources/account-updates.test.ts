import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { activityInput, createCampaign, SENDER } from '../engine/fixtures.js';
import { confirmAccountEmail, DEFAULT_ACCOUNT, setPhysicalAddress } from '../../../src/sandbox/store/account.js';

/** PUT /account/summary (a partial update) and adding or replacing the physical address. */

describe('account updates', () => {
  const t = useSandbox();

  it('updates only the given summary properties, and only to valid values', async () => {
    const res = await t.api('PUT', '/account/summary', {
      organization_name: 'Renamed Org',
      time_zone_id: 'Europe/Paris',
      encoded_account_id: 'ignored',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      organization_name: 'Renamed Org',
      time_zone_id: 'Europe/Paris',
      encoded_account_id: DEFAULT_ACCOUNT.profile.encoded_account_id,
      first_name: DEFAULT_ACCOUNT.profile.first_name,
      contact_email: SENDER,
    });
    expect((await t.api('GET', '/account/summary')).body).toMatchObject({ organization_name: 'Renamed Org' });
    const bad = await t.api('PUT', '/account/summary', {
      time_zone_id: 'Mars/Olympus',
      country_code: 'usa',
      contact_email: 'stranger@example.com',
    });
    expect(bad.status).toBe(400);
    for (const key of ['time_zone_id', 'country_code', 'contact_email'])
      expect(bad.body[0].error_message).toContain(key);
    // an address becomes usable as contact_email once it is a confirmed account email
    expect((await t.api('POST', '/account/emails', { email_address: 'second@example.com' })).status).toBe(201);
    expect((await t.api('PUT', '/account/summary', { contact_email: 'second@example.com' })).status).toBe(400);
    confirmAccountEmail(t.sandbox.ctx, 'second@example.com');
    expect((await t.api('PUT', '/account/summary', { contact_email: 'second@example.com' })).body.contact_email).toBe(
      'second@example.com',
    );
  });

  it('adds a physical address once (409 after), replaces it with PUT, and email footers follow it', async () => {
    expect(
      (await t.api('POST', '/account/summary/physical_address', DEFAULT_ACCOUNT.profile.physical_address)).status,
    ).toBe(409);
    setPhysicalAddress(t.sandbox.ctx, null);
    const paris = { address_line1: '5 Rue de Rivoli', city: 'Paris', state_name: 'Ile-de-France', country_code: 'FR' };
    const added = await t.api('POST', '/account/summary/physical_address', paris);
    expect(added).toMatchObject({ status: 201, body: paris });
    const boston = {
      address_line1: '1 Main St',
      city: 'Boston',
      state_code: 'MA',
      postal_code: '02108',
      country_code: 'US',
    };
    expect(await t.api('PUT', '/account/summary/physical_address', boston)).toMatchObject({
      status: 200,
      body: boston,
    });
    expect((await t.api('GET', '/account/summary/physical_address')).body).toEqual(boston);
    const { primaryId } = await createCampaign(t, 'Footer follows', activityInput());
    const activity = await t.api('GET', `/emails/activities/${primaryId}?include=physical_address_in_footer`);
    expect(activity.body.physical_address_in_footer).toMatchObject({ address_line1: '1 Main St', city: 'Boston' });
    for (const body of [
      { city: 'Boston', country_code: 'US' },
      { address_line1: '1 Main St', city: 'Boston', country_code: 'US' },
      { address_line1: '1 Main St', city: 'Paris', state_code: 'IF', country_code: 'FR' },
    ]) {
      expect((await t.api('PUT', '/account/summary/physical_address', body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});
