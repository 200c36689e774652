import { beforeEach, describe, expect, it } from 'vitest';
import { applySchema, openDatabase, type Db } from '../../../src/sandbox/db.js';
import { coreSchema } from '../../../src/sandbox/schema.js';
import {
  activeMembersOfLists,
  addMemberships,
  emptyColumns,
  findContact,
  findContactByEmail,
  insertContact,
  membershipsOf,
  newContactId,
  resubscribe,
  setMemberships,
  softDeleteContact,
  unsubscribe,
  type ContactColumns,
} from '../../../src/sandbox/store/contacts.js';
import { deleteList, insertList, membershipCounts } from '../../../src/sandbox/store/lists.js';

const T0 = '2026-03-02T15:00:00.000Z';
const T1 = '2026-03-03T09:30:00.000Z';
const T2 = '2026-03-04T10:00:00.000Z';

let db: Db;
let counter = 0;
const id = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function contact(email: string | null, extra: Partial<ContactColumns> = {}): string {
  const contactId = id();
  insertContact(
    db,
    contactId,
    { ...emptyColumns('Account'), email_address: email, permission_to_send: email ? 'implicit' : null, ...extra },
    T0,
  );
  return contactId;
}

beforeEach(() => {
  db = openDatabase(undefined);
  applySchema(db, coreSchema);
});

describe('contacts store', () => {
  it('finds a contact by email case-insensitively, deleted ones included', () => {
    const c = contact('Ann@Example.com');
    softDeleteContact(db, c, T1);
    expect(findContactByEmail(db, 'ann@example.COM')?.contact_id).toBe(c);
  });

  it('soft delete strips memberships, dates deleted_at and bumps updated_at', () => {
    const list = insertList(db, id(), { name: 'L', description: null, favorite: false }, T0).list_id;
    const c = contact('a@example.com');
    addMemberships(db, c, [list], T0);
    expect(softDeleteContact(db, c, T1)).toBe(true);
    const row = findContact(db, c);
    expect(row?.deleted_at).toBe('2026-03-03');
    expect(row?.updated_at).toBe(T1);
    expect(membershipsOf(db, c)).toEqual([]);
    expect(softDeleteContact(db, 'no-such-contact', T1)).toBe(false);
  });

  it('adding a deleted contact to a list revives it', () => {
    const list = insertList(db, id(), { name: 'L', description: null, favorite: false }, T0).list_id;
    const c = contact('a@example.com');
    softDeleteContact(db, c, T1);
    addMemberships(db, c, [list], T2);
    expect(findContact(db, c)?.deleted_at).toBeNull();
    expect(findContact(db, c)?.updated_at).toBe(T2);
  });

  it('activeMembersOfLists returns each mailable member once, in creation order', () => {
    const a = insertList(db, id(), { name: 'A', description: null, favorite: false }, T0).list_id;
    const b = insertList(db, id(), { name: 'B', description: null, favorite: false }, T0).list_id;
    const first = contact('first@example.com');
    const second = contact('second@example.com');
    const gone = contact('gone@example.com');
    const opted = contact('opted@example.com');
    const noEmail = contact(null, { first_name: 'Nobody' });
    for (const c of [first, second, gone, opted, noEmail]) setMemberships(db, c, [a, b], T0);
    softDeleteContact(db, gone, T1);
    unsubscribe(db, opted, T1, 'Contact', 'too many emails');
    expect(activeMembersOfLists(db, [b, a]).map((m) => m.contact_id)).toEqual([first, second]);
    expect(activeMembersOfLists(db, [])).toEqual([]);
  });

  it('unsubscribe records the opt-out and leaves every list; resubscribe clears it', () => {
    const list = insertList(db, id(), { name: 'L', description: null, favorite: false }, T0).list_id;
    const c = contact('a@example.com');
    addMemberships(db, c, [list], T0);
    expect(unsubscribe(db, c, T1, 'Contact', 'not interested')).toBe(true);
    let row = findContact(db, c);
    expect(row).toMatchObject({
      permission_to_send: 'unsubscribed',
      opt_out_source: 'Contact',
      opt_out_date: T1,
      opt_out_reason: 'not interested',
      updated_at: T1,
    });
    expect(membershipsOf(db, c)).toEqual([]);
    resubscribe(db, c, 'explicit', 'Contact', T2);
    row = findContact(db, c);
    expect(row).toMatchObject({
      permission_to_send: 'explicit',
      opt_out_source: null,
      opt_out_date: null,
      opt_in_date: T2,
    });
    expect(unsubscribe(db, contact(null, { first_name: 'X' }), T1, 'Account')).toBe(false);
  });

  it('deleting a list removes memberships and bumps its members', () => {
    const list = insertList(db, id(), { name: 'L', description: null, favorite: false }, T0).list_id;
    const c = contact('a@example.com');
    addMemberships(db, c, [list], T0);
    expect(membershipCounts(db, [list], 'all').get(list)).toBe(1);
    expect(deleteList(db, list, T2)).toBe(1);
    expect(findContact(db, c)?.updated_at).toBe(T2);
    expect(membershipCounts(db, [list], 'all').get(list)).toBeUndefined();
  });

  it('issues UUID-shaped contact ids that increase, so the id indexes grow at their end', () => {
    const ids = Array.from({ length: 5000 }, () => newContactId());
    for (const value of ids) expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
