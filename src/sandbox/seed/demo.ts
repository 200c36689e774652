import type { Sandbox } from '../index.js';
import { DEFAULT_GRANT_ID } from '../index.js';
import { demoPerson, type DemoPerson } from './people.js';

/**
 * The demo account, built through the sandbox's own v3 API (in-process, so every rule the API enforces
 * applies to the seed too) along a three-week timeline that ends at "now": contacts arrive first, three
 * campaigns go out a week apart and gather tracking data, one is scheduled for the coming days, one is a
 * draft and one was removed.
 */
export const DEMO_HISTORY_MS = 21 * 24 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;

export const DEMO_COUNTS = { lists: 5, contacts: 2000, campaigns: 6 } as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API bodies

class SeedApi {
  constructor(private readonly sandbox: Sandbox) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies
  async call(method: string, path: string, body?: unknown): Promise<any> {
    // A fresh token each call: the seed's timeline spans weeks of sandbox time, tokens live 24 hours.
    const token = this.sandbox.oauth.currentTokens(DEFAULT_GRANT_ID)?.access_token ?? '';
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.sandbox.fetch(`/v3${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`demo seed: ${method} ${path} answered ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

const html = (title: string, body: string, links: readonly [string, string][]): string => {
  const paragraphs = links.map(([href, label]) => `<p><a href="${href}">${label}</a></p>`).join('');
  return `<html><body>[[trackingImage]]<h1>${title}</h1><p>${body}</p>${paragraphs}</body></html>`;
};

function importRow(p: DemoPerson): Json {
  const row: Json = {
    email: p.email,
    first_name: p.first_name,
    last_name: p.last_name,
    job_title: p.job_title,
    company_name: p.company_name,
    work_phone: p.phone,
    home_street: p.street,
    home_city: p.city,
    home_state: p.state,
    home_zip: p.zip,
    home_country: 'US',
    'cf:favorite_product': p.favoriteProduct,
    'cf:loyalty_tier': p.loyaltyTier,
  };
  if (p.mobile) row.mobile_phone = p.mobile;
  if (p.birthday) {
    row.birthday_month = p.birthday.month;
    row.birthday_day = p.birthday.day;
  }
  return row;
}

export async function seedDemo(sandbox: Sandbox): Promise<void> {
  const api = new SeedApi(sandbox);
  const rng = sandbox.ctx.rng('demo-seed');
  const clock = sandbox.clock;
  const finishJobs = (): void => {
    sandbox.jobs.drain();
  };

  const sender = ((await api.call('GET', '/account/emails?confirm_status=CONFIRMED')) as Json[])[0]
    ?.email_address as string;

  const favorite = await api.call('POST', '/contact_custom_fields', { label: 'Favorite Product', type: 'string' });
  const tier = await api.call('POST', '/contact_custom_fields', { label: 'Loyalty Tier', type: 'string' });
  const tags: string[] = [];
  for (const name of ['VIP', 'Newsletter Reader', 'Webinar 2026', 'Trial User'])
    tags.push((await api.call('POST', '/contact_tags', { name })).tag_id);
  const list = async (name: string, description: string, fav = false): Promise<string> =>
    (await api.call('POST', '/contact_lists', { name, description, favorite: fav })).list_id;
  const newsletter = await list('Newsletter', 'Monthly newsletter subscribers', true);
  const customers = await list('Customers', 'People who bought in the last two years');
  const prospects = await list('Prospects', 'Leads from the website and trade shows');
  const attendees = await list('Event Attendees', 'Registered for the spring open house');
  const vip = await list('VIP', 'Top customers, early access to sales');

  // 150 hand-entered contacts with every kind of detail, then 1,850 through JSON imports.
  let index = 0;
  for (let i = 0; i < 150; i++, index++) {
    const p = demoPerson(rng, index);
    await api.call('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: p.email, permission_to_send: 'explicit' },
      first_name: p.first_name,
      last_name: p.last_name,
      job_title: p.job_title,
      company_name: p.company_name,
      ...(p.birthday ? { birthday_month: p.birthday.month, birthday_day: p.birthday.day } : {}),
      phone_numbers: [
        { phone_number: p.phone, kind: 'work' },
        ...(p.mobile ? [{ phone_number: p.mobile, kind: 'mobile' }] : []),
      ],
      street_addresses: [
        { kind: 'home', street: p.street, city: p.city, state: p.state, postal_code: p.zip, country: 'US' },
      ],
      custom_fields: [
        { custom_field_id: favorite.custom_field_id, value: p.favoriteProduct },
        { custom_field_id: tier.custom_field_id, value: p.loyaltyTier },
      ],
      list_memberships: i < 60 ? [customers, vip, newsletter] : [customers, newsletter],
      taggings: [tags[i % tags.length], ...(i < 60 ? [tags[0]] : [])].filter(
        (t, k, all): t is string => !!t && all.indexOf(t) === k,
      ),
      notes: i % 5 === 0 ? [{ content: `Met at the ${p.city} trade show.` }] : [],
    });
  }
  const batches: [number, string[]][] = [
    [1100, [newsletter]],
    [450, [customers, newsletter]],
    [300, [prospects]],
  ];
  for (const [count, listIds] of batches) {
    const rows = Array.from({ length: count }, () => importRow(demoPerson(rng, index++)));
    await api.call('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: listIds });
  }
  finishJobs();
  const newsletterMembers = (await api.call('GET', `/contacts?lists=${newsletter}&limit=500`)).contacts as Json[];
  await api.call('POST', '/activities/add_list_memberships', {
    source: { contact_ids: newsletterMembers.slice(0, 400).map((c) => c.contact_id) },
    list_ids: [attendees],
  });
  finishJobs();

  const campaign = async (
    name: string,
    subject: string,
    body: string,
    links: [string, string][],
    recipients: string[],
  ): Promise<string> => {
    const created = await api.call('POST', '/emails', {
      name,
      email_campaign_activities: [
        {
          format_type: 5,
          from_name: 'Northwind Outfitters',
          from_email: sender,
          reply_to_email: sender,
          subject,
          preheader: body.slice(0, 80),
          html_content: html(subject, body, links),
        },
      ],
    });
    const activityId = (created.campaign_activities as Json[]).find((a) => a.role === 'primary_email')
      ?.campaign_activity_id as string;
    const activity = await api.call('GET', `/emails/activities/${activityId}?include=html_content`);
    await api.call('PUT', `/emails/activities/${activityId}`, {
      format_type: activity.format_type,
      from_name: activity.from_name,
      from_email: activity.from_email,
      reply_to_email: activity.reply_to_email,
      subject: activity.subject,
      preheader: activity.preheader,
      html_content: activity.html_content,
      contact_list_ids: recipients,
    });
    return activityId;
  };
  const sendNow = (activityId: string) =>
    api.call('POST', `/emails/activities/${activityId}/schedules`, { scheduled_date: '0' });

  clock.advance(2 * DAY);
  const removed = await campaign(
    'Winter Clearance (old)',
    'Winter clearance',
    'Last call on winter gear.',
    [['https://example.com/winter', 'Shop winter']],
    [newsletter],
  );
  await api.call('DELETE', `/emails/${(await api.call('GET', `/emails/activities/${removed}`)).campaign_id}`);

  clock.advance(3 * DAY);
  await sendNow(
    await campaign(
      'Spring Sale Announcement',
      'Our spring sale starts today',
      'Twenty percent off everything for a week.',
      [
        ['https://example.com/spring-sale', 'Shop the sale'],
        ['https://example.com/stores', 'Find a store'],
      ],
      [newsletter],
    ),
  );
  clock.advance(7 * DAY);
  await sendNow(
    await campaign(
      'Customer Appreciation Week',
      'Thank you for being a customer',
      'A small gift is waiting for you in store.',
      [
        ['https://example.com/gift', 'Claim your gift'],
        ['https://example.com/loyalty', 'Loyalty program'],
      ],
      [customers],
    ),
  );
  clock.advance(6 * DAY);
  await sendNow(
    await campaign(
      'Open House Reminder',
      'See you at the open house',
      'Doors open Saturday at ten.',
      [
        ['https://example.com/open-house', 'Event details'],
        ['https://example.com/rsvp', 'RSVP'],
      ],
      [attendees],
    ),
  );

  clock.advance(1 * DAY);
  await campaign(
    'Product Launch (draft)',
    'Meet the new trail jacket',
    'Lighter, warmer, and made to last.',
    [['https://example.com/trail-jacket', 'See the jacket']],
    [prospects],
  );
  const summer = await campaign(
    'Summer Preview',
    'A first look at summer',
    'New colors, new gear, same great service.',
    [['https://example.com/summer', 'Preview summer']],
    [newsletter, customers],
  );
  // Scheduled a few days past the end of the seed's timeline, so it is still Scheduled at "now".
  await api.call('POST', `/emails/activities/${summer}/schedules`, {
    scheduled_date: new Date(clock.nowMs() + 5 * DAY).toISOString(),
  });
  finishJobs();
}
