import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { bearerWith, SENDER } from '../engine/fixtures.js';
import { confirmAccountEmail, DEFAULT_ACCOUNT } from '../../../src/sandbox/store/account.js';

describe('account endpoints', () => {
  const t = useSandbox();

  it('has a default account with one confirmed sender even in the empty seed', async () => {
    const res = await t.api('GET', '/account/emails');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ email_address: SENDER, confirm_status: 'CONFIRMED', email_id: 1 });
  });

  it('summarizes the account, adding the physical address only when asked', async () => {
    const plain = await t.api('GET', '/account/summary');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      organization_name: DEFAULT_ACCOUNT.profile.organization_name,
      country_code: 'US',
      contact_email: SENDER,
    });
    expect(plain.body.physical_address).toBeUndefined();

    const extra = await t.api('GET', '/account/summary?extra_fields=physical_address,company_logo');
    expect(extra.status).toBe(200);
    expect(extra.body.physical_address).toEqual(DEFAULT_ACCOUNT.profile.physical_address);
    // no logo is saved, and "if a company logo does not exist, nothing is returned"
    expect(extra.body.company_logo).toBeUndefined();
  });

  it.each([['extra_fields=logo'], ['extra_fields=physical_address,nope']])(
    'rejects an unknown extra field (%s) with 400',
    async (query) => {
      const res = await t.api('GET', `/account/summary?${query}`);
      expect(res.status).toBe(400);
    },
  );

  it('returns the physical address on its own', async () => {
    const res = await t.api('GET', '/account/summary/physical_address');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      address_line1: '100 Sandbox Way',
      city: 'Springfield',
      state_code: 'MA',
      country_code: 'US',
    });
  });

  it('adds an account email as UNCONFIRMED with 201, and refuses the same address again with 409', async () => {
    const created = await t.api('POST', '/account/emails', { email_address: 'news@example.com' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      email_address: 'news@example.com',
      email_id: expect.any(Number),
      confirm_status: 'UNCONFIRMED',
    });

    const again = await t.api('POST', '/account/emails', { email_address: 'NEWS@example.com' });
    expect(again.status).toBe(409);
  });

  it.each([
    ['not an address', { email_address: 'nope' }],
    ['missing', {}],
    ['too long', { email_address: `${'a'.repeat(75)}@example.com` }],
  ])('rejects an invalid new account email (%s) with 400', async (_label, body) => {
    const res = await t.api('POST', '/account/emails', body);
    expect(res.status).toBe(400);
  });

  it('needs a JSON body to add an email (415 otherwise)', async () => {
    const res = await t.api('POST', '/account/emails', 'email_address=x@example.com', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });

  it('filters account emails by confirm_status (full or abbreviated), role and address', async () => {
    await t.api('POST', '/account/emails', { email_address: 'filter@example.com' });
    const confirmed = await t.api('GET', '/account/emails?confirm_status=C');
    expect(confirmed.body.map((e: any) => e.email_address)).toEqual([SENDER]);
    const unconfirmed = await t.api('GET', '/account/emails?confirm_status=UNCONFIRMED');
    expect(unconfirmed.body.map((e: any) => e.email_address)).toContain('filter@example.com');
    expect(unconfirmed.body.every((e: any) => e.confirm_status === 'UNCONFIRMED')).toBe(true);
    const contactRole = await t.api('GET', '/account/emails?role_code=CONTACT');
    expect(contactRole.body.map((e: any) => e.email_address)).toEqual([SENDER]);
    const byAddress = await t.api('GET', '/account/emails?email_address=FILTER@example.com');
    expect(byAddress.body.map((e: any) => e.email_address)).toEqual(['filter@example.com']);
  });

  it('becomes CONFIRMED once the owner confirms it (a sandbox-only store call)', async () => {
    await t.api('POST', '/account/emails', { email_address: 'later@example.com' });
    expect(confirmAccountEmail(t.sandbox.ctx, 'later@example.com')).toBe(true);
    const res = await t.api('GET', '/account/emails?email_address=later@example.com');
    expect(res.body[0]).toMatchObject({ confirm_status: 'CONFIRMED', confirm_source_type: 'SITE_OWNER' });
  });

  it.each([
    ['two filters at once', 'confirm_status=C&role_code=CONTACT'],
    ['an unknown status', 'confirm_status=MAYBE'],
    ['an unknown role', 'role_code=BOSS'],
  ])('rejects %s with 400', async (_label, query) => {
    const res = await t.api('GET', `/account/emails?${query}`);
    expect(res.status).toBe(400);
  });

  it('lists the user privileges without needing any particular scope', async () => {
    const res = await t.api('GET', '/account/user/privileges', undefined, bearerWith(t, ['contact_data']));
    expect(res.status).toBe(200);
    const names = res.body.map((p: any) => p.privilege_name);
    expect(names).toEqual(expect.arrayContaining(['account:read', 'campaign:send', 'ui:campaign:metrics']));
  });

  it('needs account_read to read and account_update to add (403 otherwise)', async () => {
    const noRead = bearerWith(t, ['contact_data', 'campaign_data', 'account_update']);
    for (const path of ['/account/summary', '/account/emails', '/account/summary/physical_address']) {
      expect((await t.api('GET', path, undefined, noRead)).status).toBe(403);
    }
    const readOnly = bearerWith(t, ['account_read']);
    expect((await t.api('POST', '/account/emails', { email_address: 'x1@example.com' }, readOnly)).status).toBe(403);
  });

  it('brings the default account back after a reset', async () => {
    await t.sandbox.reset();
    const res = await t.api('GET', '/account/emails');
    expect(res.body.map((e: any) => e.email_address)).toEqual([SENDER]);
  });
});
