import type { Db } from '../../db.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../../pagination.js';
import { placeholders, sql } from '../../store/sql.js';
import { selectContacts } from '../../store/contacts.js';
import { INCLUDES, renderContacts, type Include } from './render.js';
import { booleanParam, csv, invalid, isUuid, VALIDATION_KEY } from './problems.js';

/**
 * GET /contacts: every documented filter (facts §4.2), the include projection, include_count and
 * cursor paging. The listing is in creation order (`seq`), the only order that stays stable while
 * contacts change, and each page is an index range scan from the cursor's position.
 */

const STATUSES = ['all', 'active', 'deleted', 'not_set', 'pending_confirmation', 'temp_hold', 'unsubscribed'] as const;
type Status = (typeof STATUSES)[number];

export const CONTACTS_LIMIT = { defaultValue: 50, max: 500, errorKey: VALIDATION_KEY };

/** Everything a page needs; the cursor carries it so next links repeat no query parameters. */
export interface ContactQuery {
  status: Status[] | null;
  email: string | null;
  lists: string[];
  tags: string[];
  /** [column, operator, ISO value] triples from the date filters. */
  ranges: [string, '>=' | '<', string][];
  include: Include[];
  includeCount: boolean;
  limit: number;
}

const DATE_FILTERS: [string, string, '>=' | '<'][] = [
  ['updated_after', 'updated_at', '>='],
  ['updated_before', 'updated_at', '<'],
  ['created_after', 'created_at', '>='],
  ['created_before', 'created_at', '<'],
  ['optout_after', 'opt_out_date', '>='],
  ['optout_before', 'opt_out_date', '<'],
];

/** ISO-8601 date or date-time to the stored form (UTC, ms, `Z`). A `+hh:mm` offset that arrived
 * unencoded (so decoded as a blank) is repaired; a date-time without an offset is read as UTC. */
export function parseDateParam(raw: string, name: string): string {
  const value = raw.trim().replace(/(T[\d:.]+) (\d{2}:?\d{2})$/, '$1+$2');
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match || (match[3] !== undefined && match[2] === undefined))
    throw invalid(`${name} must be an ISO-8601 date or date-time.`);
  const zone = match[3] === undefined ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${match[1]}${match[2] ?? 'T00:00:00'}${zone}`);
  if (Number.isNaN(ms)) throw invalid(`${name} must be an ISO-8601 date or date-time.`);
  return new Date(ms).toISOString();
}

export function parseIncludes(raw: string | undefined): Include[] {
  const include = csv(raw);
  for (const item of include) {
    if (!(INCLUDES as readonly string[]).includes(item))
      throw invalid(`include value ${item} is not valid; use ${INCLUDES.join(', ')}.`);
  }
  return [...new Set(include)] as Include[];
}

function parseQuery(params: Record<string, string>): ContactQuery {
  let status: Status[] | null = null;
  if (params.status !== undefined) {
    status = csv(params.status) as Status[];
    for (const s of status)
      if (!STATUSES.includes(s)) throw invalid(`status value ${s} is not valid; use ${STATUSES.join(', ')}.`);
    if (status.length === 0) status = null;
  }
  const lists = csv(params.lists);
  if (lists.length > 25) throw invalid('lists accepts at most 25 list ids.');
  const tags = csv(params.tags);
  if (tags.length > 50) throw invalid('tags accepts at most 50 tag ids.');
  for (const id of [...lists, ...tags]) if (!isUuid(id)) throw invalid(`${id} is not a valid id.`);
  const ranges: ContactQuery['ranges'] = [];
  for (const [name, column, op] of DATE_FILTERS) {
    const raw = params[name];
    if (raw !== undefined && raw !== '') ranges.push([column, op, parseDateParam(raw, name)]);
  }
  return {
    status,
    email: params.email !== undefined && params.email !== '' ? params.email.trim().toLowerCase() : null,
    lists,
    tags,
    ranges,
    include: parseIncludes(params.include),
    includeCount: booleanParam(params.include_count, 'include_count'),
    limit: parseLimit(params.limit, CONTACTS_LIMIT),
  };
}

function whereClause(q: ContactQuery, listsAreDense: boolean): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.status === null) where.push('deleted_at IS NULL');
  else if (!q.status.includes('all')) {
    const any: string[] = [];
    for (const s of q.status) {
      if (s === 'deleted') any.push('deleted_at IS NOT NULL');
      else if (s === 'active')
        any.push("(deleted_at IS NULL AND (permission_to_send IS NULL OR permission_to_send <> 'unsubscribed'))");
      else {
        any.push('(deleted_at IS NULL AND permission_to_send = ?)');
        args.push(s);
      }
    }
    where.push(`(${any.join(' OR ')})`);
  }
  if (q.email !== null) {
    where.push('email_key = ?');
    args.push(q.email);
  }
  if (q.lists.length > 0) {
    const lists = placeholders(q.lists.length);
    where.push(
      listsAreDense
        ? // Probed per scanned contact through the (list_id, contact_id) key: a page stops after `limit` members.
          `EXISTS (SELECT 1 FROM list_memberships m ` +
            `WHERE m.list_id IN (${lists}) AND m.contact_id = contacts.contact_id)`
        : // Few members: collect their positions first, then read only those contacts, in order.
          `seq IN (SELECT c.seq FROM list_memberships m ` +
            `JOIN contacts c ON c.contact_id = m.contact_id WHERE m.list_id IN (${lists}))`,
    );
    args.push(...q.lists);
  }
  if (q.tags.length > 0) {
    where.push(
      `taggings <> '[]' AND EXISTS (SELECT 1 FROM json_each(contacts.taggings) ` +
        `j WHERE j.value IN (${placeholders(q.tags.length)}))`,
    );
    args.push(...q.tags);
  }
  for (const [column, op, value] of q.ranges) {
    where.push(`${column} ${op} ?`);
    args.push(value);
  }
  return { where, args };
}

/** Up to this many members, a `lists` page collects the members first (cost bounded by this number). */
const SPARSE_MEMBERS = 50_000;

/**
 * Whether the lists hold more than SPARSE_MEMBERS members. Big lists are paged by scanning contacts in
 * order and probing membership, which stops after `limit` members; small ones by collecting their
 * members first, so a small list whose members are all recent never scans the whole account. The
 * count stops at the threshold, so it stays cheap for big lists.
 */
function listsAreDense(db: Db, lists: readonly string[], sparseMembers: number): boolean {
  const members = (
    sql(
      db,
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM list_memberships ` +
        `WHERE list_id IN (${placeholders(lists.length)}) LIMIT ?)`,
    ).get(...lists, sparseMembers + 1) as {
      n: number;
    }
  ).n;
  return members > sparseMembers;
}

interface CursorState extends Record<string, unknown> {
  q: ContactQuery;
  after: number;
}

/**
 * One page of GET /contacts, from the query string or from a cursor (which then wins).
 * `sparseMembers` only exists so tests can check that both `lists` strategies page alike.
 */
export function listContacts(
  db: Db,
  params: Record<string, string>,
  sparseMembers = SPARSE_MEMBERS,
): Record<string, unknown> {
  let q: ContactQuery;
  let after = 0;
  if (params.cursor !== undefined) {
    const state = decodeCursor<CursorState>(params.cursor);
    if (!state.q || typeof state.after !== 'number')
      throw invalid('The cursor parameter is not valid. Follow _links.next.href verbatim.');
    q = state.q;
    after = state.after;
  } else {
    q = parseQuery(params);
  }
  const { where, args } = whereClause(q, q.lists.length > 0 && listsAreDense(db, q.lists, sparseMembers));
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const page = selectContacts(db, `${filter ? `${filter} AND` : 'WHERE'} seq > ? ORDER BY seq LIMIT ?`, [
    ...args,
    after,
    q.limit + 1,
  ]);
  const hasMore = page.length > q.limit;
  if (hasMore) page.pop();
  const body: Record<string, unknown> = { contacts: renderContacts(db, page, new Set(q.include)) };
  if (q.includeCount)
    body.contacts_count = (sql(db, `SELECT COUNT(*) AS n FROM contacts ${filter}`).get(...args) as { n: number }).n;
  const last = page[page.length - 1];
  if (hasMore && last)
    body._links = { next: { href: nextHref('/contacts', encodeCursor({ q, after: last.seq } satisfies CursorState)) } };
  return body;
}
