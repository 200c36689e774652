import type { CtctClient } from '../../client/index.js';

/**
 * What an operation in flight at a crash (or one whose POST lost its answer) may do on the next try.
 * `redo`: sending it again has the same effect as once (reads, PUT, DELETE, upserts, list-membership
 * and import activities). `reconcile`: a create the API lets us look up (a contact by email, a list or
 * a campaign by name). `unknown`: neither (a test send, a raw POST): never sent again blindly.
 */
export type Safety = 'redo' | 'reconcile' | 'unknown';

const REDO = new Set([
  'update-contact',
  'delete-contact',
  'create-or-update-contact',
  'add-contacts-to-lists',
  'delete-contacts-from-lists',
  'import-contacts',
  'import-contacts-csv',
  'update-contact-list',
  'delete-contact-list',
  'update-email-campaign-activity',
  'delete-email-campaign',
  'schedule-email-campaign-activity',
  'unschedule-email-campaign-activity',
]);
const RECONCILE = new Set(['create-contact', 'create-contact-list', 'create-email-campaign']);

export function operationSafety(moduleKey: string, kind: string, input: Record<string, unknown>): Safety {
  if (kind === 'search' || kind === 'trigger') return 'redo';
  if (REDO.has(moduleKey)) return 'redo';
  if (RECONCILE.has(moduleKey)) return 'reconcile';
  if (moduleKey === 'make-an-api-call') {
    const method = String(input.method ?? 'GET').toUpperCase();
    return method === 'GET' || method === 'PUT' || method === 'DELETE' ? 'redo' : 'unknown';
  }
  return 'unknown';
}

/** The resource a create in doubt made, if the API shows it; undefined = it was not made (send it again). */
export async function findCreated(
  moduleKey: string,
  input: Record<string, unknown>,
  client: CtctClient,
): Promise<object | undefined> {
  if (moduleKey === 'create-contact') {
    const email = typeof input.email_address === 'string' ? input.email_address : undefined;
    // A contact without email cannot be told apart from another: its outcome stays unknown.
    if (!email) throw new Error('a contact without an email address cannot be looked up');
    const { data } = await client.request<{ contacts?: object[] }>('GET', '/contacts', {
      query: { email, status: 'all', include: 'custom_fields,list_memberships,phone_numbers,street_addresses' },
    });
    return data.contacts?.[0];
  }
  if (moduleKey === 'create-contact-list') {
    for await (const list of client.paginate<{ name?: string }>('/contact_lists', {
      itemsKey: 'lists',
      pageSize: 1000,
      query: { include_count: false },
    }))
      if (list.name === input.name) return list;
    return undefined;
  }
  if (moduleKey === 'create-email-campaign') {
    for await (const campaign of client.paginate<{ name?: string; campaign_id?: string }>('/emails', {
      itemsKey: 'campaigns',
      pageSize: 500,
    })) {
      if (campaign.name === input.name && campaign.campaign_id) {
        const { data } = await client.request<object>('GET', `/emails/${encodeURIComponent(campaign.campaign_id)}`);
        return data;
      }
    }
    return undefined;
  }
  throw new Error(`${moduleKey} cannot be reconciled`);
}
