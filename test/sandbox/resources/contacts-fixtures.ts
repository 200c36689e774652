import { expect } from 'vitest';
import type { TestSandbox } from '../../helpers/sandbox.js';

/** Small builders shared by the contacts-domain tests; they go through the API like a client. */

let unique = 0;
export const uniqueEmail = (prefix = 'c'): string => `${prefix}.${Date.now().toString(36)}.${++unique}@example.com`;

export async function createList(t: TestSandbox, name = `List ${++unique}`): Promise<string> {
  const res = await t.api('POST', '/contact_lists', { name });
  expect(res.status).toBe(201);
  return res.body.list_id as string;
}

export async function createContact(t: TestSandbox, body: Record<string, unknown> = {}): Promise<any> {
  const res = await t.api('POST', '/contacts', {
    create_source: 'Account',
    email_address: { address: uniqueEmail() },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createCustomField(t: TestSandbox, label: string, type = 'string'): Promise<string> {
  const res = await t.api('POST', '/contact_custom_fields', { label, type });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.custom_field_id as string;
}

export async function createTag(t: TestSandbox, name = `Tag ${++unique}`): Promise<string> {
  const res = await t.api('POST', '/contact_tags', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.tag_id as string;
}

/**
 * Runs the activity's job steps (start, then the work: one step, or a slice of 1,000 rows per step for
 * imports) until it has finished, and returns its final status.
 */
export async function runActivity(t: TestSandbox, activityId: string): Promise<any> {
  for (let step = 0; step < 100; step++) {
    t.sandbox.jobs.runDue();
    const res = await t.api('GET', `/activities/${activityId}`);
    expect(res.status).toBe(200);
    if (res.body.state !== 'initialized' && res.body.state !== 'processing') return res.body;
  }
  throw new Error(`activity ${activityId} did not finish in 100 job steps`);
}

/** Follows `_links.next.href` verbatim until the last page; returns every page. */
export async function allPages(t: TestSandbox, firstPath: string): Promise<any[]> {
  const pages: any[] = [];
  let path: string | undefined = firstPath;
  while (path !== undefined) {
    const res = await t.api('GET', path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    const href: string | undefined = res.body._links?.next?.href;
    path = href === undefined ? undefined : href.replace(/^\/v3/, '');
  }
  return pages;
}

export const advance = (t: TestSandbox, ms: number): void => t.sandbox.clock.advance(ms);

/** Creates contacts in bulk through a JSON import into `listId` and waits for it. */
export async function importContacts(t: TestSandbox, rows: Record<string, unknown>[], listId: string): Promise<any> {
  const res = await t.api('POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [listId] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return runActivity(t, res.body.activity_id);
}
