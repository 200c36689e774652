import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { saveRegistration, type Registration } from '../../../src/sandbox/store/events.js';

/** Events and registrations (SW tag Events): state rules of the contract, every answer checked against it. */

describe('/events', () => {
  const t = useSandbox();

  async function createEvent(name: string, start = '2026-04-01T10:00:00Z', end = '2026-04-01T12:00:00Z') {
    const q = new URLSearchParams({ name, start_time: start, end_time: end });
    const res = await t.api('POST', `/events/default?${q}`);
    expect(res.status).toBe(201);
    return res.body;
  }

  function addRegistration(event: any, id: string, extra: Partial<Registration> = {}): void {
    saveRegistration(t.sandbox.ctx.db, {
      registration_id: id,
      event_id: event.event_id,
      track_id: event.default_track.track_id,
      contact_id: `contact-${id}`,
      first_name: `First ${id}`,
      last_name: `Last ${id}`,
      email_address: `${id}@example.com`,
      registration_status: 'REGISTERED',
      payment_status: 'PENDING',
      payment_method: 'DOOR',
      registration_time: '2026-03-01T00:00:00.000Z',
      tickets: [{ order_ticket_key: `${id}-t1`, ticket_name: 'General', price: 10 }],
      ...extra,
    });
  }

  it('creates a DRAFT event from defaults, reads it with and without settings, and lists it', async () => {
    const made = await t.api('POST', '/events/default');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'DRAFT', name: 'Untitled Event 1', event_settings: expect.any(Object) });
    // "defaults to a future date", "one hour after start time"
    expect(Date.parse(made.body.event_start)).toBeGreaterThan(t.sandbox.clock.nowMs());
    expect(Date.parse(made.body.event_end) - Date.parse(made.body.event_start)).toBe(3_600_000);
    const plain = await t.api('GET', `/events/${made.body.event_id}`);
    expect(plain.body.event_settings).toBeUndefined();
    expect((await t.api('GET', `/events/${made.body.event_id}?include=true`)).body.event_settings).toBeDefined();
    expect((await t.api('GET', `/events/${made.body.event_id}?include=maybe`)).status).toBe(400);
    const list = await t.api('GET', '/events?search_text=untitled');
    expect(list.body.records.map((r: any) => r.event_id)).toEqual([made.body.event_id]);
    expect((await t.api('POST', '/events/default?start_time=tomorrow')).status).toBe(400);
    expect(
      (await t.api('POST', '/events/default?start_time=2026-05-01T10:00:00Z&end_time=2026-05-01T09:00:00Z')).status,
    ).toBe(400);
  });

  it('pages, filters and sorts the list with cursors', async () => {
    for (const n of ['Zeta', 'Alpha', 'Mid']) await createEvent(`Sorted ${n}`);
    const first = await t.api('GET', '/events?search_text=sorted&sort_by=name&sort_order=DESC&limit=2');
    expect(first.body.records.map((r: any) => r.name)).toEqual(['Sorted Zeta', 'Sorted Mid']);
    expect(first.body.total_records).toBe(3);
    const second = await t.api('GET', `/events?next=${first.body.next_cursor}`);
    expect(second.body.records.map((r: any) => r.name)).toEqual(['Sorted Alpha']);
    expect(second.body.prev_cursor).toEqual(expect.any(String));
    expect((await t.api('GET', '/events?event_status=SOON')).status).toBe(400);
    expect((await t.api('GET', '/events?limit=101')).status).toBe(400);
    expect((await t.api('GET', '/events?event_status=ACTIVE&search_text=sorted')).body.records).toEqual([]);
  });

  it('patches DRAFT and ACTIVE events only, and completes an ACTIVE one when it ends', async () => {
    const event = await createEvent('Patched', '2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z');
    const path = `/events/${event.event_id}`;
    expect((await t.api('PATCH', path, { name: 'Patched again', event_id: 'ignored' })).status).toBe(204);
    expect((await t.api('GET', path)).body).toMatchObject({ name: 'Patched again', event_id: event.event_id });
    expect((await t.api('PATCH', path, { title: 'x'.repeat(101) })).status).toBe(400);
    expect((await t.api('PATCH', path, { event_end: '2026-03-02T15:30:00Z' })).status).toBe(400);
    expect((await t.api('PATCH', path, { status: 'COMPLETE' })).status).toBe(400);
    expect((await t.api('PATCH', path, { status: 'ACTIVE' })).status).toBe(204);
    expect((await t.api('GET', path)).body).toMatchObject({ status: 'ACTIVE', active_time: expect.any(String) });
    t.sandbox.clock.advance(3 * 3_600_000);
    expect((await t.api('GET', path)).body.status).toBe('COMPLETE');
    const refused = await t.api('PATCH', path, { name: 'Too late' });
    expect(refused.status).toBe(400);
    expect(refused.body[0].error_message).toMatch(/DRAFT or ACTIVE/);
  });

  it('copies an event as a DRAFT under a new name, but not a DELETED one', async () => {
    const event = await createEvent('Original', '2026-06-01T10:00:00Z', '2026-06-01T11:00:00Z');
    const path = `/events/${event.event_id}`;
    expect((await t.api('POST', `${path}/copy`, {})).status).toBe(400);
    const copy = await t.api('POST', `${path}/copy`, { target_event_name: 'Copy of original' });
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({ name: 'Copy of original', status: 'DRAFT', event_start: event.event_start });
    expect(copy.body.event_id).not.toBe(event.event_id);
    const partial = await t.api('POST', `${path}/copy`, {
      target_event_name: 'Partial copy',
      source_campaign_activities: [event.default_track.campaign_activity_id, '0b5a3c5e-0000-4000-8000-00000000abcd'],
    });
    expect(partial.status).toBe(207);
    expect(partial.body.failed_campaign_activities).toEqual(['0b5a3c5e-0000-4000-8000-00000000abcd']);
    expect((await t.api('PATCH', path, { status: 'DELETED' })).status).toBe(204);
    expect((await t.api('POST', `${path}/copy`, { target_event_name: 'Nope' })).status).toBe(400);
  });

  it('lists, reads and updates registrations, and checks tickets in and out', async () => {
    const event = await createEvent('Registered', '2026-07-01T10:00:00Z', '2026-07-01T11:00:00Z');
    const track = `/events/${event.event_id}/tracks/${event.default_track.track_id}/registrations`;
    addRegistration(event, 'ann');
    addRegistration(event, 'bob', { payment_method: undefined as never, payment_status: 'PAID' });
    expect((await t.api('GET', `/events/${event.event_id}/tracks/nope/registrations`)).status).toBe(404);

    const list = await t.api('GET', `${track}?sort_by=email_address&sort_order=DESC&limit=1`);
    expect(list.body.records.map((r: any) => r.registration_id)).toEqual(['bob']);
    expect(list.body.total_records).toBe(2);
    expect((await t.api('GET', `${track}?limit=5&page_size=6`)).status).toBe(400);
    expect((await t.api('GET', `${track}?search_text=ann@`)).body.records).toHaveLength(1);

    const one = await t.api('GET', `${track}/ann`);
    expect(one.body).toMatchObject({ registration_id: 'ann', checkin_status: 'NOT_CHECKED_IN', checkedIn_tickets: 0 });
    expect((await t.api('GET', `${track}/zed`)).status).toBe(404);

    const status = await t.api('PUT', track, { registration_ids: ['ann', 'zed'], registration_status: 'CANCELED' });
    expect(status.status).toBe(207);
    expect(status.body).toEqual({ failed_registration_ids: ['zed'] });
    expect((await t.api('PUT', track, { registration_ids: ['ann'], registration_status: 'DONE' })).status).toBe(400);
    expect((await t.api('GET', `${track}/ann`)).body.registration_status).toBe('CANCELED');

    // bob is free (no payment method): silently excluded, not failed
    const paid = await t.api('PUT', `${track}/payment_status`, {
      registration_ids: ['ann', 'bob'],
      payment_status: 'PAID',
    });
    expect(paid.status).toBe(200);
    expect((await t.api('GET', `${track}?payment_status=PAID`)).body.records).toHaveLength(2);

    const checkIn = `/events/${event.event_id}/check_in/tickets`;
    expect((await t.api('POST', checkIn, { order_ticket_keys: ['ann-t1'] })).status).toBe(400); // still DRAFT
    expect((await t.api('PATCH', `/events/${event.event_id}`, { status: 'ACTIVE' })).status).toBe(204);
    expect((await t.api('POST', checkIn, { order_ticket_keys: ['nobody'] })).status).toBe(400);
    expect((await t.api('POST', checkIn, { order_ticket_keys: ['ann-t1'] })).status).toBe(204);
    expect((await t.api('GET', `${track}/ann`)).body).toMatchObject({
      checkin_status: 'CHECKED_IN',
      checkedIn_tickets: 1,
    });
    const undo = `/events/${event.event_id}/undo_check_in/tickets`;
    expect((await t.api('POST', undo, { order_ticket_keys: ['ann-t1'] })).status).toBe(204);
    expect((await t.api('GET', `${track}/ann`)).body.checkin_status).toBe('NOT_CHECKED_IN');
    addRegistration(event, 'cy', {
      tickets: [{ order_ticket_key: 'cy-t1', ticket_name: 'General', price: 0, status: 'CANCELLED' }],
    });
    expect((await t.api('POST', checkIn, { order_ticket_keys: ['cy-t1'] })).status).toBe(400);
  });
});
