import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Events and their registrations (`/events/...`). An event is kept as its EventDto document; the
 * sandbox has no registration form, so registrations only come from a seed or a test (README "Events").
 */

export const eventsSchema = [
  `CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL UNIQUE,
     doc TEXT NOT NULL                  -- the EventDto as answered by GET /events/{event_id}
   )`,
  `CREATE TABLE IF NOT EXISTS event_registrations (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL,
     track_id TEXT NOT NULL,
     registration_id TEXT NOT NULL UNIQUE,
     doc TEXT NOT NULL
   )`,
];

export type EventDoc = Record<string, unknown> & { event_id: string; status: string };

export interface RegistrationTicket {
  order_ticket_key: string;
  ticket_name: string;
  price: number;
  checked_in_time?: string;
  status?: 'ACTIVE' | 'CANCELLED';
}

export interface Registration {
  registration_id: string;
  event_id: string;
  track_id: string;
  contact_id: string;
  first_name: string;
  last_name: string;
  email_address: string;
  registration_status: string;
  payment_status: string;
  /** PAYPAL, WEPAY, STRIPE, DOOR or CHECK; absent for a free registration. */
  payment_method?: string;
  registration_time: string;
  tickets: RegistrationTicket[];
}

export function findEvent(db: Db, eventId: string): EventDoc | undefined {
  const row = sql(db, 'SELECT doc FROM events WHERE event_id = ?').get(eventId) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as EventDoc) : undefined;
}

export function listEvents(db: Db): EventDoc[] {
  return (sql(db, 'SELECT doc FROM events ORDER BY seq').all() as { doc: string }[]).map(
    (r) => JSON.parse(r.doc) as EventDoc,
  );
}

export function saveEvent(db: Db, event: EventDoc): void {
  sql(
    db,
    'INSERT INTO events (event_id, doc) VALUES (?, ?) ON CONFLICT(event_id) DO UPDATE SET doc = excluded.doc',
  ).run(event.event_id, JSON.stringify(event));
}

export function listRegistrations(db: Db, eventId: string, trackId: string): Registration[] {
  return (
    sql(db, 'SELECT doc FROM event_registrations WHERE event_id = ? AND track_id = ? ORDER BY seq').all(
      eventId,
      trackId,
    ) as { doc: string }[]
  ).map((r) => JSON.parse(r.doc) as Registration);
}

export function findRegistration(db: Db, eventId: string, registrationId: string): Registration | undefined {
  const row = sql(db, 'SELECT doc FROM event_registrations WHERE event_id = ? AND registration_id = ?').get(
    eventId,
    registrationId,
  ) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as Registration) : undefined;
}

/** Inserts or replaces a registration (how a seed or a test stands in for the registration form). */
export function saveRegistration(db: Db, registration: Registration): void {
  sql(
    db,
    `INSERT INTO event_registrations (event_id, track_id, registration_id, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT(registration_id) DO UPDATE SET doc = excluded.doc`,
  ).run(registration.event_id, registration.track_id, registration.registration_id, JSON.stringify(registration));
}
