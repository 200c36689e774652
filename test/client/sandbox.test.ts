import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createClient,
  createRequestBudget,
  NotFoundError,
  ReconnectRequiredError,
  type ContactResource,
  type CtctClient,
} from '../../src/client/index.js';
import { useSandbox } from '../helpers/sandbox.js';

/** The client against the sandbox served on 127.0.0.1: real pagination, typed calls and errors. */
const t = useSandbox({ listen: true });
let client: CtctClient;
const TOTAL = 230;

beforeAll(async () => {
  client = createClient({ baseUrl: t.server!.url, token: t.sandbox.credentials.access_token, budget: false });
  for (let i = 0; i < TOTAL; i++) {
    const res = await t.api('POST', '/contacts', {
      create_source: 'Account',
      email_address: { address: `person${i}@example.com` },
      first_name: `P${i}`,
    });
    if (res.status !== 201) throw new Error(`seeding contact ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paging real sandbox contacts', () => {
  it("walks every contact by following the sandbox's next links", async () => {
    const before = client.stats().requests;
    const contacts = await collect(
      client.paginate<ContactResource>('/contacts', { itemsKey: 'contacts', pageSize: 50 }),
    );
    expect(client.stats().requests - before).toBe(5);
    expect(contacts).toHaveLength(TOTAL);
    expect(new Set(contacts.map((c) => c.contact_id)).size).toBe(TOTAL);
    expect(new Set(contacts.map((c) => c.email_address?.address))).toEqual(
      new Set(Array.from({ length: TOTAL }, (_, i) => `person${i}@example.com`)),
    );
  });

  it('stops requesting once the limit is reached', async () => {
    const before = client.stats().requests;
    const contacts = await collect(
      client.paginate<ContactResource>('/contacts', { itemsKey: 'contacts', pageSize: 50, limit: 120 }),
    );
    expect(contacts).toHaveLength(120);
    expect(client.stats().requests - before).toBe(3);
  });

  it('listAll takes the whole collection in one 500-item page', async () => {
    const before = client.stats().requests;
    expect(await collect(client.contacts.listAll())).toHaveLength(TOTAL);
    expect(client.stats().requests - before).toBe(1);
  });
});

describe('typed calls against the sandbox', () => {
  it('creates a list and a contact in it, reads, updates and deletes the contact', async () => {
    const list = await client.lists.create({ name: 'Client test list', description: 'made by the client test' });
    expect(list.list_id).toMatch(/^[0-9a-f-]{36}$/);
    const created = await client.contacts.create({
      create_source: 'Account',
      email_address: { address: 'typed@example.com', permission_to_send: 'implicit' },
      first_name: 'Typed',
      list_memberships: [list.list_id],
    });
    const id = created.contact_id as string;
    const read = await client.contacts.get(id, { include: ['list_memberships'] });
    expect(read).toMatchObject({
      first_name: 'Typed',
      email_address: { address: 'typed@example.com' },
      list_memberships: [list.list_id],
    });
    const updated = await client.contacts.update(id, {
      update_source: 'Account',
      email_address: { address: 'typed@example.com' },
      first_name: 'Renamed',
    });
    expect(updated.first_name).toBe('Renamed');
    expect(await client.contacts.delete(id)).toBeUndefined();
    const deleted = await collect(client.contacts.listAll({ status: 'deleted', email: 'typed@example.com' }));
    expect(deleted.map((c) => c.contact_id)).toEqual([id]);
  });

  it('raises ConflictError for a duplicate email and NotFoundError for an unknown id', async () => {
    await expect(
      client.contacts.create({ create_source: 'Account', email_address: { address: 'person1@example.com' } }),
    ).rejects.toBeInstanceOf(ConflictError);
    const err = (await client.contacts
      .get('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain('GET /v3/contacts/00000000-0000-4000-8000-000000000000 failed with 404');
  });

  it('raises ReconnectRequiredError for a token the sandbox does not know', async () => {
    const stranger = createClient({ baseUrl: t.server!.url, token: 'not-a-sandbox-token', budget: false });
    const err = await stranger.contacts.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    // a fixed token cannot be renewed: the error says so and points at the token, not only at `ctct connect`
    expect((err as ReconnectRequiredError).message).toContain(
      'the API refused the access token, and a fixed token cannot be renewed',
    );
    expect((err as ReconnectRequiredError).hint).toContain('CTCT_ACCESS_TOKEN');
  });
});

describe("the request budget against the sandbox's own rate limiter", () => {
  it('16 requests from 8 concurrent callers: the sandbox never answers 429 throttled', async () => {
    t.sandbox.rateLimits.enabled = true;
    try {
      const limited = createClient({
        baseUrl: t.server!.url,
        token: t.sandbox.credentials.access_token,
        budget: createRequestBudget(),
      });
      let next = 0;
      const caller = async () => {
        while (next < 16) {
          next++;
          await limited.lists.list({ limit: 1 });
        }
      };
      await Promise.all(Array.from({ length: 8 }, caller));
      expect(limited.stats()).toMatchObject({ requests: 16, throttledWaits: 0 });
    } finally {
      t.sandbox.rateLimits.enabled = false;
    }
  });
});
